from .line_transforms import RescaleToHeightAndPad
from .random_line_margin import RandomLineMargin

__all__ = ['RandomLineMargin', 'RescaleToHeightAndPad']
