import cv2
import numpy as np
import pytest

from ocrrec_plugin.utils.line_split import (fit_quad_to_ink, ink_gaps,
                                            shrink_quad_to_ink,
                                            split_quad_at_gaps)
from ocrrec_plugin.utils.quad import quad_angle


def _row(texts_at, width=900, height=60, ink=0, paper=255, baseline=42):
    """A white strip with texts printed at x positions, 30 px type."""
    img = np.full((height, width, 3), paper, np.uint8)
    for x, text in texts_at:
        cv2.putText(img, text, (x, baseline), cv2.FONT_HERSHEY_SIMPLEX, 1.0,
                    (ink, ink, ink), 2, cv2.LINE_AA)
    return img


def test_ink_gaps_finds_field_gaps_not_word_spaces():
    img = _row([(10, 'Tel: 03 5542'), (560, 'FAX: 04 5542')])
    gaps = ink_gaps(img, 1.5)
    assert len(gaps) == 1
    a, b = gaps[0]
    assert 200 < a < 560 and b > 540 and b - a >= 1.5 * 60
    # One space between words is far under a line height.
    assert ink_gaps(_row([(10, 'TOTAL AMOUNT DUE 12.00')]), 1.0) == []
    # Light print on a dark ground: ink is the minority class.
    inverted = _row([(10, 'Tel: 03'), (600, 'FAX: 04')], ink=250, paper=20)
    assert len(ink_gaps(inverted, 1.5)) == 1


def test_split_quad_at_gaps_keeps_each_field_whole():
    img = _row([(10, 'Tel: 03 5542'), (560, 'FAX: 04 5542')])
    quad = np.float32([[0, 0], [900, 0], [900, 60], [0, 60]])
    parts = split_quad_at_gaps(img, quad)
    assert len(parts) == 2
    left, right = parts
    ink = np.flatnonzero(img.min(axis=(0, 2)) < 128)
    left_ink, right_ink = ink[ink < 400], ink[ink > 400]
    assert left[0, 0] <= left_ink.min() and left[1, 0] > left_ink.max()
    assert right[0, 0] < right_ink.min() and right[1, 0] >= right_ink.max()
    assert left[1, 0] < right[0, 0]  # no overlap
    for part in parts:  # the full line height
        assert part[0, 1] == pytest.approx(0) and part[3, 1] == 60


def test_split_follows_a_tilted_line():
    img = _row([(40, 'Tel: 03 5542'), (600, 'FAX: 04 5542')], width=1000,
               height=400, baseline=212)
    rot = cv2.getRotationMatrix2D((500, 200), 8, 1.0)
    tilted = cv2.warpAffine(img, rot, (1000, 400),
                            borderValue=(255, 255, 255))
    quad = np.float32([[0, 0], [1000, 0], [1000, 60], [0, 60]]) + [0, 170]
    quad = cv2.transform(quad[None], rot)[0]
    parts = split_quad_at_gaps(tilted, quad)
    assert len(parts) == 2
    # Both parts keep the line's slope (8 degrees up to the right).
    for part in parts:
        dx, dy = part[1] - part[0]
        assert np.degrees(np.arctan2(-dy, dx)) == pytest.approx(8, abs=0.5)


def test_short_and_vertical_lines_are_left_whole():
    img = _row([(5, 'A'), (150, 'B')], width=200)
    word = np.float32([[0, 0], [100, 0], [100, 60], [0, 60]])
    assert len(split_quad_at_gaps(img, word)) == 1  # under 2 heights wide
    column = np.float32([[0, 0], [60, 0], [60, 200], [0, 200]])
    assert len(split_quad_at_gaps(img, column)) == 1


def _ink_rows(img):
    rows = np.flatnonzero(img.min(axis=(1, 2)) < 128)
    return rows.min(), rows.max()


