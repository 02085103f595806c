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

# The same training lines cut with 0.3 of their height as margin on every
# side, for RandomLineMargin to re-cut at random margins; made by
#   python tools/dataset_converters/sroie_converter.py \
#       ../shared/data/sroie_train data/sroie_margin30 \
#       --tasks textrecog --crop-margin 0.3
sroie_lines_margin30_textrecog_train = dict(
    type='OCRDataset',
    data_root='data/sroie_margin30',
    ann_file='textrecog_train.json',
    pipeline=None)
