from .metrics import LineMetric
from .scoring import score_predictions

__all__ = ['LineMetric', 'score_predictions']
