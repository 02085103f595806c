"""OCR engines behind two interfaces, for benchmarks.

A recognition engine (:class:`RecogEngine`) reads a list of BGR line images
and returns one string per image: ``tools/benchmark.py`` compares them. A
spotting engine (:class:`SpotEngine`) finds and reads the lines of a whole
image: ``tools/analysis_tools/eval_spotting.py`` compares them. Both kinds
live in one mmengine registry, :data:`ENGINES`: MMOCR recognizers (ours or
any other config + checkpoint), our ONNX export, our spotter and the
outside engines (PP-OCR through rapidocr, Tesseract) register themselves
there, so every benchmark builds them the same way.
"""
import copy
from abc import ABCMeta, abstractmethod
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
from mmengine.registry import Registry

from .line_recognizer import ImageLike, LineRecognizer, load_line_image
from .onnx_recognizer import (ExportableRecognizer, ONNXLineRecognizer,
                              example_inputs)

#: Every engine, by kind (the name given to :func:`build_engine`).
ENGINES = Registry('ocr engine')
#: What a spotting engine returns: each line's polygon and text.
SpottedLines = List[Tuple[List[float], str]]


def register_engine(kind: str, force: bool = False) -> Callable:
    """Class decorator: make an engine buildable as ``kind``."""
    return ENGINES.register_module(name=kind, force=force)


def build_engine(kind: str, *args, **kwargs):
    """Build a registered engine, naming the known kinds on a typo."""
    cls = ENGINES.get(kind)
    if cls is None:
        raise KeyError(f'unknown engine kind {kind!r}; known: '
                       f'{sorted(ENGINES.module_dict)}')
    return cls(*args, **kwargs)


class RecogEngine(metaclass=ABCMeta):
    """A text-line recognizer.

    Attributes:
        device (str): Where it runs, as reported in benchmark tables.
    """
    device: str = 'cpu'

    @abstractmethod
    def read(self, images: Sequence[np.ndarray]) -> List[str]:
        """Texts of BGR ``uint8`` line images, one per image."""

    @property
    def threads(self) -> str:
        """CPU threads it computes with, as reported in tables."""
        return str(torch.get_num_threads())

    def complexity(self, width: int = 800) -> Dict[str, Optional[float]]:
        """Parameters and FLOPs of one 32 x ``width`` line, when known."""
        return dict(params=None, flops=None)


@register_engine('mmocr')
class MMOCREngine(RecogEngine):
    """Any MMOCR recognizer given as config + checkpoint.

    Args:
        config (str): Recognizer config.
        checkpoint (str): Its weights.
        device (str): Defaults to 'cpu'.
    """

    def __init__(self, config: str, checkpoint: str,
                 device: str = 'cpu') -> None:
        self.recognizer = LineRecognizer(config, checkpoint, device=device)
        self.device = device

    def read(self, images: Sequence[np.ndarray]) -> List[str]:
        return [r.text for r in self.recognizer(images)]

    def complexity(self, width: int = 800) -> Dict[str, Optional[float]]:
        model = self.recognizer.inferencer.model
        params = float(sum(p.numel() for p in model.parameters()))
        flops = None
        if hasattr(model, 'encode'):  # ours: count one line end to end
            from mmengine.analysis import get_model_complexity_info
            model = copy.deepcopy(model).cpu().eval()
            # The config's own resize and padding (3-chunk models read
            # every line at one fixed width).
            inputs = example_inputs(model, self.recognizer.inferencer.cfg,
                                    width)
            info = get_model_complexity_info(
                ExportableRecognizer(model).eval(),
                inputs=inputs,
                show_table=False,
                show_arch=False)
            flops = float(info['flops'])
        return dict(params=params, flops=flops)


