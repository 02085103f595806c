from typing import Dict, Sequence

import torch

from mmocr.models.textrecog.data_preprocessors import TextRecogDataPreprocessor
from mmocr.registry import MODELS


@MODELS.register_module()
class TextRecogGrayDataPreprocessor(TextRecogDataPreprocessor):
    """MMOCR's recognition data preprocessor, then a weighted sum of the
    colour channels into one grey channel.

    DAMO's ConvNextViT reads grey lines made as ``0.2989 R + 0.5870 G +
    0.1140 B`` of RGB values scaled to [0, 1]; with ``bgr_to_rgb=True``,
    ``mean=(0, 0, 0)`` and ``std=(255, 255, 255)`` this preprocessor does the
    same, outside the model.

    Args:
        gray_weights (Sequence[float]): Weight of each channel, in the order
            the channels have after ``bgr_to_rgb``. Defaults to ITU-R 601
            luma weights in RGB order.
        **kwargs: Arguments of ``TextRecogDataPreprocessor``.

    Shapes:
        Output ``inputs``: :math:`(N, 1, H, W)`.
    """

    def __init__(self,
                 gray_weights: Sequence[float] = (0.2989, 0.5870, 0.1140),
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.register_buffer(
            'gray_weights',
            torch.tensor(gray_weights, dtype=torch.float32).view(1, -1, 1, 1),
            persistent=False)

    def forward(self, data: Dict, training: bool = False) -> Dict:
        data = super().forward(data, training)
        inputs = data['inputs']
        if inputs.size(1) != self.gray_weights.size(1):
            raise ValueError(
                f'got {inputs.size(1)}-channel images for '
                f'{self.gray_weights.size(1)} gray_weights: load colour '
                'images (color_type="color")')
        data['inputs'] = (inputs * self.gray_weights).sum(1, keepdim=True)
        return data
