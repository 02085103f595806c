import os.path as osp
import time

import cv2
import numpy as np
import pytest

from ocrrec_plugin.apis.text_spotter import (STAGES, TextSpotter, crop_lines,
                                             quad_from_polygon,
                                             quads_from_polygons,
                                             reading_order)
from ocrrec_plugin.utils import quad_size
from ocrrec_plugin.utils.quad import quad_angle

from ..conftest import REPO_ROOT

DEMO = osp.join(REPO_ROOT, 'docs', 'demo', 'demo_page.jpg')


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
    assert np.allclose(sorted(map(tuple, quad)),
                       sorted(map(tuple, pts)),
                       atol=0.5)


def test_a_lone_character_is_read_at_the_pages_tilt():
    lines = [cv2.boxPoints(((200., y), (300., 24.), 5.)).ravel()
             for y in (50., 100., 150.)]
    # A digit's region: nearly square, its minimum-area rectangle at 45
    # degrees (what DBNet gives a lone "1" on a receipt).
    digit = np.float32([[110, 190], [122, 202], [110, 214], [98, 202]])
    quads, lone = quads_from_polygons(lines + [digit.ravel()])
    assert lone == [False, False, False, True]
    tilts = [quad_angle(q) for q in quads]
    assert tilts == pytest.approx([5.] * 4, abs=1e-3)
    assert abs(quad_angle(quad_from_polygon(digit.ravel()))) == \
        pytest.approx(45.)
    # It holds the whole region.
    x0, y0 = quads[3].min(axis=0)
    x1, y1 = quads[3].max(axis=0)
    assert x0 <= 98 and y0 <= 190 and x1 >= 122 and y1 >= 214
    # With no line to take a tilt from, upright; 0 keeps every rectangle.
    assert quad_angle(quads_from_polygons([digit.ravel()])[0][0]) == 0.
    assert abs(quad_angle(quads_from_polygons(
        [digit.ravel()], 0.)[0][0])) == pytest.approx(45.)


def test_crop_lines_grows_each_quad_by_the_margin():
    img = np.zeros((100, 200, 3), np.uint8)
    line = np.float32([[50, 40], [150, 40], [150, 60], [50, 60]])  # 100 x 20
    assert crop_lines(img, [line])[0].shape == (20, 100, 3)
    assert crop_lines(img, [line], margin=0.25)[0].shape == (30, 110, 3)
    # The ends grow on their own: 0.5 of the 20 px height at each end.
    assert crop_lines(img, [line], margin=0.25,
                      end_margin=0.5)[0].shape == (30, 120, 3)


def test_text_spotter_rejects_a_negative_crop_margin():
    for margins in (dict(crop_margin=-0.1), dict(crop_end_margin=-0.1)):
        with pytest.raises(ValueError, match='crop margins'):
            TextSpotter(**margins)


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
    cfg = Config.fromfile(
        get_model(DEFAULT_DET_MODEL).config).model.det_head.postprocessor

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


@pytest.fixture(scope='module')
def spotter():
    return TextSpotter()


def _page_with_a_row_of_two_fields():
    page = np.full((400, 1200, 3), 255, np.uint8)
    for x, text in ((60, 'Tel: 03 5542'), (760, 'FAX: 04 5542')):
        cv2.putText(page, text, (x, 200), cv2.FONT_HERSHEY_DUPLEX, 1.2,
                    (0, 0, 0), 2, cv2.LINE_AA)
    return page


def test_two_fields_on_one_row_come_out_as_two_lines(spotter):
    page = _page_with_a_row_of_two_fields()
    lines = spotter(page)
    assert len(lines) == 2, [line.text for line in lines]
    left, right = sorted(lines, key=lambda line: line.poly[0])
    assert left.row == right.row  # one row, read left to right
    assert left.poly[2] < 500 < right.poly[0]
    assert 'tel' in left.text.lower() and 'fax' in right.text.lower()


def test_detect_and_read_are_the_call_in_steps(spotter, tmp_path):
    page = _page_with_a_row_of_two_fields()
    path = str(tmp_path / 'page.png')
    cv2.imwrite(path, page)
    start = time.perf_counter()
    lines = spotter(path)
    wall = time.perf_counter() - start
    # Every stage took some time, and together no more than the call.
    assert set(spotter.timings) == set(STAGES)
    assert all(t > 0 for t in spotter.timings.values()), spotter.timings
    assert sum(spotter.timings.values()) <= wall
    quads, scores = spotter.detect(page)
    read = spotter.read(page, quads)
    assert len(read) == len(quads) == len(scores) == len(lines)
    assert sorted(r.text for r in read) == sorted(x.text for x in lines)
    # A degenerate quad is not read, and its place is kept.
    flat = np.float32([[5, 5], [6, 5], [6, 5], [5, 5]])
    assert spotter.read(page, [flat] + quads)[0] is None


