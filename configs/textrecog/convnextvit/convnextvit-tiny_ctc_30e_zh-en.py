# DAMO-Tiny's architecture (ConvNeXt-Tiny + 12 ConvTransformer blocks of
# width 192, 19 M parameters) with DAMO's 30-epoch schedule, reading whole
# lines of any width up to 800 px instead of three fixed 300-px chunks (a
# wider line is read at its natural aspect ratio by the encoder's
# interpolated positions only at inference; training squeezes it to 800 px).
# Trained on lines rendered on the fly (at most 24 characters, so Chinese
# lines fit 800 px) plus every real training split. Needs a GPU to train;
# no weights ship yet (docs/model_zoo.md).
_base_ = [
    '_base_convnextvit.py',
    '../_base_/datasets/zh_en_lines.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/schedule_adamw_30e.py',
]

# An "epoch" of 100k rendered lines next to the ~17k real ones.
synth_train = _base_.synth_cn_en_textrecog_train
synth_train.update(
    num_samples=100000, max_chars=24, pipeline=_base_.synth_train_pipeline)
real_train = [
    _base_.sroie_lines_textrecog_train, _base_.iiit5k_textrecog_train,
    _base_.svt_textrecog_train, _base_.lpr_textrecog_train
]
for dataset in real_train:
    dataset.pipeline = _base_.train_pipeline
synth_val = _base_.synth_cn_en_textrecog_val
synth_val.pipeline = _base_.synth_test_pipeline
sroie_val = _base_.sroie_lines_textrecog_val
sroie_val.pipeline = _base_.test_pipeline

train_dataloader = dict(
    batch_size=64,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(type='ConcatDataset', datasets=[synth_train, *real_train]))
val_dataloader = dict(
    batch_size=64,
    num_workers=4,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='ConcatDataset', datasets=[sroie_val, synth_val]))
val_evaluator = dict(
    type='MultiDatasetsEvaluator', dataset_prefixes=['SROIE', 'SynthZhEn'])
# MMOCR's inferencers read test_dataloader.dataset.pipeline, which a
# ConcatDataset lacks: tools/test.py and the inferencers use the SROIE lines
# with their own pipeline; the validation loop scores every set.
test_dataloader = dict(
    batch_size=64,
    num_workers=4,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=sroie_val)
test_evaluator = _base_.val_evaluator
