"""Full-image text spotting: an MMOCR line detector, then our recognizer on
perspective-warped line crops."""
import os.path as osp
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import (Iterator, List, NamedTuple, Optional, Sequence, Tuple,
                    Union)

import cv2
import numpy as np

from mmocr.apis import TextDetInferencer
from ..utils.model_zoo import get_model
from ..utils.line_split import (fit_quad_to_ink, shrink_quad_to_ink,
                                split_quad_at_gaps)
from ..utils.quad import (bounding_quad, order_quad, pad_quad, quad_angle,
                          quad_size, warp_quad)
from .line_recognizer import (ImageLike, LineRecognizer, LineResult,
                              error_text, load_page)
from .onnx_recognizer import ONNXLineRecognizer

#: The shipped default models, by model-zoo name (``model-index.yml``).
DEFAULT_DET_MODEL = 'dbnet_resnet18-w32_fpnc_curriculum_sroie-synthpages'
DEFAULT_REC_MODEL = 'convnextvit-micro_ctc-5gram_curriculum_zh-en'
#: The stages of :meth:`TextSpotter.__call__` timed in ``timings``.
STAGES = ('decode', 'detect', 'crop', 'recognize')
#: Margin around each detected line, as a fraction of its height (see
#: ``TextSpotter``): chosen on training receipts and the demo page.
DEFAULT_CROP_MARGIN = 0.15
#: Margin at both ends of each detected line, as a fraction of its height:
#: detected outlines often stop short of a line's first or last character
#: (docs/spotting.md, "Crops").
DEFAULT_CROP_END_MARGIN = 0.3
#: Page searched above and below each line when growing it to its ink, in
#: line heights (see :func:`fit_quad_to_ink`): on synthetic pages in
#: held-out fonts h-mean rises from 0.703 to 0.773, on receipts it stays
#: (docs/spotting.md, "Crops").
DEFAULT_FIT_TO_INK = 0.5
#: JPEG pages are decoded at a reduced size that keeps at least this many
#: pixels on the longer side (see :func:`load_page`): a 7000 px scan is
#: read at 3500 px, where its smallest print is still over 30 px high.
DEFAULT_DECODE_MIN_SIDE = 3000
#: A detected region whose minimum-area rectangle is less than this many
#: times longer than wide has no direction of its own (a lone digit's
#: rectangle lies at any angle, often 45 degrees): it is read at the page's
#: tilt instead (see :func:`quads_from_polygons`), and shrunk to its ink.
MIN_ELONGATION = 2.0


def resolve_model(config: str,
                  weights: Optional[str] = None) -> Tuple[str, str]:
    """A config path and its weights, from a path or a model-zoo name.

    Args:
        config (str): A config file, or the name of a zoo entry.
        weights (str, optional): A checkpoint; for a zoo name it defaults to
            the entry's weights.

    Returns:
        tuple(str, str): The config and weights paths.

    Raises:
        KeyError: For a name that is neither a file nor a zoo entry.
        FileNotFoundError: For a zoo entry whose weights are missing (the
            message names the file and where it was expected), or a config
            file given without weights.
    """
    if osp.isfile(config):
        if weights is None:
            raise FileNotFoundError(f'{config}: a config file needs weights')
        return config, weights
    model = get_model(config)
    return model.config, weights or model.weights_path()


@dataclass
class SpottedLine:
    """One text line found in an image.

    Attributes:
        poly (list[float]): The line's quadrilateral in image pixels,
            ``[x1, y1, ..., x4, y4]`` clockwise from its top-left corner.
        text (str): What the recognizer read.
        score (float): Recognition confidence (mean character score).
        det_score (float): Detection confidence.
        row (int): Reading-order row (lines side by side share a row).
    """
    poly: List[float]
    text: str
    score: float
    det_score: float
    row: int

    def to_dict(self) -> dict:
        return asdict(self)


def quad_from_polygon(polygon: Sequence[float]) -> np.ndarray:
    """The minimum-area rectangle of a detected polygon, as 4 ordered points.

    Args:
        polygon (Sequence[float]): ``[x1, y1, x2, y2, ...]``, 3 points or
            more.

    Returns:
        np.ndarray: Shape (4, 2), float32, clockwise from the top-left.
    """
    pts = np.asarray(polygon, np.float32).reshape(-1, 2)
    if len(pts) == 4:
        return order_quad(pts)
    return order_quad(cv2.boxPoints(cv2.minAreaRect(pts)))


