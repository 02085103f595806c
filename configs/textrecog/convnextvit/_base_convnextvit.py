# ConvNextViT (DAMO Academy, ModelScope
# damo/cv_convnextTiny_ocr-recognition-general_damo): LineConvNeXt backbone,
# ConvTransformer encoder, CTC head. This base reads whole lines of variable
# width; _base_convnextvit-3chunk.py reads them as DAMO does.
custom_imports = dict(imports=['ocrrec_plugin'], allow_failed_imports=False)

# Numbers that tie the pipeline to the model, defined once.
line_height = 32  # the backbone's height stride: features of height 1
max_width = 800  # widest line in pixels after resizing to line_height
width_stride = 4  # pixels per CTC frame (LineConvNeXt.width_stride)

dictionary = dict(
    type='Dictionary',
    dict_file='{{ fileDirname }}/../../../dicts/'
    'zh_en_gb2312.txt',
    with_padding=True,
    with_unknown=True)

model = dict(
    type='ConvNeXtViT',
    data_preprocessor=dict(
        type='TextRecogGrayDataPreprocessor',
        mean=[0, 0, 0],
        std=[255, 255, 255],
        bgr_to_rgb=True,
        pad_size_divisor=width_stride),
    backbone=dict(type='LineConvNeXt', arch='tiny', drop_path_rate=0.1),
    # in_channels of encoder and decoder follow the presets (ConvNeXtViT)
    encoder=dict(
        type='ConvTransformerEncoder',
        arch='tiny',
        max_len=max_width // width_stride),
    decoder=dict(
        type='CTCLinearDecoder',
        dictionary=dictionary,
        # CTCModuleLoss for every sample, except those a MarkCaseInsensitive
        # transform flags (labels without the letter case, as SROIE's): each
        # letter of theirs counts in either case.
        module_loss=dict(
            type='CaseInsensitiveCTCModuleLoss',
            letter_case='unchanged',
            flatten=False,
            zero_infinity=True),
        postprocessor=dict(
            type='CTCPostProcessor', ignore_chars=['padding', 'unknown'])))

# Training from scratch starts the CTC head at the label prior of the
# training set (blank 0.5): without it, a 7,129-way head spends thousands of
# iterations on the blank plateau before the image matters.
custom_hooks = [dict(type='CTCPriorInitHook', blank_prob=0.5)]

# Everything after loading, shared by files on disk and rendered arrays.
train_transforms = [
    dict(type='LoadOCRAnnotations', with_text=True),
    dict(
        type='RescaleToHeight',
        height=line_height,
        min_width=width_stride,
        max_width=max_width,
        width_divisor=width_stride),
    dict(type='PadToWidth', width=max_width),
    dict(
        type='PackTextRecogInputs',
        meta_keys=('img_path', 'ori_shape', 'img_shape', 'valid_ratio')),
]
# Real photos and scans: MMOCR's geometric and colour augmentation first
# (rendered lines come degraded already).
train_pipeline = [
    dict(type='LoadImageFromFile', ignore_empty=True, min_size=2),
    dict(
        type='RandomApply',
        prob=0.4,
        transforms=[dict(type='TextRecogGeneralAug')]),
    dict(type='RandomApply', prob=0.25, transforms=[dict(type='CropHeight')]),
    dict(
        type='RandomApply',
        prob=0.25,
        transforms=[
            dict(
                type='TorchVisionWrapper',
                op='ColorJitter',
                brightness=0.5,
                contrast=0.5,
                saturation=0.5,
                hue=0.1)
        ]),
    *train_transforms,
]
# Lines rendered on the fly (SynthLineDataset) or read from LMDB arrive as
# arrays.
synth_train_pipeline = [dict(type='LoadImageFromNDArray'), *train_transforms]

test_transforms = [
    dict(
        type='RescaleToHeight',
        height=line_height,
        min_width=width_stride,
        max_width=max_width,
        width_divisor=width_stride),
    dict(type='PadToWidth', width=max_width),
    dict(type='LoadOCRAnnotations', with_text=True),
    dict(
        type='PackTextRecogInputs',
        meta_keys=('img_path', 'ori_shape', 'img_shape', 'valid_ratio')),
]
test_pipeline = [dict(type='LoadImageFromFile'), *test_transforms]
synth_test_pipeline = [dict(type='LoadImageFromNDArray'), *test_transforms]
