from unittest import TestCase

import numpy as np

from ocrrec_plugin.datasets.transforms import RescaleToHeightAndPad


class TestRescaleToHeightAndPad(TestCase):

    def setUp(self):
        self.t = RescaleToHeightAndPad(height=32, width=804)

    def run_on(self, h, w, c=3):
        img = np.full((h, w, c), 200, np.uint8)
        return self.t(dict(img=img))

    def test_keep_ratio_floors_width_and_pads_black(self):
        out = self.run_on(30, 101)  # 32 * 101 / 30 = 107.7 -> 107
        self.assertEqual(out['img'].shape, (32, 804, 3))
        self.assertTrue((out['img'][:, :107] == 200).all())
        self.assertTrue((out['img'][:, 107:] == 0).all())
        self.assertAlmostEqual(out['valid_ratio'], 107 / 804)
        self.assertTrue(out['keep_ratio'])

    def test_wider_than_limit_is_squeezed(self):
        out = self.run_on(20, 10000)
        self.assertEqual(out['img'].shape, (32, 804, 3))
        self.assertTrue((out['img'] == 200).all())
        self.assertEqual(out['valid_ratio'], 1.0)
        self.assertFalse(out['keep_ratio'])

    def test_exactly_the_limit_keeps_its_ratio(self):
        out = self.run_on(32, 804)
        self.assertTrue(out['keep_ratio'])
        self.assertEqual(out['valid_ratio'], 1.0)

    def test_tiny_and_tall_images_keep_at_least_one_column(self):
        out = self.run_on(1, 1)
        self.assertEqual(out['valid_ratio'], 32 / 804)
        out = self.run_on(500, 1, c=1)
        self.assertEqual(out['img'].shape[:2], (32, 804))
        self.assertEqual(out['valid_ratio'], 1 / 804)

    def test_empty_image_is_a_clear_error(self):
        with self.assertRaisesRegex(ValueError, 'empty image'):
            self.t(dict(img=np.zeros((0, 10, 3), np.uint8)))
        with self.assertRaisesRegex(ValueError, 'empty image'):
            self.t(dict(img=None))

    def test_repr_and_args(self):
        self.assertIn('width=804', repr(self.t))
        with self.assertRaises(ValueError):
            RescaleToHeightAndPad(height=0)
