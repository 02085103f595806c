# DAMO's released ConvNextViT-Tiny, converted from ModelScope with
# tools/convert_modelscope.py (which writes a copy of this config beside the
# converted dict and checkpoint). Point test_dataloader at your own labelled
# lines (MMOCR textrecog labels.json) to evaluate it with tools/test.py.
_base_ = [
    '_base_convnextvit-3chunk.py',
    '../_base_/default_runtime.py',
]

test_dataloader = dict(
    batch_size=32,
    num_workers=2,
    persistent_workers=False,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='OCRDataset',
        data_root='data/my_lines',
        ann_file='labels.json',
        test_mode=True,
        pipeline=_base_.test_pipeline))
test_cfg = dict(type='TestLoop')
