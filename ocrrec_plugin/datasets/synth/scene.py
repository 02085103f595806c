"""Scene-word geometry and light for synthetic lines: text on an arc or a
wave, a strong side view of a sign and cast shadows, as in CUTE80 and
SVT-Perspective photos.

Each step takes a whole line image (text on its background) and returns an
image of the same height: the geometric steps warp onto a canvas large
enough to hold every source pixel, so no text is cut, and then scale it
back to the input height (keeping the aspect ratio), so that the renderer's
``(height, W, 3)`` contract holds. Canvas outside the warped source fades
from its replicated edge to the median colour of the source's border: pure
replication smears edge rules or glyph edges into long streaks over the
large corners these warps leave.
"""
import math
import random
from typing import Tuple

import cv2
import numpy as np


def fit_height(img: np.ndarray, h: int) -> np.ndarray:
    """Scale an image to height ``h``, keeping its aspect ratio.

    Args:
        img (np.ndarray): Image of shape (H, W, 3).
        h (int): Target height.

    Returns:
        np.ndarray: Image of shape (h, W * h / H, 3), width at least 1.
    """
    ih, iw = img.shape[:2]
    if ih == h:
        return img
    w = max(1, int(round(iw * h / ih)))
    return cv2.resize(
        img, (w, h),
        interpolation=cv2.INTER_AREA if ih > h else cv2.INTER_LINEAR)


def _border_colour(img: np.ndarray) -> Tuple[float, float, float]:
    """Median BGR colour of an image's outermost rows and columns (robust to
    a rule or a glyph touching the edge)."""
    edge = np.concatenate((img[0], img[-1], img[:, 0], img[:, -1]))
    b, g, r = np.median(edge, axis=0)
    return float(b), float(g), float(r)


def _fill_outside(warped: np.ndarray, coverage: np.ndarray,
                  img: np.ndarray) -> np.ndarray:
    """Blend canvas outside the warped source to the source's border colour.

    Args:
        warped (np.ndarray): uint8 (H', W', 3) warp of ``img`` with
            replicated borders.
        coverage (np.ndarray): float32 (H', W') warp of an all-ones image
            with a zero border: 1 where the source lands.
        img (np.ndarray): The source, of shape (H, W, 3).

    Returns:
        np.ndarray: uint8 image of shape (H', W', 3).
    """
    sigma = max(1.0, 0.04 * img.shape[0])
    # Soften outwards only, so the source itself is untouched.
    alpha = np.maximum(coverage, cv2.GaussianBlur(coverage, (0, 0), sigma))
    fill = np.empty_like(warped)
    fill[:] = _border_colour(img)
    return cv2.blendLinear(warped, fill, alpha, 1.0 - alpha)


