from .line_metric import LineMetric

__all__ = ['LineMetric']
