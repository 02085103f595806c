"""Fonts for the synthesiser, discovered through fontconfig and checked per
line for the glyphs they carry (no tofu boxes)."""
import os
import re
from bisect import bisect_right
from itertools import accumulate
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from PIL import Image, ImageFont

from .charset import Charset, is_cjk_ideograph, is_wide

# Variants of one design that differ only in regional glyph forms or a
# spacing flavour are one design (``AR PL UKai CN`` / ``TW`` / ``HK``).
_DESIGN_SUFFIX_RE = re.compile(
    r'(\s+(CN|TW|HK|SC|TC|JP|KR|MBE|GB|Big5|Sharp|Light|Medium|Bold|Cn|'
    r'Narrow|Condensed|Code|Minus))+$')
# CJK faces whose ``Mono`` twin only changes the width of Latin glyphs.
_CJK_MONO_RE = re.compile(r'\s+Mono$')
# Relative weights of designs (regex on the design name); others weigh 1.
DEFAULT_DESIGN_WEIGHTS = ((r'^Unifont', 0.3), (r'Big5|Mingti2L', 0.5),
                          (r'Chorus|Z003', 0.3))
# Faces that are not text faces or duplicate a kept face with
# non-simplified glyph forms.
# Regional twins of a CJK design (UKai CN / TW / HK) draw the same simplified
# glyphs, so one of them is kept; Zen Hei Sharp mixes in small bitmap strikes.
DEFAULT_EXCLUDE = (r'CJK (JP|KR|TC|HK)', r'Mono CJK', r'Unifont (CSUR|Upper)',
                   r'Unifont-JP', r'AR PL U(Kai|Ming) (TW|HK)',
                   r'(Hei|WenKai) Mono', r'Zen Hei Sharp', r'Symbol',
                   r'D050000L', r'Math', r'Initials', r'Keyboard', r'Display',
                   r'Smallcaps', r'Awesome')
# Designs never drawn in training (``font_split='train'``) and drawn alone
# in the held-out validation sets (``font_split='heldout'``): a sans and a
# Ming CJK design (Droid Sans Fallback goes with WenQuanYi Micro Hei, which
# is drawn from it), and eight Latin families of distinct designs: no
# metric clone of any of them is installed for training.
HELDOUT_FONTS = (r'WenQuanYi Micro Hei', r'Droid Sans Fallback',
                 r'AR PL UMing', r'Cantarell', r'Caladea', r'Andika',
                 r'Charis SIL', r'Old Standard TT', r'Comic Neue', r'Lato',
                 r'EB Garamond')
_FC_FORMAT = ('%{file}\\t%{index}\\t%{family[0]}\\t%{style[0]}\\t'
              '%{fontformat}\\t%{weight}\\t%{charset}\\n')


# (bitmap or None, dx, dy, advance): see FontPool.glyph.
Glyph = Tuple[Optional[np.ndarray], int, int, float]


@dataclass(frozen=True)
class FontFace:
    """One face of a font file and the dictionary characters it draws.

    Args:
        path (str): Font file.
        index (int): Face index inside a collection (``.ttc``).
        family (str): Family name, e.g. ``Noto Sans CJK SC``.
        style (str): Style name, e.g. ``Bold``.
        weight (int): fontconfig weight (80 regular, 200 bold).
        coverage (frozenset[str]): Dictionary characters with a real glyph
            (fontconfig only lists code points whose glyph has an outline, so
            a listed character is never a tofu box).
    """
    path: str
    index: int
    family: str
    style: str
    weight: int
    coverage: FrozenSet[str] = field(repr=False, compare=False)

    @property
    def design(self) -> str:
        """str: The family name without region / width / weight tags."""
        return design_name(self.family)

    @property
    def name(self) -> str:
        """str: ``family style``, for labels and logs."""
        return f'{self.family} {self.style}'

    def covers(self, text: str) -> bool:
        """Whether the face has a glyph for every non-space character.

        Args:
            text (str): A line of text.

        Returns:
            bool: False as soon as one character would render as tofu.
        """
        cov = self.coverage
        return all(c in cov or c == ' ' for c in text)

    def missing(self, text: str) -> List[str]:
        """list[str]: The characters of ``text`` the face cannot draw."""
        return sorted({c for c in text if c != ' ' and c not in self.coverage})


