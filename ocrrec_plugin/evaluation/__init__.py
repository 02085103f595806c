from .metrics import LineMetric

__all__ = ['LineMetric']
