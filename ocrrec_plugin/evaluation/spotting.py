"""End-to-end line spotting scores: a ground-truth line is found when a
predicted line overlaps it and reads the same text."""
import re
from typing import Dict, List, Sequence, Tuple

from mmocr.utils import poly2shapely, poly_iou

# MMOCR's WordMetric 'ignore_case_symbol' protocol: lower case, keep only
# ASCII letters, digits and CJK ideographs.
_SYMBOLS = re.compile('[^A-Za-z0-9\u4e00-\u9fa5]')


def normalize_ignore_case_symbol(text: str) -> str:
    """``text`` under MMOCR's ignore-case-symbol protocol."""
    return _SYMBOLS.sub('', text.lower())


def match_lines(gt_polys: Sequence[Sequence[float]],
                gt_texts: Sequence[str],
                pred_polys: Sequence[Sequence[float]],
                pred_texts: Sequence[str],
                iou_thr: float = 0.5,
                with_text: bool = True) -> List[Tuple[int, int]]:
    """One-to-one matches of predicted to ground-truth lines.

    A pair can match when the polygons' IoU is at least ``iou_thr`` and the
    texts are equal after :func:`normalize_ignore_case_symbol`; pairs are
    taken greedily by decreasing IoU. Ground-truth lines whose text
    normalises to '' (only symbols) are matched on geometry alone; so are
    all lines with ``with_text=False`` (detection only).

    Returns:
        list[tuple[int, int]]: ``(gt_index, pred_index)`` pairs.
    """
    gts = [poly2shapely(p) for p in gt_polys]
    preds = [poly2shapely(p) for p in pred_polys]
    gt_norm = [normalize_ignore_case_symbol(t) for t in gt_texts]
    pred_norm = [normalize_ignore_case_symbol(t) for t in pred_texts]
    candidates = []
    for i, g in enumerate(gts):
        for j, p in enumerate(preds):
            if with_text and gt_norm[i] and gt_norm[i] != pred_norm[j]:
                continue
            iou = poly_iou(g, p)
            if iou >= iou_thr:
                candidates.append((iou, i, j))
    candidates.sort(key=lambda c: -c[0])
    used_gt, used_pred, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_gt and j not in used_pred:
            used_gt.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def spotting_scores(matched: int, num_gt: int,
                    num_pred: int) -> Dict[str, float]:
    """Line recall, precision and h-mean from counts."""
    recall = matched / num_gt if num_gt else 0.
    precision = matched / num_pred if num_pred else 0.
    hmean = (2 * recall * precision / (recall + precision)
             if recall + precision else 0.)
    return dict(recall=recall, precision=precision, hmean=hmean)