@register_engine('onnx')
class ONNXEngine(RecogEngine):
    """Our ONNX export on onnxruntime (CPU).

    Args:
        config (str): The config the model was exported from.
        onnx_file (str): The exported model.
        num_threads (int, optional): onnxruntime threads.
    """

    def __init__(self,
                 config: str,
                 onnx_file: str,
                 num_threads: Optional[int] = None) -> None:
        self.recognizer = ONNXLineRecognizer(
            config, onnx_file, num_threads=num_threads)
        self.num_threads = num_threads

    @property
    def threads(self) -> str:
        return str(self.num_threads or 'onnxruntime default')

    def read(self, images: Sequence[np.ndarray]) -> List[str]:
        return [r.text for r in self.recognizer(images)]


def rapidocr_v4(num_threads: Optional[int] = None):
    """rapidocr-onnxruntime's PP-OCRv4 pipeline (models inside the wheel)."""
    from rapidocr_onnxruntime import RapidOCR
    kwargs = {} if num_threads is None else dict(
        intra_op_num_threads=num_threads)
    return RapidOCR(**kwargs)


def rapidocr_v6(num_threads: Optional[int] = None):
    """rapidocr 3.x's PP-OCRv6 small pipeline (models inside the wheel,
    nothing is downloaded)."""
    from rapidocr import RapidOCR
    params = {'Global.log_level': 'warning'}
    if num_threads is not None:
        params['EngineConfig.onnxruntime.intra_op_num_threads'] = num_threads
    return RapidOCR(params=params)


@register_engine('rapidocr-onnxruntime')
class RapidOCREngine(RecogEngine):
    """PP-OCRv4's recognizer as packaged by ``rapidocr-onnxruntime`` (its
    ONNX model ships inside the wheel), without detection or angle
    classification: the same line crops every engine reads.

    Args:
        num_threads (int, optional): onnxruntime threads. None leaves
            rapidocr's default.
    """

    def __init__(self, num_threads: Optional[int] = None) -> None:
        self.ocr = rapidocr_v4(num_threads)
        self.num_threads = num_threads

    @property
    def threads(self) -> str:
        return str(self.num_threads or 'onnxruntime default')

    def read(self, images: Sequence[np.ndarray]) -> List[str]:
        results, _ = self.ocr.text_rec(list(images))
        return [text for text, _score in results]


@register_engine('rapidocr')
class RapidOCRv6Engine(RecogEngine):
    """The newest PP-OCR recognizer packaged by ``rapidocr`` 3.x (PP-OCRv6
    small; its ONNX model ships inside the wheel, nothing is downloaded),
    on the same line crops, without detection or angle classification.

    Args:
        num_threads (int, optional): onnxruntime threads. None leaves
            rapidocr's default.
    """

    def __init__(self, num_threads: Optional[int] = None) -> None:
        self.ocr = rapidocr_v6(num_threads)
        self.num_threads = num_threads

    @property
    def threads(self) -> str:
        return str(self.num_threads or 'onnxruntime default')

    def read(self, images: Sequence[np.ndarray]) -> List[str]:
        out = []
        for img in images:
            result = self.ocr(
                img, use_det=False, use_cls=False, use_rec=True)
            out.append(result.txts[0] if result.txts else '')
        return out


