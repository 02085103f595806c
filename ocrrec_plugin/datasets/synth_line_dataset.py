from typing import Callable, Dict, List, Optional, Sequence, Union

from mmengine.dataset import BaseDataset

from mmocr.registry import DATASETS
from .synth.fonts import DEFAULT_EXCLUDE
from .synth.generator import SynthLineGenerator


@DATASETS.register_module()
class SynthLineDataset(BaseDataset):
    """Synthetic Chinese + English text lines rendered on the fly.

    Sample ``i`` is a deterministic function of ``(seed, i)``: the same
    image and label in every dataloader worker, every epoch and every run on
    a machine with the same fonts and corpora installed. Nothing is stored,
    so ``num_samples`` can be large. Each item matches MMOCR's recognition
    datasets loaded from LMDB (an in-memory image and one text instance), so
    the pipeline starts with ``LoadImageFromNDArray`` and the dataset mixes
    with :class:`mmocr.datasets.OCRDataset` sets in a ``ConcatDataset``
    (both have ``dataset_type='TextRecogDataset'`` in their metainfo).

    Each item holds:

        - img (np.ndarray): uint8 BGR line of shape (height, W, 3).
        - instances (list[dict]): ``[{'text': label}]``.
        - img_key (str): ``synth-{seed}-{index}``, for logs.
        - font (str): The face the line was drawn with.

    Args:
        num_samples (int): Length of the dataset. Defaults to 100000.
        seed (int): Seed; use different seeds for train and validation.
            Defaults to 0.
        height (int): Line height in pixels. Defaults to 32.
        min_chars (int): Shortest line. Defaults to 1.
        max_chars (int): Longest line. Defaults to 48.
        dict_file (str, optional): Dictionary whose characters bound every
            label. Defaults to the plugin's ``zh_en_gb2312.txt``.
        kind_weights (dict[str, float], optional): Line-kind mixture, see
            :class:`~ocrrec_plugin.datasets.synth.LineTextSampler`. Defaults
            to None.
        text_split (str, optional): ``'train'`` or ``'heldout'`` running
            text (a fixed 5% of the corpus passages is held out), or
            ``'independent'`` text sources, see
            :class:`~ocrrec_plugin.datasets.synth.LineTextSampler`. Defaults
            to None (all passages).
        ascii_punct_prob (float): Share of lines whose full-width
            punctuation is printed in ASCII. Defaults to 0.
        bg_image_dirs (Sequence[str]): Real photos / scans cropped for
            backgrounds (text regions of SROIE-style annotated images are
            avoided). Defaults to ().
        bg_kind_weights (dict[str, float], optional): Background mixture.
            Defaults to None.
        degrade_probs (dict[str, float], optional): Degradation
            probabilities. Defaults to None.
        clean (bool): No degradations (e.g. for a clean validation set).
            Defaults to False.
        font_families (Sequence[str], optional): Regexes restricting the
            font families. Defaults to None.
        font_exclude (Sequence[str]): Regexes of faces to skip. Defaults to
            :data:`~ocrrec_plugin.datasets.synth.fonts.DEFAULT_EXCLUDE`.
        font_split (str, optional): ``'train'`` skips the held-out designs
            (:data:`~ocrrec_plugin.datasets.synth.fonts.HELDOUT_FONTS`),
            ``'heldout'`` draws with them alone. Defaults to None.
        render_cfg (dict, optional): Extra
            :class:`~ocrrec_plugin.datasets.synth.LineRenderer` arguments.
            Defaults to None.
        plate_cfg (dict, optional): Extra
            :class:`~ocrrec_plugin.datasets.synth.plate.PlateRenderer`
            arguments and the plates' ``degrade_probs``, for a
            ``kind_weights`` with ``plate``. Defaults to None.
        warm_glyphs (bool): Rasterise common glyphs when the dataset is
            initialised (a few seconds, once per process), so that forked
            dataloader workers share them instead of each rebuilding the
            cache. Defaults to False.
        metainfo (dict, optional): Extra meta information. Defaults to None.
        pipeline (list[dict | Callable]): Processing pipeline. Defaults to
            ().
        test_mode (bool): Test mode (no refetch on failure). Defaults to
            False.
        lazy_init (bool): Defer loading the corpus and fonts to first use.
            Defaults to False.
        max_refetch (int): Retries when the pipeline returns None. Defaults
            to 1000.
    """
    METAINFO: dict = dict(dataset_type='TextRecogDataset',
                          task_name='textrecog')

    def __init__(self,
                 num_samples: int = 100000,
                 seed: int = 0,
                 height: int = 32,
                 min_chars: int = 1,
                 max_chars: int = 48,
                 dict_file: Optional[str] = None,
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
                 plate_cfg: Optional[dict] = None,
                 warm_glyphs: bool = False,
                 metainfo: Optional[dict] = None,
                 pipeline: Sequence[Union[dict, Callable]] = (),
                 test_mode: bool = False,
                 lazy_init: bool = False,
                 max_refetch: int = 1000) -> None:
        if num_samples < 1:
            raise ValueError(f'num_samples must be >= 1, got {num_samples}')
        self.num_samples = int(num_samples)
        self.warm_glyphs = warm_glyphs
        self.generator = SynthLineGenerator(
            dict_file=dict_file,
            height=height,
            seed=seed,
            min_chars=min_chars,
            max_chars=max_chars,
            kind_weights=kind_weights,
            text_split=text_split,
            ascii_punct_prob=ascii_punct_prob,
            bg_image_dirs=bg_image_dirs,
            bg_kind_weights=bg_kind_weights,
            degrade_probs=degrade_probs,
            clean=clean,
            font_families=font_families,
            font_exclude=font_exclude,
            font_split=font_split,
            render_cfg=render_cfg,
            plate_cfg=plate_cfg)
        super().__init__(
            ann_file='',
            metainfo=metainfo,
            data_root='',
            serialize_data=False,
            pipeline=list(pipeline),
            test_mode=test_mode,
            lazy_init=lazy_init,
            max_refetch=max_refetch)

    @property
    def seed(self) -> int:
        """int: The seed of the samples."""
        return self.generator.seed

    def full_init(self) -> None:
        """Load the corpus, fonts and texture banks (no annotation file).

        Called by :class:`~mmengine.dataset.BaseDataset` unless
        ``lazy_init``; forked dataloader workers then share the assets.
        """
        if self._fully_initialized:
            return
        self.generator.setup()
        if self.warm_glyphs:
            self.generator.warm_up()
        self._fully_initialized = True

    def load_data_list(self) -> List[dict]:
        """Samples are rendered on demand: there is no list to load."""
        return []

    def __len__(self) -> int:
        return self.num_samples

    def _check_index(self, idx: int) -> int:
        if idx < 0:
            idx += self.num_samples
        if not 0 <= idx < self.num_samples:
            raise IndexError(f'index {idx} out of range for '
                             f'{type(self).__name__} of length '
                             f'{self.num_samples}')
        return idx

    def get_text(self, idx: int) -> str:
        """The label of sample ``idx``, without rendering it (cheap).

        Args:
            idx (int): Index in ``[-len, len)``.

        Returns:
            str: The text :meth:`get_data_info` would render.
        """
        self.full_init()
        return self.generator.text_and_font(self._check_index(idx))[0]

    def get_data_info(self, idx: int) -> dict:
        """Render sample ``idx``.

        Args:
            idx (int): Index in ``[-len, len)``.

        Returns:
            dict: ``img``, ``instances``, ``img_key``, ``font`` and
            ``sample_idx``.
        """
        idx = self._check_index(idx)
        out = self.generator(idx)
        return dict(
            img=out['img'],
            instances=[dict(text=out['text'])],
            img_key=f'synth-{self.seed}-{idx:09d}',
            font=out['font'],
            sample_idx=idx)
