from .line_transforms import RescaleToHeightAndPad
from .mark_case_insensitive import MarkCaseInsensitive
from .random_crop_sides import RandomCropSides
from .random_line_margin import RandomLineMargin

__all__ = [
    'MarkCaseInsensitive', 'RandomCropSides', 'RandomLineMargin',
    'RescaleToHeightAndPad'
]
