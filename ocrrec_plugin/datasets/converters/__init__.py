"""Pure conversion functions behind ``tools/dataset_converters``."""
from .sroie import (convert_sroie, is_val, order_quad, read_sroie_csv,
                    warp_quad)

__all__ = [
    'convert_sroie', 'is_val', 'order_quad', 'read_sroie_csv', 'warp_quad'
]
