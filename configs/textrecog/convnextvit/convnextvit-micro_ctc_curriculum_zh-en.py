# ConvNextViT-micro: nano with ConvNeXt-atto's depths (2,2,6,2; four more
# blocks at the third stage, about 16% slower than nano), trained on 2 CPU
# cores through stage 12 of the curriculum (docs/training.md). Best-path CTC
# decoding; convnextvit-micro_ctc-5gram_curriculum_zh-en.py decodes the same
# weights with the language model.
_base_ = ['_base_convnextvit-nano_zh-en.py']

model = dict(backbone=dict(arch='micro'))
