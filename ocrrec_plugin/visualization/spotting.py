"""Draw spotted text lines next to the image, with a CJK-capable font."""
import shutil
import subprocess
from functools import lru_cache
from typing import Optional, Sequence

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

# fontconfig patterns tried in turn: the first installed face that draws
# Chinese wins (tools/setup_synth_assets.sh installs Noto CJK and WenQuanYi).
CJK_FONT_PATTERNS = ('Noto Sans CJK SC', 'WenQuanYi Zen Hei',
                     'WenQuanYi Micro Hei', 'Droid Sans Fallback',
                     'sans:lang=zh-cn')


@lru_cache(maxsize=1)
def find_cjk_font() -> Optional[str]:
    """Path of an installed font that draws Chinese, or None.

    Returns:
        str or None: A font file found by fontconfig's ``fc-match`` whose
        glyph for 中 is not blank.
    """
    if shutil.which('fc-match') is None:
        return None
    for pattern in CJK_FONT_PATTERNS:
        path = subprocess.run(['fc-match', '-f', '%{file}', pattern],
                              capture_output=True,
                              text=True).stdout.strip()
        if not path:
            continue
        try:
            font = ImageFont.truetype(path, 24)
        except OSError:
            continue
        if font.getmask('中').getbbox() is not None:
            return path
    return None


def draw_spotting(img: np.ndarray,
                  polys: Sequence[Sequence[float]],
                  texts: Sequence[str],
                  font_path: Optional[str] = None) -> np.ndarray:
    """The image with line outlines, beside a white panel holding each
    line's text at the line's place.

    Args:
        img (np.ndarray): BGR image of shape (H, W, 3).
        polys (Sequence[Sequence[float]]): ``[x1, y1, ..., x4, y4]`` per
            line.
        texts (Sequence[str]): Text per line.
        font_path (str, optional): Font file; defaults to
            :func:`find_cjk_font`, else PIL's built-in font (no Chinese).

    Returns:
        np.ndarray: BGR image of shape (H, 2W, 3).
    """
    h, w = img.shape[:2]
    left = img.copy()
    right = np.full_like(img, 255)
    for poly in polys:
        pts = np.round(np.asarray(poly, np.float32).reshape(-1, 2)).astype(
            np.int32)
        cv2.polylines(left, [pts], True, (0, 160, 0), 2)
        cv2.polylines(right, [pts], True, (200, 200, 200), 1)
    canvas = Image.fromarray(cv2.cvtColor(right, cv2.COLOR_BGR2RGB))
    draw = ImageDraw.Draw(canvas)
    font_path = font_path or find_cjk_font()
    for poly, text in zip(polys, texts):
        if not text:
            continue
        pts = np.asarray(poly, np.float32).reshape(-1, 2)
        x0, y0 = pts.min(0)
        x1, y1 = pts.max(0)
        size = int(np.clip((y1 - y0) * 0.8, 8, 96))
        if font_path is not None:
            font = ImageFont.truetype(font_path, size)
            # Shrink the text to the line's width.
            width = draw.textlength(text, font=font)
            if width > (x1 - x0) > 0:
                size = max(6, int(size * (x1 - x0) / width))
                font = ImageFont.truetype(font_path, size)
        else:
            font = ImageFont.load_default()
        draw.text((float(x0), float(y0)), text, fill=(0, 0, 0), font=font)
    right = cv2.cvtColor(np.asarray(canvas), cv2.COLOR_RGB2BGR)
    return np.concatenate([left, right], axis=1).reshape(h, 2 * w, 3)
