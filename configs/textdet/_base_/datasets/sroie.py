# SROIE receipts with line quadrilaterals, made by
#   python tools/dataset_converters/sroie_converter.py \
#       ../shared/data/sroie_train data/sroie
# Fixed split: 10% of the receipts (stable hash of the file name) for val.
sroie_textdet_data_root = 'data/sroie'

sroie_textdet_train = dict(
    type='OCRDataset',
    data_root=sroie_textdet_data_root,
    ann_file='textdet_train.json',
    filter_cfg=dict(filter_empty_gt=True, min_size=32),
    pipeline=None)

sroie_textdet_val = dict(
    type='OCRDataset',
    data_root=sroie_textdet_data_root,
    ann_file='textdet_val.json',
    test_mode=True,
    pipeline=None)
sroie_textdet_test = sroie_textdet_val
