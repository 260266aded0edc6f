"""Pictures for the demo's photos, drawn with Pillow when the demo is built: landscapes, a city,
a street at night and a crowd, varied by seed, so the demo needs no downloads and keeps no
large files. Each scene comes with what it shows, for its caption and alt text."""

import io
import math
import random
from dataclasses import dataclass

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 1067  # 3:2, as a camera takes them

Colour = tuple[int, int, int]

# Sky from the zenith down to the horizon, by time of day.
SKIES: dict[str, tuple[Colour, Colour]] = {
    "dawn": ((70, 90, 150), (250, 180, 140)),
    "day": ((60, 130, 215), (185, 220, 245)),
    "dusk": ((40, 40, 95), (245, 120, 70)),
    "night": ((8, 10, 28), (30, 40, 75)),
}


@dataclass(frozen=True)
class Scene:
    kind: str  # "mountains", "sea", "city", "street" or "crowd"
    time: str  # a key of SKIES


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return (
        int(a[0] + (b[0] - a[0]) * t),
        int(a[1] + (b[1] - a[1]) * t),
        int(a[2] + (b[2] - a[2]) * t),
    )


def _sky(draw: ImageDraw.ImageDraw, time: str, horizon: int) -> None:
    top, bottom = SKIES[time]
    for y in range(horizon):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(top, bottom, (y / horizon) ** 1.4))


def _sun(draw: ImageDraw.ImageDraw, rng: random.Random, time: str, horizon: int) -> None:
    x = rng.randint(200, WIDTH - 200)
    if time == "night":
        draw.ellipse([x - 30, 120, x + 30, 180], fill=(235, 235, 215))
        for _ in range(160):
            sx, sy = rng.randrange(WIDTH), rng.randrange(int(horizon * 0.8))
            draw.point((sx, sy), fill=(220, 220, 240))
        return
    y = {"dawn": horizon - 60, "day": 170, "dusk": horizon - 90}[time]
    for r, glow in ((140, 0.15), (95, 0.3), (60, 1.0)):
        colour = _mix(SKIES[time][1], (255, 240, 200), glow)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)


def _ridge(rng: random.Random, base: int, height: int) -> list[tuple[int, int]]:
    """A mountain ridge as the sum of a few waves of random phase: rough, never regular."""
    waves = [(rng.uniform(0.002, 0.012) * k, rng.uniform(0, 6.3), height / k) for k in (1, 2, 4, 8)]
    points = [(0, HEIGHT)]
    for x in range(0, WIDTH + 8, 8):
        y = base - sum(a * (1 + math.sin(f * x + p)) / 2 for f, p, a in waves)
        points.append((x, int(y + rng.uniform(-3, 3))))
    points.append((WIDTH, HEIGHT))
    return points


def _mountains(draw: ImageDraw.ImageDraw, rng: random.Random, time: str, horizon: int) -> None:
    far = SKIES[time][1]
    near = (25, 45, 30) if time in ("day", "dawn") else (15, 15, 30)
    layers = rng.randint(3, 5)
    for i in range(layers):
        t = (i + 1) / layers
        base = horizon + int(t * 120)
        draw.polygon(
            _ridge(rng, base, int(rng.randint(180, 380) * (1.2 - t))), fill=_mix(far, near, t)
        )


def _sea(draw: ImageDraw.ImageDraw, rng: random.Random, time: str, horizon: int) -> None:
    top, bottom = SKIES[time]
    draw.polygon(_ridge(rng, horizon, 60), fill=_mix(top, (20, 30, 30), 0.7))  # a far shore
    water = _mix(top, (10, 40, 70), 0.5)
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=water)
    for _ in range(500):
        y = rng.randint(horizon + 2, HEIGHT)
        x = rng.randrange(WIDTH)
        length = int(10 + 80 * (y - horizon) / (HEIGHT - horizon))
        draw.line([(x, y), (x + length, y)], fill=_mix(water, bottom, rng.uniform(0.2, 0.6)))


def _windows(
    draw: ImageDraw.ImageDraw, rng: random.Random, box: tuple[int, int, int, int], lit: float
) -> None:
    left, top, right, bottom = box
    for y in range(top + 12, bottom - 10, 26):
        for x in range(left + 8, right - 14, 22):
            if rng.random() < lit:
                glow = rng.choice([(255, 214, 130), (255, 236, 180), (230, 240, 255)])
                draw.rectangle([x, y, x + 10, y + 14], fill=glow)


