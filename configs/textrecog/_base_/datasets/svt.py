# Street View Text word crops (257, English) from ../shared/data/svt_train,
# which has no validation split: a fixed 10% (the SROIE converter's stable hash
# of the image path) is held out by
#   python tools/dataset_converters/split_recog_labels.py
# Paths are relative to the repository root.
svt_textrecog_data_root = 'data/svt'

svt_textrecog_train = dict(
    type='OCRDataset',
    data_root=svt_textrecog_data_root,
    ann_file='textrecog_train.json',
    pipeline=None)

svt_textrecog_val = dict(
    type='OCRDataset',
    data_root=svt_textrecog_data_root,
    ann_file='textrecog_val.json',
    test_mode=True,
    pipeline=None)
svt_textrecog_test = svt_textrecog_val
