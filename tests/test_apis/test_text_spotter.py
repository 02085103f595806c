import cv2
import numpy as np
import pytest

from ocrrec_plugin.apis.text_spotter import (TextSpotter, crop_lines,
                                             quad_from_polygon, reading_order)


def test_quad_from_polygon_orders_a_rotated_rectangle():
    rect = ((100., 50.), (80., 20.), 10.)  # centre, size, angle
    pts = cv2.boxPoints(rect)
    # A many-point polygon around the same rectangle gives its corners.
    dense = np.concatenate([
        np.linspace(pts[i], pts[(i + 1) % 4], 5, endpoint=False)
        for i in range(4)
    ])
    quad = quad_from_polygon(dense.ravel())
    assert quad.shape == (4, 2)
    # Clockwise from the top-left: top edge first, then the right edge.
    assert quad[0, 0] < quad[1, 0] and quad[1, 1] < quad[2, 1]
    assert np.allclose(sorted(map(tuple, quad)), sorted(map(tuple, pts)),
                       atol=0.5)


def test_crop_lines_grows_each_quad_by_the_margin():
    img = np.zeros((100, 200, 3), np.uint8)
    line = np.float32([[50, 40], [150, 40], [150, 60], [50, 60]])  # 100 x 20
    assert crop_lines(img, [line])[0].shape == (20, 100, 3)
    assert crop_lines(img, [line], margin=0.25)[0].shape == (30, 110, 3)


def test_text_spotter_rejects_a_negative_crop_margin():
    with pytest.raises(ValueError, match='crop_margin'):
        TextSpotter(crop_margin=-0.1)


def test_crop_lines_warps_and_turns_vertical_lines():
    img = np.full((200, 300, 3), 255, np.uint8)
    img[10:30, 10:110] = 0  # horizontal line, 100 x 20
    img[50:190, 200:220] = 0  # vertical line, 20 x 140
    img[10:30, 150:158] = 0  # one narrow character, 8 x 20
    quads = [
        np.float32([[10, 10], [110, 10], [110, 30], [10, 30]]),
        np.float32([[200, 50], [220, 50], [220, 190], [200, 190]]),
        np.float32([[150, 10], [158, 10], [158, 30], [150, 30]]),
        np.float32([[5, 5], [5.5, 5], [5.5, 5.5], [5, 5.5]]),  # degenerate
    ]
    crops = crop_lines(img, quads)
    assert crops[0].shape == (20, 100, 3)
    assert crops[1].shape == (20, 140, 3)  # turned to horizontal
    assert crops[2].shape == (20, 8, 3)  # a character is not turned
    assert crops[3] is None
    assert crops[0].mean() < 30 and crops[1].mean() < 30


def test_reading_order_rows_then_columns():
    def q(x0, y0, x1, y1):
        return np.float32([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])

    quads = [
        q(300, 52, 360, 70),  # price on the item row (slightly lower)
        q(10, 10, 200, 30),  # title
        q(10, 50, 150, 68),  # item
        q(10, 90, 200, 110),  # footer
    ]
    assert reading_order(quads) == [[1], [2, 0], [3]]
    assert reading_order([]) == []


@pytest.mark.parametrize('length', [100, 400, 700])
def test_default_detector_keeps_long_thin_lines(length):
    """DBNet's shrunk region of a long line is a thin strip; the shipped
    detector config simplifies it finely enough to keep it, where MMOCR's
    default tolerance collapses strips more than about 50 times longer than
    thick."""
    import torch
    from mmengine.config import Config
    from mmocr.registry import MODELS
    from mmocr.structures import TextDetDataSample
    from ocrrec_plugin.apis.text_spotter import DEFAULT_DET_MODEL
    from ocrrec_plugin.utils import get_model

    prob = torch.zeros(1, 64, 800)
    prob[0, 30:35, 50:50 + length] = 0.9  # 5 px thick
    cfg = Config.fromfile(get_model(
        DEFAULT_DET_MODEL).config).model.det_head.postprocessor

    def detect(**override):
        postprocessor = MODELS.build({**cfg, **override})
        sample = TextDetDataSample(metainfo=dict(scale_factor=(1., 1.)))
        return postprocessor(prob, [sample])[0].pred_instances.polygons

    polys = detect()
    assert len(polys) == 1
    xs, ys = polys[0][0::2], polys[0][1::2]
    # Unclipped around the strip: its whole length, grown on every side.
    assert xs.min() < 50 and xs.max() > 50 + length - 1
    assert ys.min() < 30 and ys.max() > 34
    mmocr_default = detect(epsilon_ratio=0.01)
    assert len(mmocr_default) == (1 if length < 50 * 5 else 0)