def quads_from_polygons(
    polygons: Sequence[Sequence[float]],
    min_elongation: float = MIN_ELONGATION
) -> Tuple[List[np.ndarray], List[bool]]:
    """The line quadrilaterals of a page's detected polygons.

    Each polygon becomes its minimum-area rectangle
    (:func:`quad_from_polygon`), except that a region less elongated than
    ``min_elongation`` (one or two characters) becomes the smallest
    rectangle holding it at the page's tilt: the median tilt
    (:func:`quad_angle`) of the page's elongated lines, 0 when it has none.
    A nearly square region's minimum-area rectangle can lie at any angle,
    and a digit read at 45 degrees comes back as ``%`` or ``7``.

    Args:
        polygons (Sequence[Sequence[float]]): ``[x1, y1, x2, y2, ...]``
            each, 3 points or more.
        min_elongation (float): See above; 0 keeps every minimum-area
            rectangle. Defaults to :data:`MIN_ELONGATION`.

    Returns:
        tuple(list[np.ndarray], list[bool]): One ordered (4, 2) float32
        quadrilateral per polygon, and whether it is such a lone region.
    """
    quads = [quad_from_polygon(p) for p in polygons]
    lone = []
    for q in quads:
        w, h = quad_size(q)
        lone.append(max(w, h) < min_elongation * max(min(w, h), 1e-6))
    tilts = [quad_angle(q) for q, is_lone in zip(quads, lone) if not is_lone]
    tilt = float(np.median(tilts)) if tilts else 0.
    return [
        bounding_quad(np.reshape(p, (-1, 2)), tilt) if is_lone else q
        for p, q, is_lone in zip(polygons, quads, lone)
    ], lone


