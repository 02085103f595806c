"""Synthetic Chinese licence-plate crops: valid plate numbers drawn on blue,
yellow, green and white plates, seen by a camera (tilt, margins of car body,
colour casts, blur, low resolution, noise, JPEG) at the scale of real
detector crops (about 94 x 24 pixels)."""
import random
import re
import warnings
from bisect import bisect_right
from itertools import accumulate
from typing import Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from .backgrounds import BackgroundBank
from .charset import Charset, is_cjk_ideograph
from .degrade import LineDegrader
from .fonts import FontFace, FontPool

# The 31 mainland province abbreviations.
PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'
# Plates never use I and O (they read as 1 and 0).
PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
PLATE_DIGITS = '0123456789'
PLATE_ALNUM = PLATE_DIGITS + PLATE_LETTERS

# Relative weights of the plate kinds: ordinary small-car (blue) and
# large-vehicle (yellow) plates, yellow trailer and learner plates, green
# new-energy plates for small (gradient green) and large (yellow / green)
# vehicles, white police plates.
DEFAULT_PLATE_KINDS: Dict[str, float] = dict(
    blue=0.55,
    yellow=0.12,
    trailer=0.03,
    learner=0.03,
    nev_small=0.17,
    nev_large=0.04,
    police=0.06,
)

_P, _L, _D = PROVINCES, PLATE_LETTERS, PLATE_DIGITS
# Full-match patterns of the labels of each kind (the separator dot is
# drawn, never part of the label).
PLATE_PATTERNS: Dict[str, str] = dict(
    blue=f'[{_P}][{_L}][{_D}{_L}]{{5}}',
    yellow=f'[{_P}][{_L}][{_D}{_L}]{{5}}',
    trailer=f'[{_P}][{_L}][{_D}{_L}]{{4}}挂',
    learner=f'[{_P}][{_L}][{_D}{_L}]{{4}}学',
    nev_small=f'[{_P}][{_L}][DF][{_D}{_L}][{_D}]{{4}}',
    nev_large=f'[{_P}][{_L}][{_D}]{{5}}[DF]',
    police=f'[{_P}][{_L}][{_D}{_L}]{{4}}警',
)
_PATTERNS_RE = {k: re.compile(v) for k, v in PLATE_PATTERNS.items()}

# Plate colour scheme of each kind.
PLATE_COLOURS: Dict[str, str] = dict(
    blue='blue',
    yellow='yellow',
    trailer='yellow',
    learner='yellow',
    nev_small='green',
    nev_large='yellow_green',
    police='white',
)

# Degradations of the 94 x 24 crop: real crops are blurry, low resolution
# and JPEG-compressed; the plate's own tilt replaces most of the degrader's
# perspective and rotation.
PLATE_DEGRADE_PROBS: Dict[str, float] = dict(
    perspective=0.1,
    rotate=0.1,
    light=0.35,
    blur=0.3,
    motion_blur=0.05,
    lowres=0.15,
    noise=0.35,
    jpeg=0.5,
    contrast=0.25,
)

# Car-body colours around the plate (BGR): white, silver, grey, black, dark
# blue, red, beige, and the black plastic of bumpers and plate holders.
_BODY_COLOURS = ((235, 235, 235), (190, 190, 195), (120, 120, 125),
                 (30, 30, 32), (90, 40, 20), (40, 40, 170), (170, 200, 215),
                 (15, 15, 15))


def plate_kind_of(text: str) -> Optional[str]:
    """The first plate kind whose pattern ``text`` matches.

    Blue and yellow plates share a pattern, so ordinary plates read as
    ``'blue'``.

    Args:
        text (str): A label.

    Returns:
        str or None: A key of :data:`PLATE_PATTERNS`, or None when the text
        is not a valid plate number.
    """
    for kind, pat in _PATTERNS_RE.items():
        if pat.fullmatch(text):
            return kind
    return None


def is_valid_plate(text: str, kind: Optional[str] = None) -> bool:
    """Whether ``text`` is a valid plate number (of ``kind`` when given).

    Args:
        text (str): A label.
        kind (str, optional): A key of :data:`PLATE_PATTERNS`. Defaults to
            None (any kind).

    Returns:
        bool: True when the label matches.
    """
    if kind is None:
        return plate_kind_of(text) is not None
    return _PATTERNS_RE[kind].fullmatch(text) is not None


def _pick(cum: List[float], u: float) -> int:
    return min(bisect_right(cum, u * cum[-1]), len(cum) - 1)


