# Synthetic Chinese + English text lines (ocrrec_plugin SynthLineDataset).
# Paths are relative to the repository root (run tools/ from there).
#
# On the fly: sample i is a deterministic function of (seed, i); items hold
# an in-memory image, so the pipeline must start with LoadImageFromNDArray.
# Needs custom_imports=['ocrrec_plugin'] (the model _base_ declares it).
synth_cn_en_bg_dirs = ['../shared/data/sroie_train/img']

synth_cn_en_textrecog_train = dict(
    type='SynthLineDataset',
    num_samples=1000000,
    seed=0,
    height=32,
    min_chars=1,
    max_chars=48,
    bg_image_dirs=synth_cn_en_bg_dirs,
    warm_glyphs=True,  # shared by the forked dataloader workers
    pipeline=None)

# Same generator, another seed: lines never seen in training.
synth_cn_en_textrecog_val = dict(
    type='SynthLineDataset',
    num_samples=2000,
    seed=1,
    height=32,
    bg_image_dirs=synth_cn_en_bg_dirs,
    test_mode=True,
    pipeline=None)
synth_cn_en_textrecog_test = synth_cn_en_textrecog_val

# Pre-rendered with
#   python tools/make_synth.py --num 200000 --out data/synth_cn_en/train
# MMOCR's own LMDB reader; metainfo matches OCRDataset's, so ConcatDataset
# accepts the mix. The pipeline starts with LoadImageFromNDArray.
synth_cn_en_lmdb_textrecog_train = dict(
    type='RecogLMDBDataset',
    data_root='data/synth_cn_en/train',
    ann_file='textrecog.lmdb',
    metainfo=dict(dataset_type='TextRecogDataset', task_name='textrecog'),
    pipeline=None)

# Held out: running text from a fixed 5% of the corpus passages and the
# held-out font designs (ocrrec_plugin.datasets.synth.fonts.HELDOUT_FONTS),
# neither drawn by sets with text_split='train', font_split='train'.
# Chinese running text only: the "synthetic Chinese" validation set of the
# model zoo.
synth_zh_heldout_textrecog_val = dict(
    type='SynthLineDataset',
    num_samples=1000,
    seed=2,
    height=32,
    max_chars=16,
    kind_weights=dict(zh_text=1.0),
    text_split='heldout',
    font_split='heldout',
    bg_image_dirs=synth_cn_en_bg_dirs,
    test_mode=True,
    pipeline=None)
synth_zh_heldout_textrecog_test = synth_zh_heldout_textrecog_val
