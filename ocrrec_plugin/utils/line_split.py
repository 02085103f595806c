"""Fitting detected text lines to their print.

- Splitting at wide blank gaps: receipts and forms print several fields on
  one row (``Tel: 03 5542 3228      FAX: 04 5542 3213``), which a line
  detector joins when the gap is narrower than its kernel reaches, while
  annotation and readers keep them apart.
- Growing to the ink: the detector outlines large clean type tighter than
  its glyphs (a 26 px line of the demo page comes out about 19 px tall), so
  a crop of the outline clips ascenders and descenders, and the recognizer
  misreads case and hanzi.
- Shrinking to the ink: the detector's outline of a lone character is
  about twice the glyph's size each way (its unclip grows small regions
  most), where annotation boxes the glyph.
"""
from typing import List, Tuple

import cv2
import numpy as np

from .quad import order_quad, pad_quad, quad_size, warp_quad


def ink_mask(crop: np.ndarray) -> np.ndarray:
    """The ink of a line crop: the minority class of an Otsu threshold of
    its grey levels, so light print on a dark ground works as dark on light.

    Args:
        crop (np.ndarray): uint8 image of shape (h, w, 3) or (h, w).

    Returns:
        np.ndarray: uint8 mask of shape (h, w), 1 on ink.
    """
    grey = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    _, bw = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return bw if bw.mean() < 0.5 else 1 - bw


def ink_gaps(crop: np.ndarray, min_gap: float) -> List[Tuple[int, int]]:
    """Blank column runs of an upright line crop at least ``min_gap``
    line heights wide, between its first and last inked columns.

    Ink is :func:`ink_mask`; a column is blank when under 3% of its pixels
    (at least one) are ink, which ignores speckle and table rules crossing
    the line.

    Args:
        crop (np.ndarray): uint8 image of shape (h, w, 3) or (h, w).
        min_gap (float): Narrowest gap, as a multiple of ``h``.

    Returns:
        list[tuple(int, int)]: ``(start, end)`` columns of each gap
        (``end`` exclusive), left to right.
    """
    ink = ink_mask(crop)
    h = ink.shape[0]
    inked = ink.sum(axis=0) > max(1, 0.03 * h)
    cols = np.flatnonzero(inked)
    if len(cols) < 2:
        return []
    # Runs of blank columns strictly inside the inked extent.
    steps = np.diff(cols)
    at = np.flatnonzero(steps - 1 >= min_gap * h)
    return [(int(cols[i] + 1), int(cols[i + 1])) for i in at]


def _crop_boxes_to_page(quad: np.ndarray, crop_size: Tuple[int, int],
                        boxes: List[Tuple[float, float, float, float]]
                        ) -> List[np.ndarray]:
    """Map boxes ``(x0, y0, x1, y1)`` of a quadrilateral's upright crop
    (:func:`warp_quad`, ``crop_size`` ``(w, h)``) back onto the page
    through the inverse of its perspective warp.

    Returns:
        list[np.ndarray]: One (4, 2) float32 quad per box, clockwise from
        the top-left.
    """
    cw, ch = crop_size
    back = cv2.getPerspectiveTransform(
        np.float32([[0, 0], [cw, 0], [cw, ch], [0, ch]]),
        np.asarray(quad, np.float32))
    return [
        cv2.perspectiveTransform(
            np.float32([[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]]),
            back)[0].astype(np.float32) for x0, y0, x1, y1 in boxes
    ]


def split_quad_at_gaps(img: np.ndarray,
                       quad: np.ndarray,
                       min_gap: float = 1.5,
                       min_aspect: float = 2.0) -> List[np.ndarray]:
    """Split a line's quadrilateral where its print has a blank gap of at
    least ``min_gap`` line heights; each part ends a quarter of the line
    height from its ink.

    The gaps are found on the line's upright crop and mapped back through
    the inverse of its perspective warp, so tilted and foreshortened lines
    split along their own axis. Lines shorter than ``min_aspect`` times
    their height (single words, vertical lines) are left whole.

    Args:
        img (np.ndarray): The page, uint8 of shape (H, W, 3).
        quad (np.ndarray): The line, (4, 2).
        min_gap (float): Narrowest gap that splits, in line heights.
            Defaults to 1.5.
        min_aspect (float): Narrowest line considered, as width / height.
            Defaults to 2.

    Returns:
        list[np.ndarray]: The parts left to right, each an ordered (4, 2)
        float32 quad; ``[quad]`` (ordered) when nothing splits.
    """
    q = order_quad(quad)
    w, h = quad_size(q)
    if h < 2 or w < min_aspect * h:
        return [q]
    crop = warp_quad(img, q)
    if crop is None:
        return [q]
    gaps = ink_gaps(crop, min_gap)
    if not gaps:
        return [q]
    ch, cw = crop.shape[:2]
    # Each part keeps a quarter of the line height of blank beside its
    # ink, as the detector's outlines do.
    pad = 0.25 * ch
    starts = [0.] + [b - pad for _, b in gaps]
    ends = [a + pad for a, _ in gaps] + [float(cw)]
    return _crop_boxes_to_page(q, (cw, ch), [(x0, 0, x1, ch)
                                             for x0, x1 in zip(starts, ends)])


