# Equal-terms baseline: MMOCR's CRNN (MiniVGG + BiLSTM + CTC,
# mmocr::textrecog/crnn) with the recipe of our nano and micro configs: the
# same dictionary (7,129 classes), data mix, pipelines (colour lines made
# grey in the data preprocessor), batch 32, 8,000 iterations, AdamW and
# cosine schedule. Only the model differs.
#   python tools/train.py \
#       configs/textrecog/crnn/crnn_mini-vgg_ctc_8000-iter_zh-en.py
_base_ = ['../convnextvit/_base_convnextvit-nano_zh-en.py']

model = dict(
    _delete_=True,
    type='CRNN',
    preprocessor=None,
    backbone=dict(type='MiniVGG', leaky_relu=False, input_channels=1),
    encoder=None,
    decoder=dict(
        type='CRNNDecoder',
        in_channels=512,
        rnn_flag=True,
        module_loss=dict(
            type='CTCModuleLoss',
            letter_case='unchanged',
            flatten=False,
            zero_infinity=True),
        postprocessor=dict(
            type='CTCPostProcessor', ignore_chars=['padding', 'unknown']),
        dictionary=_base_.dictionary),
    data_preprocessor=dict(
        type='TextRecogGrayDataPreprocessor',
        mean=[127, 127, 127],
        std=[127, 127, 127],
        bgr_to_rgb=True,
        pad_size_divisor=_base_.width_stride))
