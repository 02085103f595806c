# Stage 7 of the CPU curriculum: stage 6
# (convnextvit-nano_ctc_5000-iter_zh-en_from-stage5.py) trained 3,500 more
# iterations. Stage 6 sampled the real splits twice per pass; SROIE's lines,
# the largest of them, are all upper case, and stage 6 reads the demo page's
# mixed-case English in upper case more often than stage 5 did. So the real
# splits go back to one pass each (stage 5's mixture, as re-cut), English
# running text and words (mixed case) take a third of 150k lines rendered
# anew, and rendered lines keep stage 6's random tight cuts. A warm restart
# below stage 6's peak learning rate.
_base_ = ['convnextvit-nano_ctc_5000-iter_zh-en_from-stage5.py']

load_from = ('work_dirs/convnextvit-nano_ctc_5000-iter_zh-en_from-stage5/'
             'iter_5000.pth')
max_iters = 3500

synth_train = _base_.synth_train
synth_train.seed = 14
synth_train.kind_weights = dict(
    zh_text=0.32,
    zh_words=0.08,
    en_text=0.20,
    en_words=0.14,
    mixed=0.10,
    numeric=0.04,
    receipt=0.06,
    rare=0.06)
train_dataloader = dict(
    dataset=dict(
        type='ConcatDataset', datasets=[synth_train, *_base_.real_train]))

train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = _base_.param_scheduler
param_scheduler[-1].end = max_iters
optim_wrapper = dict(optimizer=dict(lr=3e-4))
