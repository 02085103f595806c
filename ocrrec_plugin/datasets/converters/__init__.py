"""Pure conversion functions behind ``tools/dataset_converters``."""
from .split import split_recog_labels
from .sroie import convert_sroie, is_val, read_sroie_csv

__all__ = ['convert_sroie', 'is_val', 'read_sroie_csv', 'split_recog_labels']
