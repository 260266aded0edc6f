"""In a real browser at a phone's, a tablet's and a desktop's width, the reader's pages fit the
screen: nothing scrolls sideways, no text runs over a photo, and the lead photo is never shown
larger than its rendition (which would blur it). Screenshots of the pages go to the folder
SCREENSHOTS_DIR names (`make screenshots` renews docs/screenshots/), else to a temporary folder, so
that a test run leaves the work tree as it found it.
"""

import os
from pathlib import Path

import pytest

from .reader_pages import PROJECT_DIR, DemoSite

WIDTHS = (360, 768, 1280)
HEIGHT = {360: 740, 768: 1024, 1280: 800}
PAGES = [
    f"{kind}-{edition}"
    for kind in ("front", "story", "all-news", "archive-day", "author", "search", "search-nothing")
    for edition in ("en", "ru")
]
# The English pages and one Russian story are enough to show the design.
SCREENSHOTS = {
    "front-en",
    "story-en",
    "all-news-en",
    "archive-day-en",
    "author-en",
    "search-en",
    "story-ru",
}


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if folder := os.environ.get("SCREENSHOTS_DIR"):
        return PROJECT_DIR / folder
    return tmp_path_factory.mktemp("screenshots")


# Lazy images take their place (and may push text about) only when scrolled to: load them all
# first, so the page is measured as a reader who scrolled through it sees it.
IMAGES_LOADED_JS = """async () => {
  for (const img of document.images) img.loading = "eager";
  await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
  await document.fonts.ready;
}"""

LAYOUT_JS = """() => {
  const viewport = window.innerWidth;
  const describe = (el) => {
    const parts = [];
    for (let node = el; node?.nodeType === 1 && parts.length < 4; node = node.parentElement) {
      if (node.id) { parts.unshift(`${node.localName}#${node.id}`); break; }
      const classes = [...node.classList].slice(0, 2).map((c) => `.${c}`).join("");
      parts.unshift(node.localName + classes);
      if (node.localName === "body") break;
    }
    return parts.join(" > ");
  };
  // Clipped to nothing: how a "visually hidden" text is kept for screen readers.
  const isClippedAway = (style) =>
    style.clip === "rect(0px, 0px, 0px, 0px)" || /inset\\(50%\\)/.test(style.clipPath);
  // What of `rect` shows once the scroll containers around `el` have cut it (the root and body
  // are left out: their overflow:hidden would hide an overflow, not prevent it); null if none.
  const visible = (el, rect) => {
    // Also false inside a closed <details> and other content-visibility: hidden content.
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return null;
    const box = { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (isClippedAway(style)) return null;
      if (node !== el && (style.overflowX !== "visible" || style.overflowY !== "visible")) {
        const clip = node.getBoundingClientRect();
        box.left = Math.max(box.left, clip.left);
        box.top = Math.max(box.top, clip.top);
        box.right = Math.min(box.right, clip.right);
        box.bottom = Math.min(box.bottom, clip.bottom);
      }
    }
    return box.right - box.left >= 1 && box.bottom - box.top >= 1 ? box : null;
  };

  const overflow = new Set();
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > viewport) overflow.add(`the page is ${scrollWidth} px wide`);
  const sticksOut = (el) => {
    const box = visible(el, el.getBoundingClientRect());
    return box !== null && box.right > viewport + 0.5 ? box : null;
  };
  for (const el of document.body.querySelectorAll("*")) {
    const box = sticksOut(el);
    // The outermost element that sticks out names the culprit; its children follow it.
    if (box && !(el.parentElement && sticksOut(el.parentElement))) {
      overflow.add(`${describe(el)} reaches ${Math.round(box.right)} px`);
    }
  }

  const images = [...document.images]
    .map((img) => ({ img, box: visible(img, img.getBoundingClientRect()) }))
    .filter(({ box }) => box !== null);
  const overlaps = new Set();
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let text = texts.nextNode(); text; text = texts.nextNode()) {
    const words = text.textContent.trim();
    if (!words || text.parentElement.closest("script, style, noscript, template")) continue;
    range.selectNodeContents(text);
    for (const line of range.getClientRects()) {
      const box = visible(text.parentElement, line);
      if (box === null) continue;
      // A line that will not wrap runs out of its element's box, which stays in place.
      if (box.right > viewport + 0.5) {
        overflow.add(`"${words.slice(0, 40)}" (${describe(text.parentElement)}) reaches ` +
          `${Math.round(box.right)} px`);
      }
      for (const { img, box: photo } of images) {
        const across = Math.min(box.right, photo.right) - Math.max(box.left, photo.left);
        const down = Math.min(box.bottom, photo.bottom) - Math.max(box.top, photo.top);
        if (across > 1 && down > 1) {
          overlaps.add(`"${words.slice(0, 40)}" (${describe(text.parentElement)}) over ` +
            `${describe(img)} [${img.getAttribute("src")}]`);
        }
      }
    }
  }

  const upscaled = [];
  const leads = [...document.querySelectorAll(".lead-photo img")];
  for (const img of leads) {
    const rect = img.getBoundingClientRect();
    if (!img.naturalWidth) {
      upscaled.push(`${img.getAttribute("src")} did not load`);
    // naturalWidth/Height are whole pixels of a density-scaled candidate, and each rendition
    // rounds its own height: a pixel's difference is rounding, more is enlargement.
    } else if (rect.width > img.naturalWidth + 1 || rect.height > img.naturalHeight + 1) {
      upscaled.push(`shown at ${Math.round(rect.width)}×${Math.round(rect.height)} px, ` +
        `its rendition is ${img.naturalWidth}×${img.naturalHeight} px`);
    }
  }
  return { overflow: [...overflow], overlaps: [...overlaps], upscaled, leadPhotos: leads.length };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_reader_page_fits_the_screen_and_keeps_text_off_photos(
    demo_site: DemoSite, module_browser, screenshot_dir: Path, name: str, width: int
) -> None:
    page_url = demo_site.page(name).url
    context = module_browser.new_context(viewport={"width": width, "height": HEIGHT[width]})
    try:
        page = context.new_page()
        response = page.goto(page_url)
        assert response is not None and response.status == 200, f"{page_url}: {response}"
        page.evaluate(IMAGES_LOADED_JS)
        found = page.evaluate(LAYOUT_JS)
        if name in SCREENSHOTS:
            screenshot_dir.mkdir(parents=True, exist_ok=True)
            shot = screenshot_dir / f"{name}-{width}.jpg"
            page.screenshot(path=shot, full_page=True, type="jpeg", quality=70)
    finally:
        context.close()

    problems = [f"horizontal overflow: {item}" for item in found["overflow"]]
    problems += [f"text over a photo: {item}" for item in found["overlaps"]]
    problems += [f"lead photo upscaled: {item}" for item in found["upscaled"]]
    if name.startswith("story-") and not found["leadPhotos"]:
        problems.append("no lead photo (.lead-photo img) on a story chosen for having one")
    assert not problems, f"{name} at {width} px ({page_url}):\n  " + "\n  ".join(problems)
