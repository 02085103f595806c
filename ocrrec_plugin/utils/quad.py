"""Quadrilateral geometry of text lines: ordering, growing, measuring and
warping a line's four corners to an upright crop. Shared by the dataset
converters (annotated quads) and the spotter (detected outlines)."""
from typing import Optional, Tuple

import cv2
import numpy as np


def order_quad(quad: np.ndarray) -> np.ndarray:
    """Order four points as top-left, top-right, bottom-right, bottom-left.

    Args:
        quad (np.ndarray): Points of shape (4, 2) in any order.

    Returns:
        np.ndarray: The same points of shape (4, 2), float32, clockwise from
        the top-left (image coordinates, y down).
    """
    quad = np.asarray(quad, np.float32).reshape(4, 2)
    centre = quad.mean(axis=0)
    ang = np.arctan2(quad[:, 1] - centre[1], quad[:, 0] - centre[0])
    quad = quad[np.argsort(ang)]  # clockwise on screen, from -pi
    # Start from the point with the smallest x + y (top-left).
    start = int(np.argmin(quad.sum(axis=1)))
    return np.roll(quad, -start, axis=0)


def pad_quad(quad: np.ndarray,
             margin: float,
             end_margin: Optional[float] = None) -> np.ndarray:
    """Grow an ordered quadrilateral on every side by ``margin`` times its
    short side, along its own axes (a tilted line stays tilted).

    Args:
        quad (np.ndarray): (4, 2), top-left, top-right, bottom-right,
            bottom-left.
        margin (float): Fraction of the short side added above and below.
        end_margin (float, optional): Fraction of the short side added at
            the left and right ends. Defaults to ``margin``.

    Returns:
        np.ndarray: The grown quadrilateral, (4, 2) float32.
    """
    end_margin = margin if end_margin is None else end_margin
    q = np.asarray(quad, np.float32).reshape(4, 2)
    along = (q[1] - q[0]) + (q[2] - q[3])  # twice the mean top/bottom edge
    across = (q[3] - q[0]) + (q[2] - q[1])  # twice the mean left/right edge
    len_along, len_across = np.linalg.norm(along), np.linalg.norm(across)
    if (margin == 0 and end_margin == 0) or len_along == 0 or len_across == 0:
        return q.copy()
    short = min(len_along, len_across) / 2
    u = along / len_along * end_margin * short
    v = across / len_across * margin * short
    return q + np.stack([-u - v, u - v, u + v, v - u]).astype(np.float32)


def quad_size(quad: np.ndarray) -> Tuple[float, float]:
    """Width and height of an ordered quadrilateral (:func:`order_quad`):
    the mean lengths of its top and bottom edges and of its left and right
    edges."""
    q = np.asarray(quad, np.float32)
    w = (np.linalg.norm(q[1] - q[0]) + np.linalg.norm(q[2] - q[3])) / 2
    h = (np.linalg.norm(q[3] - q[0]) + np.linalg.norm(q[2] - q[1])) / 2
    return float(w), float(h)


def quad_angle(quad: np.ndarray) -> float:
    """The tilt of an ordered quadrilateral (:func:`order_quad`): the angle
    of its top edge in degrees, clockwise on screen (y down), in
    [-45, 45). A vertical line's top edge is its short one, so a page of
    vertical lines has the same tilt as the page itself."""
    q = np.asarray(quad, np.float32)
    dx, dy = q[1] - q[0]
    return float((np.degrees(np.arctan2(dy, dx)) + 45) % 90 - 45)


def bounding_quad(points: np.ndarray, angle: float) -> np.ndarray:
    """The smallest rectangle tilted by ``angle`` that holds ``points``.

    Args:
        points (np.ndarray): Points of shape (N, 2).
        angle (float): Tilt in degrees, clockwise on screen (y down), as
            :func:`quad_angle` gives it.

    Returns:
        np.ndarray: The rectangle's corners, (4, 2) float32, ordered
        (:func:`order_quad`).
    """
    pts = np.asarray(points, np.float32).reshape(-1, 2)
    t = np.radians(angle)
    # Columns: the rectangle's axes, along the tilted top edge and across.
    axes = np.float32([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    local = pts @ axes
    (x0, y0), (x1, y1) = local.min(axis=0), local.max(axis=0)
    corners = np.float32([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    return order_quad(corners @ axes.T)


def warp_quad(img: np.ndarray,
              quad: np.ndarray,
              min_size: int = 2) -> Optional[np.ndarray]:
    """Crop a text line by warping its quadrilateral to an upright
    rectangle (perspective transform, not an axis-aligned box).

    Args:
        img (np.ndarray): Source image of shape (H, W, 3).
        quad (np.ndarray): Line corners of shape (4, 2).
        min_size (int): Crops narrower or lower than this are rejected.
            Defaults to 2.

    Returns:
        np.ndarray or None: The crop of shape (h, w, 3), with ``w`` the mean
        length of the top and bottom edges and ``h`` that of the left and
        right edges; None when degenerate.
    """
    q = order_quad(quad)
    w, h = (int(round(v)) for v in quad_size(q))
    if w < min_size or h < min_size:
        return None
    dst = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(q, dst)
    return cv2.warpPerspective(
        img, m, (w, h), flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE)
