"""Draw one text line: font, size, spacing, colour, background, decorations
and degradations, then resize to the output height."""
import random
from typing import Optional, Sequence, Tuple

import cv2
import numpy as np

from .backgrounds import BackgroundBank
from .degrade import LineDegrader
from .fonts import FontFace, FontPool


def _blend(bg: np.ndarray, colour: np.ndarray,
           alpha: np.ndarray) -> np.ndarray:
    """``bg * (1 - alpha) + colour * alpha`` for a uint8 (H, W, 3) image,
    a BGR colour and a float32 (H, W) alpha in [0, 1]."""
    fg = np.empty_like(bg)
    fg[:] = (int(colour[0]), int(colour[1]), int(colour[2]))
    return cv2.blendLinear(fg, bg, alpha, 1.0 - alpha)


def _blit_max(dst: np.ndarray, src: np.ndarray, x: int, y: int) -> None:
    """``dst[y:, x:] = max(dst, src)`` over the overlap, clipped to dst."""
    h, w = src.shape
    dh, dw = dst.shape
    x0, y0 = max(x, 0), max(y, 0)
    x1, y1 = min(x + w, dw), min(y + h, dh)
    if x1 <= x0 or y1 <= y0:
        return
    region = dst[y0:y1, x0:x1]
    np.maximum(region, src[y0 - y:y1 - y, x0 - x:x1 - x], out=region)


def text_advance(glyphs: Sequence, spacing: float = 0.0) -> float:
    """Width in pixels of a run of glyphs from :meth:`FontPool.glyph`."""
    return sum(g[3] for g in glyphs) + spacing * max(len(glyphs) - 1, 0)


def draw_glyphs(mask: np.ndarray,
                glyphs: Sequence,
                x: float,
                baseline: int,
                spacing: float = 0.0) -> None:
    """Draw cached glyphs into a coverage mask (max-composited, in place).

    Args:
        mask (np.ndarray): uint8 mask of shape (H, W).
        glyphs (Sequence): Glyphs from :meth:`FontPool.glyph`.
        x (float): Pen position of the first glyph.
        baseline (int): Baseline row.
        spacing (float): Extra advance between glyphs. Defaults to 0.
    """
    for bitmap, dx, dy, adv in glyphs:
        if bitmap is not None:
            _blit_max(mask, bitmap, int(round(x)) + dx, baseline + dy)
        x += adv + spacing