class PlateTextSampler:
    """Draw valid plate numbers and their kind.

    Kinds whose characters the dictionary lacks (``警``, ``挂``, ``学``) are
    dropped with a warning; provinces the dictionary lacks are never drawn.

    Args:
        charset (Charset, optional): The dictionary. Defaults to None (no
            check).
        kind_weights (dict[str, float], optional): Relative weights of the
            kinds. Defaults to :data:`DEFAULT_PLATE_KINDS`.

    Raises:
        KeyError: For an unknown kind.
        ValueError: When no kind (or no province) is left.
    """

    def __init__(self,
                 charset: Optional[Charset] = None,
                 kind_weights: Optional[Dict[str, float]] = None) -> None:
        weights = dict(DEFAULT_PLATE_KINDS if kind_weights is None else
                       kind_weights)
        unknown = set(weights) - set(DEFAULT_PLATE_KINDS)
        if unknown:
            raise KeyError(f'unknown plate kinds {sorted(unknown)}; valid: '
                           f'{sorted(DEFAULT_PLATE_KINDS)}')
        ok = (lambda c: True) if charset is None else charset.__contains__
        self.provinces = ''.join(c for c in PROVINCES if ok(c))
        if not self.provinces or not all(ok(c) for c in PLATE_ALNUM):
            raise ValueError('the dictionary lacks the province hanzi or the '
                             'capital letters and digits of plates')
        suffix = dict(trailer='挂', learner='学', police='警')
        kinds = []
        for k in DEFAULT_PLATE_KINDS:
            if weights.get(k, 0) <= 0:
                continue
            if k in suffix and not ok(suffix[k]):
                warnings.warn(f'plate kind {k!r} skipped: the dictionary '
                              f'lacks {suffix[k]!r}')
                continue
            kinds.append(k)
        if not kinds:
            raise ValueError('all plate kinds have zero weight')
        self.kinds = kinds
        self.kind_cum = list(accumulate(weights[k] for k in kinds))

    @staticmethod
    def serial(prng: random.Random, n: int,
               letter_counts: Sequence[float]) -> str:
        """``n`` plate characters, digits but for a few letters.

        Args:
            prng (random.Random): Source of randomness.
            n (int): Length.
            letter_counts (Sequence[float]): Relative weights of 0, 1, 2, ...
                letters (real serials are mostly digits).

        Returns:
            str: The serial.
        """
        k = min(_pick(list(accumulate(letter_counts)), prng.random()), n)
        at = set(prng.sample(range(n), k))
        return ''.join(
            prng.choice(PLATE_LETTERS) if i in at else prng.choice(
                PLATE_DIGITS) for i in range(n))

    def sample(self,
               prng: random.Random,
               kind: Optional[str] = None) -> Tuple[str, str]:
        """Draw one plate number.

        Args:
            prng (random.Random): Source of randomness.
            kind (str, optional): Force a kind. Defaults to None (draw from
                the mixture).

        Returns:
            tuple(str, str): The label (e.g. ``皖A12B34``) and its kind.
        """
        kind = kind or self.kinds[_pick(self.kind_cum, prng.random())]
        head = prng.choice(self.provinces) + prng.choice(PLATE_LETTERS)
        if kind in ('blue', 'yellow'):
            # About a quarter of real serial characters are letters.
            tail = self.serial(prng, 5, (0.3, 0.35, 0.25, 0.1))
        elif kind in ('trailer', 'learner', 'police'):
            tail = self.serial(prng, 4, (0.6, 0.3, 0.1)) + dict(
                trailer='挂', learner='学', police='警')[kind]
        elif kind == 'nev_small':
            # D (electric) or F (hybrid), then a letter or digit, 4 digits.
            second = prng.choice(PLATE_LETTERS if prng.random() < 0.2 else
                                 PLATE_DIGITS)
            tail = prng.choice('DF') + second + self.serial(prng, 4, (1, ))
        elif kind == 'nev_large':
            tail = self.serial(prng, 5, (1, )) + prng.choice('DF')
        else:
            raise KeyError(f'unknown plate kind {kind!r}')
        return head + tail, kind