def design_name(family: str, cjk: bool = False) -> str:
    """The design a family belongs to: its name without region, weight and
    width tags (and, for CJK faces, without ``Mono``).

    Args:
        family (str): fontconfig family name.
        cjk (bool): Whether the face is a CJK face. Defaults to False.

    Returns:
        str: E.g. ``AR PL UKai`` for ``AR PL UKai TW MBE``.
    """
    name = _DESIGN_SUFFIX_RE.sub('', family).strip()
    if cjk:
        name = _DESIGN_SUFFIX_RE.sub('', _CJK_MONO_RE.sub('', name)).strip()
    return name


def parse_fc_charset(charset: str) -> Iterable[int]:
    """Expand fontconfig's ``%{charset}`` (``"20-7e a0 a2-ff"``, hex).

    Args:
        charset (str): Space-separated hex code points and ranges.

    Yields:
        int: Each code point.
    """
    for tok in charset.split():
        if '-' in tok:
            a, b = tok.split('-', 1)
            yield from range(int(a, 16), int(b, 16) + 1)
        elif tok:
            yield int(tok, 16)


def list_system_faces(charset: Charset,
                      fc_list: Optional[str] = None) -> List[FontFace]:
    """Query fontconfig for every scalable face and its dictionary coverage.

    Args:
        charset (Charset): Coverage is kept only for its characters.
        fc_list (str, optional): ``fc-list`` executable. Defaults to the
            one on ``PATH``.

    Returns:
        list[FontFace]: TrueType / CFF faces, sorted by path and index so that
        every process sees the same order.

    Raises:
        FileNotFoundError: When fontconfig's ``fc-list`` is not installed.
    """
    exe = fc_list or shutil.which('fc-list')
    if exe is None:
        raise FileNotFoundError(
            'fc-list (fontconfig) not found: run tools/setup_synth_assets.sh')
    out = subprocess.run([exe, '--format', _FC_FORMAT],
                         check=True,
                         capture_output=True,
                         text=True,
                         env=dict(os.environ, LC_ALL='C.UTF-8')).stdout
    wanted = {ord(c): c for c in charset.chars}
    faces: Dict[Tuple[str, int], FontFace] = {}
    for line in out.splitlines():
        parts = line.split('\t')
        if len(parts) != 7:
            continue
        path, index, family, style, fmt, weight, cs = parts
        if fmt not in ('TrueType', 'CFF') or not os.path.isfile(path):
            continue
        cov = frozenset(wanted[o] for o in parse_fc_charset(cs)
                        if o in wanted)
        try:
            w = int(float(weight))
        except ValueError:
            w = 80
        faces[(path, int(index))] = FontFace(path, int(index), family, style,
                                             w, cov)
    return [faces[k] for k in sorted(faces)]


