from typing import Dict, Tuple

import numpy as np
from mmcv.transforms.base import BaseTransform

from mmocr.registry import TRANSFORMS


@TRANSFORMS.register_module()
class RandomLineMargin(BaseTransform):
    """Re-cut a line crop with a random margin on each of its four sides.

    A detector's outline never sits exactly where an annotator's does, so a
    recognizer trained only on lines cut at their labelled outline misreads
    lines cut looser or tighter. This transform samples, for each side on
    its own, a margin ``t`` in ``margin_range`` (a fraction of the line's
    short side ``s``: ``t * s`` pixels of background beyond the outline;
    negative cuts into the line) and crops the image to it.

    The crop must have been cut with a known margin ``m``
    (``results['crop_margin']``; 0 when absent), as
    ``convert_sroie(crop_margin=m)`` writes it: the quadrilateral grown by
    ``m * s`` on every side, so an ``(H, W)`` crop holds the line at
    ``m * s`` pixels from each edge, with ``s = min(H, W) / (1 + 2 m)``.
    Margins beyond ``m`` are clipped to the crop: background the crop does
    not have is not invented.

    Required Keys:

    - img
    - crop_margin (optional)

    Modified Keys:

    - img
    - img_shape

    Args:
        margin_range (tuple[float, float]): Lowest and highest margin per
            side, fractions of the short side; the lowest must be above
            -0.25 so that at least half the line is kept.
    """

    def __init__(self, margin_range: Tuple[float, float]) -> None:
        super().__init__()
        low, high = margin_range
        if not -0.25 < low <= high:
            raise ValueError('margin_range must be (low, high) with '
                             f'-0.25 < low <= high, got {margin_range}')
        self.margin_range = (float(low), float(high))

    def transform(self, results: Dict) -> Dict:
        img = results['img']
        h, w = img.shape[:2]
        m = float(results.get('crop_margin', 0.))
        short = min(h, w) / (1 + 2 * m)
        pad = m * short  # background pixels the crop has on each side
        left, top, right, bottom = np.random.uniform(*self.margin_range, 4)
        x0 = int(round(np.clip(pad - left * short, 0, w)))
        x1 = int(round(np.clip(w - pad + right * short, 0, w)))
        y0 = int(round(np.clip(pad - top * short, 0, h)))
        y1 = int(round(np.clip(h - pad + bottom * short, 0, h)))
        if x1 - x0 < 2 or y1 - y0 < 2:  # too small a line to re-cut
            return results
        results['img'] = img[y0:y1, x0:x1]
        results['img_shape'] = results['img'].shape[:2]
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(margin_range={self.margin_range})'
