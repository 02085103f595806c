# IIIT5K word crops (2,000, English) from ../shared/data/iiit5k_train, which
# has no validation split: a fixed 10% (the SROIE converter's stable hash of
# the image path) is held out by
#   python tools/dataset_converters/split_recog_labels.py
# Paths are relative to the repository root.
iiit5k_textrecog_data_root = 'data/iiit5k'

iiit5k_textrecog_train = dict(
    type='OCRDataset',
    data_root=iiit5k_textrecog_data_root,
    ann_file='textrecog_train.json',
    pipeline=None)

iiit5k_textrecog_val = dict(
    type='OCRDataset',
    data_root=iiit5k_textrecog_data_root,
    ann_file='textrecog_val.json',
    test_mode=True,
    pipeline=None)
iiit5k_textrecog_test = iiit5k_textrecog_val
