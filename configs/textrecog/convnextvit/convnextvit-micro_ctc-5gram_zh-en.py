# The micro recognizer (stages 11 and on) decoded by CTC prefix beam search
# with a character 5-gram language model (CTCBeamSearchPostProcessor)
# instead of best-path decoding: the default of TextSpotter and
# tools/infer.py. The model, dictionary and pipelines are those of
# convnextvit-micro_ctc_5000-iter_zh-en_from-stage10.py, so every micro
# weights file loads.
#
# The LM (weights/char-5gram_zh-en.txt.gz) counts the training split of the
# synthesiser's corpora and the real training labels (SROIE, IIIT5K, SVT,
# LPR; three times each), never the validation splits or the held-out
# passages:
#   python tools/misc/build_char_lm.py weights/char-5gram_zh-en.txt.gz \
#       --label-repeat 3 --labels data/sroie/textrecog_train.json \
#       data/iiit5k/textrecog_train.json data/svt/textrecog_train.json \
#       data/lpr/textrecog_train.json
# lm_weight, length_bonus and prior_weight were chosen on lines the LM had
# not seen: 1,461 lines of 27 SROIE training receipts (left out of a second
# LM built for tuning) and 1,000 synthetic Chinese lines of held-out
# passages (seed 7; the model zoo's set is seed 2), with
# tools/analysis_tools/tune_ctc_lm.py (README, "Language model").
_base_ = ['convnextvit-micro_ctc_5000-iter_zh-en_from-stage10.py']

model = dict(
    decoder=dict(
        postprocessor=dict(
            _delete_=True,
            type='CTCBeamSearchPostProcessor',
            lm_file='{{ fileDirname }}/../../../weights/'
            'char-5gram_zh-en.txt.gz',
            lm_weight=0.2,
            length_bonus=0.5,
            prior_weight=1.0,
            beam_size=8,
            ignore_chars=['padding', 'unknown'])))
