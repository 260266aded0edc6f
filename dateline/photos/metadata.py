"""What a photo file says about itself, and the same file without what it must not tell.

Cameras and phones write into a file where the picture was taken (the GPS block), the serial
numbers of the body and the lens, the owner's name and the maker's notes; picture desks add the
city and the sublocation to IPTC and XMP; phones append depth maps and "motion photo" videos
after the picture. None of it may reach a reader, so a photo is stored without it.

`stripped_file` rewrites the container (JPEG, PNG, WebP, GIF) piece by piece and keeps only what
draws the picture, its colour profile (ICC) and its orientation, so the pixels are not encoded
again and nothing is lost; the orientation goes into a new EXIF block that holds nothing else.
Any other format, or a container it cannot follow, is drawn again by Pillow, upright, with
its colour profile.

`embedded_credits` reads what the photographer filled in, so the editor need not type it again:
creator, credit line, caption and copyright notice, from XMP first (always Unicode), then IPTC,
then EXIF (Artist and Copyright only: cameras fill ImageDescription with their own name)."""

import io
import logging
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError

# Willow, and so Wagtail, depends on defusedxml; it refuses entity expansion and external DTDs.
from defusedxml.ElementTree import fromstring as xml_fromstring
from PIL import Image, ImageFile, ImageOps, ImageSequence, IptcImagePlugin

log = logging.getLogger(__name__)

ORIENTATION = 0x0112  # EXIF IFD0 tag
_EXIF_ARTIST = 0x013B
_EXIF_COPYRIGHT = 0x8298
_IPTC_BYLINE = (2, 80)
_IPTC_CREDIT = (2, 110)
_IPTC_COPYRIGHT = (2, 116)
_IPTC_CAPTION = (2, 120)
_IPTC_CHARSET = (1, 90)
_IPTC_UTF8 = b"\x1b%G"

_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_PHOTOSHOP = "{http://ns.adobe.com/photoshop/1.0/}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The photo's fields: credit and copyright holder hold 255 characters; no caption needs more
# than this.
_LINE_LENGTH = 255
_CAPTION_LENGTH = 5000


class PhotoFileError(ValueError):
    """The file is not a picture this module can read."""


class _Malformed(Exception):
    """The container does not follow its format; Pillow gets a try at drawing it again."""


# Reading the credits


@dataclass(frozen=True)
class EmbeddedCredits:
    creator: str = ""  # XMP dc:creator, IPTC By-line, EXIF Artist: who took it
    credit_line: str = ""  # XMP photoshop:Credit, IPTC Credit Line: as the supplier wants it
    caption: str = ""  # XMP dc:description, IPTC Caption/Abstract
    copyright_notice: str = ""  # XMP dc:rights, IPTC Copyright Notice, EXIF Copyright

    @property
    def credit(self) -> str:
        """Who took the photo, for the photo's credit: the creator, else the credit line."""
        return self.creator or self.credit_line

    @property
    def copyright_holder(self) -> str:
        return copyright_holder_from_notice(self.copyright_notice)


# Each character can be taken by one alternative only, so no input makes these backtrack.
_NOTICE_HEAD = re.compile(r"^(?:[\s,.:;\-–—]|©|\(c\)|copyright\b|\d{4})+", re.IGNORECASE)
_NOTICE_TAIL = re.compile(
    r"(?:[\s,.:;\-–—]|all rights reserved|все права защищены|\d{4})+$", re.IGNORECASE
)


def copyright_holder_from_notice(notice: str) -> str:
    """The name in a copyright notice: "© 2026 Aziz Karimov. All rights reserved." gives
    "Aziz Karimov"; a notice with no name in it gives ""."""
    holder = _NOTICE_HEAD.sub("", notice[:1000])
    return _NOTICE_TAIL.sub("", holder)[:_LINE_LENGTH]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # NUL padding and the like


def _line(text: str) -> str:
    return " ".join(_CONTROL.sub("", text).split())[:_LINE_LENGTH]


def _paragraphs(text: str) -> str:
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()[:_CAPTION_LENGTH]


