"""Score a list of predictions against labels with the metrics of our
configs: ours on raw strings and MMOCR's case- and symbol-folding ones."""
from typing import Dict, List, Sequence

from mmocr.evaluation import CharMetric, WordMetric
from .metrics import LineMetric


def score_predictions(preds: Sequence[str],
                      gts: Sequence[str]) -> Dict[str, float]:
    """Line and character scores of ``preds`` against ``gts``.

    Returns:
        dict: ``line_acc`` and ``line_1-NED`` on raw strings (``LineMetric``),
        ``line_acc_ignore_case_symbol`` (MMOCR's ``WordMetric`` protocol),
        ``char_precision`` and ``char_recall`` (MMOCR's ``CharMetric``).
    """
    if len(preds) != len(gts):
        raise ValueError(f'{len(preds)} predictions for {len(gts)} labels')
    samples: List[Dict] = [
        dict(pred_text=dict(item=p), gt_text=dict(item=g))
        for p, g in zip(preds, gts)
    ]
    out: Dict[str, float] = {}
    for metric in (LineMetric(), WordMetric(mode='ignore_case_symbol'),
                   CharMetric()):
        metric.process([], samples)
        out.update(metric.compute_metrics(metric.results))
    out['line_acc_ignore_case_symbol'] = out.pop(
        'word_acc_ignore_case_symbol')
    return out
