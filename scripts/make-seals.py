#!/usr/bin/env python3
"""Draws the FICTIONAL seal images in fixtures/seals/ (run from the repository root).

    python3 scripts/make-seals.py            # needs Pillow: pip install pillow

Dev-time only: the PNGs are committed and gongwen never runs this script. Every seal
names an invented agency (某某市示例…) and carries "（示例）" under the star; none
imitates a real agency's seal, and none may be used as a seal.

Output (all transparent background, pure red #FF0000 with a little alpha texture):
  demo-bureau.png     600x600  round seal, 某某市示例局
  demo-office.png     600x600  round seal, 某某市示例办公室
  demo-committee.png  600x600  round seal, 某某市示例委员会
  demo-signature.png  400x200  rectangular 签名章 "张三" for the 命令 format

600 px = 42 mm at ~363 dpi (42 mm is the usual diameter of an agency seal).
The images are written as palette PNGs (one red colour, 32 alpha levels), so each
stays far below 150 KB. The output is deterministic (fixed random seed).
"""
import math
import os
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

OUT_DIR = os.path.join('fixtures', 'seals')
RED = (255, 0, 0)
ALPHA_LEVELS = 32          # palette entries: red at 32 opacities
MAX_BYTES = 150 * 1024

# Fonts: the repository's bundled subsets first (same files on every machine), then the
# system Noto CJK collections. (path, face index)
SERIF_BOLD = [('fonts/NotoSerifCJKsc-Bold.ttf', 0),
              ('/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc', 2)]
KAI = [('fonts/LXGWWenKai-Regular.ttf', 0)] + SERIF_BOLD   # 楷-like if present


def load_font(candidates, size):
    for path, index in candidates:
        if os.path.exists(path):
            return ImageFont.truetype(path, size, index=index)
    sys.exit('make-seals: no CJK font found (tried %s)' % ', '.join(p for p, _ in candidates))


