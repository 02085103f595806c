# CI smoke test on 32 toy lines: the 'test' preset, lines padded to 256 px,
# no augmentation. tests/test_tools/ also overfits the 'nano' preset on it.
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
        arch='test',
        max_len=max_width // _base_.width_stride,
        drop_rate=0.,
        attn_drop_rate=0.))

line_transforms = [
    dict(
        type='RescaleToHeight',
        height=_base_.line_height,
        min_width=_base_.width_stride,
        max_width=max_width,
        width_divisor=_base_.width_stride),
    dict(type='PadToWidth', width=max_width),
    dict(type='LoadOCRAnnotations', with_text=True),
    dict(
        type='PackTextRecogInputs',
        meta_keys=('img_path', 'ori_shape', 'img_shape', 'valid_ratio')),
]
train_pipeline = [
    dict(type='LoadImageFromFile', ignore_empty=True, min_size=2),
    *line_transforms
]
test_pipeline = [dict(type='LoadImageFromFile'), *line_transforms]

train_cfg = dict(max_epochs=5, val_interval=5)
param_scheduler = [dict(type='ConstantLR', factor=1.0)]
optim_wrapper = dict(optimizer=dict(lr=2e-3, weight_decay=0.))

# One process, small batches: the CI smoke test.
loader = dict(batch_size=8, num_workers=0, persistent_workers=False)
train_dataloader = dict(
    **loader,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='ConcatDataset',
        datasets=[_base_.toy_lines_textrecog_train],
        pipeline=train_pipeline))
val_dataloader = dict(
    **loader,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='ConcatDataset',
        datasets=[_base_.toy_lines_textrecog_test],
        pipeline=test_pipeline))
test_dataloader = val_dataloader
default_hooks = dict(logger=dict(interval=4))