@register_engine('tesseract')
class TesseractEngine(RecogEngine):
    """Tesseract's LSTM recognizer through ``tesserocr``, one line per image
    (page segmentation mode 7, "single text line").

    Args:
        num_threads (int, optional): Tesseract's OpenMP threads
            (``OMP_THREAD_LIMIT`` is read when the library loads, so set it
            in the environment). Kept for a uniform interface.
        lang (str): Tesseract languages. Defaults to ``'chi_sim+eng'``.
        tessdata (str, optional): Folder of the ``.traineddata`` files.
            Defaults to ``$TESSDATA_PREFIX``, else Debian's
            (``apt install tesseract-ocr-eng tesseract-ocr-chi-sim``).
    """

    TESSDATA_DIRS = ('/usr/share/tesseract-ocr/5/tessdata',
                     '/usr/share/tesseract-ocr/4.00/tessdata',
                     '/usr/share/tessdata')

    def __init__(self,
                 num_threads: Optional[int] = None,
                 lang: str = 'chi_sim+eng',
                 tessdata: Optional[str] = None) -> None:
        import os
        import os.path as osp

        import tesserocr
        tessdata = tessdata or os.environ.get('TESSDATA_PREFIX') or next(
            (d for d in self.TESSDATA_DIRS if osp.isdir(d)), None)
        missing = [
            code for code in lang.split('+') if tessdata is None
            or not osp.isfile(osp.join(tessdata, f'{code}.traineddata'))
        ]
        if missing:
            raise FileNotFoundError(
                f'no Tesseract language data for {missing} in {tessdata}: '
                'apt install tesseract-ocr-eng tesseract-ocr-chi-sim, or set '
                'TESSDATA_PREFIX')
        self.api = tesserocr.PyTessBaseAPI(
            path=tessdata, lang=lang, psm=tesserocr.PSM.SINGLE_LINE)
        self.lang = lang

    @property
    def threads(self) -> str:
        return 'tesseract default'

    def read(self, images: Sequence[np.ndarray]) -> List[str]:
        from PIL import Image
        out = []
        for img in images:
            self.api.SetImage(Image.fromarray(img[..., ::-1]))
            text = self.api.GetUTF8Text().strip()
            # Tesseract puts spaces between Chinese characters.
            out.append(_drop_cjk_spaces(text))
        return out


class SpotEngine(metaclass=ABCMeta):
    """A full-image text spotter: a detector and a recognizer."""

    @abstractmethod
    def spot(self, image: ImageLike) -> SpottedLines:
        """The lines of an image file or a BGR ``uint8`` array: (polygon,
        text) pairs, the polygon as ``[x1, y1, x2, y2, ...]``. Reading the
        file is part of the work, as it is for a user."""


@register_engine('spotter')
class TextSpotterEngine(SpotEngine):
    """Our :class:`~ocrrec_plugin.apis.TextSpotter` (its arguments)."""

    def __init__(self, *args, **kwargs) -> None:
        from .text_spotter import TextSpotter
        self.spotter = TextSpotter(*args, **kwargs)

    def spot(self, image: ImageLike) -> SpottedLines:
        return [(line.poly, line.text) for line in self.spotter(image)]


@register_engine('rapidocr-onnxruntime-spotter')
class RapidOCRSpotEngine(SpotEngine):
    """PP-OCRv4's own detector, angle classifier and recognizer
    (``rapidocr-onnxruntime``).

    Args:
        num_threads (int, optional): onnxruntime threads.
    """

    def __init__(self, num_threads: Optional[int] = None) -> None:
        self.ocr = rapidocr_v4(num_threads)

    def spot(self, image: ImageLike) -> SpottedLines:
        result, _ = self.ocr(load_line_image(image))
        return [(np.asarray(box, np.float32).ravel().tolist(), text)
                for box, text, _ in (result or [])]


@register_engine('rapidocr-spotter')
class RapidOCRv6SpotEngine(SpotEngine):
    """PP-OCRv6 small's own detector, angle classifier and recognizer
    (``rapidocr`` 3.x).

    Args:
        num_threads (int, optional): onnxruntime threads.
    """

    def __init__(self, num_threads: Optional[int] = None) -> None:
        self.ocr = rapidocr_v6(num_threads)

    def spot(self, image: ImageLike) -> SpottedLines:
        out = self.ocr(load_line_image(image))
        if out.boxes is None:
            return []
        return [(np.asarray(box, np.float32).ravel().tolist(), text)
                for box, text in zip(out.boxes, out.txts)]


def _drop_cjk_spaces(text: str) -> str:
    """Remove spaces between two CJK characters."""
    import re
    cjk = '[\u3000-\u9fff\uff00-\uffef]'
    return re.sub(f'(?<={cjk}) +(?={cjk})', '', text)
