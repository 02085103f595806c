# IIIT5K word crops (2,000, English),
# used as given in ../shared/data/iiit5k_train
# (MMOCR textrecog labels.json + imgs/). Paths are relative to the
# repository root. Only a training split is provided.
iiit5k_textrecog_data_root = '../shared/data/iiit5k_train'

iiit5k_textrecog_train = dict(
    type='OCRDataset',
    data_root=iiit5k_textrecog_data_root,
    ann_file='labels.json',
    pipeline=None)