def _rounded_rect(mask: np.ndarray, x0: float, y0: float, x1: float,
                  y1: float, r: float, value: float) -> None:
    """Fill a rounded rectangle into a float32 mask (in place)."""
    s = 4  # cv2 fixed-point shift: sub-pixel corners
    f = 1 << s
    r = max(0.0, min(r, (x1 - x0) / 2, (y1 - y0) / 2))
    ri = int(round(r * f))
    X0, Y0, X1, Y1 = (int(round(v * f)) for v in (x0, y0, x1, y1))
    cv2.rectangle(mask, (X0 + ri, Y0), (X1 - ri, Y1), value, -1,
                  cv2.LINE_AA, s)
    cv2.rectangle(mask, (X0, Y0 + ri), (X1, Y1 - ri), value, -1,
                  cv2.LINE_AA, s)
    if ri > 0:
        for cx, cy in ((X0 + ri, Y0 + ri), (X1 - ri, Y0 + ri),
                       (X0 + ri, Y1 - ri), (X1 - ri, Y1 - ri)):
            cv2.circle(mask, (cx, cy), ri, value, -1, cv2.LINE_AA, s)


def _blend(img: np.ndarray, colour: Sequence[float],
           alpha: np.ndarray) -> np.ndarray:
    """``img * (1 - alpha) + colour * alpha``; uint8 (H, W, 3) image, float32
    (H, W) alpha in [0, 1]."""
    fg = np.empty_like(img)
    fg[:] = tuple(int(round(c)) for c in colour)
    return cv2.blendLinear(fg, img, alpha, 1.0 - alpha)


def _smooth_field(prng: random.Random, h: int, w: int, gh: int,
                  gw: int) -> np.ndarray:
    """Low-frequency float32 field of shape (h, w) around 0 (std ~1), from a
    (gh, gw) grid of the prng's Gaussians upsampled."""
    grid = np.array([[prng.gauss(0, 1) for _ in range(gw)] for _ in range(gh)],
                    np.float32)
    return cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC)


