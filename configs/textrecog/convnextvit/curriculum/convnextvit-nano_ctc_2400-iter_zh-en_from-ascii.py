# Stage 2 of the CPU curriculum: the 2,400-iteration Chinese+English recipe
# started from the stage-1 ASCII model (convnextvit-nano_ctc_1500-iter_en.py)
# with its CTC head widened to the 7,129-class dictionary:
#   C=configs/textrecog/convnextvit
#   W=work_dirs/convnextvit-nano_ctc_1500-iter_en
#   python tools/train.py $C/convnextvit-nano_ctc_1500-iter_en.py
#   python tools/model_converters/widen_ctc_head.py \
#       $C/convnextvit-nano_ctc_1500-iter_en.py $W/iter_1500.pth \
#       $C/convnextvit-nano_ctc_2400-iter_zh-en.py $W/widened_zh-en.pth
#   python tools/train.py $C/convnextvit-nano_ctc_2400-iter_zh-en_from-ascii.py
# Backbone, encoder, blank and ASCII rows come from stage 1; the Chinese rows
# start at the label prior (CTCPriorInitHook leaves loaded weights alone).
_base_ = ['convnextvit-nano_ctc_2400-iter_zh-en.py']

load_from = 'work_dirs/convnextvit-nano_ctc_1500-iter_en/widened_zh-en.pth'
