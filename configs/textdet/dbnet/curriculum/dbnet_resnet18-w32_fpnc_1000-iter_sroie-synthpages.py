# Stage 1 of the line detector, from scratch: the recipe of
# ../dbnet_resnet18-w32_fpnc_curriculum_sroie-synthpages.py with 1,000
# iterations at peak learning rate 2e-3 on pages of seed 0 (published as
# dbnet_resnet18-w32_lines_fp16-4fb766b9.pth, in git history: see
# docs/training.md).
_base_ = ['../dbnet_resnet18-w32_fpnc_curriculum_sroie-synthpages.py']

max_iters = 1000
synth_train = _base_.synth_train
synth_train.seed = 0
train_dataloader = dict(
    dataset=dict(datasets=[
        dict(type='RepeatDataset', times=10, dataset=_base_.sroie_train),
        synth_train
    ]))
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = _base_.param_scheduler
param_scheduler[-1].end = max_iters
optim_wrapper = dict(optimizer=dict(lr=2e-3))
