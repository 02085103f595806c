# DAMO's own way to read a line: resize to height 32 within width 804
# (squeezed when wider than 25.125:1, else right-padded with black), cut into
# three 300-px chunks at x = 0, 252, 504, run each chunk through backbone and
# encoder alone, and merge the tokens to 201 CTC frames. Use it with
# ModelScope weights (tools/convert_modelscope.py writes such a config).
_base_ = ['_base_convnextvit.py']

chunk_width = 300
chunk_overlap = 48
num_chunks = 3
line_height = 32
max_width = chunk_width + (num_chunks - 1) * (chunk_width - chunk_overlap)

model = dict(
    chunk_width=chunk_width,
    chunk_overlap=chunk_overlap,
    backbone=dict(drop_path_rate=0.),
    # one position per 4-px column of a chunk (ConvNeXtViT checks it)
    encoder=dict(max_len=chunk_width // _base_.width_stride))

# DAMO trained on rendered and real lines without extra augmentation.
train_transforms = [
    dict(type='LoadOCRAnnotations', with_text=True),
    dict(type='RescaleToHeightAndPad', height=line_height, width=max_width),
    dict(
        type='PackTextRecogInputs',
        meta_keys=('img_path', 'ori_shape', 'img_shape', 'valid_ratio')),
]
train_pipeline = [
    dict(type='LoadImageFromFile', ignore_empty=True, min_size=2),
    *train_transforms,
]
synth_train_pipeline = [dict(type='LoadImageFromNDArray'), *train_transforms]

test_transforms = [
    dict(type='RescaleToHeightAndPad', height=line_height, width=max_width),
    dict(type='LoadOCRAnnotations', with_text=True),
    dict(
        type='PackTextRecogInputs',
        meta_keys=('img_path', 'ori_shape', 'img_shape', 'valid_ratio')),
]
test_pipeline = [dict(type='LoadImageFromFile'), *test_transforms]
synth_test_pipeline = [dict(type='LoadImageFromNDArray'), *test_transforms]
