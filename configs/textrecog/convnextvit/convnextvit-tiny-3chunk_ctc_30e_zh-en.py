# DAMO-Tiny as DAMO trains it: lines resized to 32x804 and read as three
# 300-px chunks; weight-compatible with ModelScope's release. Same data as
# the whole-line variants. Needs a GPU to train.
_base_ = [
    '_base_convnextvit-3chunk.py',
    '../_base_/datasets/synth_cn_en.py',
    '../_base_/datasets/sroie_lines.py',
    '../_base_/datasets/iiit5k.py',
    '../_base_/datasets/svt.py',
    '../_base_/datasets/lpr.py',
    '../_base_/default_runtime.py',
    '../_base_/schedules/schedule_adamw_30e.py',
]

synth_train = _base_.synth_cn_en_textrecog_train
synth_train.update(num_samples=1000000, pipeline=_base_.synth_train_pipeline)
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