def _xmp_texts(root: Element, name: str) -> list[str]:
    """The values of an XMP property, written as an attribute of rdf:Description or as an
    element holding text or an rdf:Seq, rdf:Bag or rdf:Alt (its x-default first)."""
    texts: list[str] = []
    for description in root.iter(f"{_RDF}Description"):
        if value := description.get(name):
            texts.append(value)
    for element in root.iter(name):
        items = list(element.iter(f"{_RDF}li"))
        if not items:
            texts.append(element.text or "")
            continue
        items.sort(key=lambda item: item.get(_XML_LANG) != "x-default")
        texts += [item.text or "" for item in items]
    return [text.strip() for text in texts if text and text.strip()]


def _xmp_credits(packet: bytes | str | None) -> EmbeddedCredits:
    if not packet:
        return EmbeddedCredits()
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    start = packet.find(b"<x:xmpmeta")
    end = packet.rfind(b"</x:xmpmeta>")
    if start >= 0 and end > start:  # leave out the xpacket wrapper and its padding
        packet = packet[start : end + len(b"</x:xmpmeta>")]
    try:
        root = xml_fromstring(packet)
    except (ParseError, ValueError):  # defusedxml's refusals are ValueErrors
        return EmbeddedCredits()
    creators = _xmp_texts(root, f"{_DC}creator")
    captions = _xmp_texts(root, f"{_DC}description")
    rights = _xmp_texts(root, f"{_DC}rights")
    credit_lines = _xmp_texts(root, f"{_PHOTOSHOP}Credit")
    return EmbeddedCredits(
        creator=_line(", ".join(dict.fromkeys(creators))),
        credit_line=_line(credit_lines[0]) if credit_lines else "",
        caption=_paragraphs(captions[0]) if captions else "",
        copyright_notice=_line(rights[0]) if rights else "",
    )


def _xmp_packet_in(data: bytes) -> bytes | None:
    start = data.find(b"<x:xmpmeta")
    end = data.find(b"</x:xmpmeta>", start)
    return data[start : end + len(b"</x:xmpmeta>")] if 0 <= start < end else None


def _iptc_texts(iptc: dict[tuple[int, int], Any], key: tuple[int, int]) -> list[str]:
    raw = iptc.get(key)
    values = raw if isinstance(raw, list) else [raw] if raw else []
    declared_utf8 = iptc.get(_IPTC_CHARSET) == _IPTC_UTF8
    texts = []
    for value in values:
        if not isinstance(value, bytes):
            continue
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            # IIM's default is ISO 8859-1; a file that says UTF-8 but is not gets replacements.
            text = value.decode("utf-8", "replace") if declared_utf8 else value.decode("latin-1")
        if text.strip():
            texts.append(text.strip())
    return texts


def _iptc_credits(picture: ImageFile.ImageFile) -> EmbeddedCredits:
    try:
        iptc = IptcImagePlugin.getiptcinfo(picture) or {}
    except (OSError, SyntaxError, ValueError, IndexError, TypeError):
        return EmbeddedCredits()
    bylines = _iptc_texts(iptc, _IPTC_BYLINE)
    credits = _iptc_texts(iptc, _IPTC_CREDIT)
    captions = _iptc_texts(iptc, _IPTC_CAPTION)
    notices = _iptc_texts(iptc, _IPTC_COPYRIGHT)
    return EmbeddedCredits(
        creator=_line(", ".join(dict.fromkeys(bylines))),
        credit_line=_line(credits[0]) if credits else "",
        caption=_paragraphs(captions[0]) if captions else "",
        copyright_notice=_line(notices[0]) if notices else "",
    )


def _exif_credits(picture: Image.Image) -> EmbeddedCredits:
    try:
        exif = picture.getexif()
    except (OSError, SyntaxError, ValueError, TypeError, KeyError):
        return EmbeddedCredits()
    artist, notice = exif.get(_EXIF_ARTIST), exif.get(_EXIF_COPYRIGHT)
    return EmbeddedCredits(
        creator=_line(artist) if isinstance(artist, str) else "",
        copyright_notice=_line(notice) if isinstance(notice, str) else "",
    )


def _first(sources: list[EmbeddedCredits]) -> EmbeddedCredits:
    def pick(field: str) -> str:
        return next((value for s in sources if (value := getattr(s, field))), "")

    return EmbeddedCredits(
        creator=pick("creator"),
        credit_line=pick("credit_line"),
        caption=pick("caption"),
        copyright_notice=pick("copyright_notice"),
    )