def test_fit_to_ink_grows_a_tight_outline_to_its_glyphs():
    # 'Typography gly' has ascenders and descenders; the outline covers its
    # x-height band only, as the detector's outlines of large type do.
    img = _row([(40, 'Typography gly')], width=500, height=120, baseline=70)
    top, bottom = _ink_rows(img)
    assert (top, bottom) == (48, 78)
    tight = np.float32([[30, 55], [400, 55], [400, 71], [30, 71]])
    fitted = fit_quad_to_ink(img, tight, search=1.0)
    # Edges on the first blank rows beyond the ink; the ends are kept.
    assert fitted[:, 1].tolist() == pytest.approx([top, top, bottom + 1,
                                                  bottom + 1], abs=1)
    assert fitted[:, 0].tolist() == pytest.approx([30, 400, 400, 30])


def test_fit_to_ink_stops_at_the_blank_row_before_the_next_line():
    img = _row([(40, 'Typography')], width=500, height=160, baseline=60)
    cv2.putText(img, 'Second line', (40, 110), cv2.FONT_HERSHEY_SIMPLEX,
                1.0, (0, 0, 0), 2, cv2.LINE_AA)
    first_bottom = _ink_rows(img[:80])[1]
    second_top = 80 + _ink_rows(img[80:])[0]
    tight = np.float32([[30, 45], [400, 45], [400, 61], [30, 61]])
    # The searched strip reaches into the second line (61 + 2 * 16 = 93).
    assert 61 + 2 * 16 > second_top
    fitted = fit_quad_to_ink(img, tight, search=2.0)
    assert fitted[3, 1] == pytest.approx(first_bottom + 1, abs=1)
    assert fitted[3, 1] < second_top


def test_fit_to_ink_keeps_edges_whose_ink_runs_on():
    # Dense print: ink on every row of the searched strip (no blank row
    # between this line and the next) tells nothing about this line.
    img = np.full((100, 300, 3), 255, np.uint8)
    img[::2, ::3] = 0  # every other row inked, blank rows between
    assert fit_quad_to_ink(img, np.float32(
        [[10, 40], [290, 40], [290, 60], [10, 60]]))[0, 1] == pytest.approx(
            40, abs=1)
    img[:, ::3] = 0  # ink on every row
    quad = np.float32([[10, 40], [290, 40], [290, 60], [10, 60]])
    assert np.allclose(fit_quad_to_ink(img, quad), quad)


def test_shrink_to_ink_boxes_a_lone_glyph_as_a_character_cell():
    img = np.full((100, 100, 3), 255, np.uint8)
    img[40:60, 50:56] = 0  # a "1": 6 px wide, 20 px tall
    loose = np.float32([[30, 30], [70, 30], [70, 70], [30, 70]])
    box = shrink_quad_to_ink(img, loose)
    # The ink's rows; 0.6 of its height wide, about the ink's centre.
    assert np.allclose(box, [[47, 40], [59, 40], [59, 60], [47, 60]],
                       atol=0.01)
    # A wide glyph keeps its own width.
    img[40:60, 50:70] = 0
    box = shrink_quad_to_ink(img, np.float32([[30, 30], [80, 30], [80, 70],
                                              [30, 70]]))
    assert np.allclose(box, [[50, 40], [70, 40], [70, 60], [50, 60]],
                       atol=0.01)
    # Nothing printed: unchanged.
    blank = np.full((100, 100, 3), 255, np.uint8)
    assert np.allclose(shrink_quad_to_ink(blank, loose), loose)


def test_shrink_to_ink_keeps_the_tilt():
    img = np.full((200, 200, 3), 255, np.uint8)
    glyph = cv2.boxPoints(((100., 100.), (14., 24.), 10.))
    cv2.fillPoly(img, [glyph.astype(np.int32)], (0, 0, 0))
    loose = cv2.boxPoints(((100., 100.), (60., 60.), 10.))
    box = shrink_quad_to_ink(img, loose)
    assert quad_angle(box) == pytest.approx(10., abs=0.5)
    w = np.linalg.norm(box[1] - box[0])
    h = np.linalg.norm(box[3] - box[0])
    assert abs(w - 14) <= 2.5 and abs(h - 24) <= 2.5
