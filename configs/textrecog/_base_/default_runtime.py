_base_ = 'mmocr::textrecog/_base_/default_runtime.py'

default_scope = 'mmocr'
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=50),
    checkpoint=dict(
        type='CheckpointHook',
        interval=1,
        max_keep_ckpts=3,
        save_best='recog/line_acc',
        rule='greater'),
)
