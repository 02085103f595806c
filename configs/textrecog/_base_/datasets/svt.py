# Street View Text word crops (257, English),
# used as given in ../shared/data/svt_train
# (MMOCR textrecog labels.json + imgs/). Paths are relative to the
# repository root. Only a training split is provided.
svt_textrecog_data_root = '../shared/data/svt_train'

svt_textrecog_train = dict(
    type='OCRDataset',
    data_root=svt_textrecog_data_root,
    ann_file='labels.json',
    pipeline=None)
