"""Draw the program's icon (resources/icon.png for the window, resources/icon.ico for Windows) with
Pillow: `python tools/make_icon.py`. The files are committed; run it again only to change the icon."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
SIZE = 256


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((8, 8, SIZE - 8, SIZE - 8), radius=48, fill=(31, 87, 158, 255))
    pen.rounded_rectangle((40, 150, SIZE - 40, 170), radius=8, fill=(255, 255, 255, 200))  # a cable
    font = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "DejaVuSans-Bold.ttf"), 96)
    pen.text((SIZE / 2, 96), "SD", font=font, fill=(255, 255, 255, 255), anchor="mm")
    for x in (72, 128, 184):  # three subscribers on the cable
        pen.ellipse((x - 14, 196, x + 14, 224), fill=(255, 196, 0, 255))
        pen.line((x, 170, x, 196), fill=(255, 255, 255, 200), width=6)
    return image


def main() -> None:
    image = draw()
    image.save(ROOT / "resources" / "icon.png")
    image.save(
        ROOT / "resources" / "icon.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)]
    )


if __name__ == "__main__":
    main()
