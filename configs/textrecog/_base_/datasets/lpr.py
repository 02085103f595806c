# Chinese licence plates (500) from ../shared/data/lpr_train, which has no
# validation split: a fixed 10% (the SROIE converter's stable hash of the image
# path) is held out by
#   python tools/dataset_converters/split_recog_labels.py
# Paths are relative to the repository root.
lpr_textrecog_data_root = 'data/lpr'

lpr_textrecog_train = dict(
    type='OCRDataset',
    data_root=lpr_textrecog_data_root,
    ann_file='textrecog_train.json',
    pipeline=None)

lpr_textrecog_val = dict(
    type='OCRDataset',
    data_root=lpr_textrecog_data_root,
    ann_file='textrecog_val.json',
    test_mode=True,
    pipeline=None)
lpr_textrecog_test = lpr_textrecog_val
