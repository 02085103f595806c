from typing import Dict

import numpy as np
from mmcv.transforms.base import BaseTransform

from mmocr.registry import TRANSFORMS


@TRANSFORMS.register_module()
class RandomCropSides(BaseTransform):
    """Crop a random strip off each of a line image's four sides.

    Rendered lines always carry background around their text, but a
    detector's outline is often tight and sometimes cuts the tops of tall
    letters or the edge of the first character: a recognizer that never saw
    such crops misreads them. For crops whose outline is unknown (rendered
    lines), this transform removes from each side on its own a uniform
    random fraction of the image height: up to ``max_vertical`` from the top
    and from the bottom, up to ``max_horizontal`` from the left and from the
    right. Fractions of the height on every side, so that a long line loses
    as much of its ends as a short one. (For crops cut with a recorded
    margin around a known outline, see ``RandomLineMargin``.)

    Required Keys:

    - img

    Modified Keys:

    - img
    - img_shape

    Args:
        max_vertical (float): Largest strip cut from the top and from the
            bottom, a fraction of the height in [0, 0.25).
        max_horizontal (float): Largest strip cut from the left and from the
            right, a fraction of the height, at least 0.
    """

    def __init__(self, max_vertical: float, max_horizontal: float) -> None:
        super().__init__()
        if not 0 <= max_vertical < 0.25 or max_horizontal < 0:
            raise ValueError(
                'need 0 <= max_vertical < 0.25 and max_horizontal >= 0, got '
                f'{max_vertical} and {max_horizontal}')
        self.max_vertical = float(max_vertical)
        self.max_horizontal = float(max_horizontal)

    def transform(self, results: Dict) -> Dict:
        img = results['img']
        h, w = img.shape[:2]
        top, bottom = np.random.uniform(0, self.max_vertical, 2) * h
        left, right = np.random.uniform(0, self.max_horizontal, 2) * h
        y0, y1 = int(round(top)), h - int(round(bottom))
        x0, x1 = int(round(left)), w - int(round(right))
        # Never below half the width: a short word keeps its middle.
        if x1 - x0 < w / 2:
            x0, x1 = int(w / 4), w - int(w / 4)
        if y1 - y0 < 2 or x1 - x0 < 2:  # too small a line to cut
            return results
        results['img'] = img[y0:y1, x0:x1]
        results['img_shape'] = results['img'].shape[:2]
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(max_vertical='
                f'{self.max_vertical}, max_horizontal={self.max_horizontal})')
