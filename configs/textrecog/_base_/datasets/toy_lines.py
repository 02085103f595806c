# 32 rendered text lines shipped in tests/data: smoke tests and overfitting.
toy_lines_data_root = '{{ fileDirname }}/../../../../tests/data/toy_lines'

toy_lines_textrecog_train = dict(
    type='OCRDataset',
    data_root=toy_lines_data_root,
    ann_file='labels.json',
    pipeline=None)

toy_lines_textrecog_test = dict(
    type='OCRDataset',
    data_root=toy_lines_data_root,
    ann_file='labels.json',
    test_mode=True,
    pipeline=None)
