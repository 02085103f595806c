# Stage 5 of the CPU curriculum: stage 4
# (convnextvit-nano_ctc_4000-iter_zh-en_from-stage3.py) trained 7,000 more
# iterations, the longest stage yet: both gaps to PP-OCRv4 (SROIE
# ignore-case-symbol accuracy, held-out synthetic Chinese) shrank with every
# stage and the loss was still falling. Two changes:
# - 150k lines rendered anew (another seed), so that almost every synthetic
#   line is new; the larger gap, Chinese, takes a bigger share of them. The
#   real splits are then about a tenth of the samples.
# - SROIE lines are cut with a margin of 0.3 of their height and re-cut by
#   RandomLineMargin at a random margin per side, from 0.05 into the line to
#   0.3 beyond it. Stage 4 read lines cut at their labelled outline and
#   lines with TextSpotter's 0.15 margin well but lost accuracy with every
#   other margin; a detector's outlines are neither.
# Warm restart at a peak between stage 3's and stage 4's.
_base_ = ['convnextvit-nano_ctc_4000-iter_zh-en_from-stage3.py']

load_from = ('work_dirs/convnextvit-nano_ctc_4000-iter_zh-en_from-stage3/'
             'iter_4000.pth')
max_iters = 7000

synth_train = _base_.synth_train
synth_train.seed = 12
synth_train.num_samples = 150000
synth_train.kind_weights = dict(
    zh_text=0.40,
    zh_words=0.12,
    en_text=0.10,
    en_words=0.08,
    mixed=0.10,
    numeric=0.06,
    receipt=0.08,
    rare=0.06)
sroie_margin_train = _base_.sroie_lines_margin30_textrecog_train
sroie_margin_train.pipeline = [
    _base_.train_pipeline[0],  # LoadImageFromFile
    dict(type='RandomLineMargin', margin_range=(-0.05, 0.3)),
    *_base_.train_pipeline[1:]
]
real_train = [sroie_margin_train, *_base_.real_train[1:]]
train_dataloader = dict(
    dataset=dict(type='ConcatDataset', datasets=[synth_train, *real_train]))

train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = _base_.param_scheduler
param_scheduler[-1].end = max_iters
optim_wrapper = dict(optimizer=dict(lr=7e-4))
