# The small ConvNextViT presets trained on 2 CPU cores ('nano', and 'micro'
# with deeper third stage), trained on whole lines up to 480 px at height 32
# (95% of SROIE lines fit without squeezing) and reading lines of any width,
# each batch padded only to its widest line, with the training recipe of the
# curriculum's last stage (docs/training.md; configs in curriculum/): the
# shipped weights are that curriculum's result, so train these configs from
# them (--cfg-options load_from=weights/...) rather than from scratch.
#
# Data: lines rendered on the fly (held-out fonts and text sources excluded)
# and every real training split: SROIE lines (twice; cut with a random
# margin), IIIT5K, SVT and LPR. Validation: the real sets' validation splits
# and held-out synthetic Chinese. These come from the training sources, so
# they are training numbers; the generalization suite is in docs/benchmark.md.
_base_ = [
    '_base_convnextvit.py',
    '../_base_/datasets/zh_en_lines.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/schedule_adamw_30e.py',
]

max_width = 480
max_iters = 8000
model = dict(
    backbone=dict(arch='nano', drop_path_rate=0.),
    encoder=dict(
        arch='nano',
        max_len=max_width // _base_.width_stride,
        drop_rate=0.,
        attn_drop_rate=0.))

rescale = dict(
    type='RescaleToHeight',
    height=_base_.line_height,
    min_width=_base_.width_stride,
    max_width=max_width,
    width_divisor=_base_.width_stride)
pack = dict(
    type='PackTextRecogInputs',
    meta_keys=('img_path', 'ori_shape', 'img_shape', 'valid_ratio'))
# No PadToWidth: the data preprocessor pads each batch to its widest line
# and rescales valid_ratio to it.
train_transforms = [
    dict(type='LoadOCRAnnotations', with_text=True), rescale, pack
]
train_pipeline = [*_base_.train_pipeline[:-len(_base_.train_transforms)],
                  *train_transforms]
# Rendered lines come with a margin; cut some tight as detectors do.
synth_train_pipeline = [
    dict(type='LoadImageFromNDArray'),
    dict(
        type='RandomApply',
        prob=0.4,
        transforms=[
            dict(type='RandomCropSides', max_vertical=0.15,
                 max_horizontal=0.2)
        ]), *train_transforms
]
# At test time lines keep their natural width (any width): the encoder
# interpolates its 120 learned positions for longer lines, which reads 40-120
# character lines far better than squeezing them into 480 px
# (docs/benchmark.md, "Generalization suite").
test_rescale = dict(rescale, max_width=None)
test_transforms = [
    test_rescale,
    dict(type='LoadOCRAnnotations', with_text=True), pack
]
test_pipeline = [dict(type='LoadImageFromFile'), *test_transforms]
synth_test_pipeline = [dict(type='LoadImageFromNDArray'), *test_transforms]

# Long Latin lines (22-40 characters), where short rendered lines left the
# model weakest.
synth_long_train = _base_.synth_cn_en_textrecog_train.copy()
synth_train = _base_.synth_cn_en_textrecog_train
synth_train.update(
    num_samples=150000,
    seed=21,
    max_chars=16,
    text_split='train',
    font_split='train',
    kind_weights=dict(
        zh_text=0.38,
        zh_words=0.10,
        en_text=0.14,
        en_words=0.10,
        mixed=0.10,
        numeric=0.04,
        receipt=0.08,
        rare=0.06),
    pipeline=synth_train_pipeline)
synth_long_train.update(
    num_samples=60000,
    seed=22,
    min_chars=22,
    max_chars=40,
    text_split='train',
    font_split='train',
    kind_weights=dict(
        zh_text=0.,
        zh_words=0.,
        en_text=0.25,
        en_words=0.20,
        mixed=0.15,
        numeric=0.10,
        receipt=0.30,
        rare=0.),
    pipeline=synth_train_pipeline)
# SROIE lines cut with a 0.3 margin, re-cut at random as detectors' outlines.
sroie_train = _base_.sroie_lines_margin30_textrecog_train
sroie_train.pipeline = [
    _base_.train_pipeline[0],  # LoadImageFromFile
    dict(type='RandomLineMargin', margin_range=(-0.05, 0.3)),
    *train_pipeline[1:]
]
real_train = [
    sroie_train, _base_.iiit5k_textrecog_train, _base_.svt_textrecog_train,
    _base_.lpr_textrecog_train
]
for dataset in real_train[1:]:
    dataset.pipeline = train_pipeline

val_sets = dict(
    SROIE=_base_.sroie_lines_textrecog_val,
    IIIT5K=_base_.iiit5k_textrecog_val,
    SVT=_base_.svt_textrecog_val,
    LPR=_base_.lpr_textrecog_val,
    SynthZhHeldout=_base_.synth_zh_heldout_textrecog_val)
for name, dataset in val_sets.items():
    dataset.pipeline = (synth_test_pipeline
                        if name.startswith('Synth') else test_pipeline)

train_dataloader = dict(
    batch_size=32,
    num_workers=1,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='ConcatDataset',
        datasets=[synth_train, synth_long_train, *real_train, sroie_train]))
val_dataloader = dict(
    batch_size=32,
    num_workers=1,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='ConcatDataset', datasets=list(val_sets.values())))
val_evaluator = dict(
    type='MultiDatasetsEvaluator', dataset_prefixes=list(val_sets))
# MMOCR's inferencers read test_dataloader.dataset.pipeline, which a
# ConcatDataset lacks: tools/test.py and the inferencers use the SROIE lines
# with their own pipeline; the validation loop scores every set.
test_dataloader = dict(
    batch_size=32,
    num_workers=1,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=val_sets['SROIE'])
test_evaluator = _base_.val_evaluator

train_cfg = dict(
    _delete_=True,
    type='IterBasedTrainLoop',
    max_iters=max_iters,
    val_interval=max_iters)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, end=100),
    dict(
        type='CosineAnnealingLR',
        eta_min=1e-5,
        by_epoch=False,
        begin=100,
        end=max_iters)
]
optim_wrapper = dict(optimizer=dict(lr=3e-4))
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(by_epoch=False, interval=250, max_keep_ckpts=2,
                    save_best=None))
log_processor = dict(by_epoch=False)
auto_scale_lr = dict(base_batch_size=32)
