# Every line set the zh-en configs train and validate on: lines rendered on
# the fly (synth_cn_en.py), SROIE receipt lines, IIIT5K and SVT words and
# LPR plates (converted into data/ by tools/prepare_data.sh).
_base_ = [
    'synth_cn_en.py', 'sroie_lines.py', 'iiit5k.py', 'svt.py', 'lpr.py'
]
