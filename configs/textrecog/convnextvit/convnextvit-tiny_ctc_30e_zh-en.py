# DAMO-Tiny's architecture (ConvNeXt-Tiny + 12 ConvTransformer blocks of
# width 192) reading whole lines of any width up to 800 px instead of three
# fixed chunks; same data as the nano variant. Needs a GPU to train.
_base_ = ['convnextvit-nano_ctc_30e_zh-en.py']

model = dict(
    backbone=dict(arch='tiny', drop_path_rate=0.1),
    encoder=dict(in_channels=512, arch='tiny'),
    decoder=dict(in_channels=192))
train_dataloader = dict(num_workers=8)
val_dataloader = dict(num_workers=4)
test_dataloader = dict(num_workers=4)
