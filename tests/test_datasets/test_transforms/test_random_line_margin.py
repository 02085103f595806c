import numpy as np
import pytest

from mmocr.registry import TRANSFORMS
from ocrrec_plugin.datasets.transforms import RandomLineMargin


def loose_crop(margin=0.3, w=100, h=20):
    """A black ``h x w`` line on white, cut with ``margin * h`` of
    background on every side, as ``convert_sroie(crop_margin=margin)``
    cuts it."""
    pad = int(round(margin * h))
    img = np.full((h + 2 * pad, w + 2 * pad, 3), 255, np.uint8)
    img[pad:pad + h, pad:pad + w] = 0
    return dict(img=img, img_shape=img.shape[:2], crop_margin=margin)


def test_zero_margin_cuts_exactly_at_the_line():
    out = RandomLineMargin((0., 0.))(loose_crop())
    assert out['img'].shape == (20, 100, 3)
    assert out['img_shape'] == (20, 100)
    assert (out['img'] == 0).all()


def test_full_margin_keeps_the_crop_and_negative_cuts_into_the_line():
    full = RandomLineMargin((0.3, 0.3))(loose_crop())['img']
    assert full.shape == (32, 112, 3)
    tight = RandomLineMargin((-0.1, -0.1))(loose_crop())['img']
    assert tight.shape == (16, 96, 3) and (tight == 0).all()


def test_sides_are_sampled_independently_within_the_range():
    t = RandomLineMargin((0., 0.3))
    np.random.seed(0)
    lefts, rights = [], []
    for _ in range(200):
        img = t(loose_crop())['img']
        black = np.where((img[..., 0] == 0).any(axis=0))[0]
        # The whole line is always kept; only background varies.
        assert len(black) == 100 and (img[..., 0] == 0).any(axis=1).sum() == 20
        lefts.append(black[0])
        rights.append(img.shape[1] - 1 - black[-1])
    assert min(lefts) == 0 and max(lefts) == 6
    assert len(set(zip(lefts, rights))) > 10  # not one margin for both


def test_a_crop_without_margin_is_only_cut_tighter():
    crop = loose_crop(margin=0.)
    del crop['crop_margin']
    looser = RandomLineMargin((0., 0.3))(dict(crop))['img']
    assert looser.shape == (20, 100, 3)
    assert RandomLineMargin((-0.2, -0.2))(crop)['img'].shape == (12, 92, 3)


def test_a_line_too_small_to_recut_is_left_as_is():
    img = np.zeros((3, 4, 3), np.uint8)  # cut to (1, 2): below 2 px high
    out = RandomLineMargin((-0.24, -0.24))(dict(img=img, img_shape=(3, 4)))
    assert out['img'] is img


def test_bad_range_is_refused_and_builds_from_the_registry():
    with pytest.raises(ValueError, match='margin_range'):
        RandomLineMargin((0.3, 0.1))
    with pytest.raises(ValueError, match='margin_range'):
        RandomLineMargin((-0.3, 0.))
    t = TRANSFORMS.build(dict(type='RandomLineMargin', margin_range=(0, .2)))
    assert repr(t) == 'RandomLineMargin(margin_range=(0.0, 0.2))'
