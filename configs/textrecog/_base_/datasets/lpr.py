# Chinese licence plates (500), used as given in ../shared/data/lpr_train
# (MMOCR textrecog labels.json + imgs/). Paths are relative to the
# repository root. Only a training split is provided.
lpr_textrecog_data_root = '../shared/data/lpr_train'

lpr_textrecog_train = dict(
    type='OCRDataset',
    data_root=lpr_textrecog_data_root,
    ann_file='labels.json',
    pipeline=None)
