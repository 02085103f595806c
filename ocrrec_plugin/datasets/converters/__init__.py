"""Pure conversion functions behind ``tools/dataset_converters``."""
from .split import split_recog_labels
from .sroie import convert_sroie, is_val, read_sroie_csv
from .sroie_shops import group_receipts_by_shop, shop_keys

__all__ = [
    'convert_sroie', 'is_val', 'read_sroie_csv', 'split_recog_labels',
    'group_receipts_by_shop', 'shop_keys'
]
