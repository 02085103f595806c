"""Batch text-line recognition that reports bad inputs one by one."""
import os.path as osp
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple, Union

import mmcv
import numpy as np

from mmocr.apis import TextRecInferencer

ImageLike = Union[str, np.ndarray]


@dataclass
class LineResult:
    """What was read from one line image.

    Attributes:
        text (str): The text ('' when nothing was read or on error).
        score (float): Mean character confidence; 0 for an empty text or on
            error.
        error (str, optional): Why the image could not be read, else None.
    """
    text: str
    score: float
    error: Optional[str] = None


def load_line_image(image: ImageLike) -> np.ndarray:
    """Read a line image as a BGR ``uint8`` array of shape (H, W, 3).

    Raises:
        ValueError: For a missing, empty, undecodable or zero-size image,
            naming the file.
    """
    name = image if isinstance(image, str) else 'array'
    if isinstance(image, str):
        if not osp.isfile(image):
            raise ValueError(f'{image}: no such file')
        if osp.getsize(image) == 0:
            raise ValueError(f'{image}: empty file')
        img = mmcv.imread(image, flag='color')
        if img is None:
            raise ValueError(f'{image}: not a decodable image')
    elif isinstance(image, np.ndarray):
        img = image
    else:
        raise ValueError(f'expected a path or an array, got {type(image)}')
    if img.ndim not in (2, 3) or img.size == 0 or min(img.shape[:2]) == 0:
        raise ValueError(f'{name}: zero-size image of shape {img.shape}')
    if img.ndim == 2:
        img = mmcv.gray2bgr(img)
    elif img.shape[2] == 4:
        img = img[..., :3]
    if img.dtype != np.uint8:
        raise ValueError(f'{name}: expected uint8 pixels, got {img.dtype}')
    return np.ascontiguousarray(img)


def load_line_images(
    images: Sequence[ImageLike]
) -> Tuple[List[Optional[LineResult]], List[np.ndarray], List[int]]:
    """Load what can be read; report the rest.

    Returns:
        tuple: Results with a :class:`LineResult` carrying ``error`` for
        every bad input and None elsewhere, the loaded images, and their
        positions in ``images``.
    """
    results: List[Optional[LineResult]] = [None] * len(images)
    loaded, where = [], []
    for i, image in enumerate(images):
        try:
            loaded.append(load_line_image(image))
            where.append(i)
        except ValueError as e:
            results[i] = LineResult('', 0.0, str(e))
    return results, loaded, where


class LineRecognizer:
    """Read text lines with any MMOCR recognizer, one result per input.

    The pipeline and postprocessing are the config's own (through MMOCR's
    ``TextRecInferencer``); this class adds per-image validation, so a
    missing, corrupt or empty image yields a :class:`LineResult` with
    ``error`` set instead of failing the batch it came in.

    Args:
        config (str, optional): Recognizer config; None reads the config
            embedded in ``weights``.
        weights (str): Checkpoint path.
        device (str): 'cpu', 'cuda' or 'cuda:N'. Defaults to 'cpu'.
        batch_size (int): Lines per forward pass. Defaults to 32.

    Example:
        >>> rec = LineRecognizer('configs/.../x.py', 'x.pth')
        >>> [r.text for r in rec(['line1.jpg', 'line2.png'])]
    """

    def __init__(self,
                 config: Optional[str],
                 weights: str,
                 device: str = 'cpu',
                 batch_size: int = 32) -> None:
        self.inferencer = TextRecInferencer(
            model=config, weights=weights, device=device)
        self.batch_size = batch_size

    def __call__(self, images: Sequence[ImageLike]) -> List[LineResult]:
        results, loaded, where = load_line_images(images)
        if loaded:
            preds = self.inferencer(
                loaded, batch_size=self.batch_size,
                progress_bar=False)['predictions']
            for i, pred in zip(where, preds):
                # MMOCR averages the scores of no characters to NaN.
                score = float(pred['scores']) if pred['text'] else 0.
                results[i] = LineResult(pred['text'], score)
        return results  # type: ignore[return-value]
