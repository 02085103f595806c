_base_ = 'mmocr::textrecog/_base_/default_runtime.py'

default_scope = 'mmocr'
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=50),
    checkpoint=dict(
        type='CheckpointHook',
        interval=1,
        max_keep_ckpts=3,
        save_best='auto',
        rule='greater'),
)

# Raw-string line accuracy and 1-NED first (the first key picks the best
# checkpoint), then MMOCR's case- and symbol-folding metrics. Configs with
# several validation sets switch to type='MultiDatasetsEvaluator' and name
# them in dataset_prefixes, for one score per set.
val_evaluator = dict(
    type='Evaluator',
    metrics=[
        dict(type='LineMetric'),
        dict(
            type='WordMetric',
            mode=['exact', 'ignore_case', 'ignore_case_symbol']),
        dict(type='CharMetric'),
        dict(type='OneMinusNEDMetric'),
    ],
    _delete_=True)
test_evaluator = val_evaluator
