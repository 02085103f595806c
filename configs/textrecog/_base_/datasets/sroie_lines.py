# SROIE receipt lines: perspective-warped crops of the annotated
# quadrilaterals, made by
#   python tools/dataset_converters/sroie_converter.py \
#       ../shared/data/sroie_train data/sroie
# Fixed split: 10% of the receipts (stable hash of the file name) for val.
sroie_lines_data_root = 'data/sroie'

sroie_lines_textrecog_train = dict(
    type='OCRDataset',
    data_root=sroie_lines_data_root,
    ann_file='textrecog_train.json',
    pipeline=None)

sroie_lines_textrecog_val = dict(
    type='OCRDataset',
    data_root=sroie_lines_data_root,
    ann_file='textrecog_val.json',
    test_mode=True,
    pipeline=None)
sroie_lines_textrecog_test = sroie_lines_textrecog_val