class LineRenderer:
    """Render a text line in a given face onto a random background.

    Args:
        fonts (FontPool): Faces and their cached PIL fonts.
        backgrounds (BackgroundBank): Background patches.
        degrader (LineDegrader, optional): Degradations applied before the
            final resize. Defaults to None (clean lines).
        height (int): Output height in pixels. Defaults to 32.
        min_width (int): Narrowest output in pixels. Defaults to 8.
        spacing_prob (float): Probability of non-default letter spacing.
            Defaults to 0.12.
        bold_prob (float): Probability of synthetic bold (stroke). Defaults
            to 0.08.
        italic_prob (float): Probability of a synthetic slant. Defaults to
            0.08.
        underline_prob (float): Probability of an underline. Defaults to
            0.06.
        border_prob (float): Probability of a box or table rules around the
            text. Defaults to 0.1.
        shadow_prob (float): Probability of a drop shadow. Defaults to 0.03.
        render_scales (Sequence[float]): Font sizes, as multiples of
            ``0.8 * height``, at which glyphs are rasterised before the line
            is resized to ``height``. Each extra value multiplies the glyph
            cache (and the cold-start cost). Defaults to (1.0, ).
    """

    def __init__(self,
                 fonts: FontPool,
                 backgrounds: BackgroundBank,
                 degrader: Optional[LineDegrader] = None,
                 height: int = 32,
                 min_width: int = 8,
                 spacing_prob: float = 0.12,
                 bold_prob: float = 0.08,
                 italic_prob: float = 0.08,
                 underline_prob: float = 0.06,
                 border_prob: float = 0.1,
                 shadow_prob: float = 0.03,
                 render_scales: Sequence[float] = (1.0, )) -> None:
        if height < 8:
            raise ValueError(f'height must be >= 8, got {height}')
        self.fonts = fonts
        self.backgrounds = backgrounds
        self.degrader = degrader
        self.height = height
        self.min_width = min_width
        self.spacing_prob = spacing_prob
        self.bold_prob = bold_prob
        self.italic_prob = italic_prob
        self.underline_prob = underline_prob
        self.border_prob = border_prob
        self.shadow_prob = shadow_prob
        self.render_scales = tuple(render_scales)

    def font_size(self, scale: float = 1.0) -> int:
        """Font size in pixels at which glyphs are rasterised.

        Args:
            scale (float): One of ``render_scales``. Defaults to 1.

        Returns:
            int: ``0.8 * height * scale``, at least 8.
        """
        return max(8, int(round(self.height * scale * 0.8)))

    def text_mask(self, text: str, face: FontFace, size: int,
                  prng: random.Random) -> Tuple[np.ndarray, dict]:
        """Rasterise ``text`` as an 8-bit coverage mask with margins.

        Args:
            text (str): The line.
            face (FontFace): The face; it must cover ``text``.
            size (int): Font size in pixels.
            prng (random.Random): Source of randomness.

        Returns:
            tuple(np.ndarray, dict): The mask of shape (H, W), uint8 in
            [0, 255], and the text geometry ``x0``, ``x1``, ``top``,
            ``baseline``, ``bottom`` in mask pixels.
        """
        font = self.fonts.font(face, size)
        asc, desc = font.getmetrics()
        asc, desc = max(asc, 1), max(desc, 0)
        spacing = 0.0
        if len(text) > 1 and prng.random() < self.spacing_prob:
            spacing = size * (prng.uniform(-0.06, 0.0) if prng.random() < 0.25
                              else prng.uniform(0.05, 0.5))
        stroke = 1 if prng.random() < self.bold_prob else 0
        glyphs = [self.fonts.glyph(face, size, c, stroke) for c in text]
        tw = text_advance(glyphs, spacing)
        text_h = asc + desc
        fill = prng.uniform(0.72, 0.98)
        extra = max(2.0, text_h / fill - text_h)
        top_pad = extra * prng.uniform(0.3, 0.7)
        h = int(round(text_h + extra))
        pad_l = size * (prng.uniform(0.0, 0.6) if prng.random() < 0.85 else
                        prng.uniform(0.0, 0.08))
        pad_r = size * (prng.uniform(0.0, 0.6) if prng.random() < 0.85 else
                        prng.uniform(0.0, 0.08))
        pad_l, pad_r = pad_l + 1 + stroke, pad_r + 1 + stroke
        w = max(1, int(np.ceil(pad_l + tw + pad_r)))
        base = top_pad + asc
        mask = np.zeros((max(h, 1), w), np.uint8)
        draw_glyphs(mask, glyphs, pad_l, int(round(base)), spacing)
        geom = dict(x0=pad_l, x1=pad_l + tw, top=top_pad, baseline=base,
                    bottom=base + desc)
        if prng.random() < self.italic_prob:
            shear = prng.uniform(0.12, 0.3)
            if prng.random() < 0.15:
                shear = -shear
            dx = int(np.ceil(abs(shear) * h))
            shift = shear * base + (dx if shear < 0 else 0)
            m = np.float32([[1, -shear, shift], [0, 1, 0]])
            mask = cv2.warpAffine(mask, m, (w + dx, h),
                                  flags=cv2.INTER_LINEAR)
        return mask, geom

    def render(self, text: str, face: FontFace,
               prng: random.Random) -> np.ndarray:
        """Render a line.

        Args:
            text (str): The line; ``face`` must cover it.
            face (FontFace): The face.
            prng (random.Random): Source of randomness.

        Returns:
            np.ndarray: uint8 BGR image of shape (height, W, 3), W at least
            ``min_width``.
        """
        scale = self.render_scales[prng.randrange(len(self.render_scales))]
        size = self.font_size(scale)
        mask, geom = self.text_mask(text, face, size, prng)
        # Bring the mask to the output height first: colour, background and
        # degradations then work on the small image.
        mh, mw = mask.shape
        f = self.height / mh
        w = max(self.min_width, int(round(mw * f)))
        h = self.height
        if (mh, mw) != (h, w):
            mask = cv2.resize(
                mask, (w, h),
                interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_LINEAR)
        geom = {k: v * f for k, v in geom.items()}
        bg, _ = self.backgrounds.sample(h, w, prng)
        colour = self._text_colour(bg, prng)
        alpha = mask.astype(np.float32)
        alpha *= prng.uniform(0.8, 1.0) / 255.0
        if prng.random() < self.shadow_prob:
            dx, dy = prng.randint(1, 2), prng.randint(1, 2)
            sh = np.zeros_like(alpha)
            sh[dy:, dx:] = alpha[:h - dy, :w - dx] * 0.6
            bg = _blend(bg, colour * 0.4, sh)
        out = _blend(bg, colour, alpha)
        self._decorate(out, geom, colour, prng)
        if self.degrader is not None:
            out = self.degrader(out, prng)
        return out

    @staticmethod
    def _text_colour(bg: np.ndarray, prng: random.Random) -> np.ndarray:
        """A BGR ink colour at least ~90 grey levels away from the
        background's mean."""
        lum = float(bg[::4, ::8].mean())
        if lum > 127:
            v = prng.uniform(0, max(10.0, lum - 100))
            c = [v + prng.uniform(-8, 8) for _ in range(3)]
            if prng.random() < 0.15:  # coloured ink: red / blue stamps
                c[prng.randrange(3)] = prng.uniform(90, 200)
        else:
            v = prng.uniform(min(235.0, lum + 100), 255)
            c = [v - prng.uniform(0, 25) for _ in range(3)]
        return np.clip(np.array(c, np.float32), 0, 255)

    def _decorate(self, img: np.ndarray, geom: dict, colour: np.ndarray,
                  prng: random.Random) -> None:
        h, w = img.shape[:2]
        col = tuple(float(c) for c in colour)
        th = max(1, int(round(h / 40)))
        if prng.random() < self.underline_prob:
            y = int(min(h - 1, geom['baseline'] + 0.35 *
                        (geom['bottom'] - geom['baseline']) + 1))
            cv2.line(img, (int(geom['x0']), y), (int(geom['x1']), y), col, th)
        if prng.random() < self.border_prob:
            u = prng.random()
            if u < 0.4:  # table cell rules at the crop edges
                for x in (prng.randint(0, 2), w - 1 - prng.randint(0, 2)):
                    if prng.random() < 0.7:
                        cv2.line(img, (x, 0), (x, h - 1), col, th)
            elif u < 0.7:  # horizontal rule above or below
                y = prng.choice((prng.randint(0, 1), h - 1 - prng.randint(
                    0, 1)))
                cv2.line(img, (0, y), (w - 1, y), col, th)
            else:  # box around the text
                m = prng.uniform(1, 4)
                x0 = int(max(0, geom['x0'] - m))
                x1 = int(min(w - 1, geom['x1'] + m))
                y0 = int(max(0, geom['top'] - m))
                y1 = int(min(h - 1, geom['bottom'] + m))
                cv2.rectangle(img, (x0, y0), (x1, y1), col, th)
