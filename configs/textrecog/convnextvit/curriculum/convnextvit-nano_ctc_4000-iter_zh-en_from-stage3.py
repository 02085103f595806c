# Stage 4 of the CPU curriculum: stage 3
# (convnextvit-nano_ctc_5000-iter_zh-en_from-stage2.py) trained 4,000 more
# iterations on lines rendered anew (another seed), a second warm restart at
# half of stage 3's peak learning rate. Stage 3 read the demo page's
# lower-case English as upper case (lines cut at their labelled outline,
# without TextSpotter's crop margin; every SROIE line is upper case), so
# English running text and words (mixed case) take almost twice its share of
# the synthetic lines; Chinese keeps the largest.
_base_ = ['convnextvit-nano_ctc_5000-iter_zh-en_from-stage2.py']

load_from = ('work_dirs/convnextvit-nano_ctc_5000-iter_zh-en_from-stage2/'
             'iter_5000.pth')
max_iters = 4000

synth_train = _base_.synth_train
synth_train.seed = 11
synth_train.kind_weights = dict(
    zh_text=0.36,
    zh_words=0.10,
    en_text=0.12,
    en_words=0.10,
    mixed=0.12,
    numeric=0.06,
    receipt=0.08,
    rare=0.06)
train_dataloader = dict(
    dataset=dict(
        type='ConcatDataset', datasets=[synth_train, *_base_.real_train]))

train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = _base_.param_scheduler
param_scheduler[-1].end = max_iters
optim_wrapper = dict(optimizer=dict(lr=5e-4))
