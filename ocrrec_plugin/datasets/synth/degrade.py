"""Image degradations for synthetic lines: scene-word geometry and shadows
(off by default), perspective and small rotation, uneven light, blur, low
resolution, noise and JPEG."""
import random
from typing import Dict, Optional

import cv2
import numpy as np

from .scene import cast_shadow, curve, scene_perspective

DEFAULT_PROBS: Dict[str, float] = dict(
    perspective=0.3,
    rotate=0.3,
    light=0.3,
    blur=0.3,
    motion_blur=0.08,
    lowres=0.25,
    noise=0.3,
    jpeg=0.35,
    contrast=0.2,
    # Scene words (CUTE80 / SVT-Perspective): off by default so that the
    # existing configs and seeded validation sets render as before.
    shadow=0.0,
    curve=0.0,
    scene_perspective=0.0,
)


_NOISE_BANK: Optional[np.ndarray] = None


def _noise_bank() -> np.ndarray:
    """A fixed (64, 2048, 3) field of N(0, 1) noise, built once per process
    from a fixed seed; lines take random crops of it."""
    global _NOISE_BANK
    if _NOISE_BANK is None:
        _NOISE_BANK = np.random.default_rng(4321).standard_normal(
            (64, 2048, 3)).astype(np.float32)
    return _NOISE_BANK


