from unittest import TestCase

import numpy as np
import torch

from ocrrec_plugin.models.data_preprocessors import \
    TextRecogGrayDataPreprocessor


class TestTextRecogGrayDataPreprocessor(TestCase):

    def test_matches_damo_gray_conversion(self):
        pre = TextRecogGrayDataPreprocessor(
            mean=[0, 0, 0], std=[255, 255, 255], bgr_to_rgb=True)
        bgr = np.random.randint(0, 256, (32, 40, 3), np.uint8)
        out = pre(dict(inputs=[torch.from_numpy(bgr).permute(2, 0, 1)]))
        rgb = bgr[..., ::-1].astype(np.float32) / 255.
        expect = (rgb[..., 0] * 0.2989 + rgb[..., 1] * 0.5870 +
                  rgb[..., 2] * 0.1140)
        self.assertEqual(out['inputs'].shape, (1, 1, 32, 40))
        np.testing.assert_allclose(out['inputs'][0, 0].numpy(), expect,
                                   atol=1e-6)

    def test_rejects_grey_input_with_three_weights(self):
        pre = TextRecogGrayDataPreprocessor(mean=[0], std=[255])
        with self.assertRaisesRegex(ValueError, '1-channel'):
            pre(dict(inputs=[torch.zeros(1, 32, 40, dtype=torch.uint8)]))
