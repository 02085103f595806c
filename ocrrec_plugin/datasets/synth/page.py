"""Synthetic full pages for the line detector: documents, receipts and
signs, with one quadrilateral per text line."""
import random
from typing import Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from .backgrounds import BackgroundBank
from .degrade import LineDegrader
from .fonts import FontFace, FontPool
from .render import _blend, draw_glyphs, text_advance
from .text_sampler import LineTextSampler

LAYOUTS = ('document', 'receipt', 'sign')


class PageRenderer:
    """Lay out many text lines on a page and return line quadrilaterals.

    Layouts: ``document`` (paragraphs, headings, one or two columns),
    ``receipt`` (narrow, centred header, item lines with right-aligned
    prices, rules) and ``sign`` (a few large centred lines on a photo or
    coloured board). The page is then warped (perspective, rotation) and
    degraded, and the quadrilaterals follow the warp.

    Args:
        sampler (LineTextSampler): Line texts.
        fonts (FontPool): Faces and glyphs.
        backgrounds (BackgroundBank): Page backgrounds.
        long_side (tuple[int, int]): Range of the page's long side in
            pixels. Defaults to (640, 1024).
        layout_weights (dict[str, float], optional): Relative weights of the
            layouts. Defaults to document 0.5, receipt 0.3, sign 0.2.
        max_angle (float): Largest page rotation in degrees. Defaults to 6.
        max_perspective (float): Largest corner shift as a fraction of the
            short side. Defaults to 0.06.
    """

    def __init__(self,
                 sampler: LineTextSampler,
                 fonts: FontPool,
                 backgrounds: BackgroundBank,
                 long_side: Tuple[int, int] = (640, 1024),
                 layout_weights: Optional[Dict[str, float]] = None,
                 max_angle: float = 6.0,
                 max_perspective: float = 0.06) -> None:
        self.sampler = sampler
        self.fonts = fonts
        self.backgrounds = backgrounds
        self.long_side = long_side
        weights = layout_weights or dict(document=0.5, receipt=0.3, sign=0.2)
        unknown = set(weights) - set(LAYOUTS)
        if unknown:
            raise KeyError(f'unknown layouts {sorted(unknown)}; valid: '
                           f'{LAYOUTS}')
        self.layouts = [k for k in LAYOUTS if weights.get(k, 0) > 0]
        self.layout_cum = np.cumsum([weights[k]
                                     for k in self.layouts]).tolist()
        self.max_angle = max_angle
        self.max_perspective = max_perspective

    # ------------------------------------------------------------- helpers
    def _line(self, prng: random.Random, max_w: float, size: int,
              kind: Optional[str] = None,
              face: Optional[FontFace] = None) -> Optional[tuple]:
        """Sample a text that fits ``max_w`` pixels at ``size``."""
        for _ in range(6):
            text = self.sampler.sample(prng, kind)
            f = face if face is not None and face.covers(
                text) else self.fonts.choose(text, prng)
            if f is None:
                continue
            glyphs = [self.fonts.glyph(f, size, c) for c in text]
            # Cut the text to the width (keep whole glyphs).
            total, n = 0.0, 0
            for g in glyphs:
                if total + g[3] > max_w:
                    break
                total += g[3]
                n += 1
            text = text[:n].rstrip(' ')
            if text.strip():
                return text, f, glyphs[:len(text)]
        return None

    def _place(self, mask: np.ndarray, glyphs: Sequence, x: float,
               baseline: int, text: str,
               out: List[dict]) -> None:
        """Draw a run and record its tight box as a quadrilateral."""
        h, w = mask.shape
        tw = text_advance(glyphs)
        x0, x1 = int(max(0, np.floor(x))), int(min(w, np.ceil(x + tw)) + 2)
        sub = np.zeros((h, x1 - x0), np.uint8)
        draw_glyphs(sub, glyphs, x - x0, baseline)
        rows = np.flatnonzero(sub.any(axis=1))
        cols = np.flatnonzero(sub.any(axis=0))
        if rows.size == 0 or cols.size == 0:
            return
        region = mask[:, x0:x1]
        np.maximum(region, sub, out=region)
        bx0, bx1 = x0 + cols[0], x0 + cols[-1] + 1
        by0, by1 = rows[0], rows[-1] + 1
        out.append(
            dict(
                polygon=[bx0, by0, bx1, by0, bx1, by1, bx0, by1],
                text=text))

    # -------------------------------------------------------------- layouts
    def _document(self, prng: random.Random, w: int, h: int,
                  mask: np.ndarray, out: List[dict]) -> None:
        margin = int(w * prng.uniform(0.04, 0.12))
        cols = 2 if w > 560 and prng.random() < 0.3 else 1
        gutter = int(w * 0.04)
        col_w = (w - 2 * margin - gutter * (cols - 1)) / cols
        size = prng.randint(max(12, w // 60), max(14, w // 28))
        lead = prng.uniform(1.25, 1.9)
        for c in range(cols):
            y = margin + size
            x_left = margin + c * (col_w + gutter)
            while y < h - margin:
                u = prng.random()
                s = size
                if u < 0.08:  # heading
                    s = int(size * prng.uniform(1.3, 1.8))
                elif u < 0.18:  # paragraph break
                    y += int(size * lead)
                    continue
                y += int(s * 0.2)
                if y >= h - margin:
                    break
                indent = s * 2 if prng.random() < 0.15 else 0
                line = self._line(prng, col_w - indent, s)
                if line is None:
                    break
                text, _, glyphs = line
                self._place(mask, glyphs, x_left + indent, y, text, out)
                y += int(s * lead)

    def _receipt(self, prng: random.Random, w: int, h: int,
                 mask: np.ndarray, out: List[dict]) -> None:
        margin = int(w * prng.uniform(0.05, 0.12))
        size = prng.randint(max(12, w // 40), max(14, w // 22))
        lead = prng.uniform(1.2, 1.6)
        y = margin + size
        face = None
        while y < h - margin:
            u = prng.random()
            if y < h * 0.2 or u < 0.1:  # centred header / footer line
                line = self._line(prng, w - 2 * margin, size,
                                  prng.choice(('receipt', 'en_words',
                                               'zh_words', 'numeric')), face)
                if line is None:
                    break
                text, face, glyphs = line
                x = (w - text_advance(glyphs)) / 2
                self._place(mask, glyphs, x, y, text, out)
            elif u < 0.2:  # a rule
                yy = int(y - size * 0.4)
                if prng.random() < 0.5:
                    for xx in range(margin, w - margin, 8):
                        cv2.line(mask, (xx, yy), (min(xx + 4, w - margin), yy),
                                 255, 1)
                else:
                    cv2.line(mask, (margin, yy), (w - margin, yy), 255, 1)
            else:  # item ........ price
                price = self.sampler.charset.normalize(
                    f'{prng.uniform(0.5, 500):.2f}')
                pf = face if face is not None and face.covers(
                    price) else self.fonts.choose(price, prng)
                if pf is None:
                    break
                pg = [self.fonts.glyph(pf, size, c) for c in price]
                pw = text_advance(pg)
                line = self._line(prng, w - 2 * margin - pw - size * 2, size,
                                  'receipt', face)
                if line is None:
                    break
                text, face, glyphs = line
                self._place(mask, glyphs, margin, y, text, out)
                self._place(mask, pg, w - margin - pw, y, price, out)
            y += int(size * lead)

    def _sign(self, prng: random.Random, w: int, h: int, mask: np.ndarray,
              out: List[dict]) -> None:
        n = prng.randint(1, 4)
        size = int(min(h / (n * 1.8), w / 6))
        y = int((h - n * size * 1.5) / 2 + size)
        for _ in range(n):
            s = int(size * prng.uniform(0.6, 1.0))
            line = self._line(prng, w * 0.9, s,
                              prng.choice(('zh_words', 'en_words', 'mixed',
                                           'numeric')))
            if line is None:
                break
            text, _, glyphs = line
            x = (w - text_advance(glyphs)) / 2
            self._place(mask, glyphs, x, y, text, out)
            y += int(size * 1.5)

    # --------------------------------------------------------------- public
    def render(self, prng: random.Random) -> Tuple[np.ndarray, List[dict]]:
        """Render one page.

        Args:
            prng (random.Random): Source of randomness.

        Returns:
            tuple(np.ndarray, list[dict]): The uint8 BGR page of shape
            (H, W, 3) and one dict per line with ``polygon`` (list of 8
            floats, clockwise from top-left, in page pixels) and ``text``.
        """
        i = int(np.searchsorted(self.layout_cum,
                                prng.random() * self.layout_cum[-1],
                                side='right'))
        layout = self.layouts[min(i, len(self.layouts) - 1)]
        long_side = prng.randint(*self.long_side)
        if layout == 'receipt':
            h, w = long_side, int(long_side * prng.uniform(0.35, 0.6))
        elif layout == 'document':
            h, w = long_side, int(long_side * prng.uniform(0.7, 0.8))
        else:
            h = int(long_side * prng.uniform(0.5, 0.8))
            w = long_side
        mask = np.zeros((h, w), np.uint8)
        lines: List[dict] = []
        getattr(self, f'_{layout}')(prng, w, h, mask, lines)
        if layout == 'sign':
            kind = prng.choice(('photo', 'photo', 'gradient', 'flat'))
        else:  # a gradient across a whole page can cross the ink's tone
            kind = prng.choice(('paper', 'paper', 'flat', 'photo'))
        bg, _ = self.backgrounds.sample(h, w, prng, kind)
        lum = float(bg[::8, ::8].mean())
        colour = np.array([prng.uniform(0, 70)] * 3, np.float32) if lum > 127 \
            else np.array([prng.uniform(200, 255)] * 3, np.float32)
        img = _blend(bg, colour,
                     mask.astype(np.float32) * (prng.uniform(0.85, 1.0) / 255))
        img, lines = self._warp(img, lines, prng)
        img = self._degrade(img, prng)
        return img, lines

    def _warp(self, img: np.ndarray, lines: List[dict],
              prng: random.Random) -> Tuple[np.ndarray, List[dict]]:
        h, w = img.shape[:2]
        src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        d = self.max_perspective * min(h, w)
        dst = src + np.float32([[prng.uniform(-d, d),
                                 prng.uniform(-d, d)] for _ in range(4)])
        ang = np.deg2rad(prng.uniform(-self.max_angle, self.max_angle))
        c, s = np.cos(ang), np.sin(ang)
        centre = np.float32([w / 2, h / 2])
        dst = (dst - centre) @ np.float32([[c, -s], [s, c]]).T + centre
        # Fit the warped page in a canvas of its bounding box.
        x0, y0 = dst.min(axis=0)
        dst -= np.float32([x0, y0])
        nw, nh = (int(np.ceil(v)) for v in dst.max(axis=0))
        m = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
        out = cv2.warpPerspective(
            img, m, (nw, nh), flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REPLICATE)
        for line in lines:
            pts = np.float32(line['polygon']).reshape(-1, 1, 2)
            pts = cv2.perspectiveTransform(pts, m).reshape(-1)
            line['polygon'] = [round(float(v), 1) for v in pts]
        return out, lines

    @staticmethod
    def _degrade(img: np.ndarray, prng: random.Random) -> np.ndarray:
        if prng.random() < 0.4:
            img = LineDegrader.uneven_light(img, prng)
        if prng.random() < 0.3:
            img = cv2.GaussianBlur(img, (0, 0), prng.uniform(0.3, 1.0))
        if prng.random() < 0.3:
            img = LineDegrader.add_noise(img, prng.uniform(2, 10), prng)
        if prng.random() < 0.4:
            ok, buf = cv2.imencode(
                '.jpg', img, [cv2.IMWRITE_JPEG_QUALITY,
                              prng.randint(30, 90)])
            if ok:
                img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
        return img