class LineDegrader:
    """Apply a random subset of degradations to a line image.

    Each degradation fires independently with its probability; the order is
    the scene (a cast shadow on the surface, the surface's curve, the view
    of it), then camera geometry, light, blur, low resolution, noise, then
    JPEG, as a camera or scanner would produce them.

    The scene-word steps (see :mod:`.scene`), all off by default:

        - ``shadow``: a soft cast-shadow edge, or a light (or dark) gradient
          band, across part of the line.
        - ``curve``: the line on a circle segment (convex or concave, rising
          0.35-0.6 of the height) or on a sine of 0.5-1.5 periods.
        - ``scene_perspective``: a sign seen from the side: one vertical edge
          up to 50% shorter and/or the ends leaning in, shear up to 20
          degrees, cropped to the warped line with a small random margin.

    They warp onto a larger canvas (nothing is cut) that is scaled back to
    the input height, so the output width may differ from the input's.

    Args:
        probs (dict[str, float], optional): Probability per degradation
            (``perspective``, ``rotate``, ``light``, ``blur``,
            ``motion_blur``, ``lowres``, ``noise``, ``jpeg``, ``contrast``,
            ``shadow``, ``curve``, ``scene_perspective``). Missing keys take
            :data:`DEFAULT_PROBS`; pass 0 to disable one.
        max_angle (float): Largest rotation in degrees. Defaults to 3.
        max_perspective (float): Largest corner shift as a fraction of the
            image height. Defaults to 0.12.
    """

    def __init__(self,
                 probs: Optional[Dict[str, float]] = None,
                 max_angle: float = 3.0,
                 max_perspective: float = 0.12) -> None:
        unknown = set(probs or {}) - set(DEFAULT_PROBS)
        if unknown:
            raise KeyError(f'unknown degradations {sorted(unknown)}; valid: '
                           f'{sorted(DEFAULT_PROBS)}')
        self.probs = dict(DEFAULT_PROBS, **(probs or {}))
        self.max_angle = max_angle
        self.max_perspective = max_perspective

    def __call__(self, img: np.ndarray, prng: random.Random) -> np.ndarray:
        """Degrade an image.

        Args:
            img (np.ndarray): uint8 image of shape (H, W, 3).
            prng (random.Random): Source of randomness (noise comes from
                random crops of a fixed noise bank).

        Returns:
            np.ndarray: uint8 image of the same height; the width changes
            only when ``curve`` or ``scene_perspective`` fires.
        """
        p = self.probs
        if self._fires('shadow', prng):
            img = cast_shadow(img, prng)
        if self._fires('curve', prng):
            img = curve(img, prng)
        if self._fires('scene_perspective', prng):
            img = scene_perspective(img, prng)
        h, w = img.shape[:2]
        persp = prng.random() < p['perspective']
        rot = prng.random() < p['rotate']
        if persp or rot:
            img = self.warp(img, prng, persp, rot)
        if prng.random() < p['light']:
            img = self.uneven_light(img, prng)
        if prng.random() < p['contrast']:
            lo, hi = prng.uniform(0, 60), prng.uniform(195, 255)
            img = cv2.convertScaleAbs(img, alpha=(hi - lo) / 255.0, beta=lo)
        if prng.random() < p['blur']:
            sigma = prng.uniform(0.3, 0.25 + h / 40.0)
            img = cv2.GaussianBlur(img, (0, 0), sigma)
        if prng.random() < p['motion_blur']:
            k = prng.randint(3, max(3, h // 8 + 2))
            kernel = np.zeros((k, k), np.float32)
            kernel[k // 2, :] = 1.0 / k
            if prng.random() < 0.3:
                kernel = kernel.T.copy()
            img = cv2.filter2D(img, -1, kernel)
        if prng.random() < p['lowres']:
            f = prng.uniform(1.3, 2.5)
            small = (max(1, int(w / f)), max(1, int(h / f)))
            img = cv2.resize(img, small, interpolation=cv2.INTER_AREA)
            img = cv2.resize(
                img, (w, h),
                interpolation=prng.choice(
                    (cv2.INTER_LINEAR, cv2.INTER_NEAREST, cv2.INTER_CUBIC)))
        if prng.random() < p['noise']:
            img = self.add_noise(img, prng.uniform(2, 14), prng)
        if prng.random() < p['jpeg']:
            q = prng.randint(15, 90)
            ok, buf = cv2.imencode('.jpg', img, [cv2.IMWRITE_JPEG_QUALITY, q])
            if ok:
                img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
        return img

    def _fires(self, key: str, prng: random.Random) -> bool:
        """Whether scene step ``key`` fires. Nothing is drawn when its
        probability is 0, so every later draw, and the image, is what it was
        before these steps existed."""
        q = self.probs[key]
        return q > 0 and prng.random() < q

    def warp(self,
             img: np.ndarray,
             prng: random.Random,
             perspective: bool = True,
             rotate: bool = True) -> np.ndarray:
        """Small rotation and perspective, edges replicated.

        Args:
            img (np.ndarray): Image of shape (H, W, 3).
            prng (random.Random): Source of randomness.
            perspective (bool): Jitter the corners. Defaults to True.
            rotate (bool): Rotate about the centre. Defaults to True.

        Returns:
            np.ndarray: Warped image of the same shape.
        """
        h, w = img.shape[:2]
        src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        d = self.max_perspective * h if perspective else 0.0
        dst = src + np.float32([[prng.uniform(-d, d),
                                 prng.uniform(-d, d)] for _ in range(4)])
        a = self.max_angle if rotate else 0.0
        # Long lines rotate less: their ends must stay inside the margins.
        a = min(a, float(np.rad2deg(np.arctan(0.3 * h / max(w, 1)))))
        ang = np.deg2rad(prng.uniform(-a, a))
        c, s = np.cos(ang), np.sin(ang)
        centre = np.float32([w / 2, h / 2])
        rot = np.float32([[c, -s], [s, c]])
        dst = (dst - centre) @ rot.T + centre
        m = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
        return cv2.warpPerspective(
            img, m, (w, h), flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REPLICATE)

    @staticmethod
    def add_noise(img: np.ndarray, sigma: float,
                  prng: random.Random) -> np.ndarray:
        """Add Gaussian colour noise (a random crop of a fixed noise bank).

        Args:
            img (np.ndarray): uint8 image of shape (H, W, 3).
            sigma (float): Noise standard deviation in grey levels.
            prng (random.Random): Source of the crop position.

        Returns:
            np.ndarray: Noisy uint8 image.
        """
        bank = _noise_bank()
        h, w = img.shape[:2]
        if h > bank.shape[0] or w > bank.shape[1]:
            bank = np.tile(bank, (-(-h // bank.shape[0]),
                                  -(-w // bank.shape[1]), 1))
        y = prng.randint(0, bank.shape[0] - h)
        x = prng.randint(0, bank.shape[1] - w)
        return cv2.addWeighted(img, 1.0, bank[y:y + h, x:x + w], sigma, 0.0,
                               dtype=cv2.CV_8U)

    @staticmethod
    def uneven_light(img: np.ndarray, prng: random.Random) -> np.ndarray:
        """Multiply by a linear or radial illumination field.

        Args:
            img (np.ndarray): Image of shape (H, W, 3).
            prng (random.Random): Source of randomness.

        Returns:
            np.ndarray: Re-lit uint8 image.
        """
        h, w = img.shape[:2]
        lo, hi = prng.uniform(0.45, 0.9), prng.uniform(1.0, 1.25)
        if prng.random() < 0.6:
            ends = np.float32([[lo, hi]] if prng.random() < 0.5 else
                              [[hi, lo]])
        else:  # radial, computed on a coarse grid and upsampled
            gw, gh = 16, max(2, int(round(16 * h / max(w, 1))))
            cx, cy = prng.uniform(0, 1), prng.uniform(0, 1)
            xs = np.linspace(0, 1, gw, dtype=np.float32) - cx
            ys = (np.linspace(0, 1, gh, dtype=np.float32) - cy) * h / max(w, 1)
            r = np.sqrt(xs[None, :]**2 + ys[:, None]**2)
            ends = hi - (hi - lo) * np.clip(r / 0.7, 0, 1)
        field = cv2.resize(ends, (w, h), interpolation=cv2.INTER_LINEAR)
        field = cv2.cvtColor(field, cv2.COLOR_GRAY2BGR)
        return cv2.multiply(img, field, dtype=cv2.CV_8U)