class PlateRenderer:
    """Render a Chinese licence-plate crop as a plate detector would cut it.

    The plate is drawn flat at ``plate_height`` pixels with the layout of
    GA 36 (440 x 140 mm plates, 45 x 90 mm characters, a wide gap with a
    separator dot after the 2nd character; 480 mm wide plates of 8 narrower
    characters for new-energy vehicles): coloured background, border frame,
    rivets, hanzi from a CJK face and letters and digits from a condensed
    sans face, both stretched to the tall narrow plate cells. It is then
    tilted, sheared and put on car-body colour, cropped around its box with
    a random margin, resized to about ``out_size``, colour-cast and degraded
    by a :class:`LineDegrader`.

    Args:
        fonts (FontPool): Faces and their cached glyphs.
        charset (Charset, optional): The dictionary the labels must stay in.
            Defaults to None.
        backgrounds (BackgroundBank, optional): Sometimes supplies the
            surroundings instead of car paint. Defaults to None.
        degrader (LineDegrader, optional): Camera degradations of the small
            crop. Defaults to None (none).
        kind_weights (dict[str, float], optional): Plate-kind mixture.
            Defaults to :data:`DEFAULT_PLATE_KINDS`.
        out_size (tuple[int, int]): ``(width, height)`` of the crop, as the
            real 94 x 24 plate crops. Defaults to (94, 24).
        aspect_jitter (float): Relative jitter of the output width. Defaults
            to 0.08.
        camera_scale (tuple[float, float]): Range of the size, relative to
            ``out_size``, at which the crop is degraded (blur, noise, JPEG of
            the camera frame) before it is shrunk to ``out_size``. Defaults
            to (1.0, 2.0).
        plate_height (int): Height in pixels at which the flat plate is
            drawn before it is warped and shrunk. Defaults to 96.
        dot_prob (float): Probability of the separator dot. Defaults to
            0.8.
        frame_prob (float): Probability of the border frame. Defaults to
            0.85.
        rivet_prob (float): Probability of the two mounting rivets.
            Defaults to 0.5.
        holder_prob (float): Probability of a plate-holder rim. Defaults to
            0.3.
        warp_prob (float): Probability of tilt, shear and perspective.
            Defaults to 0.8.
        max_angle (float): Largest in-plane rotation in degrees. Defaults
            to 7.
        max_shear (float): Largest horizontal shift of the top edge against
            the bottom one, as a fraction of the plate height. Defaults to
            0.3.
        max_perspective (float): Largest relative height difference of the
            two ends. Defaults to 0.15.
        margin_prob (float): Probability of a wide margin of surroundings
            (otherwise the crop is tight, sometimes cutting the frame).
            Defaults to 0.3.
        cast_prob (float): Probability of a colour cast and exposure change
            (street light, shade, sun). Defaults to 0.6.
        hanzi_families (Sequence[str]): Regexes of the CJK families that look
            like plate hanzi (hei / sans). Defaults to sans and hei faces.
        hanzi_family_prob (float): Probability of drawing the hanzi from
            those families (otherwise any CJK face). Defaults to 0.85.
        alnum_faces (Sequence[str]): Regexes (on ``family style``) of the
            narrow faces for letters and digits; any upright sans face when
            none is installed. Defaults to condensed and narrow faces.
    """

    def __init__(self,
                 fonts: FontPool,
                 charset: Optional[Charset] = None,
                 backgrounds: Optional[BackgroundBank] = None,
                 degrader: Optional[LineDegrader] = None,
                 kind_weights: Optional[Dict[str, float]] = None,
                 out_size: Tuple[int, int] = (94, 24),
                 aspect_jitter: float = 0.08,
                 camera_scale: Tuple[float, float] = (1.0, 2.0),
                 plate_height: int = 96,
                 dot_prob: float = 0.8,
                 frame_prob: float = 0.85,
                 rivet_prob: float = 0.5,
                 holder_prob: float = 0.3,
                 warp_prob: float = 0.8,
                 max_angle: float = 7.0,
                 max_shear: float = 0.3,
                 max_perspective: float = 0.15,
                 margin_prob: float = 0.3,
                 cast_prob: float = 0.6,
                 hanzi_families: Sequence[str] = (r'Sans', r'Hei',
                                                  r'Fallback'),
                 hanzi_family_prob: float = 0.85,
                 alnum_faces: Sequence[str] = (r'Condensed', r'Narrow',
                                               r'Heros Cn')) -> None:
        self.fonts = fonts
        self.texts = PlateTextSampler(charset, kind_weights)
        self.backgrounds = backgrounds
        self.degrader = degrader
        self.out_size = tuple(out_size)
        self.aspect_jitter = aspect_jitter
        self.camera_scale = tuple(camera_scale)
        self.plate_height = plate_height
        # Glyphs are rasterised once at this size and stretched into cells.
        self.glyph_size = int(round(plate_height * 0.75))
        self.dot_prob = dot_prob
        self.frame_prob = frame_prob
        self.rivet_prob = rivet_prob
        self.holder_prob = holder_prob
        self.warp_prob = warp_prob
        self.max_angle = max_angle
        self.max_shear = max_shear
        self.max_perspective = max_perspective
        self.margin_prob = margin_prob
        self.cast_prob = cast_prob
        self.hanzi_family_prob = hanzi_family_prob
        slanted = re.compile(r'Italic|Oblique|Light|Thin')
        # Hanzi: CJK faces, without pixel fonts (Unifont), slanted or light
        # ones.
        cjk = [
            f for d in fonts.cjk_designs for f in fonts.cjk[d]
            if not slanted.search(f.style) and 'Unifont' not in f.family
        ] or [f for d in fonts.cjk_designs for f in fonts.cjk[d]]
        fam = [re.compile(p) for p in hanzi_families]
        self.hanzi_faces = cjk
        self.hanzi_preferred = [
            f for f in cjk if any(p.search(f.family) for p in fam)
        ]
        # Letters and digits: narrow upright sans faces, else any upright
        # sans, else (no Latin face at all) the hanzi face itself.
        latin = [
            f for d in fonts.latin_designs for f in fonts.latin[d]
            if not slanted.search(f.name) and 'Serif' not in f.family
            and f.covers(PLATE_ALNUM)
        ]
        narrow = [re.compile(p) for p in alnum_faces]
        self.alnum_faces = [
            f for f in latin if any(p.search(f.name) for p in narrow)
        ] or [f for f in latin if 'Sans' in f.family] or latin

    # ----------------------------------------------------------------- text
    def sample_text(self, prng: random.Random) -> Tuple[str, str]:
        """Draw a plate number and its kind, see
        :meth:`PlateTextSampler.sample`."""
        return self.texts.sample(prng)

    def choose_face(self, text: str,
                    prng: random.Random) -> Optional[FontFace]:
        """Pick the CJK face that draws the hanzi of a plate.

        Args:
            text (str): The plate number.
            prng (random.Random): Source of randomness.

        Returns:
            FontFace or None: A face covering ``text``, or None when none
            does.
        """
        group = self.hanzi_faces
        if self.hanzi_preferred and prng.random() < self.hanzi_family_prob:
            group = self.hanzi_preferred
        for _ in range(8):
            if not group:
                break
            face = group[prng.randrange(len(group))]
            if face.covers(text):
                return face
        ok = [f for f in self.hanzi_faces if f.covers(text)]
        return ok[prng.randrange(len(ok))] if ok else self.fonts.choose(
            text, prng)

    def warm(self) -> int:
        """Rasterise the plate characters of every candidate face into the
        glyph cache (call before forking workers).

        Returns:
            int: Number of cached glyphs.
        """
        hanzi = self.texts.provinces + '警挂学'
        for face in self.hanzi_faces:
            for c in hanzi + PLATE_ALNUM:
                if c in face.coverage:
                    self.fonts.glyph(face, self.glyph_size, c)
        for face in self.alnum_faces:
            for c in PLATE_ALNUM:
                self.fonts.glyph(face, self.glyph_size, c)
        return len(self.fonts._glyph_cache)

    # --------------------------------------------------------------- render
    def render(self,
               text: str,
               face: FontFace,
               prng: random.Random,
               kind: Optional[str] = None) -> np.ndarray:
        """Render a plate crop.

        Args:
            text (str): A plate number (7 characters, 8 for new-energy
                plates).
            face (FontFace): The CJK face of the hanzi (and of the letters
                and digits when no Latin face is installed).
            prng (random.Random): Source of randomness.
            kind (str, optional): Plate kind (sets the colours). Defaults to
                None: read from the text (ordinary plates are blue or yellow
                at random).

        Returns:
            np.ndarray: uint8 BGR image of shape (H, W, 3), H =
            ``out_size[1]``, W about ``out_size[0]``.
        """
        if kind is None:
            kind = plate_kind_of(text) or 'blue'
            if kind == 'blue' and prng.random() < 0.2:
                kind = 'yellow'
        plate, shape = self.draw_plate(text, face, prng, kind)
        ow, oh = self.out_size
        ow = max(8, int(round(ow * (1 + prng.uniform(-self.aspect_jitter,
                                                     self.aspect_jitter)))))
        # Real crops are cut from camera frames, where blur, noise and JPEG
        # happen, and then shrunk to the recogniser's input.
        f = prng.uniform(*self.camera_scale)
        img = self._camera(plate, shape, prng,
                           (int(round(ow * f)), int(round(oh * f))))
        if self.degrader is not None:
            img = self.degrader(img, prng)
        if img.shape[:2] != (oh, ow):
            img = cv2.resize(img, (ow, oh), interpolation=cv2.INTER_AREA)
        return img

    def _colours(self, scheme: str, prng: random.Random) -> dict:
        """Background colours (top, bottom, left part), ink and frame, BGR,
        with the spread of real paints and cameras."""
        def jit(c, s=12.0):
            return np.clip(
                np.array(c, np.float32) +
                np.array([prng.gauss(0, s) for _ in range(3)], np.float32),
                0, 255)

        if scheme == 'blue':
            # From deep navy to the cyan-ish blue of bright cameras.
            g = prng.uniform(25, 120)
            bg = jit((prng.uniform(150, 235), g, prng.uniform(0, 35)), 8)
            ink = jit((250, 245, 240), 6)
            return dict(top=bg, bottom=bg * prng.uniform(0.85, 1.0),
                        left=None, ink=ink, frame=ink)
        ink = jit((25, 25, 25), 8)
        if scheme == 'yellow':
            bg = jit((prng.uniform(0, 50), prng.uniform(170, 215),
                      prng.uniform(220, 255)), 8)
            return dict(top=bg, bottom=bg * prng.uniform(0.85, 1.0),
                        left=None, ink=ink, frame=ink)
        if scheme == 'white':
            bg = jit((prng.uniform(225, 250), ) * 3, 5)
            return dict(top=bg, bottom=bg * prng.uniform(0.88, 1.0),
                        left=None, ink=ink, frame=ink)
        green = jit((prng.uniform(70, 130), prng.uniform(170, 215),
                     prng.uniform(40, 110)), 8)
        if scheme == 'green':  # gradient: almost white on top, green below
            top = jit((235, 245, 235), 6)
            return dict(top=top, bottom=green, left=None, ink=ink,
                        frame=ink)
        # yellow_green: yellow left part (province and authority), green.
        yellow = jit((prng.uniform(0, 50), prng.uniform(170, 215),
                      prng.uniform(220, 255)), 8)
        return dict(top=green, bottom=green * prng.uniform(0.9, 1.0),
                    left=yellow, ink=ink, frame=ink)

    def _glyph_mask(self, face: FontFace, char: str, cell_w: float,
                    cell_h: int, prng: random.Random) -> np.ndarray:
        """The ink of ``char`` scaled to the cell height, stretched to the
        plate's tall narrow characters.

        Returns:
            np.ndarray: float32 mask of shape (cell_h, w) in [0, 1], w at
            most ``cell_w``.
        """
        bitmap = self.fonts.glyph(face, self.glyph_size, char)[0]
        if bitmap is None:
            return np.zeros((cell_h, max(1, int(cell_w))), np.float32)
        ys = np.flatnonzero(bitmap.max(1) > 32)
        xs = np.flatnonzero(bitmap.max(0) > 32)
        if not len(ys) or not len(xs):
            return np.zeros((cell_h, max(1, int(cell_w))), np.float32)
        ink = bitmap[ys[0]:ys[-1] + 1, xs[0]:xs[-1] + 1]
        ih, iw = ink.shape
        if is_cjk_ideograph(char):
            # Plate hanzi fill the whole 45 x 90 mm cell.
            w = cell_w * prng.uniform(0.9, 1.0)
        else:
            # Widen narrow glyphs a little, but a '1' stays a bar.
            w = min(cell_w * prng.uniform(0.8, 0.95),
                    iw * cell_h / ih * prng.uniform(1.1, 1.4))
        w = max(1, int(round(w)))
        out = cv2.resize(ink, (w, cell_h), interpolation=cv2.INTER_AREA if
                         w < iw else cv2.INTER_LINEAR)
        # Plate characters are heavy; hanzi squeezed into a half-width cell
        # also lose their vertical strokes. Embolden by dilation (a glyph
        # rasterised with a PIL stroke is only the outline).
        bold = 'Bold' in face.style or 'Black' in face.style
        unit = self.plate_height / 96
        if is_cjk_ideograph(char):
            kw = prng.uniform(1.5, 3.0) if bold else prng.uniform(2.5, 4.0)
            kh = prng.uniform(1.0, 2.0) if bold else prng.uniform(1.5, 3.0)
        else:
            kw = kh = 1.0 if bold else prng.uniform(1.0, 3.0)
        kw, kh = int(round(kw * unit)), int(round(kh * unit))
        if kw > 1 or kh > 1:
            out = cv2.dilate(out, np.ones((max(kh, 1), max(kw, 1)), np.uint8))
        return out.astype(np.float32) / 255.0

    def draw_plate(self, text: str, face: FontFace, prng: random.Random,
                   kind: str) -> Tuple[np.ndarray, np.ndarray]:
        """Draw the flat plate.

        Args:
            text (str): The plate number.
            face (FontFace): CJK face of the hanzi.
            prng (random.Random): Source of randomness.
            kind (str): Plate kind, a key of :data:`PLATE_COLOURS`.

        Returns:
            tuple(np.ndarray, np.ndarray): The uint8 BGR plate of shape
            (plate_height, W, 3) and its float32 outline mask (H, W) in
            [0, 1] (rounded corners).
        """
        scheme = PLATE_COLOURS[kind]
        n = len(text)
        # Plate geometry in millimetres (GA 36): 7 characters of 45 mm on a
        # 440 mm plate, 8 of 43 mm on a 480 mm new-energy plate.
        if n >= 8:
            plate_mm, char_mm, gap_mm, side_mm = 480.0, 43.0, 9.0, 18.0
        else:
            plate_mm, char_mm, gap_mm, side_mm = 440.0, 45.0, 12.0, 15.5
        big_gap = plate_mm - 2 * side_mm - n * char_mm - (n - 2) * gap_mm
        k = self.plate_height / 140.0  # pixels per millimetre
        H, W = self.plate_height, int(round(plate_mm * k))
        col = self._colours(scheme, prng)
        # Background: vertical gradient (green plates, light from above).
        ends = np.stack([col['top'], col['bottom']])[:, None].astype(np.uint8)
        img = cv2.resize(ends, (W, H), interpolation=cv2.INTER_LINEAR)
        if col['left'] is not None:
            split = int(round((side_mm + 2 * char_mm + gap_mm +
                               big_gap / 2) * k))
            img[:, :split] = col['left'].astype(np.uint8)
        # Dirt and paint unevenness: a faint low-frequency field.
        if prng.random() < 0.4:
            dirt = _smooth_field(prng, H, W, 3, 8) * prng.uniform(0.03, 0.1)
            img = cv2.multiply(img, cv2.cvtColor(1.0 + dirt,
                                                 cv2.COLOR_GRAY2BGR),
                               dtype=cv2.CV_8U)
        shape = np.zeros((H, W), np.float32)
        radius = prng.uniform(5, 12) * k
        _rounded_rect(shape, 0, 0, W - 1, H - 1, radius, 1.0)
        if prng.random() < self.frame_prob:
            inset = prng.uniform(1.5, 4.0) * k
            th = max(1.2, prng.uniform(1.5, 3.0) * k)
            frame = np.zeros((H, W), np.float32)
            _rounded_rect(frame, inset, inset, W - 1 - inset, H - 1 - inset,
                          max(0.0, radius - inset), 1.0)
            _rounded_rect(frame, inset + th, inset + th, W - 1 - inset - th,
                          H - 1 - inset - th, max(0.0, radius - inset - th),
                          0.0)
            img = _blend(img, col['frame'], frame)
        # Characters: layout with the jitter of a real press.
        cell_h = int(round(90 * k * prng.uniform(0.95, 1.02)))
        top = (H - cell_h) / 2 + prng.uniform(-2, 2) * k
        alnum_face = face
        if self.alnum_faces:
            alnum_face = self.alnum_faces[prng.randrange(len(
                self.alnum_faces))]
        ink = np.zeros((H, W), np.float32)
        red = np.zeros((H, W), np.float32)
        x = side_mm * k + prng.uniform(-2, 2) * k
        dot_x = 0.0
        for i, c in enumerate(text):
            cw = char_mm * k
            use = face if (is_cjk_ideograph(c)
                           or c not in alnum_face.coverage) else alnum_face
            g = self._glyph_mask(use, c, cw, cell_h, prng)
            gx = int(round(x + (cw - g.shape[1]) / 2))
            gy = int(round(top))
            dst = red if c == '警' else ink
            y0, y1 = max(gy, 0), min(gy + cell_h, H)
            x0, x1 = max(gx, 0), min(gx + g.shape[1], W)
            if y1 > y0 and x1 > x0:
                region = dst[y0:y1, x0:x1]
                np.maximum(region, g[y0 - gy:y1 - gy, x0 - gx:x1 - gx],
                           out=region)
            x += cw
            if i == 1:
                dot_x = x + big_gap / 2
                x += big_gap
            elif i < n - 1:
                x += gap_mm * k
        if prng.random() < self.dot_prob:
            cv2.circle(ink, (int(round(dot_x * 16)), int(round(H / 2 * 16))),
                       int(round(prng.uniform(4, 5.5) * k * 16)), 1.0, -1,
                       cv2.LINE_AA, 4)
        # Stroke weight varies with faces and embossing.
        u = prng.random()
        if u < 0.15:
            ink = cv2.dilate(ink, np.ones((2, 2), np.uint8))
            red = cv2.dilate(red, np.ones((2, 2), np.uint8))
        elif u < 0.35:
            ink = cv2.erode(ink, np.ones((2, 2), np.uint8))
        if prng.random() < 0.4:
            # Embossed characters: a soft shadow below and to the right.
            d = max(1, int(round(prng.uniform(0.8, 2.0) * k)))
            sh = np.zeros_like(ink)
            sh[d:, d:] = np.maximum(ink, red)[:-d, :-d] * prng.uniform(0.2,
                                                                       0.45)
            img = _blend(img, (0, 0, 0), sh)
        img = _blend(img, col['ink'], ink)
        if red.any():
            img = _blend(img, (prng.uniform(0, 40), prng.uniform(0, 40),
                               prng.uniform(170, 230)), red)
        if prng.random() < self.rivet_prob:
            r = max(1, int(round(prng.uniform(3, 5) * k)))
            y = int(round(prng.uniform(9, 14) * k))
            metal = prng.uniform(140, 230)
            for fx in (prng.uniform(0.22, 0.3), prng.uniform(0.7, 0.78)):
                cx = int(round(fx * W))
                cv2.circle(img, (cx, y), r, (metal * 0.5, ) * 3, -1,
                           cv2.LINE_AA)
                cv2.circle(img, (cx - r // 4, y - r // 4), max(1, r - 1),
                           (metal, ) * 3, -1, cv2.LINE_AA)
        return img, shape

    def _surroundings(self, h: int, w: int,
                      prng: random.Random) -> np.ndarray:
        """Car paint, bumper plastic or a background patch around the
        plate: uint8 BGR of shape (h, w, 3)."""
        if self.backgrounds is not None and prng.random() < 0.15:
            return self.backgrounds.sample(h, w, prng)[0]
        base = np.array(_BODY_COLOURS[prng.randrange(len(_BODY_COLOURS))],
                        np.float32)
        base = np.clip(base * prng.uniform(0.6, 1.15) +
                       np.array([prng.gauss(0, 10) for _ in range(3)]), 0, 255)
        # Curved panels reflect: a smooth light field over the paint.
        field = _smooth_field(prng, h, w, 3, 4) * prng.uniform(0.05, 0.25)
        img = np.empty((h, w, 3), np.uint8)
        img[:] = tuple(int(c) for c in base)
        return cv2.multiply(img, cv2.cvtColor(1.0 + field,
                                              cv2.COLOR_GRAY2BGR),
                            dtype=cv2.CV_8U)

    def _camera(self, plate: np.ndarray, shape: np.ndarray,
                prng: random.Random, size: Tuple[int, int]) -> np.ndarray:
        """Tilt the plate, cut its box with a margin of surroundings, bring
        it to ``size`` and change the light.

        Args:
            plate (np.ndarray): uint8 BGR plate of shape (H, W, 3).
            shape (np.ndarray): Its float32 outline mask of shape (H, W).
            prng (random.Random): Source of randomness.
            size (tuple[int, int]): ``(width, height)`` of the crop.

        Returns:
            np.ndarray: uint8 BGR crop of shape (height, width, 3).
        """
        H, W = plate.shape[:2]
        if prng.random() < self.holder_prob:
            # A plate-holder rim: dark plastic or chrome around the plate.
            t = prng.uniform(0.04, 0.1) * H
            grey = prng.choice((prng.uniform(10, 50), prng.uniform(150, 220)))
            canvas = np.empty((int(H + 2 * t), int(W + 2 * t), 3), np.uint8)
            canvas[:] = (int(grey), ) * 3
            rim = np.zeros(canvas.shape[:2], np.float32)
            _rounded_rect(rim, 0, 0, rim.shape[1] - 1, rim.shape[0] - 1,
                          t * 1.5, 1.0)
            ti = int(t)
            inner = canvas[ti:ti + H, ti:ti + W]
            canvas[ti:ti + H, ti:ti + W] = cv2.blendLinear(
                plate, inner, shape, 1.0 - shape)
            plate, shape = canvas, rim
            H, W = plate.shape[:2]
        src = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
        dst = src.copy()
        if prng.random() < self.warp_prob:
            shear = prng.uniform(-self.max_shear, self.max_shear) * H
            dst[:2, 0] += shear
            p = prng.uniform(-self.max_perspective, self.max_perspective) * H
            dst[[1, 2], 1] += (-p / 2, p / 2)  # right end taller / shorter
            dst[[0, 3], 1] += (p / 2, -p / 2)
            dst += np.float32([[prng.gauss(0, 0.02 * H) for _ in range(2)]
                               for _ in range(4)])
            ang = np.deg2rad(prng.uniform(-self.max_angle, self.max_angle))
            c, s = np.cos(ang), np.sin(ang)
            centre = np.float32([W / 2, H / 2])
            dst = (dst - centre) @ np.float32([[c, -s], [s, c]]).T + centre
        x0, y0 = dst.min(0)
        x1, y1 = dst.max(0)
        bh = y1 - y0

        def margin() -> float:
            # Mostly a tight box, sometimes cutting the frame; sometimes a
            # band of car body.
            if prng.random() < self.margin_prob:
                return prng.uniform(0.03, 0.3) * bh
            return prng.uniform(-0.03, 0.05) * bh

        ml, mr, mt, mb = margin(), margin(), margin(), margin()
        cx0, cy0 = x0 - ml, y0 - mt
        cw = max(8, int(round(x1 + mr - cx0)))
        ch = max(4, int(round(y1 + mb - cy0)))
        m = cv2.getPerspectiveTransform(
            src, (dst - np.float32([cx0, cy0])).astype(np.float32))
        warped = cv2.warpPerspective(plate, m, (cw, ch),
                                     flags=cv2.INTER_LINEAR,
                                     borderMode=cv2.BORDER_REPLICATE)
        alpha = cv2.warpPerspective(shape, m, (cw, ch),
                                    flags=cv2.INTER_LINEAR,
                                    borderMode=cv2.BORDER_CONSTANT)
        body = self._surroundings(ch, cw, prng)
        img = cv2.blendLinear(warped, body, alpha, 1.0 - alpha)
        # The detector's box is resized (not letter-boxed).
        img = cv2.resize(img, size, interpolation=cv2.INTER_AREA)
        if prng.random() < self.cast_prob:
            # Street lights and shade tint and darken; sun washes out.
            gains = (prng.uniform(0.65, 1.1), prng.uniform(0.8, 1.1),
                     prng.uniform(0.9, 1.25))
            gamma = prng.uniform(0.6, 1.9)
            lut = np.stack([
                np.clip(255.0 * (np.arange(256) * g / 255.0)**gamma, 0, 255)
                for g in gains
            ], 1).astype(np.uint8)[:, None, :]
            img = cv2.LUT(img, lut)
        return img
