import numpy as np
import pytest

from mmocr.registry import TRANSFORMS
from ocrrec_plugin.datasets.transforms import RandomCropSides


def line(h=20, w=200):
    """A ``h x w`` image whose pixel (y, x) encodes its own position."""
    ys, xs = np.mgrid[:h, :w]
    img = np.stack([ys, xs % 256, xs // 256], axis=-1).astype(np.uint8)
    return dict(img=img, img_shape=img.shape[:2])


def cut(out):
    """Strips removed from (top, bottom, left, right), read off the
    pixels' encoded positions."""
    img = out['img']
    x = img[..., 1].astype(int) + 256 * img[..., 2].astype(int)
    return (int(img[0, 0, 0]), 20 - 1 - int(img[-1, 0, 0]), int(x[0, 0]),
            200 - 1 - int(x[0, -1]))


def test_zero_strips_keep_the_image():
    out = RandomCropSides(0., 0.)(line())
    assert out['img'].shape == (20, 200, 3) and cut(out) == (0, 0, 0, 0)


def test_strips_are_fractions_of_the_height_sampled_per_side():
    t = TRANSFORMS.build(
        dict(type='RandomCropSides', max_vertical=0.2, max_horizontal=1.0))
    np.random.seed(0)
    cuts = np.array([cut(t(line())) for _ in range(300)])
    # At most 0.2 * 20 = 4 rows at the top and at the bottom, 20 columns at
    # each end, whatever the width; every amount in between occurs.
    assert cuts[:, :2].max() == 4 and cuts[:, :2].min() == 0
    assert cuts[:, 2:].max() == 20 and cuts[:, 2:].min() == 0
    assert len(set(cuts[:, 0])) == 5 and len(set(cuts[:, 2])) > 15
    # Sides are independent: the top's strip says nothing of the bottom's.
    assert abs(np.corrcoef(cuts[:, 0], cuts[:, 1])[0, 1]) < 0.2
    assert abs(np.corrcoef(cuts[:, 2], cuts[:, 3])[0, 1]) < 0.2


def test_a_short_word_keeps_its_middle_half():
    # Strips of up to 3 heights (60 px) from each end of a 40-px word.
    np.random.seed(0)
    middles = 0
    for _ in range(20):
        img = RandomCropSides(0., 3.)(line(h=20, w=40))['img']
        assert img.shape[0] == 20 and img.shape[1] >= 20
        if img.shape[1] == 20:  # both strips too wide: the middle half
            assert img[0, 0, 1] == 10 and img[0, -1, 1] == 29
            middles += 1
    assert middles > 10


def test_rejects_strips_that_could_remove_half_the_height():
    with pytest.raises(ValueError, match='max_vertical'):
        RandomCropSides(0.25, 0.1)
    with pytest.raises(ValueError, match='max_horizontal'):
        RandomCropSides(0.1, -0.1)
