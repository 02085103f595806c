"""Quadrilateral geometry of text lines (ocrrec_plugin.utils.quad)."""
import cv2
import numpy as np

import pytest

from ocrrec_plugin.utils.quad import (bounding_quad, order_quad, pad_quad,
                                      quad_angle, warp_quad)


class TestQuad:

    def test_order(self):
        q = np.float32([[0, 0], [10, 0], [10, 5], [0, 5]])
        for perm in ([2, 0, 3, 1], [3, 2, 1, 0], [1, 2, 3, 0]):
            assert np.array_equal(order_quad(q[perm]), q)

    def test_pad_grows_by_the_short_side_along_the_line(self):
        line = np.float32([[10, 10], [110, 10], [110, 30], [10, 30]])
        assert np.allclose(pad_quad(line, 0.), line)
        assert np.allclose(
            pad_quad(line, 0.25), [[5, 5], [115, 5], [115, 35], [5, 35]])
        # The ends on their own, still in short sides.
        assert np.allclose(
            pad_quad(line, 0.25, end_margin=0.5),
            [[0, 5], [120, 5], [120, 35], [0, 35]])
        assert np.allclose(
            pad_quad(line, 0., end_margin=0.5),
            [[0, 10], [120, 10], [120, 30], [0, 30]])
        # A vertical line grows by its width too, not by its length.
        column = np.float32([[0, 0], [20, 0], [20, 140], [0, 140]])
        assert np.allclose(
            pad_quad(column, 0.5),
            [[-10, -10], [30, -10], [30, 150], [-10, 150]])
        # A tilted line stays tilted: the same centre and angle, larger sides.
        rect = ((100., 50.), (80., 20.), 10.)
        quad = order_quad(cv2.boxPoints(rect))
        (cx, cy), (w, h), angle = cv2.minAreaRect(pad_quad(quad, 0.2))
        assert np.allclose((cx, cy), (100, 50), atol=1e-3)
        assert np.allclose(sorted((w, h)), (28, 88), atol=1e-3)
        assert np.isclose(cv2.minAreaRect(quad)[2], angle, atol=1e-3)

    def test_warp_is_upright_and_rejects_degenerate_quads(self):
        img = np.full((120, 200, 3), 255, np.uint8)
        quad = np.float32([[30, 40], [170, 50], [168, 80], [28, 70]])
        left = np.float32([quad[0], (quad[0] + quad[1]) / 2,
                           (quad[3] + quad[2]) / 2, quad[3]])
        cv2.fillPoly(img, [quad.astype(np.int32)], (128, 128, 128))
        cv2.fillPoly(img, [left.astype(np.int32)], (0, 0, 0))
        crop = warp_quad(img, quad[[2, 3, 0, 1]])
        h, w = crop.shape[:2]
        assert abs(w - 140) <= 2 and abs(h - 30) <= 2
        # Upright and not mirrored: dark left half, grey right half, and no
        # white page inside (an axis-aligned box would include it).
        assert crop[3:-3, 5:w // 2 - 5].mean() < 30
        assert abs(crop[3:-3, w // 2 + 5:-5].mean() - 128) < 20
        assert crop[2:-2, 2:-2].max() < 200
        assert warp_quad(img, np.float32([[0, 0], [1, 0], [1, 1], [0, 1]
                                          ])) is None

    @pytest.mark.parametrize('angle', [0., 10., -30., 44.])
    def test_angle_of_a_rotated_line_and_of_a_vertical_one(self, angle):
        line = order_quad(cv2.boxPoints(((100, 100), (120, 20), angle)))
        assert quad_angle(line) == pytest.approx(angle, abs=1e-3)
        # A vertical line tilted the same way: its top edge is the short
        # one, so its tilt is the page's too.
        column = order_quad(cv2.boxPoints(((100, 100), (20, 120), angle)))
        assert quad_angle(column) == pytest.approx(angle, abs=1e-3)

    def test_bounding_quad_holds_the_points_at_the_tilt(self):
        diamond = np.float32([[10, 0], [20, 10], [10, 20], [0, 10]])
        assert np.allclose(bounding_quad(diamond, 0.),
                           [[0, 0], [20, 0], [20, 20], [0, 20]])
        # At 45 degrees the diamond is its own bounding rectangle.
        assert np.allclose(bounding_quad(diamond, 45.), diamond, atol=1e-4)
        # A rectangle rotated by 10 degrees is found again at 10 degrees.
        rect = order_quad(cv2.boxPoints(((50, 40), (60, 12), 10.)))
        assert np.allclose(bounding_quad(rect, 10.), rect, atol=1e-3)
        assert quad_angle(bounding_quad(rect, 10.)) == pytest.approx(10.)
