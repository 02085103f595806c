import pytest

from ocrrec_plugin.evaluation import (match_lines,
                                      normalize_ignore_case_symbol,
                                      spotting_scores)


def box(x0, y0, x1, y1):
    return [x0, y0, x1, y0, x1, y1, x0, y1]


def test_normalize_like_mmocr():
    assert normalize_ignore_case_symbol('Total: RM 9.00') == 'totalrm900'
    assert normalize_ignore_case_symbol('合计：¥40.50') == '合计4050'
    assert normalize_ignore_case_symbol('-*-') == ''


def test_match_needs_overlap_and_text():
    gt = [box(0, 0, 100, 20), box(0, 30, 100, 50), box(0, 60, 100, 80)]
    gt_texts = ['TOTAL 9.00', '合计', 'CASH']
    preds = [
        box(2, 1, 101, 21),  # overlaps gt 0, same text up to case/symbols
        box(0, 30, 100, 50),  # overlaps gt 1, wrong text
        box(0, 200, 100, 220),  # right text, wrong place
    ]
    pred_texts = ['total9.00', '合同', 'CASH']
    assert match_lines(gt, gt_texts, preds, pred_texts) == [(0, 0)]
    assert spotting_scores(1, 3, 3) == pytest.approx(
        dict(recall=1 / 3, precision=1 / 3, hmean=1 / 3))


def test_match_is_one_to_one_and_prefers_higher_iou():
    gt = [box(0, 0, 100, 20)]
    preds = [box(10, 0, 100, 20), box(0, 0, 100, 20)]
    assert match_lines(gt, ['A'], preds, ['a', 'A']) == [(0, 1)]
    # Symbol-only ground truth is matched on geometry alone.
    assert match_lines(gt, ['***'], preds[1:], ['']) == [(0, 0)]
    # Detection only: geometry decides.
    assert match_lines(gt, ['A'], preds[1:], ['B'], with_text=False) == [
        (0, 0)
    ]
    # Under the IoU threshold: no match.
    assert match_lines(gt, ['A'], [box(60, 0, 160, 20)], ['A']) == []


def test_scores_of_empty_sets():
    assert spotting_scores(0, 0, 0) == dict(recall=0., precision=0.,
                                            hmean=0.)
    assert spotting_scores(2, 4, 2) == pytest.approx(
        dict(recall=0.5, precision=1., hmean=2 / 3))
