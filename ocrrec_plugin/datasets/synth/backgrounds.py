"""Backgrounds for synthetic lines and pages: flat, gradient, noise,
paper-like textures and crops of real photographs or receipts."""
import csv
import glob
import os
import os.path as osp
import random
from bisect import bisect_right
from typing import List, Optional, Sequence, Tuple

import cv2
import numpy as np

_IMG_EXTS = ('.jpg', '.jpeg', '.png', '.bmp', '.webp')
DEFAULT_KIND_WEIGHTS = dict(
    flat=0.25, gradient=0.15, noise=0.1, paper=0.3, photo=0.2)


def _add_colour(field: np.ndarray, amp: float,
                colour: np.ndarray) -> np.ndarray:
    """``colour + amp * field`` as a saturated uint8 BGR image.

    Args:
        field (np.ndarray): float32 texture of shape (H, W).
        amp (float): Texture amplitude in grey levels.
        colour (np.ndarray): Base BGR colour of shape (3, ).

    Returns:
        np.ndarray: uint8 image of shape (H, W, 3).
    """
    tex = cv2.cvtColor(np.ascontiguousarray(field), cv2.COLOR_GRAY2BGR)
    b, g, r = (float(c) for c in colour)
    return cv2.add(
        cv2.multiply(tex, (amp, amp, amp, 0.0)), (b, g, r, 0.0),
        dtype=cv2.CV_8U)


def _smooth_noise(rng: np.random.Generator, h: int, w: int,
                  cell: int) -> np.ndarray:
    """Low-frequency noise in [-1, 1] of shape (h, w): upsampled random
    grid."""
    gh, gw = max(2, h // cell + 2), max(2, w // cell + 2)
    grid = rng.standard_normal((gh, gw)).astype(np.float32)
    out = cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC)
    return np.clip(out / 2.5, -1, 1)


def _read_sroie_boxes(csv_path: str) -> List[np.ndarray]:
    """Quadrilaterals (4, 2) from an SROIE ``x1,y1,...,x4,y4,text`` file."""
    quads = []
    with open(csv_path, encoding='utf-8', errors='ignore') as f:
        for row in csv.reader(f):
            if len(row) < 8:
                continue
            try:
                quads.append(
                    np.array([float(v) for v in row[:8]],
                             np.float32).reshape(4, 2))
            except ValueError:
                continue
    return quads


