# Evaluate the nano model on MMOCR's standard English test sets (prepare
# them first, see ../_base_/datasets/mmocr_benchmarks.py):
#   python tools/test.py THIS_CONFIG CHECKPOINT
_base_ = [
    'convnextvit-nano_ctc_30e_zh-en.py',
    '../../_base_/datasets/mmocr_benchmarks.py',
]

test_list = [
    _base_.cute80_textrecog_test, _base_.svtp_textrecog_test,
    _base_.icdar2013_textrecog_test, _base_.icdar2015_textrecog_test
]
# One pipeline on the ConcatDataset (MMOCR's inferencers read it there).
test_dataloader = dict(
    dataset=dict(
        type='ConcatDataset',
        datasets=test_list,
        pipeline=_base_.test_pipeline,
        _delete_=True))
test_evaluator = dict(
    type='MultiDatasetsEvaluator',
    dataset_prefixes=['CUTE80', 'SVTP', 'IC13', 'IC15'])
