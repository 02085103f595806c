"""One object that turns ``(seed, index)`` into a rendered text line."""
import random
from typing import Dict, Optional, Sequence, Tuple

import cv2

from .backgrounds import BackgroundBank
from .charset import Charset
from .corpus import TextCorpus
from .degrade import LineDegrader
from .fonts import DEFAULT_EXCLUDE, HELDOUT_FONTS, FontFace, FontPool
from .page import PageRenderer
from .plate import PLATE_DEGRADE_PROBS, PlateRenderer
from .render import LineRenderer
from .text_sampler import LineTextSampler


# Read-only assets shared by every generator of a process (train and val
# datasets, tests): (charset, corpus, font pool) by their settings.
_SHARED_ASSETS: Dict[tuple, tuple] = {}


class SynthLineGenerator:
    """Deterministic synthetic text lines: sample ``i`` of seed ``s`` is the
    same image and label in every process and on every call.

    Heavy assets (corpus, font pool, texture banks) are built on first use
    and dropped when the object is pickled, so it can be sent to dataloader
    workers cheaply; forked workers share the parent's copy.

    Args:
        dict_file (str, optional): Character dictionary. Defaults to the
            plugin's ``zh_en_gb2312.txt``.
        height (int): Output line height in pixels. Defaults to 32.
        seed (int): Seed; different seeds give different samples for the
            same index. Defaults to 0.
        min_chars (int): Shortest line. Defaults to 1.
        max_chars (int): Longest line. Defaults to 48.
        kind_weights (dict[str, float], optional): Line-kind mixture, see
            :class:`LineTextSampler`, plus ``plate``: synthetic Chinese
            licence-plate crops (:class:`PlateRenderer`), drawn with weight
            ``plate / sum(weights)``. Defaults to None (the default text
            mixture, no plates).
        text_split (str, optional): ``'train'`` or ``'heldout'`` running
            text (a fixed 5% of the corpus passages is held out), or
            ``'independent'`` text sources, see
            :class:`~ocrrec_plugin.datasets.synth.LineTextSampler`. Defaults
            to None (all passages).
        ascii_punct_prob (float): Share of lines whose full-width
            punctuation is printed in ASCII. Defaults to 0.
        bg_image_dirs (Sequence[str]): Real photographs or scans to crop
            backgrounds from. Defaults to ().
        bg_kind_weights (dict[str, float], optional): Background mixture,
            see :class:`BackgroundBank`. Defaults to None.
        degrade_probs (dict[str, float], optional): Degradation
            probabilities, see :class:`LineDegrader`. Defaults to None.
        clean (bool): Disable all degradations. Defaults to False.
        font_families (Sequence[str], optional): Regexes restricting the font
            families. Defaults to None (all).
        font_exclude (Sequence[str]): Regexes of faces to skip. Defaults to
            :data:`DEFAULT_EXCLUDE`.
        font_split (str, optional): ``'train'`` drops the designs of
            :data:`HELDOUT_FONTS`; ``'heldout'`` keeps only them (and
            overrides ``font_families``). Defaults to None.
        render_cfg (dict, optional): Extra :class:`LineRenderer` arguments
            (``spacing_prob``, ``underline_prob``, ...). Defaults to None.
        cache_dir (str, optional): Corpus cache folder. Defaults to None.
        page_cfg (dict, optional): :class:`PageRenderer` arguments for
            :meth:`page`. Defaults to None.
        plate_cfg (dict, optional): Extra :class:`PlateRenderer` arguments
            (``kind_weights`` of plate kinds, ``out_size``, ...) and
            ``degrade_probs`` of the plate crops (defaults to
            :data:`PLATE_DEGRADE_PROBS`). Defaults to None.
    """

    def __init__(self,
                 dict_file: Optional[str] = None,
                 height: int = 32,
                 seed: int = 0,
                 min_chars: int = 1,
                 max_chars: int = 48,
                 kind_weights: Optional[Dict[str, float]] = None,
                 text_split: Optional[str] = None,
                 ascii_punct_prob: float = 0.,
                 bg_image_dirs: Sequence[str] = (),
                 bg_kind_weights: Optional[Dict[str, float]] = None,
                 degrade_probs: Optional[Dict[str, float]] = None,
                 clean: bool = False,
                 font_families: Optional[Sequence[str]] = None,
                 font_exclude: Sequence[str] = DEFAULT_EXCLUDE,
                 font_split: Optional[str] = None,
                 render_cfg: Optional[dict] = None,
                 cache_dir: Optional[str] = None,
                 page_cfg: Optional[dict] = None,
                 plate_cfg: Optional[dict] = None) -> None:
        self.dict_file = dict_file
        self.height = height
        self.seed = int(seed)
        self.min_chars = min_chars
        self.max_chars = max_chars
        self.kind_weights = kind_weights
        self.text_split = text_split
        self.ascii_punct_prob = ascii_punct_prob
        self.bg_image_dirs = tuple(bg_image_dirs)
        self.bg_kind_weights = bg_kind_weights
        self.degrade_probs = degrade_probs
        self.clean = clean
        self.font_families = None if font_families is None else tuple(
            font_families)
        self.font_exclude = tuple(font_exclude)
        if font_split == 'train':
            self.font_exclude += HELDOUT_FONTS
        elif font_split == 'heldout':
            self.font_families = HELDOUT_FONTS
        elif font_split is not None:
            raise ValueError('font_split must be None, "train" or "heldout", '
                             f'got {font_split!r}')
        self.render_cfg = dict(render_cfg or {})
        self.cache_dir = cache_dir
        self.page_cfg = dict(page_cfg or {})
        self.plate_cfg = dict(plate_cfg or {})
        self._ready = False

    # ---------------------------------------------------------------- set-up
    def setup(self) -> 'SynthLineGenerator':
        """Build the assets (idempotent).

        Returns:
            SynthLineGenerator: self.
        """
        if self._ready:
            return self
        key = (self.dict_file, self.cache_dir, self.font_families,
               self.font_exclude)
        shared = _SHARED_ASSETS.get(key)
        if shared is None:
            charset = Charset(self.dict_file)
            shared = (charset,
                      TextCorpus.load(charset, cache_dir=self.cache_dir),
                      FontPool.from_system(
                          charset,
                          families=self.font_families,
                          exclude=self.font_exclude))
            _SHARED_ASSETS[key] = shared
        self.charset, self.corpus, self.fonts = shared
        # 'plate' is drawn here, the other kinds by the text sampler.
        text_weights = None if self.kind_weights is None else {
            k: w for k, w in self.kind_weights.items() if k != 'plate'}
        plate_w = max(0.0, float((self.kind_weights or {}).get('plate', 0)))
        text_w = sum(max(0.0, float(w)) for w in (text_weights or {}).values())
        if self.kind_weights is None:
            self.plate_prob = 0.0
        elif plate_w + text_w <= 0:
            raise ValueError('all line kinds have zero weight')
        else:
            self.plate_prob = plate_w / (plate_w + text_w)
        self.sampler = None
        if self.plate_prob < 1.0:
            self.sampler = LineTextSampler(
                self.corpus,
                self.charset,
                min_chars=self.min_chars,
                max_chars=self.max_chars,
                kind_weights=text_weights,
                text_split=self.text_split,
                ascii_punct_prob=self.ascii_punct_prob)
        self.backgrounds = BackgroundBank(
            self.bg_image_dirs, kind_weights=self.bg_kind_weights)
        degrader = None if self.clean else LineDegrader(self.degrade_probs)
        self.renderer = LineRenderer(
            self.fonts,
            self.backgrounds,
            degrader,
            height=self.height,
            **self.render_cfg)
        self.plates = None
        if self.plate_prob > 0:
            plate_cfg = dict(self.plate_cfg)
            probs = plate_cfg.pop('degrade_probs', PLATE_DEGRADE_PROBS)
            self.plates = PlateRenderer(
                self.fonts,
                self.charset,
                self.backgrounds,
                None if self.clean else LineDegrader(probs),
                **plate_cfg)
        # A plates-only generator still draws pages of the default mixture.
        page_sampler = self.sampler or LineTextSampler(
            self.corpus,
            self.charset,
            min_chars=self.min_chars,
            max_chars=self.max_chars,
            text_split=self.text_split,
            ascii_punct_prob=self.ascii_punct_prob)
        self.pages = PageRenderer(page_sampler, self.fonts, self.backgrounds,
                                  **self.page_cfg)
        self._ready = True
        return self

    def warm_up(self, num_hanzi: int = 1000) -> int:
        """Fill the glyph cache with printable ASCII for every face and the
        ``num_hanzi`` most frequent hanzi (plus common punctuation) for the
        CJK faces, at every render size (a few seconds).

        Call it before forking workers so that they share the cache.

        Args:
            num_hanzi (int): Hanzi warmed, by running-text frequency.
                Defaults to 1000.

        Returns:
            int: Number of cached glyphs.
        """
        self.setup()
        counts = self.corpus.char_counts
        hanzi = sorted((c for c in self.charset.hanzi),
                       key=lambda c: -counts.get(c, 0))[:num_hanzi]
        cjk = ''.join(hanzi) + '，。、；：？！“”（）《》—…·０１２３４５６７８９'
        latin = ''.join(chr(i) for i in range(33, 127))
        n = 0
        for scale in self.renderer.render_scales:
            n = self.fonts.warm(self.renderer.font_size(scale), latin, cjk)
        if self.plates is not None:
            n = self.plates.warm()
        return n

    def __getstate__(self) -> dict:
        keep = ('dict_file', 'height', 'seed', 'min_chars', 'max_chars',
                'kind_weights', 'text_split', 'ascii_punct_prob',
                'bg_image_dirs', 'bg_kind_weights', 'degrade_probs', 'clean',
                'font_families', 'font_exclude',
                'render_cfg', 'cache_dir', 'page_cfg', 'plate_cfg')
        state = {k: self.__dict__[k] for k in keep}
        state['_ready'] = False
        return state

    # ------------------------------------------------------------- sampling
    def rng(self, idx: int, stream: int = 0) -> random.Random:
        """The random generator of sample ``idx``.

        Every random draw of a sample (text, font, style, background,
        degradations) comes from this one generator, seeded from
        ``(seed, idx, stream)`` only; array noise is cropped from fixed
        banks at positions it draws.

        Args:
            idx (int): Sample index (>= 0).
            stream (int): 0 for lines, 1 for pages. Defaults to 0.

        Returns:
            random.Random: The generator.
        """
        if idx < 0:
            raise IndexError(f'sample index must be >= 0, got {idx}')
        return random.Random(f'{self.seed}/{idx}/{stream}')

    def text_and_font(
            self, idx: int,
            prng: Optional[random.Random] = None) -> Tuple[str, FontFace]:
        """Draw the label of sample ``idx`` and a face that can draw it.

        Cheap (no rendering), so coverage statistics over many samples use
        exactly the labels the dataset would produce.

        Args:
            idx (int): Sample index.
            prng (random.Random, optional): The sample's generator; created
                from ``idx`` when None.

        Returns:
            tuple(str, FontFace): The label and the face (for a plate, the
            CJK face of its hanzi).
        """
        text, face, _ = self._draw(idx, prng)
        return text, face

    def _draw(self, idx: int, prng: Optional[random.Random] = None
              ) -> Tuple[str, FontFace, Optional[str]]:
        """Draw the line kind, label and face of sample ``idx``.

        Returns:
            tuple(str, FontFace, str or None): The label, the face and the
            plate kind (None for a text line).
        """
        self.setup()
        if prng is None:
            prng = self.rng(idx)
        # Only mixtures of plates and text spend a draw on the kind, so the
        # samples of text-only generators are those of earlier versions.
        p = self.plate_prob
        if p >= 1.0 or (p > 0 and prng.random() < p):
            text, kind = self.plates.sample_text(prng)
            face = self.plates.choose_face(text, prng)
            if face is not None:
                return text, face, kind
            raise RuntimeError(
                f'no installed font draws the plate of sample {idx}: run '
                'tools/setup_synth_assets.sh')
        for _ in range(16):
            text = self.sampler.sample(prng)
            face = self.fonts.choose(text, prng)
            if face is not None:
                return text, face, None
        raise RuntimeError(
            f'no installed font draws the lines of sample {idx}: run '
            'tools/setup_synth_assets.sh')

    def __call__(self, idx: int) -> dict:
        """Render sample ``idx``.

        Args:
            idx (int): Sample index.

        Returns:
            dict: ``img`` (np.ndarray, uint8 BGR of shape (height, W, 3)),
            ``text`` (str) and ``font`` (str, ``family style``).
        """
        self.setup()
        prng = self.rng(idx)
        text, face, kind = self._draw(idx, prng)
        if kind is None:
            img = self.renderer.render(text, face, prng)
        else:
            # A crop at the real plate crops' scale (about 94 x 24), then
            # brought to the line height like any line.
            img = self.plates.render(text, face, prng, kind)
            h, w = img.shape[:2]
            if h != self.height:
                f = self.height / h
                img = cv2.resize(
                    img, (max(1, int(round(w * f))), self.height),
                    interpolation=cv2.INTER_AREA if f < 1 else
                    cv2.INTER_LINEAR)
        return dict(img=img, text=text, font=face.name)

    def page(self, idx: int) -> dict:
        """Render page ``idx`` for the line detector.

        Pages use their own random stream, so page ``i`` and line ``i`` of
        the same seed are unrelated.

        Args:
            idx (int): Page index.

        Returns:
            dict: ``img`` (np.ndarray, uint8 BGR of shape (H, W, 3)) and
            ``instances``: one dict per line with ``polygon`` (8 floats),
            ``bbox`` (x1, y1, x2, y2), ``bbox_label`` 0, ``ignore`` False and
            ``text``.
        """
        self.setup()
        img, lines = self.pages.render(self.rng(idx, stream=1))
        instances = []
        for line in lines:
            xs, ys = line['polygon'][0::2], line['polygon'][1::2]
            instances.append(
                dict(
                    polygon=line['polygon'],
                    bbox=[min(xs), min(ys), max(xs), max(ys)],
                    bbox_label=0,
                    ignore=False,
                    text=line['text']))
        return dict(img=img, instances=instances)