def remap_filled(img: np.ndarray, map_x: np.ndarray,
                 map_y: np.ndarray) -> np.ndarray:
    """``cv2.remap`` (bilinear) with :func:`_fill_outside` borders.

    Args:
        img (np.ndarray): uint8 image of shape (H, W, 3).
        map_x (np.ndarray): float32 (H', W') source column of each pixel.
        map_y (np.ndarray): float32 (H', W') source row of each pixel.

    Returns:
        np.ndarray: uint8 image of shape (H', W', 3).
    """
    warped = cv2.remap(img, map_x, map_y, cv2.INTER_LINEAR,
                       borderMode=cv2.BORDER_REPLICATE)
    ones = np.ones(img.shape[:2], np.float32)
    coverage = cv2.remap(ones, map_x, map_y, cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    return _fill_outside(warped, coverage, img)


# ------------------------------------------------------------------- curve
def arc_warp(img: np.ndarray,
             sagitta: float,
             convex: bool = True,
             pad: float = 1.0) -> np.ndarray:
    """Bend a line along a circle segment (text on a round sign or bottle).

    The horizontal centre line of the image becomes an arc whose height
    (sagitta) is ``sagitta``; columns stay normal to the arc, so glyphs
    rotate with it instead of shearing.

    Args:
        img (np.ndarray): Image of shape (H, W, 3).
        sagitta (float): Rise of the centre line's arc in pixels (> 0).
        convex (bool): Arc bulges upwards (text over the top of a circle);
            False bends it downwards with the glyph tops towards the centre,
            as text along the bottom of a circle. Defaults to True.
        pad (float): Extra canvas on every side, pixels. Defaults to 1.

    Returns:
        np.ndarray: The curved image, of shape (H', W', 3) with H' >= H,
        holding the whole source.
    """
    if not convex:
        # Text along the bottom of a circle is the top case upside down.
        return np.ascontiguousarray(
            arc_warp(img[::-1], sagitta, True, pad)[::-1])
    h, w = img.shape[:2]
    s = max(float(sagitta), 1e-3)
    # Radius of the circle through the centre line's ends and apex (chord
    # ~ w); at least 1.2 H, or the inner side of one- or two-letter words
    # would be squeezed to a point.
    radius = max((w * w / 4.0 + s * s) / (2.0 * s), 1.2 * h)
    half = min(w / (2.0 * radius), math.pi / 2)  # half the bend angle
    r_out, r_in = radius + h / 2.0, radius - h / 2.0
    out_w = int(math.ceil(2 * r_out * math.sin(half) + 2 * pad))
    out_h = int(math.ceil(r_out - r_in * math.cos(half) + 2 * pad))
    cx, cy = out_w / 2.0, r_out + pad  # circle centre, canvas coordinates
    xs = np.arange(out_w, dtype=np.float32) + 0.5 - cx
    ys = cy - (np.arange(out_h, dtype=np.float32) + 0.5)
    dx, dy = np.meshgrid(xs, ys)
    r = np.sqrt(dx * dx + dy * dy)
    phi = np.arctan2(dx, dy)  # 0 at the apex, positive to the right
    map_x = w / 2.0 + phi * radius - 0.5
    map_y = h / 2.0 - (r - radius) - 0.5
    return remap_filled(img, map_x, map_y)


def wave_warp(img: np.ndarray,
              amplitude: float,
              periods: float,
              phase: float = 0.0,
              pad: float = 1.0) -> np.ndarray:
    """Displace columns vertically along a sine (a flag, a ribbon, a
    crumpled label).

    Args:
        img (np.ndarray): Image of shape (H, W, 3).
        amplitude (float): Peak displacement in pixels.
        periods (float): Sine periods across the width.
        phase (float): Phase in radians. Defaults to 0.
        pad (float): Extra canvas above and below, pixels. Defaults to 1.

    Returns:
        np.ndarray: The wavy image, of shape (H', W, 3) with H' >= H,
        holding the whole source.
    """
    h, w = img.shape[:2]
    xs = np.arange(w, dtype=np.float32) + 0.5
    d = amplitude * np.sin(2 * np.pi * periods * xs / w + phase)
    d -= d.min() - pad  # shift so that the highest column starts at pad
    out_h = int(math.ceil(h + float(d.max()) + pad))
    map_x = np.broadcast_to(np.arange(w, dtype=np.float32),
                            (out_h, w)).copy()
    map_y = np.arange(out_h, dtype=np.float32)[:, None] - d[None, :]
    return remap_filled(img, map_x, map_y.astype(np.float32))


def curve(img: np.ndarray,
          prng: random.Random,
          arc_prob: float = 0.65,
          amplitude: Tuple[float, float] = (0.35, 0.6)) -> np.ndarray:
    """Put the line on a random arc (convex or concave) or a gentle wave.

    The rise is a fraction of the line height, so a short word bends
    through a wide angle and a long line only gently, as on real signs.

    Args:
        img (np.ndarray): uint8 image of shape (H, W, 3).
        prng (random.Random): Source of randomness.
        arc_prob (float): Probability of an arc rather than a wave (words
            narrower than 3 H always take an arc). Defaults to 0.65.
        amplitude (tuple[float, float]): Range of the arc's rise, or the
            wave's peak-to-peak height, as fractions of H. Defaults to
            (0.35, 0.6).

    Returns:
        np.ndarray: uint8 image of shape (H, W', 3).
    """
    h, w = img.shape[:2]
    rise = h * prng.uniform(*amplitude)
    # A wave needs room: on a word under ~3 H wide it degenerates into a
    # steep vertical shear, where an arc still looks like a round sign.
    if prng.random() < arc_prob or w < 3 * h:
        out = arc_warp(img, rise, convex=prng.random() < 0.5)
    else:
        amp = rise / 2.0
        # Keep the steepest slope under ~0.55 (about 30 degrees): steeper
        # vertical shear deforms glyphs more than a real wavy surface.
        most = 0.55 * w / (2 * np.pi * amp)
        if most < 0.5:  # a short word: half a period, lower
            amp *= most / 0.5
            most = 0.5
        periods = prng.uniform(0.5, min(1.5, most))
        out = wave_warp(img, amp, periods, prng.uniform(0, 2 * np.pi))
    return fit_height(out, h)


# ------------------------------------------------------------- perspective
def perspective_crop(img: np.ndarray, quad: np.ndarray,
                     margins: Tuple[float, float, float, float] = (1, 1, 1,
                                                                   1)
                     ) -> np.ndarray:
    """Warp the image's corners onto ``quad`` and crop to its bounding box.

    Args:
        img (np.ndarray): Image of shape (H, W, 3).
        quad (np.ndarray): float (4, 2) destination of the corners
            top-left, top-right, bottom-right, bottom-left (any offset).
        margins (tuple[float]): Space left, top, right and bottom of the
            quad's bounding box in pixels. Defaults to 1 each.

    Returns:
        np.ndarray: The warped image, holding the whole source.
    """
    h, w = img.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    left, top, right, bottom = margins
    dst = np.float32(quad) - np.float32(quad).min(0) + np.float32([left, top])
    out_w = int(math.ceil(float(dst[:, 0].max()) + right))
    out_h = int(math.ceil(float(dst[:, 1].max()) + bottom))
    m = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(
        img, m, (out_w, out_h), flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE)
    coverage = cv2.warpPerspective(
        np.ones((h, w), np.float32), m, (out_w, out_h),
        flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
        borderValue=0)
    return _fill_outside(warped, coverage, img)


def scene_quad(h: int, w: int, prng: random.Random,
               max_shrink: float = 0.5,
               max_shear: float = 20.0) -> np.ndarray:
    """Corners of a (H, W) line seen as a sign from the side, from below or
    above, and slanted.

    Args:
        h (int): Height of the line.
        w (int): Width of the line.
        prng (random.Random): Source of randomness.
        max_shrink (float): Largest shortening of the far vertical edge, as a
            fraction of H. Defaults to 0.5.
        max_shear (float): Largest shear angle in degrees. Defaults to 20.

    Returns:
        np.ndarray: float32 (4, 2) corners top-left, top-right, bottom-right,
        bottom-left.
    """
    q = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    side = prng.random() < 0.75
    tilt = prng.random() < 0.4
    if not (side or tilt):
        side = True
    if side:  # one vertical edge further away: shorter, and the line
        # foreshortened along its length
        lost = h * prng.uniform(0.15, max_shrink)
        top = lost * prng.uniform(0.2, 0.8)
        # corners (top, bottom) of the far edge: right or left
        t, b = (1, 2) if prng.random() < 0.5 else (0, 3)
        q[t, 1] += top
        q[b, 1] -= lost - top
        q[:, 0] *= prng.uniform(0.75, 1.0)
    if tilt:  # seen from below (or above): the far horizontal edge is
        # shorter, so the line's ends lean in; the lean is capped in
        # degrees, long lines would otherwise lean over
        lean = h * math.tan(math.radians(prng.uniform(4, 0.8 * max_shear)))
        edge = (0, 1) if prng.random() < 0.7 else (3, 2)
        q[edge[0], 0] += lean
        q[edge[1], 0] -= lean
        q[:, 1] *= prng.uniform(0.8, 1.0)
    if prng.random() < 0.5:  # slanted verticals
        k = math.tan(math.radians(prng.uniform(-max_shear, max_shear)))
        q[:, 0] += k * (h - q[:, 1])
    if prng.random() < 0.4:  # slanted baseline, at most ~0.5 H of rise
        cap = min(max_shear, math.degrees(math.atan(0.5 * h / max(w, 1))))
        k = math.tan(math.radians(prng.uniform(-cap, cap)))
        q[:, 1] += k * q[:, 0]
    return q


def scene_perspective(img: np.ndarray,
                      prng: random.Random,
                      max_shrink: float = 0.5,
                      max_shear: float = 20.0) -> np.ndarray:
    """Strong perspective of a photographed sign (SVT-Perspective style),
    cropped to the warped line with a small random margin.

    Args:
        img (np.ndarray): uint8 image of shape (H, W, 3).
        prng (random.Random): Source of randomness.
        max_shrink (float): Largest shortening of the far vertical edge, as a
            fraction of H. Defaults to 0.5.
        max_shear (float): Largest shear angle in degrees. Defaults to 20.

    Returns:
        np.ndarray: uint8 image of shape (H, W', 3).
    """
    h, w = img.shape[:2]
    quad = scene_quad(h, w, prng, max_shrink, max_shear)
    margins = tuple(1.0 + h * prng.uniform(0.0, 0.08) for _ in range(4))
    return fit_height(perspective_crop(img, quad, margins), h)


# ------------------------------------------------------------------ shadow
def cast_shadow(img: np.ndarray, prng: random.Random) -> np.ndarray:
    """Darken part of the line behind a soft shadow edge, or cross it with
    a light (or dark) gradient band, as sunlight on a shop front does.

    Args:
        img (np.ndarray): uint8 image of shape (H, W, 3).
        prng (random.Random): Source of randomness.

    Returns:
        np.ndarray: uint8 image of the same shape.
    """
    h, w = img.shape[:2]
    # An edge through a point on the text, mostly steep so that it cuts
    # across the word rather than along it.
    ang = math.radians(prng.uniform(25, 155) if prng.random() < 0.75 else
                       prng.uniform(-25, 25))
    nx, ny = math.sin(ang), -math.cos(ang)  # normal of the edge
    px, py = prng.uniform(0.15, 0.85) * w, prng.uniform(0.2, 0.8) * h
    xs = np.arange(w, dtype=np.float32) + 0.5 - px
    ys = np.arange(h, dtype=np.float32) + 0.5 - py
    t = xs[None, :] * nx + ys[:, None] * ny  # signed distance, pixels
    if prng.random() < 0.65:  # cast shadow: a half-plane with a soft edge
        soft = h * prng.uniform(0.05, 0.6)
        mask = 0.5 + 0.5 * np.tanh(t / soft)
        strength = prng.uniform(0.3, 0.65)
        # Shade is lit by the sky: blue dims less than red.
        tint = np.float32([0.8, 0.9, 1.0])
        field = 1.0 - strength * mask[:, :, None] * tint
        return cv2.multiply(img, field, dtype=cv2.CV_8U, scale=1.0)
    half = h * prng.uniform(0.2, 1.0)
    band = np.exp(-(t / half)**2)[:, :, None]
    src = img.astype(np.float32)
    if prng.random() < 0.7:  # glare: towards white
        strength = prng.uniform(0.25, 0.6)
        out = src + (255.0 - src) * (strength * band)
    else:  # a shadow band (a pole, a cable)
        out = src * (1.0 - prng.uniform(0.3, 0.6) * band)
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)
