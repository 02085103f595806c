from typing import Dict

import cv2
import numpy as np
from mmcv.transforms.base import BaseTransform

from mmocr.registry import TRANSFORMS


@TRANSFORMS.register_module()
class RescaleToHeightAndPad(BaseTransform):
    """Resize a line to a fixed height keeping its aspect ratio, then pad it
    on the right to a fixed width; lines too wide are squeezed to the width.

    DAMO's ConvNextViT preprocessing: a line of aspect ratio r becomes
    ``int(height * r)`` pixels wide (floored, at least 1) when
    ``r <= width / height``, else exactly ``width`` pixels. Bilinear
    interpolation (OpenCV), padding with ``pad_val``.

    Required Keys:

    - img

    Modified Keys:

    - img
    - img_shape

    Added Keys:

    - scale_factor
    - keep_ratio
    - pad_shape
    - valid_ratio

    Args:
        height (int): Output height. Defaults to 32.
        width (int): Output width. Defaults to 804, DAMO's three chunks.
        pad_val (int): Padding value. Defaults to 0 (black).
    """

    def __init__(self,
                 height: int = 32,
                 width: int = 804,
                 pad_val: int = 0) -> None:
        super().__init__()
        if height <= 0 or width <= 0:
            raise ValueError(f'height ({height}) and width ({width}) must be '
                             'positive')
        self.height = height
        self.width = width
        self.pad_val = pad_val

    def transform(self, results: Dict) -> Dict:
        img = results['img']
        if img is None or img.size == 0 or min(img.shape[:2]) == 0:
            shape = None if img is None else img.shape
            raise ValueError(f'cannot read text from an empty image '
                             f'(shape {shape}, {results.get("img_path", "")})')
        h, w = img.shape[:2]
        ratio = w / h
        keep_ratio = ratio <= self.width / self.height
        if not keep_ratio:
            new_w = self.width
        else:
            new_w = min(self.width, max(1, int(self.height * ratio)))
        resized = cv2.resize(img, (new_w, self.height))
        out_shape = (self.height, self.width) + resized.shape[2:]
        padded = np.full(out_shape, self.pad_val, dtype=resized.dtype)
        padded[:, :new_w] = resized
        results['img'] = padded
        results['img_shape'] = padded.shape[:2]
        results['scale_factor'] = (new_w / w, self.height / h)
        results['keep_ratio'] = keep_ratio
        results['pad_shape'] = padded.shape
        results['valid_ratio'] = new_w / self.width
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(height={self.height}, '
                f'width={self.width}, pad_val={self.pad_val})')
