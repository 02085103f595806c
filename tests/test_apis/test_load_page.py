import cv2
import numpy as np
import pytest

from ocrrec_plugin.apis import load_line_image, load_page
from ocrrec_plugin.apis.line_recognizer import jpeg_reduction


def _page(width: int, height: int) -> np.ndarray:
    page = np.full((height, width, 3), 255, np.uint8)
    for y in range(100, height - 100, 400):
        cv2.rectangle(page, (100, y), (width - 100, y + 120), (0, 0, 0), -1)
    return page


@pytest.fixture(scope='module')
def large_jpeg(tmp_path_factory):
    path = str(tmp_path_factory.mktemp('pages') / 'scan.jpg')
    cv2.imwrite(path, _page(7000, 1500))
    return path


def test_jpeg_reduction_keeps_the_min_side(large_jpeg):
    with open(large_jpeg, 'rb') as f:
        data = f.read()
    assert jpeg_reduction(data, 3000) == 2  # 3500 px kept
    assert jpeg_reduction(data, 1700) == 4  # 1750 px
    assert jpeg_reduction(data, 800) == 8  # 875 px
    assert jpeg_reduction(data, 4000) == 1
    assert jpeg_reduction(cv2.imencode('.png', _page(9000, 300))[1].tobytes(),
                          1000) == 1  # only JPEG decodes reduced


def test_load_page_reduces_a_large_jpeg(large_jpeg):
    img, scale = load_page(large_jpeg, min_side=3000)
    assert img.shape == (750, 3500, 3) and scale == 2.
    full = load_line_image(large_jpeg)
    # The same picture at half size.
    half = cv2.resize(full, (3500, 750), interpolation=cv2.INTER_AREA)
    assert np.abs(img.astype(int) - half).mean() < 3
    assert load_page(large_jpeg)[1] == 1.  # no min_side: full size
    assert load_page(full, min_side=3000)[1] == 1.  # arrays as given
    with pytest.raises(ValueError, match='nope.jpg: no such file'):
        load_page('nope.jpg', min_side=3000)
