"""axe-core, in a real browser, finds nothing to fault on the reader's pages: no violation of any
impact with its default rules, and in the dark colour scheme no text below its contrast minimum.
"""

import pytest

from .reader_pages import DemoSite, checker_path

PAGES = [
    f"{kind}-{edition}"
    for kind in ("front", "story", "all-news", "archive-day", "author", "search", "search-nothing")
    for edition in ("en", "ru")
]
WIDTH, HEIGHT = 1280, 800

# The page's policy refuses inline scripts without its nonce, and add_script_tag adds one; a
# DevTools evaluation is outside the policy, so the page is checked with its policy in force.
AXE_RUN_JS = """async (options) => {
  const results = await axe.run(document, options);
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => [node.target.join(" "), node.failureSummary]),
  }));
}"""


def _violations(browser, url: str, *, color_scheme: str, options: dict) -> list[str]:
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT}, color_scheme=color_scheme
    )
    try:
        page = context.new_page()
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{url}: {response}"
        page.evaluate(checker_path("axe-core/axe.min.js").read_text())
        found = page.evaluate(AXE_RUN_JS, options)
    finally:
        context.close()
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for target, summary in violation["targets"]:
            reason = " ".join(summary.split())[:300]
            lines.append(f"    {target}  — {reason}")
    return lines


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violation(demo_site: DemoSite, module_browser, name: str) -> None:
    url = demo_site.page(name).url
    lines = _violations(module_browser, url, color_scheme="light", options={})
    assert not lines, f"{name} ({url}), axe-core:\n  " + "\n  ".join(lines)


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_text_keeps_its_contrast_in_the_dark_scheme(
    demo_site: DemoSite, module_browser, name: str
) -> None:
    url = demo_site.page(name).url
    only_contrast = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}
    lines = _violations(module_browser, url, color_scheme="dark", options=only_contrast)
    assert not lines, f"{name} ({url}), dark scheme, axe-core:\n  " + "\n  ".join(lines)