def glyph_mask(ch, font, box, x_scale=1.0):
    """A box x box 'L' image with `ch` centred on its ink, optionally condensed horizontally."""
    big = Image.new('L', (box * 2, box * 2), 0)
    d = ImageDraw.Draw(big)
    d.text((box, box), ch, font=font, fill=255, anchor='mm')
    ink = big.getbbox()
    if ink is None:
        return Image.new('L', (box, box), 0)
    g = big.crop(ink)
    if x_scale != 1.0:
        g = g.resize((max(1, round(g.width * x_scale)), g.height), Image.LANCZOS)
    out = Image.new('L', (box, box), 0)
    out.paste(g, ((box - g.width) // 2, (box - g.height) // 2))
    return out


def star_points(cx, cy, r_outer, r_inner=None):
    """Five-pointed star, one point straight up. r_inner defaults to the regular star's."""
    if r_inner is None:
        r_inner = r_outer * math.sin(math.radians(18)) / math.sin(math.radians(126))
    pts = []
    for i in range(10):
        r = r_outer if i % 2 == 0 else r_inner
        a = math.radians(-90 + 36 * i)
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def texture(mask, seed, strength=0.18):
    """Multiplies the mask by a smooth random field in [1-strength, 1]: uneven ink."""
    rnd = random.Random(seed)
    w, h = mask.size
    small = Image.new('L', (w // 12 + 1, h // 12 + 1))
    small.putdata([rnd.randint(0, 255) for _ in range(small.width * small.height)])
    field = small.resize((w, h), Image.BICUBIC).filter(ImageFilter.GaussianBlur(6))
    lo = round(255 * (1 - strength))
    field = field.point(lambda v: lo + (255 - lo) * v // 255)
    return ImageChops.multiply(mask, field)


def to_palette_png(mask, path):
    """Writes `mask` (alpha) as a palette PNG: every entry pure red, tRNS = alpha levels."""
    step = 255 / (ALPHA_LEVELS - 1)
    idx = mask.point(lambda v: round(v / step))
    img = idx.convert('P')
    img.putpalette(list(RED) * ALPHA_LEVELS)
    alphas = bytes(round(i * step) for i in range(ALPHA_LEVELS))
    img.save(path, optimize=True, transparency=alphas)
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        sys.exit('make-seals: %s is %d bytes (limit %d)' % (path, size, MAX_BYTES))
    print('wrote %s (%dx%d, %d bytes)' % (path, img.width, img.height, size))


def round_seal(name, path, seed, size=600, note='（示例）'):
    s = 4                                  # supersampling factor for smooth edges
    W = size * s
    c = W / 2
    mask = Image.new('L', (W, W), 0)
    d = ImageDraw.Draw(mask)

    # Ring: outer edge 2 px inside the image, thickness 1/40 of the diameter.
    r_out = c - 2 * s
    ring = W / 40
    d.ellipse((c - r_out, c - r_out, c + r_out, c + r_out), fill=255)
    r_in = r_out - ring
    d.ellipse((c - r_in, c - r_in, c + r_in, c + r_in), fill=0)

    # Star in the centre (point up), about 0.3 of the radius.
    d.polygon(star_points(c, c, r_out * 0.34), fill=255)

    # Name along the upper arc: each glyph upright with its top pointing outward.
    n = len(name)
    glyph = round(W * 0.155)               # ~93 px at 600 px
    box = round(glyph * 1.5)
    font = load_font(SERIF_BOLD, glyph)
    r_text = r_in - W * 0.018 - glyph / 2  # gap between ring and glyph tops
    span = min(250.0, 26.0 * n + 40.0)     # degrees covered by the name: 6 -> 196, 8 -> 248
    x_scale = 0.82 if n <= 6 else 0.74     # condensed, as seal letters are
    for i, ch in enumerate(name):
        theta = -span / 2 + span * (i + 0.5) / n       # 0 = top, clockwise positive
        g = glyph_mask(ch, font, box, x_scale).rotate(-theta, resample=Image.BICUBIC)
        x = c + r_text * math.sin(math.radians(theta))
        y = c - r_text * math.cos(math.radians(theta))
        mask.paste(255, (round(x - g.width / 2), round(y - g.height / 2)), g)

    # Optional horizontal line under the star.
    if note:
        nf = load_font(SERIF_BOLD, round(W * 0.07))
        d.text((c, c + r_out * 0.52), note, font=nf, fill=255, anchor='mm')

    mask = mask.resize((size, size), Image.LANCZOS)
    to_palette_png(texture(mask, seed), path)


def signature_stamp(name, path, seed, w=400, h=200):
    """签名章: thin red rectangular border, the name in a 楷-like face, red on transparent."""
    s = 4
    W, H = w * s, h * s
    mask = Image.new('L', (W, H), 0)
    d = ImageDraw.Draw(mask)
    border = 6 * s
    inset = 3 * s
    d.rectangle((inset, inset, W - 1 - inset, H - 1 - inset), outline=255, width=border)
    n = len(name)
    glyph = round(H * 0.70)
    font = load_font(KAI, glyph)
    cell = (W - 2 * (inset + border)) / n
    box = round(glyph * 1.4)
    for i, ch in enumerate(name):
        g = glyph_mask(ch, font, box)
        x = inset + border + cell * (i + 0.5)
        mask.paste(255, (round(x - box / 2), round(H / 2 - box / 2)), g)
    mask = mask.resize((w, h), Image.LANCZOS)
    to_palette_png(texture(mask, seed, strength=0.12), path)


def main():
    if not os.path.isdir('fonts'):
        sys.exit('make-seals: run from the repository root')
    os.makedirs(OUT_DIR, exist_ok=True)
    round_seal('某某市示例局', os.path.join(OUT_DIR, 'demo-bureau.png'), seed=1)
    round_seal('某某市示例办公室', os.path.join(OUT_DIR, 'demo-office.png'), seed=2)
    round_seal('某某市示例委员会', os.path.join(OUT_DIR, 'demo-committee.png'), seed=3)
    signature_stamp('张三', os.path.join(OUT_DIR, 'demo-signature.png'), seed=4)


if __name__ == '__main__':
    main()
