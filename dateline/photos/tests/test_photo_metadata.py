"""metadata.py on its own: what each kind of file loses, keeps and tells about itself."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageOps

from dateline.photos.metadata import (
    EmbeddedCredits,
    PhotoFileError,
    copyright_holder_from_notice,
    embedded_credits,
    stripped_file,
    stripped_rendition,
)

from . import camera_files as cf
from .camera_files import CAPTION, CREATOR, CREDIT_LINE, ICC_PROFILE, SECRETS

MAKERS = {
    "jpeg": cf.camera_jpeg,
    "png": cf.camera_png,
    "webp": cf.camera_webp,
    "gif": cf.camera_gif,
}


def _opened(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def _pixels(picture: Image.Image) -> bytes:
    return picture.convert("RGB").tobytes()


@pytest.mark.parametrize("kind", MAKERS)
def test_location_and_device_metadata_go_and_the_picture_stays(kind):
    received = MAKERS[kind]()
    assert [secret for secret in SECRETS if secret in received]  # the file did carry them

    stored = stripped_file(received)

    assert [secret for secret in SECRETS if secret in stored] == []
    before, after = _opened(received), _opened(stored)
    assert after.format == before.format
    assert after.size == before.size == (cf.WIDTH, cf.HEIGHT)
    assert _pixels(after) == _pixels(before)  # rewritten, not drawn again
    assert getattr(after, "n_frames", 1) == getattr(before, "n_frames", 1)
    exif = after.getexif()
    assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert exif.get_ifd(ExifTags.IFD.Exif) == {}  # serial numbers, owner, maker notes
    if kind != "gif":  # GIF has neither orientation nor, here, a colour profile
        assert dict(exif) == {ExifTags.Base.Orientation: 6}
        assert after.info["icc_profile"] == ICC_PROFILE
    assert "xmp" not in after.info and "comment" not in after.info


@pytest.mark.parametrize("kind", MAKERS)
def test_stripping_a_stripped_file_changes_nothing(kind):
    once = stripped_file(MAKERS[kind]())
    assert stripped_file(once) == once


def test_an_upright_jpeg_keeps_no_exif_at_all():
    stored = stripped_file(cf.camera_jpeg(orientation=1))
    assert b"Exif\x00\x00" not in stored
    assert dict(_opened(stored).getexif()) == {}


def test_what_a_phone_appends_after_the_picture_goes():
    received = cf.camera_jpeg()
    stored = stripped_file(received)
    assert stored.endswith(b"\xff\xd9")
    assert stored.count(b"\xff\xd8") == 1  # the appended depth map began with its own SOI


def test_jfif_keeps_its_density_and_loses_its_thumbnail():
    buffer = io.BytesIO()
    cf.picture().save(buffer, "JPEG", dpi=(300, 300))
    plain = buffer.getvalue()
    thumbnail = b"\x02\x01" + b"\xff\x00\x00" * 2  # a 2×1 picture, red
    segment = plain[6:20] + thumbnail  # JFIF fields after the marker and length
    with_thumbnail = (
        b"\xff\xd8\xff\xe0" + (len(segment) + 2).to_bytes(2, "big") + segment + plain[20:]
    )
    assert _opened(with_thumbnail).info["dpi"] == (300, 300)

    assert stripped_file(with_thumbnail) == plain
    assert _opened(stripped_file(with_thumbnail)).info["dpi"] == (300, 300)


def test_a_jpeg_the_parser_cannot_follow_is_drawn_again_without_metadata():
    received = cf.camera_jpeg()
    # Junk where a marker should be, between two segments: Pillow reads past it, we do not.
    at = received.index(b"\xff\xdb")
    damaged = received[:at] + b"\x00\x00" + received[at:]

    stored = stripped_file(damaged)

    assert [secret for secret in SECRETS if secret in stored] == []
    picture = _opened(stored)
    assert picture.size == (cf.HEIGHT, cf.WIDTH)  # turned upright, as Orientation 6 said
    assert dict(picture.getexif()) == {}
    assert picture.info["icc_profile"] == ICC_PROFILE


def test_other_formats_are_drawn_again_upright_without_metadata():
    tags = cf.camera_exif()
    tags[700] = cf.XMP  # TIFF keeps XMP in a tag of its own
    buffer = io.BytesIO()
    cf.picture().save(buffer, "TIFF", tiffinfo=tags, icc_profile=ICC_PROFILE)
    received = buffer.getvalue()
    assert SECRETS[0] in received and SECRETS[4] in received

    stored = stripped_file(received)

    assert [secret for secret in SECRETS if secret in stored] == []
    picture = _opened(stored)
    assert picture.format == "TIFF"
    assert ExifTags.Base.Orientation not in picture.getexif()
    assert _pixels(picture) == _pixels(ImageOps.exif_transpose(_opened(received)))
    assert picture.info["icc_profile"] == ICC_PROFILE


def test_renditions_in_formats_without_a_container_rewrite_are_left_as_drawn():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
    assert stripped_rendition(svg) == svg
    assert stripped_rendition(cf.camera_jpeg()) == stripped_file(cf.camera_jpeg())


@pytest.mark.parametrize("data", [b"", b"not a picture", b"\xff\xd8\xff\xe0\x00\x10JFIF"])
def test_what_is_no_picture_is_refused(data):
    with pytest.raises(PhotoFileError):
        stripped_file(data)


@settings(max_examples=300, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(cf.camera_jpeg())))
def test_a_file_cut_short_loses_its_metadata_or_is_refused(cut):
    try:
        stored = stripped_file(cf.camera_jpeg()[:cut])
    except PhotoFileError:
        return
    assert [secret for secret in SECRETS if secret in stored] == []


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=300), prefix=st.sampled_from([b"", b"\xff\xd8\xff", b"GIF89a"]))
def test_any_bytes_give_a_file_or_a_refusal(data, prefix):
    try:
        stored = stripped_file(prefix + data)
    except PhotoFileError:
        return
    assert stripped_file(stored) == stored


# What the file tells


@pytest.mark.parametrize("kind", MAKERS)
def test_the_photographers_fields_are_read_from_xmp(kind):
    assert embedded_credits(MAKERS[kind]()) == EmbeddedCredits(
        creator=CREATOR,
        credit_line=CREDIT_LINE,
        caption=CAPTION,  # the x-default one of the captions in two languages
        copyright_notice="© 2026 Aziz Karimov. All rights reserved.",
    )


def test_iptc_is_read_when_there_is_no_xmp():
    data = cf.camera_jpeg(
        xmp=b"",
        iptc=cf.iptc_segment(byline="Лейла Алиева", credit="", caption="Очередь", notice="©AFP"),
    )
    credits = embedded_credits(data)
    assert credits == EmbeddedCredits(
        creator="Лейла Алиева", caption="Очередь", copyright_notice="©AFP"
    )
    assert (credits.credit, credits.copyright_holder) == ("Лейла Алиева", "AFP")


def test_exif_artist_and_copyright_are_the_last_resort():
    credits = embedded_credits(cf.camera_jpeg(xmp=b"", iptc=b""))
    assert credits == EmbeddedCredits(
        creator="Exif Artist", copyright_notice="Exif Copyright Holder"
    )


def test_the_credit_line_stands_in_for_a_missing_creator():
    assert EmbeddedCredits(credit_line="Reuters").credit == "Reuters"
    assert EmbeddedCredits(creator="A. Karimov", credit_line="Reuters").credit == "A. Karimov"


def test_a_file_without_credits_or_no_picture_tells_nothing():
    buffer = io.BytesIO()
    cf.picture().save(buffer, "JPEG")
    assert embedded_credits(buffer.getvalue()) == EmbeddedCredits()
    assert embedded_credits(b"not a picture") == EmbeddedCredits()


def test_xmp_with_entities_is_not_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "AAAAAAAAAA">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>&b;'
        b"</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    assert embedded_credits(cf.camera_jpeg(xmp=bomb, iptc=b"")).creator == "Exif Artist"


@pytest.mark.parametrize(
    ("notice", "holder"),
    [
        ("© 2026 Aziz Karimov. All rights reserved.", "Aziz Karimov"),
        ("Copyright (c) 2019-2026 Reuters", "Reuters"),
        ("©AFP", "AFP"),
        ("Associated Press 2026", "Associated Press"),
        ("© 2026. Все права защищены.", ""),
        ("1st Photo Studio", "1st Photo Studio"),
    ],
)
def test_the_holder_is_the_name_in_the_notice(notice, holder):
    assert copyright_holder_from_notice(notice) == holder


@given(st.text(max_size=2000))
def test_any_notice_gives_a_short_holder(notice):
    assert len(copyright_holder_from_notice(notice)) <= 255
