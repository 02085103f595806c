"""Pure conversion functions behind ``tools/dataset_converters``."""
from .split import split_recog_labels
from .sroie import (convert_sroie, is_val, order_quad, pad_quad,
                    quad_size, read_sroie_csv, warp_quad)

__all__ = [
    'convert_sroie', 'is_val', 'order_quad', 'pad_quad', 'quad_size',
    'read_sroie_csv', 'split_recog_labels', 'warp_quad'
]
