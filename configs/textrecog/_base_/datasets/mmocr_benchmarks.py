# MMOCR's standard English test sets, read from MMOCR's own dataset bases
# (data/<name>, prepared with MMOCR's dataset preparer:
# `python tools/dataset_converters/prepare_dataset.py cute80 --task textrecog`
# in an MMOCR checkout). IIIT5K and SVT are left out: ours
# (../shared/data, same variable names) would clash with MMOCR's; swap the
# bases to use MMOCR's copies instead.
_base_ = [
    'mmocr::textrecog/_base_/datasets/cute80.py',
    'mmocr::textrecog/_base_/datasets/svtp.py',
    'mmocr::textrecog/_base_/datasets/icdar2013.py',
    'mmocr::textrecog/_base_/datasets/icdar2015.py',
]
