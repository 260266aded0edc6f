"""A photographer's files, made here with Pillow: a picture 400 × 200 pixels as stored, with
what cameras, phones and picture desks write into it. Everything that must not reach a reader
carries a word from SECRETS, so a test can look for them in the bytes."""

import io

from PIL import ExifTags, Image, ImageCms, ImageDraw, PngImagePlugin

WIDTH, HEIGHT = 400, 200  # as stored; Orientation 6 shows it 200 wide and 400 high
LATITUDE = (55.0, 45.0, 21.0)
SECRETS = (
    b"SERIAL-BODY-4417",
    b"SERIAL-LENS-0921",
    b"OWNER-Aziz-Private",
    b"MAKERNOTE-Canon",
    b"Sabunchu-District",  # XMP/IPTC sublocation
    b"Baku-City",
    b"40,24.5N",  # XMP GPS
    b"DEPTH-MAP-GPS",  # in a second picture appended after the first (a phone's depth map)
    b"COMMENT-from-camera",
)
CREATOR = "Aziz Karimov"
CREDIT_LINE = "Caucasian Courier / Aziz Karimov"
CAPTION = "Residents of Sabunchu queue for water.\nBaku, 7 April 2026."
COPYRIGHT = "© 2026 Aziz Karimov. All rights reserved."
ICC_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()

XMP = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:aux="http://ns.adobe.com/exif/1.0/aux/"
    photoshop:Credit="{CREDIT_LINE}"
    photoshop:City="Baku-City"
    Iptc4xmpCore:Location="Sabunchu-District"
    exif:GPSLatitude="40,24.5N"
    aux:SerialNumber="SERIAL-BODY-4417">
   <dc:creator><rdf:Seq><rdf:li>{CREATOR}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="ru">Жители Сабунчу стоят в очереди за водой.</rdf:li>
    <rdf:li xml:lang="x-default">{CAPTION}</rdf:li>
   </rdf:Alt></dc:description>
   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{COPYRIGHT}</rdf:li></rdf:Alt></dc:rights>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _iim(record: int, dataset: int, value: str | bytes) -> bytes:
    data = value.encode() if isinstance(value, str) else value
    return b"\x1c" + bytes((record, dataset)) + len(data).to_bytes(2, "big") + data


def iptc_segment(
    *,
    byline: str = CREATOR,
    credit: str = CREDIT_LINE,
    caption: str = CAPTION,
    notice: str = COPYRIGHT,
) -> bytes:
    """A JPEG APP13 segment (Photoshop's image resources) holding IPTC IIM, in UTF-8."""
    iim = (
        _iim(1, 90, b"\x1b%G")
        + _iim(2, 80, byline)
        + _iim(2, 90, "Baku-City")
        + _iim(2, 92, "Sabunchu-District")
        + _iim(2, 110, credit)
        + _iim(2, 116, notice)
        + _iim(2, 120, caption)
    )
    padding = b"\x00" * (len(iim) % 2)
    resource = b"8BIM\x04\x04\x00\x00" + len(iim).to_bytes(4, "big") + iim + padding
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload


def camera_exif(orientation: int = 6, *, artist: bool = True) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "Canon EOS R6"
    if artist:
        exif[ExifTags.Base.Artist] = "Exif Artist"
        exif[ExifTags.Base.Copyright] = "Exif Copyright Holder"
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.BodySerialNumber] = SECRETS[0].decode()
    details[ExifTags.Base.LensSerialNumber] = SECRETS[1].decode()
    details[ExifTags.Base.CameraOwnerName] = SECRETS[2].decode()
    details[ExifTags.Base.MakerNote] = SECRETS[3]
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (37.0, 37.0, 4.0)
    return exif


def picture() -> Image.Image:
    """Red on the left, blue on the right as stored, so a rotation shows in the pixels."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (30, 60, 200))
    ImageDraw.Draw(image).rectangle([0, 0, WIDTH // 2 - 1, HEIGHT], fill=(220, 30, 30))
    return image


def camera_jpeg(
    *, orientation: int = 6, iptc: bytes | None = None, xmp: bytes = XMP, artist: bool = True
) -> bytes:
    buffer = io.BytesIO()
    picture().save(
        buffer,
        "JPEG",
        quality=90,
        exif=camera_exif(orientation, artist=artist),
        icc_profile=ICC_PROFILE,
        xmp=xmp,
        comment=SECRETS[8],
        extra=iptc_segment() if iptc is None else iptc,
    )
    # A phone's second picture after the first one's end, with its own GPS.
    depth = Image.new("L", (8, 8))
    trailer = io.BytesIO()
    depth.save(trailer, "JPEG", comment=SECRETS[7])
    return buffer.getvalue() + trailer.getvalue()


def camera_png(*, orientation: int = 6) -> bytes:
    text = PngImagePlugin.PngInfo()
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    text.add_text("Comment", SECRETS[8].decode())
    buffer = io.BytesIO()
    picture().save(
        buffer, "PNG", exif=camera_exif(orientation), icc_profile=ICC_PROFILE, pnginfo=text
    )
    return buffer.getvalue()


def camera_webp(*, orientation: int = 6) -> bytes:
    buffer = io.BytesIO()
    picture().save(
        buffer,
        "WEBP",
        lossless=True,
        exif=camera_exif(orientation),
        icc_profile=ICC_PROFILE,
        xmp=XMP,
    )
    return buffer.getvalue()


def camera_gif() -> bytes:
    """An animated GIF of two frames with a comment and an XMP application block."""
    frames = [picture().convert("P"), picture().rotate(180).convert("P")]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=100,
        loop=0,
        comment=SECRETS[8],
    )
    data = buffer.getvalue()
    # XMP as GIF carries it: the packet, then the 258-byte "magic trailer" that ends its blocks.
    magic = b"\x01" + bytes(range(255, -1, -1)) + b"\x00"
    xmp_block = b"\x21\xff\x0bXMP DataXMP" + XMP + magic
    return data[:-1] + xmp_block + b";"