def embedded_credits(data: bytes) -> EmbeddedCredits:
    """Creator, credit line, caption and copyright notice as the file carries them; empty
    strings for what it does not (or when it is no picture at all)."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            # Pillow finds XMP in JPEG, PNG and WebP; in a GIF the packet lies in the bytes as is.
            xmp = picture.info.get("xmp") or picture.info.get("XML:com.adobe.xmp")
            xmp = xmp or _xmp_packet_in(data)
            return _first([_xmp_credits(xmp), _iptc_credits(picture), _exif_credits(picture)])
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return EmbeddedCredits()


# Stripping


def _orientation(exif_block: bytes | None) -> int:
    """The EXIF Orientation (1 to 8) of an EXIF block, 1 when there is none or it is unreadable."""
    if not exif_block:
        return 1
    exif = Image.Exif()
    try:
        exif.load(exif_block)
        value = exif.get(ORIENTATION, 1)
    except Exception:  # noqa: BLE001 - a damaged EXIF block is as good as none
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _orientation_exif(orientation: int) -> bytes:
    """An EXIF block ("Exif\\0\\0" and a TIFF header) with the orientation and nothing else."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    return exif.tobytes()


# JPEG: the segments between SOI and EOI. Of the application segments only JFIF (without its
# thumbnail), the ICC profile and Adobe's colour transform stay; EXIF, XMP, Photoshop (IPTC),
# MPF, maker segments, JUMBF (C2PA), comments and JPGn extensions go, and so does anything
# after EOI (a phone's depth map or motion-photo video).
_SOI, _EOI, _SOS, _APP0, _APP2, _APP14, _COM = 0xD8, 0xD9, 0xDA, 0xE0, 0xE2, 0xEE, 0xFE


