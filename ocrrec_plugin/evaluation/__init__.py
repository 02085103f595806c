from .metrics import LineMetric
from .scoring import score_predictions
from .spotting import (match_lines, normalize_ignore_case_symbol,
                       spotting_scores)

__all__ = [
    'LineMetric', 'score_predictions', 'match_lines',
    'normalize_ignore_case_symbol', 'spotting_scores'
]
