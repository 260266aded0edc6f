import io
import random

import factory
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.models import Locale

from .models import Photo, Photographer


def generated_jpeg(seed: int, width: int = 1600, height: int = 900) -> ImageFile:
    """A landscape-like gradient picture, made here rather than downloaded."""
    rng = random.Random(seed)
    sky = (rng.randint(90, 200), rng.randint(120, 210), rng.randint(170, 240))
    ground = (rng.randint(40, 120), rng.randint(60, 130), rng.randint(30, 80))
    picture = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(picture)
    horizon = int(height * rng.uniform(0.45, 0.7))
    for y in range(height):
        t = y / height
        colour = tuple(int(sky[i] * (1 - t) + ground[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(rng.randint(3, 6)):
        x = rng.randint(-200, width)
        peak = rng.randint(int(height * 0.15), horizon)
        shade = tuple(max(0, c - rng.randint(20, 60)) for c in ground)
        draw.polygon(
            [(x, horizon), (x + rng.randint(200, 600), peak), (x + 900, horizon)], fill=shade
        )
    draw.rectangle([0, horizon, width, height], fill=ground)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82)
    buffer.seek(0)
    return ImageFile(buffer, name=f"photo-{seed}.jpg")


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    title = factory.Sequence(lambda n: f"Photo {n}")
    file = factory.Sequence(lambda n: generated_jpeg(n, 640, 360))
    credit = "Aziz Karimov"
    copyright_holder = ""
    default_caption = factory.Sequence(lambda n: f"A street in the old town, picture {n}")


class PhotographerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photographer

    name = "Aziz Karimov"
    locale = factory.LazyFunction(Locale.get_default)


def photographer_translate(
    photographer: Photographer, *, locale: Locale, name: str, name_genitive: str = ""
) -> Photographer:
    """The same person as another language spells the name."""
    return Photographer.objects.create(
        name=name,
        name_genitive=name_genitive,
        locale=locale,
        translation_key=photographer.translation_key,
    )
