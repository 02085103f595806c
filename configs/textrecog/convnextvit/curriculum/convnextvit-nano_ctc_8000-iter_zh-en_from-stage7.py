# Stage 8 of the CPU curriculum: stage 7
# (convnextvit-nano_ctc_3500-iter_zh-en_from-stage6.py) trained 8,000 more
# iterations, the longest stage yet. Stage 7's training loss was still
# falling when its learning rate ran out (0.62 at the middle, 0.53 at the
# end), and its misses on SROIE are mostly look-alike characters in upper
# case (O read as 0 is the most common, then I/L/1), not a kind of line it
# never sees. So: the same real splits once per pass, 150k lines rendered
# anew, receipt lines (upper-case words mixed with codes and numbers) a
# slightly larger share, and a warm restart a little above stage 7's peak.
_base_ = ['convnextvit-nano_ctc_3500-iter_zh-en_from-stage6.py']

load_from = ('work_dirs/convnextvit-nano_ctc_3500-iter_zh-en_from-stage6/'
             'iter_3500.pth')
max_iters = 8000

synth_train = _base_.synth_train
synth_train.seed = 15
synth_train.kind_weights = dict(
    zh_text=0.32,
    zh_words=0.08,
    en_text=0.18,
    en_words=0.12,
    mixed=0.10,
    numeric=0.04,
    receipt=0.10,
    rare=0.06)
train_dataloader = dict(
    dataset=dict(
        type='ConcatDataset', datasets=[synth_train, *_base_.real_train]))

train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = _base_.param_scheduler
param_scheduler[-1].end = max_iters
optim_wrapper = dict(optimizer=dict(lr=4e-4))
