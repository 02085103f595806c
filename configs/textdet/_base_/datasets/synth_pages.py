# Synthetic pages (documents, receipts, signs) with one quadrilateral per
# text line, for the line detector (ocrrec_plugin SynthPageDataset).
# Paths are relative to the repository root.
#
# On the fly: page i is a deterministic function of (seed, i); items hold an
# in-memory image, so the pipeline starts with LoadImageFromNDArray.
synth_pages_textdet_train = dict(
    type='SynthPageDataset',
    num_samples=20000,
    seed=0,
    bg_image_dirs=['../shared/data/sroie_train/img'],
    pipeline=None)

synth_pages_textdet_val = dict(
    type='SynthPageDataset',
    num_samples=200,
    seed=1,
    bg_image_dirs=['../shared/data/sroie_train/img'],
    test_mode=True,
    pipeline=None)

# Pre-rendered with
#   python tools/make_synth.py --task textdet --num 5000 \
#       --out data/synth_pages/train
synth_pages_files_textdet_train = dict(
    type='OCRDataset',
    data_root='data/synth_pages/train',
    ann_file='labels.json',
    filter_cfg=dict(filter_empty_gt=True, min_size=32),
    pipeline=None)