def crop_lines(img: np.ndarray,
               quads: Sequence[np.ndarray],
               vertical_ratio: float = 2.0,
               margin: float = 0.,
               end_margin: Optional[float] = None
               ) -> List[Optional[np.ndarray]]:
    """Warp each quadrilateral, grown by ``margin`` and ``end_margin``
    (:func:`pad_quad`), to an upright crop; turn vertical lines.

    A crop is a vertical line, rotated 90 degrees counter-clockwise (its top
    becomes its start), when it is ``vertical_ratio`` times taller than wide
    and also that much taller than the median crop's short side, so that a
    single narrow character ("1", "I") is not turned.

    Args:
        img (np.ndarray): The image, (H, W, 3).
        quads (Sequence[np.ndarray]): Ordered quadrilaterals, each (4, 2).
        vertical_ratio (float): See above. Defaults to 2.
        margin (float): Fraction of each quad's short side added above
            and below it before warping. Defaults to 0.
        end_margin (float, optional): The same at its two ends. Defaults
            to ``margin``.

    Returns:
        list[np.ndarray | None]: One crop per quad; None for a degenerate
        (under 2 px) quad.
    """
    crops = [warp_quad(img, pad_quad(q, margin, end_margin)) for q in quads]
    short = [min(c.shape[:2]) for c in crops if c is not None]
    if not short:
        return crops
    median_short = float(np.median(short))
    for i, c in enumerate(crops):
        if c is None:
            continue
        h, w = c.shape[:2]
        if h > vertical_ratio * w and h > vertical_ratio * median_short:
            crops[i] = cv2.rotate(c, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return crops


class _CroppedPage(NamedTuple):
    """A page detected and cropped by :meth:`TextSpotter.spot_pages`,
    waiting for its lines to be read."""
    index: int  # in the call's images
    name: str
    scale: float  # from its pixels to the file's
    quads: List[np.ndarray]
    det_scores: List[float]
    crops: List[Optional[np.ndarray]]


def _page_error(name: str, error: Exception) -> ValueError:
    """A page's failure as :meth:`TextSpotter.__call__` raises it: a
    ValueError naming the image and chaining the original."""
    wrapped = ValueError(f'{name}: spotting failed: {error_text(error)}')
    wrapped.__cause__ = error
    return wrapped


def reading_order(quads: Sequence[np.ndarray]) -> List[List[int]]:
    """Group lines into rows, top to bottom, each row left to right.

    Two lines share a row when their vertical centres are closer than half
    the smaller of their heights (columns of a receipt, key-value pairs).

    Args:
        quads (Sequence[np.ndarray]): Quadrilaterals, each (4, 2).

    Returns:
        list[list[int]]: Rows of indices into ``quads``.
    """
    if not len(quads):
        return []
    boxes = np.array([[q[:, 0].min(), q[:, 1].min(), q[:, 0].max(),
                       q[:, 1].max()] for q in quads], np.float32)
    cy = (boxes[:, 1] + boxes[:, 3]) / 2
    height = boxes[:, 3] - boxes[:, 1]
    rows: List[List[int]] = []
    for i in np.argsort(cy, kind='stable'):
        row = rows[-1] if rows else None
        if row is not None and any(
                abs(cy[i] - cy[j]) < 0.5 * min(height[i], height[j])
                for j in row):
            row.append(int(i))
        else:
            rows.append([int(i)])
    return [sorted(row, key=lambda j: boxes[j, 0]) for row in rows]


class TextSpotter:
    """Detect text lines with an MMOCR detector, read them with an MMOCR
    recognizer.

    Unlike MMOCR's ``MMOCRInferencer``, which crops the axis-aligned box of
    each polygon, the crops here are perspective-warped from each line's
    quadrilateral (tilted lines come out straight), grown by a margin
    (``crop_margin``), vertical lines are turned, and crops are batched by
    width, so a batch pads little.

    Args:
        det_config (str, optional): Detector config path or model-zoo name.
            Defaults to ``DEFAULT_DET_MODEL``, the shipped DBNet.
        det_weights (str, optional): Detector checkpoint. Defaults to the
            zoo entry's weights when ``det_config`` is a zoo name.
        rec_config (str, optional): Recognizer config path or model-zoo
            name. Defaults to ``DEFAULT_REC_MODEL``, the shipped
            ConvNextViT-micro with the language model.
        rec_weights (str, optional): Recognizer checkpoint. Defaults to the
            zoo entry's weights when ``rec_config`` is a zoo name.
        device (str): 'cpu', 'cuda' or 'cuda:N'. Defaults to 'cpu'.
        batch_size (int): Line crops per recognizer pass. Defaults to 32.
        min_det_score (float): Lines detected with a lower score are
            dropped. Defaults to 0.3.
        rec_onnx (str, optional): Read lines with this ONNX export of the
            recognizer (``tools/deployment/export_onnx.py``) on onnxruntime
            instead of PyTorch; ``rec_config`` is still its config.
        crop_margin (float): Each crop is the detected quadrilateral grown
            by this fraction of its height on every side (:func:`pad_quad`);
            the returned polygons are the detector's. The recognizer was
            trained on lines with a margin around the text. Defaults to
            ``DEFAULT_CROP_MARGIN``.
        crop_end_margin (float): The same at the two ends of each line.
            Defaults to ``DEFAULT_CROP_END_MARGIN``.
        split_gap (float, optional): Split a detected line where its print
            has a blank gap of at least this many line heights
            (:func:`split_quad_at_gaps`): the fields of a receipt row come
            out as separate lines, as annotated. Defaults to 1.5; None
            keeps the detector's lines.
        fit_to_ink (float, optional): Grow each line up and down to the
            ink its outline cuts through, searching this many line heights
            of page above and below (:func:`fit_quad_to_ink`): the detector
            outlines large clean type tighter than its glyphs. The returned
            polygons are the grown ones. Defaults to
            ``DEFAULT_FIT_TO_INK``; None keeps the detector's outlines.
        decode_min_side (int, optional): A JPEG file is decoded at 1/2,
            1/4 or 1/8 of its size when its longer side keeps at least this
            many pixels (:func:`load_page`); the returned polygons are in
            the file's pixels. Defaults to ``DEFAULT_DECODE_MIN_SIDE``;
            None decodes every file at full size.

    Example:
        >>> spotter = TextSpotter()
        >>> for line in spotter('page.jpg'):
        ...     print(line.text)
    """

    def __init__(self,
                 det_config: Optional[str] = None,
                 det_weights: Optional[str] = None,
                 rec_config: Optional[str] = None,
                 rec_weights: Optional[str] = None,
                 device: str = 'cpu',
                 batch_size: int = 32,
                 min_det_score: float = 0.3,
                 rec_onnx: Optional[str] = None,
                 crop_margin: float = DEFAULT_CROP_MARGIN,
                 crop_end_margin: float = DEFAULT_CROP_END_MARGIN,
                 split_gap: Optional[float] = 1.5,
                 fit_to_ink: Optional[float] = DEFAULT_FIT_TO_INK,
                 decode_min_side: Optional[int] = DEFAULT_DECODE_MIN_SIDE
                 ) -> None:
        if crop_margin < 0 or crop_end_margin < 0:
            raise ValueError('crop margins must be >= 0, got '
                             f'{crop_margin} and {crop_end_margin}')
        if split_gap is not None and split_gap <= 0:
            raise ValueError(f'split_gap must be > 0 or None, got {split_gap}')
        if fit_to_ink is not None and fit_to_ink <= 0:
            raise ValueError(
                f'fit_to_ink must be > 0 or None, got {fit_to_ink}')
        if decode_min_side is not None and decode_min_side < 1:
            raise ValueError('decode_min_side must be >= 1 or None, got '
                             f'{decode_min_side}')
        det_config, det_weights = resolve_model(
            det_config or DEFAULT_DET_MODEL, det_weights)
        # With an ONNX export the zoo's weights are not needed.
        rec_config, rec_model = resolve_model(
            rec_config or DEFAULT_REC_MODEL, rec_onnx or rec_weights)
        for path in (det_config, det_weights, rec_config, rec_model):
            if not osp.isfile(path):
                raise FileNotFoundError(f'{path}: no such file')
        self.detector = TextDetInferencer(
            model=det_config, weights=det_weights, device=device)
        if rec_onnx:
            self.recognizer = ONNXLineRecognizer(
                rec_config, rec_model, batch_size=batch_size)
        else:
            self.recognizer = LineRecognizer(
                rec_config, rec_model, device=device, batch_size=batch_size)
        self.batch_size = batch_size
        self.min_det_score = min_det_score
        self.crop_margin = crop_margin
        self.crop_end_margin = crop_end_margin
        self.split_gap = split_gap
        self.fit_to_ink = fit_to_ink
        self.decode_min_side = decode_min_side
        #: Seconds per stage (:data:`STAGES`) of the last call.
        self.timings = dict.fromkeys(STAGES, 0.)

    def __call__(self,
                 image: ImageLike,
                 name: Optional[str] = None) -> List[SpottedLine]:
        """Spot the text of one image.

        The seconds spent in each stage are left in :attr:`timings`:
        ``decode`` (reading the file), ``detect``, ``crop`` (field-gap
        splitting, growing to the ink and warping) and ``recognize`` (the
        recognizer, language-model decoding included).

        Args:
            image (str | np.ndarray): A path or an array (:func:`load_page`
                reads both: grey, alpha and 16-bit pixels are converted, a
                large JPEG is decoded at a reduced size).
            name (str, optional): What to call the image in errors.
                Defaults to the path, or 'array'.

        Returns:
            list[SpottedLine]: The lines in reading order (see
            :func:`reading_order`).

        Raises:
            ValueError: For a missing, unreadable, empty, corrupt or
                zero-size image, and for any failure while detecting,
                cropping or reading its lines (an image of 1 x 5000 px
                fails in the detector's resize, for one), naming the image
                and chaining the original exception.
        """
        [lines] = self.spot_pages([image], [name] if name else None)
        if isinstance(lines, ValueError):
            raise lines
        return lines

    def spot_pages(
        self,
        images: Sequence[ImageLike],
        names: Optional[Sequence[str]] = None
    ) -> List[Union[List[SpottedLine], ValueError]]:
        """Spot several images, reading the lines of all of them in shared
        recognizer batches (sorted by width across the pages, so a batch
        pads little and no page's last batch runs half empty).

        Each image is detected and cropped on its own; :attr:`timings` sums
        the stages over the images.

        Args:
            images (Sequence[str | np.ndarray]): Paths or arrays, as for
                :meth:`__call__`.
            names (Sequence[str], optional): What to call each image in
                errors. Defaults to the paths, or 'array'.

        Returns:
            list[list[SpottedLine] | ValueError]: Per image, its lines in
            reading order, or the error that stopped it (as
            :meth:`__call__` raises it); the other images go on.
        """
        if names is not None and len(names) != len(images):
            raise ValueError(f'{len(names)} names for {len(images)} images')
        self.timings = dict.fromkeys(STAGES, 0.)
        out: List[Union[List[SpottedLine], ValueError]] = []
        pages: List[_CroppedPage] = []
        for k, image in enumerate(images):
            name = names[k] if names is not None else (
                image if isinstance(image, str) else 'array')
            try:
                with self._timed('decode'):
                    img, scale = load_page(image, name, self.decode_min_side)
            except ValueError as e:  # the loader's own, naming the image
                out.append(e)
                continue
            except Exception as e:
                out.append(_page_error(name, e))
                continue
            try:
                quads, det_scores = self.detect(img)
                crops = self._crop(img, quads)
            except Exception as e:  # any kind: the other images go on
                out.append(_page_error(name, e))
                continue
            out.append([])
            pages.append(
                _CroppedPage(k, name, scale, quads, det_scores, crops))
        try:
            results = self._read_crops([page.crops for page in pages])
        except Exception as e:  # the recognizer's own failure: every page's
            for page in pages:
                out[page.index] = _page_error(page.name, e)
            return out
        for page, read in zip(pages, results):
            out[page.index] = self._lines(page.quads, page.det_scores, read,
                                          page.scale)
        return out

    @staticmethod
    def _lines(quads: Sequence[np.ndarray], det_scores: Sequence[float],
               read: Sequence[Optional[LineResult]],
               scale: float) -> List[SpottedLine]:
        """The read lines of one page in reading order, polygons scaled to
        the file's pixels."""
        keep = [i for i, r in enumerate(read) if r is not None]
        lines = []
        for r, row in enumerate(reading_order([quads[i] for i in keep])):
            for j in row:
                i = keep[j]
                lines.append(
                    SpottedLine(
                        poly=[
                            round(float(v) * scale, 1)
                            for v in quads[i].ravel()
                        ],
                        text=read[i].text,
                        score=round(read[i].score, 4),
                        det_score=round(det_scores[i], 4),
                        row=r))
        return lines

    def detect(self, img: np.ndarray) -> Tuple[List[np.ndarray], List[float]]:
        """The lines of a BGR ``uint8`` image (:func:`quads_from_polygons`;
        lone characters shrunk to their ink), split at field gaps and grown
        to their ink.

        Returns:
            tuple(list[np.ndarray], list[float]): Ordered quadrilaterals,
            each (4, 2) float32, and their detection scores.
        """
        with self._timed('detect'):
            det = self.detector(img, progress_bar=False)['predictions'][0]
        quads, det_scores = [], []
        with self._timed('crop'):
            kept = [(poly, float(score))
                    for poly, score in zip(det['polygons'], det['scores'])
                    if score >= self.min_det_score and len(poly) >= 6]
            boxes, lone = quads_from_polygons([poly for poly, _ in kept])
            for quad, is_lone, (_, score) in zip(boxes, lone, kept):
                if is_lone:
                    # One or two characters, outlined about twice their
                    # size each way.
                    quad = shrink_quad_to_ink(img, quad)
                parts = [quad] if self.split_gap is None else (
                    split_quad_at_gaps(img, quad, self.split_gap))
                if self.fit_to_ink is not None:
                    parts = [
                        fit_quad_to_ink(img, p, self.fit_to_ink)
                        for p in parts
                    ]
                quads += parts
                det_scores += [score] * len(parts)
        return quads, det_scores

    def read(self, img: np.ndarray,
             quads: Sequence[np.ndarray]) -> List[Optional[LineResult]]:
        """Read the lines of ``img`` at ``quads`` (:func:`crop_lines` with
        this spotter's margin).

        Returns:
            list[LineResult | None]: One per quad; None for a degenerate
            quad.
        """
        return self._read_crops([self._crop(img, quads)])[0]

    def _crop(self, img: np.ndarray,
              quads: Sequence[np.ndarray]) -> List[Optional[np.ndarray]]:
        """:func:`crop_lines` with this spotter's margins, timed."""
        with self._timed('crop'):
            return crop_lines(img, quads, margin=self.crop_margin,
                              end_margin=self.crop_end_margin)

    def _read_crops(
        self, pages: Sequence[Sequence[Optional[np.ndarray]]]
    ) -> List[List[Optional[LineResult]]]:
        """Read the line crops of one or more pages in shared batches.

        Batched by width at the recognizer's height: all crops sorted by
        aspect ratio, read, and put back in place.

        Returns:
            list[list[LineResult | None]]: Per page, one per crop; None
            where the crop is None (a degenerate quad).
        """
        flat = [(crop.shape[1] / crop.shape[0], p, i)
                for p, crops in enumerate(pages)
                for i, crop in enumerate(crops) if crop is not None]
        flat.sort(key=lambda item: item[0])
        with self._timed('recognize'):
            read = self.recognizer([pages[p][i] for _, p, i in flat])
        results: List[List[Optional[LineResult]]] = [[None] * len(crops)
                                                     for crops in pages]
        for (_, p, i), r in zip(flat, read):
            results[p][i] = r
        return results

    @contextmanager
    def _timed(self, stage: str) -> Iterator[None]:
        """Add the seconds spent in the block to ``timings[stage]``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] += time.perf_counter() - start
