from typing import Dict, List, Optional, Sequence

from mmengine.evaluator import BaseMetric
from rapidfuzz.distance import Levenshtein

from mmocr.registry import METRICS


@METRICS.register_module()
class LineMetric(BaseMetric):
    """Text-line accuracy and 1 - normalised edit distance on raw strings.

    MMOCR's ``WordMetric`` (``exact`` aside), ``CharMetric`` and
    ``OneMinusNEDMetric`` lowercase text and strip every character outside
    ``[0-9a-zA-Z]`` and the CJK ideographs, so spaces, punctuation (CJK
    punctuation too), full-width digits and letter case never count. This
    metric compares the strings as they are:

    - ``line_acc``: share of lines whose prediction equals the label;
    - ``line_1-NED``: mean over lines of ``1 - lev(pred, gt) / max(len)``
      (1 when both are empty).

    Args:
        collect_device (str): 'cpu' or 'gpu'. Defaults to 'cpu'.
        prefix (str, optional): Key prefix. Defaults to 'recog'.
    """
    default_prefix: Optional[str] = 'recog'

    def process(self, data_batch: Sequence[Dict],
                data_samples: Sequence[Dict]) -> None:
        for sample in data_samples:
            pred = sample.get('pred_text').get('item')
            gt = sample.get('gt_text').get('item')
            self.results.append(
                dict(
                    match=pred == gt,
                    similarity=1. - Levenshtein.normalized_distance(pred,
                                                                    gt)))

    def compute_metrics(self, results: List[Dict]) -> Dict:
        num = max(len(results), 1)
        return {
            'line_acc': sum(r['match'] for r in results) / num,
            'line_1-NED': sum(r['similarity'] for r in results) / num,
        }
