# ConvNextViT-nano (ConvNeXt depths 2,2,2,2, widths 32..128; 2-block
# ConvTransformer of width 128; about 1.3 M parameters without the 7,129-way
# CTC head): the fastest zoo recognizer, trained on 2 CPU cores through
# stage 10 of the curriculum (docs/training.md). Best-path CTC decoding.
_base_ = ['_base_convnextvit-nano_zh-en.py']
