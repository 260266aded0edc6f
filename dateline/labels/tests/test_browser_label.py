"""A reader in a real browser sees the foreign agent notice as the rule presents it: under the
headline, in capitals, at twice the body text's size, in a box of its own."""

import pytest

from dateline.labels.models import Label, LabelRule, LabelText
from dateline.stories.factories import StoryFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_notice_renders_under_the_headline_twice_the_body_size(
    live_server, settings, en, request
):
    settings.BASE_URL = live_server.url
    notice = Label.objects.create(
        name="Foreign agent notice", fixed_language="ru", upper_case=True, font_scale=2
    )
    LabelText.objects.create(label=notice, language="ru", text="Материал иностранного агента")
    LabelRule.objects.create(label=notice, kind=LabelRule.Kind.EDITION, edition=en)
    story = StoryFactory(locale=en.locale, headline="Baku: court hears the activists")
    url = story.url
    browser = request.getfixturevalue("browser")  # no database access once the browser runs
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)

    label = page.locator(".story-label")
    assert label.inner_text() == "МАТЕРИАЛ ИНОСТРАННОГО АГЕНТА"
    assert label.get_attribute("lang") == "ru"
    size = lambda selector: page.locator(selector).first.evaluate(  # noqa: E731
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size(".story-label") >= 2 * size(".body p")
    headline, box = page.locator("h1").bounding_box(), label.bounding_box()
    assert headline and box and box["y"] >= headline["y"] + headline["height"]  # under, not over
    colours = label.evaluate(
        "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"
    )
    assert colours[0] != colours[1]