def test_a_large_jpeg_is_read_reduced_in_file_pixels(spotter, tmp_path):
    # The two-field row at 6000 x 2000 px: decoded at half size, the lines
    # and their polygons (in the file's pixels) are those of a full decode.
    page = cv2.resize(_page_with_a_row_of_two_fields(), (6000, 2000))
    path = str(tmp_path / 'scan.jpg')
    cv2.imwrite(path, page, [cv2.IMWRITE_JPEG_QUALITY, 95])
    assert spotter.decode_min_side == 3000
    reduced = spotter(path)
    spotter.decode_min_side = None
    try:
        full = spotter(path)
    finally:
        spotter.decode_min_side = 3000
    assert [x.text for x in reduced] == [x.text for x in full]
    assert len(full) == 2
    for r, f in zip(reduced, full):
        assert np.abs(np.subtract(r.poly, f.poly)).max() < 40  # of 6000 px
    with pytest.raises(ValueError, match='decode_min_side'):
        TextSpotter(decode_min_side=0)


def test_split_gap_none_keeps_the_detector_lines(spotter):
    page = _page_with_a_row_of_two_fields()
    quads = [
        quad_from_polygon(p) for p in spotter.detector(
            page, progress_bar=False)['predictions'][0]['polygons']
    ]
    spotter.split_gap = None
    try:
        assert len(spotter(page)) == len(quads)
    finally:
        spotter.split_gap = 1.5
    with pytest.raises(ValueError, match='split_gap'):
        TextSpotter(split_gap=0)


def test_pages_read_together_give_each_page_its_own_lines(spotter):
    demo, row = cv2.imread(DEMO), _page_with_a_row_of_two_fields()
    alone = [spotter(demo), spotter(row)]
    together = spotter.spot_pages(
        [demo, np.zeros((0, 10, 3), np.uint8), row],
        names=['demo', 'empty', 'row'])
    # The bad page fails alone, named; the others are as read alone.
    assert isinstance(together[1], ValueError)
    assert 'empty' in str(together[1]) and 'zero-size' in str(together[1])
    for got, want in zip([together[0], together[2]], alone):
        assert [x.text for x in got] == [x.text for x in want]
        assert [x.poly for x in got] == [x.poly for x in want]
    assert spotter.timings['recognize'] > 0
    with pytest.raises(ValueError, match='2 names for 1 images'):
        spotter.spot_pages([demo], names=['a', 'b'])


def test_fit_to_ink_grows_tight_outlines_and_none_keeps_them(spotter):
    page = cv2.imread(DEMO)
    assert spotter.fit_to_ink == 0.5
    spotter.fit_to_ink = None
    try:
        outlines, _ = spotter.detect(page)
    finally:
        spotter.fit_to_ink = 0.5
    fitted, _ = spotter.detect(page)
    assert len(fitted) == len(outlines)
    # The demo page's lines come out taller than the detector outlines
    # them (its glyphs stand beyond), never shorter, and as long.
    heights = [(quad_size(f)[1], quad_size(o)[1])
               for f, o in zip(fitted, outlines)]
    assert all(f >= o - 0.5 for f, o in heights)
    assert np.median([f / o for f, o in heights]) > 1.15
    for f, o in zip(fitted, outlines):
        assert quad_size(f)[0] == pytest.approx(quad_size(o)[0], rel=0.02)
    with pytest.raises(ValueError, match='fit_to_ink'):
        TextSpotter(fit_to_ink=0)


# A 5000 x 7000 scan (105 MB as BGR) is read within this peak resident
# memory of the whole process, models included (docs/spotting.md).
LARGE_PAGE_RSS_GIB = 2.5


def test_a_5000x7000_page_is_read_within_the_memory_bound(tmp_path):
    import subprocess
    import sys
    script = tmp_path / 'spot_large.py'
    script.write_text(
        'import resource, cv2, numpy as np\n'
        'from ocrrec_plugin.apis import TextSpotter\n'
        'page = np.full((7000, 5000, 3), 255, np.uint8)\n'
        'for k in range(12):\n'
        '    cv2.putText(page, f"TOTAL AMOUNT {k}.00", (400, 600 + 500 * k),\n'
        '                cv2.FONT_HERSHEY_DUPLEX, 5, (0, 0, 0), 10)\n'
        'cv2.imwrite("page.jpg", page)\n'
        'del page\n'
        'lines = TextSpotter()("page.jpg")\n'
        'peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20\n'
        'print(len(lines), peak)\n')
    out = subprocess.run([sys.executable, str(script)],
                         cwd=tmp_path,
                         capture_output=True,
                         text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    n_lines, peak_gib = out.stdout.split()[-2:]
    assert int(n_lines) >= 10
    assert float(peak_gib) < LARGE_PAGE_RSS_GIB