def fit_quad_to_ink(img: np.ndarray,
                    quad: np.ndarray,
                    search: float = 0.5,
                    min_ink: float = 0.005) -> np.ndarray:
    """Grow a line's quadrilateral up and down to the ink it cuts through.

    The line is cropped with ``search`` line heights of page above and
    below it; from the outline's top (bottom) edge the crop's rows are
    followed outward while they hold ink, and the edge moves to the first
    blank row. An edge whose ink runs on to the end of the searched strip
    stays where it was: on dense print (receipts) that ink is the next
    line, not this one's descenders. A row is blank when under ``min_ink``
    of its pixels (at least one) are ink (:func:`ink_mask`). The line is
    never shrunk, and its ends are kept.

    Args:
        img (np.ndarray): The page, uint8 of shape (H, W, 3).
        quad (np.ndarray): The line, (4, 2).
        search (float): Page searched above and below, in line heights.
            Defaults to 0.5.
        min_ink (float): Fraction of a row's pixels that makes it inked.
            Defaults to 0.005.

    Returns:
        np.ndarray: The grown quad, ordered (4, 2) float32; the ordered
        input when nothing grows.
    """
    q = order_quad(quad)
    _, h = quad_size(q)
    if h < 2:
        return q
    strip = pad_quad(q, search, 0.)
    crop = warp_quad(img, strip)
    if crop is None:
        return q
    ch, cw = crop.shape[:2]
    inked = ink_mask(crop).sum(axis=1) > max(1, min_ink * cw)
    # Rows of the outline inside the strip.
    first = int(round(search / (1 + 2 * search) * ch))
    last = int(round((1 + search) / (1 + 2 * search) * ch)) - 1
    top = first
    while top > 0 and inked[top - 1]:
        top -= 1
    bottom = last
    while bottom < ch - 1 and inked[bottom + 1]:
        bottom += 1
    top = first if top == 0 else top
    bottom = last if bottom == ch - 1 else bottom
    if top == first and bottom == last:
        return q
    return _crop_boxes_to_page(strip, (cw, ch), [(0, top, cw, bottom + 1)])[0]


def shrink_quad_to_ink(img: np.ndarray,
                       quad: np.ndarray,
                       min_aspect: float = 0.6,
                       min_ink: float = 0.03) -> np.ndarray:
    """Shrink a quadrilateral to the box of the ink inside it, in its own
    frame (a tilted box stays tilted), at least ``min_aspect`` times as wide
    as high: a narrow glyph (``1``, ``I``) keeps the width of a character
    cell, as annotation boxes it.

    Rows and columns count as inked when over ``min_ink`` of their pixels
    (at least one) are ink (:func:`ink_mask`), which ignores speckle.

    Args:
        img (np.ndarray): The page, uint8 of shape (H, W, 3).
        quad (np.ndarray): The region, (4, 2).
        min_aspect (float): Narrowest box, as width / height, widened about
            the ink's centre within the quad. Defaults to 0.6.
        min_ink (float): Fraction of a row's or column's pixels that makes
            it inked. Defaults to 0.03.

    Returns:
        np.ndarray: The shrunk quad, ordered (4, 2) float32; the ordered
        input when it holds no ink or is degenerate.
    """
    q = order_quad(quad)
    crop = warp_quad(img, q)
    if crop is None:
        return q
    ink = ink_mask(crop)
    ch, cw = ink.shape
    rows = np.flatnonzero(ink.sum(axis=1) > max(1, min_ink * cw))
    cols = np.flatnonzero(ink.sum(axis=0) > max(1, min_ink * ch))
    if not len(rows) or not len(cols):
        return q
    x0, x1 = float(cols[0]), float(cols[-1] + 1)
    y0, y1 = float(rows[0]), float(rows[-1] + 1)
    grow = (min_aspect * (y1 - y0) - (x1 - x0)) / 2
    if grow > 0:
        x0, x1 = max(0., x0 - grow), min(float(cw), x1 + grow)
    return _crop_boxes_to_page(q, (cw, ch), [(x0, y0, x1, y1)])[0]
