# CI smoke test and overfitting check: the 'test' preset on 32 toy lines.
_base_ = [
    '_base_convnextvit.py',
    '../_base_/datasets/toy_lines.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/schedule_adamw_30e.py',
]

max_width = 256
model = dict(
    backbone=dict(arch='test', drop_path_rate=0.),
    encoder=dict(
        in_channels=32,
        arch='test',
        max_len=max_width // 4,
        drop_rate=0.,
        attn_drop_rate=0.),
    decoder=dict(in_channels=16))

train_pipeline = [
    dict(type='LoadImageFromFile', ignore_empty=True, min_size=2),
    dict(type='LoadOCRAnnotations', with_text=True),
    dict(type='RescaleToHeight', height=32, min_width=4, max_width=max_width,
         width_divisor=4),
    dict(type='PadToWidth', width=max_width),
    dict(type='PackTextRecogInputs',
         meta_keys=('img_path', 'ori_shape', 'img_shape', 'valid_ratio')),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RescaleToHeight', height=32, min_width=4, max_width=max_width,
         width_divisor=4),
    dict(type='PadToWidth', width=max_width),
    dict(type='LoadOCRAnnotations', with_text=True),
    dict(type='PackTextRecogInputs',
         meta_keys=('img_path', 'ori_shape', 'img_shape', 'valid_ratio')),
]

train_cfg = dict(max_epochs=5, val_interval=5)
param_scheduler = [dict(type='ConstantLR', factor=1.0)]
optim_wrapper = dict(optimizer=dict(lr=3e-3, weight_decay=0.))

train_dataloader = dict(
    batch_size=8,
    num_workers=0,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(_delete_=True, **{{_base_.toy_lines_textrecog_train}},
                 pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8,
    num_workers=0,
    persistent_workers=False,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(_delete_=True, **{{_base_.toy_lines_textrecog_test}},
                 pipeline=test_pipeline))
test_dataloader = val_dataloader
default_hooks = dict(logger=dict(interval=4))