def _jpeg_segments(data: bytes) -> Iterable[tuple[int, bytes]]:
    """(marker, bytes) for each segment after SOI up to and with EOI; entropy-coded data
    follows its SOS as marker 0. A picture cut short ends where the data does."""
    size = len(data)
    at = 2
    while at < size:
        if data[at] != 0xFF:
            raise _Malformed(f"no marker at {at}")
        while at < size and data[at] == 0xFF:  # fill bytes
            at += 1
        if at >= size:
            return
        marker = data[at]
        at += 1
        if marker == _EOI:
            yield marker, b"\xff\xd9"
            return
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # RSTn and TEM stand alone
            yield marker, bytes((0xFF, marker))
            continue
        if at + 2 > size:
            raise _Malformed("segment length cut off")
        length = int.from_bytes(data[at : at + 2], "big")
        if length < 2 or at + length > size:
            raise _Malformed(f"segment {marker:#x} runs past the end")
        yield marker, b"\xff" + bytes((marker,)) + data[at : at + length]
        at += length
        if marker == _SOS:
            end = at
            while True:
                end = data.find(b"\xff", end)
                if end < 0 or end + 1 >= size:
                    end = size
                    break
                following = data[end + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:  # stuffed byte, restart
                    end += 2
                    continue
                break
            yield 0, data[at:end]
            at = end


def _jpeg_stripped(data: bytes) -> bytes:
    segments = list(_jpeg_segments(data))
    if not any(marker == _SOS for marker, _ in segments):
        raise _Malformed("no image data")
    exif_blocks = [s[4:] for m, s in segments if m == 0xE1 and s[4:10] == b"Exif\x00\x00"]
    orientation = _orientation(exif_blocks[0] if exif_blocks else None)
    pending_exif = b""
    if orientation != 1:
        block = _orientation_exif(orientation)
        pending_exif = b"\xff\xe1" + (len(block) + 2).to_bytes(2, "big") + block
    kept = [b"\xff\xd8"]
    for marker, segment in segments:
        payload = segment[4:]
        if marker == _APP0 and payload.startswith(b"JFIF\x00") and len(payload) >= 12:
            # Version, units and density; the thumbnail (which may show the uncropped scene) goes.
            kept.append(b"\xff\xe0\x00\x10" + payload[:12] + b"\x00\x00")
            continue
        if pending_exif:  # after JFIF, before everything else
            kept.append(pending_exif)
            pending_exif = b""
        if marker == _APP2 and payload.startswith(b"ICC_PROFILE\x00"):
            kept.append(segment)
        elif marker == _APP14 and payload.startswith(b"Adobe"):
            kept.append(segment)
        elif 0xC0 <= marker <= 0xDF or marker in (0, 0x01):
            kept.append(segment)  # frame, tables, scans, restarts, EOI; extensions (JPGn) go
    return b"".join(kept)


# PNG: the critical chunks and the ancillary ones that change how the picture is drawn; text
# (tEXt, zTXt, iTXt, which carry XMP and ImageMagick's EXIF), eXIf, tIME and unknown chunks go.
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_KEPT = {
    b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"mDCV", b"mDCv", b"cLLI",
    b"cLLi", b"bKGD", b"hIST", b"pHYs", b"sPLT", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload)
    return len(payload).to_bytes(4, "big") + kind + payload + crc.to_bytes(4, "big")


def _png_stripped(data: bytes) -> bytes:
    chunks: list[tuple[bytes, bytes]] = []
    at, size = len(_PNG_SIGNATURE), len(data)
    while at + 12 <= size:
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        end = at + 12 + length
        if end > size:
            raise _Malformed(f"chunk {kind!r} runs past the end")
        chunks.append((kind, data[at:end]))
        at = end
        if kind == b"IEND":
            break
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise _Malformed("no IHDR or IEND")
    exif_blocks = [chunk[8:-4] for kind, chunk in chunks if kind == b"eXIf"]
    orientation = _orientation(exif_blocks[0] if exif_blocks else None)
    kept = [_PNG_SIGNATURE]
    for kind, chunk in chunks:
        if not kind[0] & 0x20 or kind in _PNG_KEPT:  # an upper-case first letter is critical
            kept.append(chunk)
        if kind == b"IHDR" and orientation != 1:
            kept.append(_png_chunk(b"eXIf", _orientation_exif(orientation)[6:]))
    return b"".join(kept)


# WebP: the image, alpha, animation and ICC chunks; EXIF, XMP and unknown chunks go, and the
# VP8X header's flags say so.
_WEBP_KEPT = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
_WEBP_EXIF_FLAG, _WEBP_XMP_FLAG = 0x08, 0x04


def _riff_chunk(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "little") + payload + b"\x00" * (len(payload) & 1)


def _webp_stripped(data: bytes) -> bytes:
    end_of_riff = min(8 + int.from_bytes(data[4:8], "little"), len(data))
    chunks: list[tuple[bytes, bytes]] = []
    at = 12
    while at + 8 <= end_of_riff:
        kind = data[at : at + 4]
        length = int.from_bytes(data[at + 4 : at + 8], "little")
        if at + 8 + length > end_of_riff:
            raise _Malformed(f"chunk {kind!r} runs past the end")
        chunks.append((kind, data[at + 8 : at + 8 + length]))
        at += 8 + length + (length & 1)
    if not any(kind in (b"VP8 ", b"VP8L", b"ANMF") for kind, _ in chunks):
        raise _Malformed("no image data")
    exif_blocks = [payload for kind, payload in chunks if kind == b"EXIF"]
    orientation = _orientation(exif_blocks[0] if exif_blocks else None)
    extended = chunks[0][0] == b"VP8X" and len(chunks[0][1]) >= 10
    body: list[bytes] = []
    for kind, payload in chunks:
        if kind == b"VP8X" and extended:
            flags = payload[0] & ~(_WEBP_EXIF_FLAG | _WEBP_XMP_FLAG)
            if orientation != 1:
                flags |= _WEBP_EXIF_FLAG
            payload = bytes((flags,)) + payload[1:]
        if kind in _WEBP_KEPT:
            body.append(_riff_chunk(kind, payload))
    if extended and orientation != 1:  # EXIF comes after the image data
        body.append(_riff_chunk(b"EXIF", _orientation_exif(orientation)[6:]))
    riff = b"WEBP" + b"".join(body)
    return b"RIFF" + len(riff).to_bytes(4, "little") + riff


# GIF: frames, their graphic control, plain text, the looping and ICC application blocks;
# comments, XMP and other application blocks go.
_GIF_APPLICATIONS_KEPT = {b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012"}


def _gif_sub_blocks_end(data: bytes, at: int) -> int:
    while True:
        if at >= len(data):
            raise _Malformed("data sub-blocks run past the end")
        length = data[at]
        at += 1 + length
        if length == 0:
            return at


def _gif_colour_table_size(packed: int) -> int:
    return 3 * 2 ** ((packed & 0x07) + 1) if packed & 0x80 else 0


def _gif_stripped(data: bytes) -> bytes:
    if len(data) < 13:
        raise _Malformed("no logical screen descriptor")
    at = 13 + _gif_colour_table_size(data[10])
    if at > len(data):
        raise _Malformed("colour table cut off")
    kept = [data[:at]]
    while True:
        if at >= len(data):  # no trailer: end it as if there were one
            kept.append(b";")
            break
        introducer = data[at]
        if introducer == 0x3B:
            kept.append(b";")
            break
        if introducer == 0x21 and at + 2 < len(data):
            label = data[at + 1]
            end = _gif_sub_blocks_end(data, at + 2)
            application = data[at + 3 : at + 14] if data[at + 2] == 11 else b""
            if label in (0xF9, 0x01) or (label == 0xFF and application in _GIF_APPLICATIONS_KEPT):
                kept.append(data[at:end])
            at = end
        elif introducer == 0x2C and at + 10 <= len(data):
            start_of_data = at + 10 + _gif_colour_table_size(data[at + 9]) + 1
            end = _gif_sub_blocks_end(data, start_of_data)
            kept.append(data[at:end])
            at = end
        else:
            raise _Malformed(f"unknown block {introducer:#x} at {at}")
    return b"".join(kept)


# Anything else: Pillow draws it again, upright, with only what draws the picture.
_PILLOW_INFO_KEPT = {"icc_profile", "transparency", "duration", "loop", "background", "disposal"}


def _pillow_stripped(data: bytes) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as picture:
            kind = picture.format
            if kind is None or kind.upper() not in Image.SAVE:
                raise PhotoFileError(f"cannot write {kind} files without their metadata")
            quantization = getattr(picture, "quantization", None)
            # Drawn again anyway, so the orientation is applied rather than written down.
            frames = [ImageOps.exif_transpose(frame) for frame in ImageSequence.Iterator(picture)]
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise PhotoFileError(f"not a readable picture: {error}") from error
    for frame in frames:  # copies carry the source's info (comments, XMP, EXIF) along
        frame.info = {key: value for key, value in frame.info.items() if key in _PILLOW_INFO_KEPT}
    options: dict[str, Any] = {}
    if icc_profile := frames[0].info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    if kind == "JPEG" and quantization:
        options["qtables"] = quantization  # the source's quality, not Pillow's default
    if len(frames) > 1:
        options |= {"save_all": True, "append_images": frames[1:]}
    output = io.BytesIO()
    try:
        frames[0].save(output, kind, **options)
    except (OSError, ValueError, KeyError) as error:
        raise PhotoFileError(f"cannot write this {kind} file again: {error}") from error
    return output.getvalue()


def _container_stripper(data: bytes) -> Callable[[bytes], bytes] | None:
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg_stripped
    if data.startswith(_PNG_SIGNATURE):
        return _png_stripped
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_stripped
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return _gif_stripped
    return None


def stripped_rendition(data: bytes) -> bytes:
    """A rendition as Willow wrote it, without the EXIF block Willow copies from the original
    into JPEG, PNG and WebP. Other formats (AVIF, HEIC, SVG) are returned as written: Willow
    gives their encoders no metadata, and drawing them again would cost quality."""
    return stripped_file(data) if _container_stripper(data) else data


def stripped_file(data: bytes) -> bytes:
    """The picture without location, device and rights metadata, keeping its pixels, its colour
    profile and its orientation. The same input always gives the same output, and a stripped
    file comes out unchanged. Raises PhotoFileError for what is not a readable picture."""
    if stripper := _container_stripper(data):
        try:
            return stripper(data)
        except _Malformed as error:  # Pillow may still read it, and then writes it anew
            log.info("Photo file container not followed (%s); drawn again by Pillow", error)
    return _pillow_stripped(data)