def _city(draw: ImageDraw.ImageDraw, rng: random.Random, time: str, horizon: int) -> None:
    dark = time in ("dusk", "night")
    x = -20
    while x < WIDTH:
        width, height = rng.randint(70, 170), rng.randint(120, 520)
        shade = rng.randint(20, 45) if dark else rng.randint(90, 150)
        colour = (shade, shade, shade + 12)
        draw.rectangle([x, horizon - height, x + width, HEIGHT], fill=colour)
        _windows(draw, rng, (x, horizon - height, x + width, horizon), 0.45 if dark else 0.05)
        x += width + rng.randint(0, 12)
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=(40, 40, 45) if dark else (110, 110, 105))


def _street(draw: ImageDraw.ImageDraw, rng: random.Random, time: str, horizon: int) -> None:
    vanish = (WIDTH // 2 + rng.randint(-150, 150), horizon)
    draw.polygon([(0, HEIGHT), vanish, (WIDTH, HEIGHT)], fill=(35, 35, 40))
    for side in (-1, 1):
        for i in range(6):
            near, far = 1 - i / 6, 1 - (i + 1) / 6
            x0 = vanish[0] + side * int(WIDTH * 0.7 * near)
            x1 = vanish[0] + side * int(WIDTH * 0.7 * far)
            top0, top1 = int(horizon - 620 * near), int(horizon - 620 * far)
            left, right = sorted((x0, x1))
            shade = rng.randint(25, 45)
            draw.polygon(
                [(x0, top0), (x1, top1), (x1, horizon + 10), (x0, HEIGHT - 200 * (1 - near))],
                fill=(shade, shade - 5, shade + 10),
            )
            _windows(draw, rng, (left, max(top0, top1), right, horizon), 0.5)
    for i in range(5):
        t = (i + 1) / 6
        lx = int(vanish[0] + (WIDTH * 0.45) * (1 - t))
        ly = int(horizon - 300 * (1 - t))
        r = int(40 * (1 - t)) + 6
        draw.ellipse([lx - r, ly - r, lx + r, ly + r], fill=(255, 225, 150))


def _crowd(draw: ImageDraw.ImageDraw, rng: random.Random, time: str, horizon: int) -> None:
    _city(draw, rng, time, horizon)
    square = (75, 75, 80) if time in ("dawn", "day") else (35, 35, 40)
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=square)
    for row in range(7):
        depth = (row + 1) / 7
        size = int(18 + 50 * depth)
        y = int(horizon + (HEIGHT - horizon) * depth * 0.75)
        shade = int(10 + 20 * (1 - depth))
        for _ in range(int(60 * (1.2 - depth)) + 12):
            x = rng.randrange(-20, WIDTH + 20)
            colour = (shade + rng.randint(0, 25), shade, shade + rng.randint(0, 15))
            draw.ellipse([x - size // 2, y - size * 2, x + size // 2, y - size], fill=colour)
            draw.rounded_rectangle([x - size, y - size, x + size, y + size * 3], 12, fill=colour)
        if rng.random() < 0.5:  # a placard above the heads
            x = rng.randrange(100, WIDTH - 100)
            draw.line([(x, y - size), (x, y - size * 4)], fill=(60, 50, 40), width=4)
            draw.rectangle([x - size, y - size * 5, x + size, y - size * 4], fill=(235, 230, 215))


PAINTERS = {"mountains": _mountains, "sea": _sea, "city": _city, "street": _street, "crowd": _crowd}


def demo_picture(scene: Scene, seed: int) -> ImageFile:
    """`scene` drawn at camera size as a JPEG file, different for every seed."""
    rng = random.Random(seed)
    picture = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(picture)
    horizon = int(HEIGHT * rng.uniform(0.5, 0.66))
    _sky(draw, scene.time, horizon)
    if scene.kind != "street":
        _sun(draw, rng, scene.time, horizon)
    PAINTERS[scene.kind](draw, rng, scene.time, horizon)
    # A lens's softness and a sensor's grain, so it reads as a photograph more than a drawing.
    picture = picture.filter(ImageFilter.GaussianBlur(1.2))
    grain = Image.effect_noise((WIDTH, HEIGHT), 18).convert("RGB")
    picture = Image.blend(picture, grain, 0.06)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=84, optimize=True)
    buffer.seek(0)
    return ImageFile(buffer, name=f"{scene.kind}-{scene.time}-{seed}.jpg")
