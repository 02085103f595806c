from .line_transforms import RescaleToHeightAndPad
from .random_crop_sides import RandomCropSides
from .random_line_margin import RandomLineMargin

__all__ = ['RandomCropSides', 'RandomLineMargin', 'RescaleToHeightAndPad']
