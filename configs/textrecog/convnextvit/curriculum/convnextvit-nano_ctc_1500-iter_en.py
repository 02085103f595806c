# Stage 1 of the CPU curriculum: the nano recipe read over the 95 printable
# ASCII characters only (the first 95 entries of zh_en_gb2312.txt, in the
# same order), on real Latin lines (SROIE, IIIT5K, SVT) mixed about 1:1 with
# rendered English, numeric and receipt lines. A 97-way CTC head makes an
# iteration about twice as fast as the 7,129-way one and leaves the blank
# plateau far sooner. Stage 2 widens the head to the full dictionary
# (tools/model_converters/widen_ctc_head.py) and trains
# convnextvit-nano_ctc_2400-iter_zh-en_from-ascii.py.
_base_ = ['convnextvit-nano_ctc_2400-iter_zh-en.py']

max_iters = 1500
dictionary = dict(
    type='Dictionary',
    dict_file='{{ fileDirname }}/../../../../dicts/'
    'ascii_printable.txt',
    with_padding=True,
    with_unknown=True)
model = dict(decoder=dict(dictionary=dictionary))

synth_train = _base_.synth_train
synth_train.update(num_samples=16000, max_chars=24)
# Assigned, not merged: no Chinese kinds.
synth_train.kind_weights = dict(
    en_text=0.3, en_words=0.2, numeric=0.2, receipt=0.3)
real_train = _base_.real_train[:3]  # SROIE, IIIT5K, SVT
train_dataloader = dict(
    dataset=dict(type='ConcatDataset', datasets=[synth_train, *real_train]))

val_sets = dict(
    SROIE=_base_.val_sets['SROIE'],
    IIIT5K=_base_.val_sets['IIIT5K'],
    SVT=_base_.val_sets['SVT'])
val_dataloader = dict(
    dataset=dict(type='ConcatDataset', datasets=list(val_sets.values())))
val_evaluator = dict(
    type='MultiDatasetsEvaluator', dataset_prefixes=list(val_sets))

train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
# The recipe's warm-up and cosine decay, ending at this run's last iteration.
param_scheduler = _base_.param_scheduler
param_scheduler[-1].end = max_iters