class FontPool:
    """The fonts a synthesiser draws from, grouped by script and design.

    A face is *CJK* when it draws at least ``min_cjk_share`` of the
    dictionary's hanzi, and *Latin* when it draws all printable ASCII.
    :meth:`choose` picks a design uniformly within the group that suits the
    line, then a face of that design, and keeps it only if it has a glyph for
    every character of the line.

    Args:
        faces (Sequence[FontFace]): Candidate faces.
        charset (Charset): The dictionary.
        exclude (Sequence[str]): Regexes on ``family style``; matching faces
            are dropped. Defaults to :data:`DEFAULT_EXCLUDE`.
        families (Sequence[str], optional): If given, keep only faces whose
            family matches one of these regexes. Defaults to None.
        min_cjk_share (float): Share of the dictionary's hanzi a CJK face
            must draw. Defaults to 0.5.
        cjk_for_latin_prob (float): Probability of drawing an ASCII-only line
            with a CJK face (their Latin glyphs look different). Defaults to
            0.15.
        design_weights (Sequence[tuple[str, float]]): ``(regex, weight)``
            pairs giving designs other than weight 1 (pixel and script faces
            are drawn less often). Defaults to
            :data:`DEFAULT_DESIGN_WEIGHTS`.
        max_glyphs (int): Size of the per-process glyph cache (about 1 KB a
            glyph at height 32). Defaults to 150000.

    Raises:
        RuntimeError: When no usable face is left.
    """

    def __init__(self,
                 faces: Sequence[FontFace],
                 charset: Charset,
                 exclude: Sequence[str] = DEFAULT_EXCLUDE,
                 families: Optional[Sequence[str]] = None,
                 min_cjk_share: float = 0.5,
                 cjk_for_latin_prob: float = 0.15,
                 design_weights: Sequence[Tuple[str, float]] = (
                     DEFAULT_DESIGN_WEIGHTS),
                 max_glyphs: int = 150000) -> None:
        ex = [re.compile(p) for p in exclude]
        inc = [re.compile(p) for p in families] if families else None
        hanzi = [c for c in charset.chars if is_cjk_ideograph(c)]
        ascii_chars = [c for c in charset.chars if ' ' < c < '\x7f']
        self.cjk: Dict[str, List[FontFace]] = {}
        self.latin: Dict[str, List[FontFace]] = {}
        for face in faces:
            if any(p.search(face.name) for p in ex):
                continue
            if inc is not None and not any(p.search(face.family)
                                           for p in inc):
                continue
            n_han = sum(1 for c in hanzi if c in face.coverage)
            if hanzi and n_han >= min_cjk_share * len(hanzi):
                self.cjk.setdefault(design_name(face.family, True),
                                    []).append(face)
            elif all(c in face.coverage for c in ascii_chars):
                self.latin.setdefault(design_name(face.family),
                                      []).append(face)
        if not self.cjk and not self.latin:
            raise RuntimeError(
                'no usable font found through fontconfig: run '
                'tools/setup_synth_assets.sh (fonts-noto-cjk, fonts-dejavu, '
                '...)')
        self.cjk_designs = sorted(self.cjk)
        self.latin_designs = sorted(self.latin)
        self.faces = [f for d in self.cjk_designs for f in self.cjk[d]] + [
            f for d in self.latin_designs for f in self.latin[d]
        ]
        self._cjk_faces = frozenset(f for d in self.cjk_designs
                                    for f in self.cjk[d])
        self.cjk_for_latin_prob = cjk_for_latin_prob
        self.max_glyphs = max_glyphs
        dw = [(re.compile(p), w) for p, w in design_weights]

        def cum(designs: List[str]) -> List[float]:
            ws = [next((w for p, w in dw if p.search(d)), 1.0)
                  for d in designs]
            return list(accumulate(ws))

        self._cum = dict(
            cjk=cum(self.cjk_designs), latin=cum(self.latin_designs))
        self._font_cache: Dict[Tuple[str, int, int], ImageFont.FreeTypeFont]
        self._font_cache = {}
        self._glyph_cache: Dict[tuple, Glyph] = {}
        self._pid = os.getpid()

    @classmethod
    def from_system(cls, charset: Charset, **kwargs) -> 'FontPool':
        """Build the pool from every face fontconfig knows.

        Args:
            charset (Charset): The dictionary.
            **kwargs: Passed to :class:`FontPool`.

        Returns:
            FontPool: The pool.
        """
        return cls(list_system_faces(charset), charset, **kwargs)

    def __len__(self) -> int:
        return len(self.faces)

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state['_font_cache'] = {}  # FreeType handles stay in their process
        state['_glyph_cache'] = {}
        return state

    def union_coverage(self) -> FrozenSet[str]:
        """frozenset[str]: Dictionary characters at least one face draws."""
        out: set = set()
        for f in self.faces:
            out |= f.coverage
        return frozenset(out)

    def choose(self, text: str, rng, tries: int = 8) -> Optional[FontFace]:
        """Pick a face that draws every character of ``text``.

        Args:
            text (str): The line.
            rng (random.Random): Source of randomness.
            tries (int): Random designs tried before scanning all faces.
                Defaults to 8.

        Returns:
            FontFace or None: A face, or None when no face draws the line.
        """
        wide = any(is_wide(c) for c in text)
        if wide or not self.latin_designs or (
                self.cjk_designs and rng.random() < self.cjk_for_latin_prob):
            order = ('cjk', 'latin')
        else:
            order = ('latin', 'cjk')
        for name in order:
            group = self.cjk if name == 'cjk' else self.latin
            designs = self.cjk_designs if name == 'cjk' else self.latin_designs
            if not designs:
                continue
            cum = self._cum[name]
            for _ in range(tries):
                i = min(bisect_right(cum, rng.random() * cum[-1]),
                        len(designs) - 1)
                faces = group[designs[i]]
                face = faces[rng.randrange(len(faces))]
                if face.covers(text):
                    return face
        ok = [f for f in self.faces if f.covers(text)]
        return ok[rng.randrange(len(ok))] if ok else None

    def font(self, face: FontFace, size: int) -> ImageFont.FreeTypeFont:
        """A cached PIL font for ``face`` at ``size`` pixels (per process).

        Args:
            face (FontFace): The face.
            size (int): Size in pixels.

        Returns:
            ImageFont.FreeTypeFont: The font, basic layout (no shaping).
        """
        if self._pid != os.getpid():
            # FreeType handles stay in the process that opened them; cached
            # glyph bitmaps are plain arrays, shared copy-on-write by forks.
            self._font_cache = {}
            self._pid = os.getpid()
        key = (face.path, face.index, size)
        font = self._font_cache.get(key)
        if font is None:
            if len(self._font_cache) > 2048:
                self._font_cache.clear()
            font = ImageFont.truetype(
                face.path,
                size,
                index=face.index,
                layout_engine=ImageFont.Layout.BASIC)
            self._font_cache[key] = font
        return font

    def glyph(self, face: FontFace, size: int, char: str,
              stroke: int = 0) -> 'Glyph':
        """A cached rasterised glyph (per process).

        Rasterising dominates the cost of a line (hinted CJK outlines take
        20-120 us each), and a few thousand glyphs cover most lines, so lines
        are composed from cached glyph bitmaps instead of asking FreeType to
        draw each string again.

        Args:
            face (FontFace): The face.
            size (int): Size in pixels.
            char (str): One character.
            stroke (int): Stroke width for synthetic bold. Defaults to 0.

        Returns:
            Glyph: ``(bitmap, dx, dy, advance)``: the uint8 coverage bitmap of
            shape (h, w) (None for blank glyphs), its offset from the pen
            position on the baseline, and the advance width in pixels.
        """
        key = (face.path, face.index, size, char, stroke)
        g = self._glyph_cache.get(key)
        if g is not None:
            return g
        font = self.font(face, size)
        bitmap, dx, dy = _coverage(font, char, 0)
        if stroke and bitmap is not None:
            # FreeType's stroker gives only the outline band (Pillow >= 11
            # draws it without the fill), so bold is the band over the fill.
            band, sx, sy = _coverage(font, char, stroke)
            if band is not None:
                band = band.copy()
                y, x = dy - sy, dx - sx
                h, w = bitmap.shape
                np.maximum(band[y:y + h, x:x + w], bitmap,
                           out=band[y:y + h, x:x + w])
                bitmap, dx, dy = band, sx, sy
        g = (bitmap, dx, dy, float(font.getlength(char)))
        if len(self._glyph_cache) >= self.max_glyphs:
            self._glyph_cache.clear()
        self._glyph_cache[key] = g
        return g

    def warm(self, size: int, latin_chars: str, cjk_chars: str) -> int:
        """Rasterise glyphs ahead of time into the glyph cache.

        Called in a parent process before dataloader or tool workers fork,
        the cache is shared by all of them instead of being rebuilt in each
        (a glyph costs 10-150 us to rasterise, a cached line about 1 ms).

        Args:
            size (int): Font size in pixels.
            latin_chars (str): Characters for every face.
            cjk_chars (str): Extra characters for the CJK faces.

        Returns:
            int: Number of glyphs in the cache afterwards.
        """
        for face in self.faces:
            chars = latin_chars
            if face in self._cjk_faces:
                chars = latin_chars + cjk_chars
            for c in chars:
                if c in face.coverage:
                    self.glyph(face, size, c)
        return len(self._glyph_cache)


def _coverage(font: ImageFont.FreeTypeFont, char: str,
              stroke: int) -> Tuple[Optional[np.ndarray], int, int]:
    """The uint8 coverage bitmap of ``char`` (None when blank) and its
    offset from the pen position on the baseline."""
    mask, (dx, dy) = font.getmask2(
        char, mode='L', anchor='ls', stroke_width=stroke)
    if mask.size[0] == 0 or mask.size[1] == 0:
        return None, int(dx), int(dy)
    bitmap = np.asarray(Image.Image()._new(mask))
    return (bitmap if bitmap.any() else None), int(dx), int(dy)
