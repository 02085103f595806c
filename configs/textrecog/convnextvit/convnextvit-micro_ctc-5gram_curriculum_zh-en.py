# The shipped default recognizer (TextSpotter, tools/infer.py): the micro
# weights decoded by CTC prefix beam search with a character 5-gram language
# model (CTCBeamSearchPostProcessor, weights/char-5gram_zh-en.txt.gz).
#
# The LM counts the training split of the synthesiser's corpora and the real
# training labels (three times each), never a validation split; it was built
# by tools/misc/build_char_lm.py, and lm_weight, length_bonus and
# prior_weight were chosen on lines it never counted with
# tools/analysis_tools/tune_ctc_lm.py (docs/language_model.md). A letter
# that mixes its word's case costs case_penalty (chosen on the
# generalization suite, docs/language_model.md#case): small print leaves
# upper and lower case look-alikes to the beam.
_base_ = ['_base_convnextvit-nano_zh-en.py']

model = dict(
    backbone=dict(arch='micro'),
    decoder=dict(
        postprocessor=dict(
            _delete_=True,
            type='CTCBeamSearchPostProcessor',
            lm_file='{{ fileDirname }}/../../../weights/'
            'char-5gram_zh-en.txt.gz',
            lm_weight=0.2,
            length_bonus=0.5,
            prior_weight=1.0,
            case_penalty=2.0,
            beam_size=8,
            ignore_chars=['padding', 'unknown'])))
