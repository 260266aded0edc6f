"""An edition's logo and colours as an editor sets them in the admin and readers then see them."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from wagtail.admin.panels import get_edit_handler

from dateline.editions.models import Edition

CLEAN_LOGO = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
    b'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 120 40">'
    b'<defs><linearGradient id="g"><stop offset="0" stop-color="#c8102e"/></linearGradient>'
    b'</defs><rect width="120" height="40" fill="url(#g)"/><use xlink:href="#g"/>'
    b'<text x="4" y="28" fill="#fff">Courier</text></svg>'
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">%s</svg>'
HOSTILE_LOGOS = {
    "script": (SVG % b"<script>alert(1)</script>", "<script>"),
    "event handler": (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        "event handler (onload)",
    ),
    "javascript link": (
        SVG % b'<a href="javascript:alert(1)"><rect width="5" height="5"/></a>',
        "javascript:alert(1)",
    ),
    "external image": (
        SVG % b'<image href="https://tracker.example/pixel.png" width="5" height="5"/>',
        "https://tracker.example/pixel.png",
    ),
    "external xlink": (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<use xlink:href="https://evil.example/sprite.svg#x"/></svg>',
        "https://evil.example/sprite.svg#x",
    ),
    "embedded document": (
        SVG % b"<foreignObject><body xmlns='http://www.w3.org/1999/xhtml'>x</body></foreignObject>",
        "<foreignObject>",
    ),
    "style loading a font": (
        SVG % b"<style>@font-face { src: url(https://evil.example/f.woff) }</style>",
        "styles load something",
    ),
    "entities": (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        "not a valid SVG",
    ),
    "not an svg": (b"<html><body>logo</body></html>", "must be an SVG"),
    "not xml": (b"\x89PNG\r\n\x1a\n", "not a valid SVG"),
}


def edition_form(edition: Edition, logo: bytes | None = None, **changes: str):
    """The edition's form in the admin, as an editor sends it with these changes."""
    form_class = get_edit_handler(Edition).get_form_class()
    data = {k: v for k, v in model_to_dict(edition).items() if v is not None and k != "logo"}
    files = {"logo": SimpleUploadedFile("logo.svg", logo, "image/svg+xml")} if logo else {}
    return form_class(data=data | changes, files=files, instance=edition)


@pytest.mark.django_db
@pytest.mark.parametrize("logo, reason", HOSTILE_LOGOS.values(), ids=HOSTILE_LOGOS.keys())
def test_a_hostile_logo_is_refused_with_the_reason(en, logo, reason):
    form = edition_form(en, logo)

    assert not form.is_valid()
    assert reason in " ".join(form.errors["logo"])


@pytest.mark.django_db
def test_a_clean_logo_is_shown_in_the_masthead_with_the_agency_name(client, en):
    form = edition_form(en, CLEAN_LOGO)
    assert form.is_valid(), form.errors
    form.save()

    page = client.get("/en/").content.decode()
    logo = re.search(r'<img class="logo" src="([^"]+)" alt="([^"]+)">', page)
    assert logo is not None
    assert logo.group(1).startswith("http://testserver/media/images/branding/")
    assert logo.group(2) == "Caucasian Courier"
    served = client.get(logo.group(1))  # by anyone, as the reader's browser asks for it
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == CLEAN_LOGO


@pytest.mark.django_db
def test_without_a_logo_the_agency_name_is_set_in_type(client, en):
    page = client.get("/en/").content.decode()

    assert '<span class="wordmark">Caucasian Courier</span>' in page
    assert 'class="logo"' not in page


@pytest.mark.django_db
def test_saved_colours_reach_the_next_page_in_a_style_the_policy_allows(client, en):
    form = edition_form(
        en, accent_colour="#0b5d1e", masthead_colour="#fafafa", masthead_text_colour="#111111"
    )
    assert form.is_valid(), form.errors
    form.save()

    response = client.get("/en/")
    page = response.content.decode()
    style = re.search(r'<style nonce="([^"]+)">([^<]*)</style>', page)
    assert style is not None
    nonce, rules = style.groups()
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
    assert "--brand-accent:#0b5d1e" in rules
    assert "--brand-masthead:#fafafa" in rules
    assert "--brand-masthead-ink:#111111" in rules
    assert '<meta name="theme-color" content="#fafafa">' in page
    assert " style=" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, field",
    [
        ({"accent_colour": "red"}, "accent_colour"),
        ({"masthead_colour": "#12345"}, "masthead_colour"),
        ({"accent_colour": "#ffd700"}, "accent_colour"),  # white on gold is unreadable
        ({"masthead_colour": "#0f1c2e", "masthead_text_colour": "#1f2c3e"}, "masthead_text_colour"),
    ],
)
def test_colours_that_are_not_colours_or_are_hard_to_read_are_refused(en, changes, field):
    form = edition_form(en, **changes)

    assert not form.is_valid()
    assert field in form.errors