class BackgroundBank:
    """Draws background patches of any size.

    Texture banks (noise, paper) and photo crops are built once per process
    from a fixed seed, so a patch depends only on the caller's random
    generators. Photos next to an SROIE-style ``box/*.csv`` annotation (same
    stem, folder ``box`` beside the image folder) are masked so that crops
    never contain annotated text.

    Args:
        image_dirs (Sequence[str]): Folders (or files) of real photographs
            or scans to crop from. Missing paths are ignored. Defaults to ().
        max_images (int): At most this many images are loaded (evenly spread
            over the sorted file list). Defaults to 64.
        kind_weights (dict[str, float], optional): Relative weights of
            ``flat``, ``gradient``, ``noise``, ``paper`` and ``photo``.
            Defaults to :data:`DEFAULT_KIND_WEIGHTS` (photo is skipped when
            no image was found).
        bank_seed (int): Seed of the texture banks. Defaults to 1234.
    """

    def __init__(self,
                 image_dirs: Sequence[str] = (),
                 max_images: int = 64,
                 kind_weights: Optional[dict] = None,
                 bank_seed: int = 1234) -> None:
        self.image_dirs = tuple(image_dirs)
        self.max_images = max_images
        self.bank_seed = bank_seed
        weights = dict(DEFAULT_KIND_WEIGHTS if kind_weights is None else
                       kind_weights)
        self._weights = weights
        self._ready = False
        self.photos: List[np.ndarray] = []
        self.text_masks: List[Optional[np.ndarray]] = []

    # ---------------------------------------------------------------- set-up
    def _setup(self) -> None:
        if self._ready:
            return
        rng = np.random.default_rng(self.bank_seed)
        # Noise bank: one large field of N(0, 1), cropped at random.
        self.noise = rng.standard_normal((256, 1024)).astype(np.float32)
        # Paper bank: smooth mottling plus fibres, values around 0.
        papers = []
        for _ in range(6):
            h, w = 256, 1024
            tex = 0.6 * _smooth_noise(rng, h, w, 64) + 0.3 * _smooth_noise(
                rng, h, w, 12)
            fib = np.zeros((h, w), np.float32)
            for _ in range(60):
                x0, y0 = rng.integers(0, w), rng.integers(0, h)
                ang, ln = rng.uniform(0, np.pi), rng.integers(5, 40)
                x1 = int(x0 + ln * np.cos(ang))
                y1 = int(y0 + ln * np.sin(ang))
                cv2.line(fib, (int(x0), int(y0)), (x1, y1),
                         float(rng.uniform(-1, 1)), 1)
            tex += 0.3 * cv2.GaussianBlur(fib, (3, 3), 0)
            tex += 0.15 * rng.standard_normal((h, w)).astype(np.float32)
            papers.append(tex)
        self.papers = papers
        self._load_photos()
        kinds = [k for k, w in self._weights.items() if w > 0]
        if not self.photos and 'photo' in kinds:
            kinds.remove('photo')
        if not kinds:
            kinds = ['flat']
        self.kinds = kinds
        self.kind_cum = np.cumsum([self._weights.get(k, 1.0)
                                   for k in kinds]).tolist()
        self._ready = True

    def _list_images(self) -> List[str]:
        files: List[str] = []
        for d in self.image_dirs:
            if osp.isfile(d):
                files.append(d)
            elif osp.isdir(d):
                files.extend(
                    p for p in glob.glob(osp.join(d, '**', '*'),
                                         recursive=True)
                    if p.lower().endswith(_IMG_EXTS))
        return sorted(set(files))

    def _load_photos(self) -> None:
        files = self._list_images()
        if len(files) > self.max_images:
            step = len(files) / self.max_images
            files = [files[int(i * step)] for i in range(self.max_images)]
        for path in files:
            img = cv2.imread(path, cv2.IMREAD_COLOR)
            if img is None or min(img.shape[:2]) < 32:
                continue
            scale = min(1.0, 720.0 / max(img.shape[:2]))
            mask = None
            stem = osp.splitext(osp.basename(path))[0]
            box = osp.join(
                osp.dirname(osp.dirname(path)), 'box', stem + '.csv')
            if osp.isfile(box):
                mask = np.zeros(img.shape[:2], np.uint8)
                for q in _read_sroie_boxes(box):
                    cv2.fillPoly(mask, [q.astype(np.int32)], 1)
                mask = cv2.dilate(mask, np.ones((9, 9), np.uint8))
            if scale < 1:
                size = (int(img.shape[1] * scale), int(img.shape[0] * scale))
                img = cv2.resize(img, size, interpolation=cv2.INTER_AREA)
                if mask is not None:
                    mask = cv2.resize(
                        mask, size, interpolation=cv2.INTER_NEAREST)
            # Integral image of the text mask: O(1) "is this crop clean?".
            self.photos.append(img)
            self.text_masks.append(
                None if mask is None else cv2.integral(mask))

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        for k in ('noise', 'papers', 'photos', 'text_masks', 'kinds',
                  'kind_cum'):
            state.pop(k, None)
        state['photos'], state['text_masks'] = [], []
        state['_ready'] = False  # rebuilt lazily in the new process
        return state

    # ------------------------------------------------------------------ draw
    def sample(self,
               h: int,
               w: int,
               prng: random.Random,
               kind: Optional[str] = None) -> Tuple[np.ndarray, str]:
        """Draw a background.

        Args:
            h (int): Height in pixels.
            w (int): Width in pixels.
            prng (random.Random): Source of randomness.
            kind (str, optional): Force a kind. Defaults to None.

        Returns:
            tuple(np.ndarray, str): A uint8 BGR image of shape (h, w, 3) and
            the kind drawn.
        """
        self._setup()
        if kind is None:
            i = bisect_right(self.kind_cum, prng.random() * self.kind_cum[-1])
            kind = self.kinds[min(i, len(self.kinds) - 1)]
        if kind == 'photo' and self.photos:
            img = self._photo(h, w, prng)
            if img is not None:
                return img, kind
            kind = 'paper'
        base = self._base_colour(prng)
        if kind == 'flat':
            img = np.empty((h, w, 3), np.uint8)
            img[:] = base.astype(np.uint8)
            return img, kind
        if kind == 'gradient':
            other = np.clip(
                base + np.array([prng.gauss(0, 40) for _ in range(3)],
                                np.float32), 0, 255)
            ends = np.stack([base, other]).astype(np.uint8)  # (2, 3)
            if prng.random() < 0.7:  # left to right
                img = cv2.resize(ends[None], (w, h),
                                 interpolation=cv2.INTER_LINEAR)
            else:  # top to bottom
                img = cv2.resize(ends[:, None], (w, h),
                                 interpolation=cv2.INTER_LINEAR)
            return img, kind
        if kind == 'noise':
            amp = prng.uniform(4, 25)
            field = self._crop(self.noise, h, w, prng)
            return _add_colour(field, amp, base), kind
        # paper
        tex = self._crop(self.papers[prng.randrange(len(self.papers))], h, w,
                         prng)
        amp = prng.uniform(8, 30)
        tint = np.array([prng.uniform(0.9, 1.0), prng.uniform(0.95, 1.0), 1.0],
                        np.float32)
        return _add_colour(tex, amp, base * tint), 'paper'

    @staticmethod
    def _base_colour(prng: random.Random) -> np.ndarray:
        u = prng.random()
        if u < 0.65:  # paper-white to light grey
            v = prng.uniform(195, 255)
            return np.array([v, v, v], np.float32) + np.array(
                [prng.uniform(-12, 0) for _ in range(3)], np.float32)
        if u < 0.8:  # dark (signs, screens)
            return np.array([prng.uniform(0, 90) for _ in range(3)],
                            np.float32)
        return np.array([prng.uniform(0, 255) for _ in range(3)], np.float32)

    @staticmethod
    def _crop(field: np.ndarray, h: int, w: int,
              prng: random.Random) -> np.ndarray:
        fh, fw = field.shape[:2]
        if h > fh or w > fw:
            reps = (-(-h // fh), -(-w // fw))
            field = np.tile(field, reps)
            fh, fw = field.shape[:2]
        y, x = prng.randint(0, fh - h), prng.randint(0, fw - w)
        return field[y:y + h, x:x + w]

    def _photo(self, h: int, w: int,
               prng: random.Random) -> Optional[np.ndarray]:
        for _ in range(6):
            i = prng.randrange(len(self.photos))
            img, integ = self.photos[i], self.text_masks[i]
            ih, iw = img.shape[:2]
            # Crop a window with the aspect of (h, w), of a random scale.
            ch = int(min(ih, max(8, h * prng.uniform(0.5, 2.0))))
            cw = int(min(iw, ch * w / max(h, 1)))
            ch = int(min(ch, cw * h / max(w, 1))) if cw < ch * w / h else ch
            if ch < 4 or cw < 4:
                continue
            y, x = prng.randint(0, ih - ch), prng.randint(0, iw - cw)
            if integ is not None:
                s = (integ[y + ch, x + cw] - integ[y, x + cw] -
                     integ[y + ch, x] + integ[y, x])
                if s > 0:
                    continue
            crop = img[y:y + ch, x:x + cw]
            return cv2.resize(crop, (w, h), interpolation=cv2.INTER_LINEAR)
        return None


def default_photo_dirs(root: Optional[str] = None) -> List[str]:
    """Real images the plugin knows about, when present.

    Args:
        root (str, optional): Repository root. Defaults to the current
            working directory.

    Returns:
        list[str]: Existing folders among ``../shared/data/sroie_train/img``.
    """
    root = root or os.getcwd()
    cands = [osp.join(root, '..', 'shared', 'data', 'sroie_train', 'img')]
    return [c for c in cands if osp.isdir(c)]
