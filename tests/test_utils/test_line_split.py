import cv2
import numpy as np
import pytest

from ocrrec_plugin.utils.line_split import ink_gaps, split_quad_at_gaps


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
