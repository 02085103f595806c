# DAMO's recipe for ConvNextViT: AdamW, lr 1e-3, weight decay 0.01, gradient
# clipping at 20, lr x0.1 after epochs 10 and 20, 30 epochs, batch 64 per GPU.
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=0.01),
    clip_grad=dict(max_norm=20))
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=30, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
param_scheduler = [
    dict(type='MultiStepLR', milestones=[10, 20], gamma=0.1, by_epoch=True)
]
# lr 1e-3 is for 64 lines per GPU on 1 GPU; --auto-scale-lr rescales it.
auto_scale_lr = dict(base_batch_size=64)
