import random

import numpy as np
import pytest

from ocrrec_plugin.datasets.synth.degrade import DEFAULT_PROBS, LineDegrader


def _img():
    img = np.full((32, 200, 3), 230, np.uint8)
    img[8:24, 20:180] = 20
    return img


class TestLineDegrader:

    def test_unknown_key(self):
        with pytest.raises(KeyError, match='unknown degradations'):
            LineDegrader(dict(sharpen=0.5))

    def test_disabled_is_identity(self):
        deg = LineDegrader({k: 0.0 for k in DEFAULT_PROBS})
        img = _img()
        out = deg(img, random.Random(0))
        assert np.array_equal(out, img)

    def test_all_on(self):
        deg = LineDegrader({k: 1.0 for k in DEFAULT_PROBS})
        img = _img()
        a = deg(img, random.Random(1))
        b = deg(img, random.Random(1))
        assert a.shape == img.shape and a.dtype == np.uint8
        assert np.array_equal(a, b)  # deterministic given the generators
        assert not np.array_equal(a, img)
        # The dark text band survives: still darker than the margins.
        assert a[10:22, 40:160].mean() < a[:, :10].mean()

    def test_warp_keeps_long_lines_inside(self):
        deg = LineDegrader(max_angle=30)
        img = np.full((32, 640, 3), 255, np.uint8)
        img[12:20] = 0
        out = deg.warp(img, random.Random(0), perspective=False)
        # Rotation is capped for long lines: the band stays off the borders.
        assert out[0].min() > 100 and out[-1].min() > 100
