# Stage 9 of the CPU curriculum: stage 8
# (convnextvit-nano_ctc_8000-iter_zh-en_from-stage7.py) trained 3,500 more
# iterations on lines rendered anew, with its mixture and real splits. Stage
# 8's loss still fell at its end (0.40 over the last 200 iterations) and
# every split but the plates read better than after stage 7, so the recipe
# stays; a short warm restart below stage 8's peak.
_base_ = ['convnextvit-nano_ctc_8000-iter_zh-en_from-stage7.py']

load_from = ('work_dirs/convnextvit-nano_ctc_8000-iter_zh-en_from-stage7/'
             'iter_8000.pth')
max_iters = 3500

synth_train = _base_.synth_train
synth_train.seed = 16
train_dataloader = dict(
    dataset=dict(
        type='ConcatDataset', datasets=[synth_train, *_base_.real_train]))

train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = _base_.param_scheduler
param_scheduler[-1].end = max_iters
optim_wrapper = dict(optimizer=dict(lr=3e-4))
