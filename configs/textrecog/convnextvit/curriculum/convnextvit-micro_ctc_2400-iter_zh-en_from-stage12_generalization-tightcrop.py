# Stage 16 of the CPU curriculum: stage 15's data and learning rate (1e-4,
# from the shipped stage 12 weights), twice as long, with rendered lines
# cut tighter. The shipped detector outlines large clean type tighter than
# its glyphs (on the demo page a 26 px line comes out about 19 px tall), so
# TextSpotter's crops clip ascenders and descenders, and stage 12 reads
# such crops in mixed case ("RecoGnize") and splits hanzi ("经录杀" for
# "绿茶"). TextSpotter now grows lines to their ink (fit_to_ink); this
# stage makes the recognizer itself more tolerant of tight outlines, from
# any detector: half of the rendered lines lose a random strip of up to
# 0.22 of their height at the top and at the bottom, often cutting into
# the glyphs. (Stages 6-12 cut up to 0.15 in 4 of 10 rendered lines;
# stages 14 and 15 took the base recipe's pipeline and cut none.)
_base_ = [
    'convnextvit-micro_ctc_1200-iter_zh-en_from-stage12_generalization-'
    'lr1e-4.py'
]

max_iters = 2400

synth_train_pipeline = [
    _base_.synth_train_pipeline[0],  # LoadImageFromNDArray
    dict(
        type='RandomApply',
        prob=0.5,
        transforms=[
            dict(type='RandomCropSides', max_vertical=0.22,
                 max_horizontal=0.2)
        ]),
    *_base_.synth_train_pipeline[1:]
]
# New seeds: no stage trains on lines another stage rendered.
synth_train = _base_.synth_train
synth_train.update(seed=31, pipeline=synth_train_pipeline)
synth_long_train = _base_.synth_long_train
synth_long_train.update(seed=32, pipeline=synth_train_pipeline)
synth_scene_train = _base_.synth_scene_train
synth_scene_train.update(seed=33, pipeline=synth_train_pipeline)
train_dataloader = dict(
    dataset=dict(
        datasets=[
            synth_train, synth_long_train, synth_scene_train,
            _base_.sroie_train, _base_.sroie_train, _base_.iiit5k_train,
            _base_.svt_train, _base_.lpr_train
        ]))

train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = _base_.param_scheduler
param_scheduler[-1].end = max_iters
