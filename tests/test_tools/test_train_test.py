"""tools/train.py and tools/test.py on CPU: every model config trains, runs
resume, the small preset overfits 32 lines, and checkpoints load through
MMOCR's inferencers."""
import copy
import glob
import json
import os.path as osp
import subprocess
import sys
from typing import Union

import pytest
import torch
from mmengine.config import Config, ConfigDict
from mmengine.dataset import pseudo_collate
from mmengine.runner import Runner

from mmocr.registry import DATASETS, MODELS
from ocrrec_plugin.apis import LineRecognizer
from ocrrec_plugin.apis.text_spotter import DEFAULT_CROP_MARGIN

from ..conftest import REPO_ROOT, TOY_CONFIG, TOY_DIR

PY = sys.executable
#: Full-batch steps the nano preset gets to learn the 32 toy lines (it needs
#: about 300 on this seed).
MAX_OVERFIT_STEPS = 500
MODEL_CONFIGS = sorted(
    p for p in glob.glob(
        osp.join(REPO_ROOT, 'configs', 'textrecog', 'convnextvit', '*.py'))
    if not osp.basename(p).startswith('_base_'))


def run_tool(*args, timeout=600):
    proc = subprocess.run([PY, *args],
                          cwd=REPO_ROOT,
                          capture_output=True,
                          text=True,
                          timeout=timeout)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout + proc.stderr


@pytest.fixture(scope='module')
def toy_run(tmp_path_factory):
    """Train the toy config for one epoch, then resume it for a second."""
    work = tmp_path_factory.mktemp('toy')
    common = [
        osp.join('tools', 'train.py'), TOY_CONFIG, '--work-dir',
        str(work), '--cfg-options', 'train_cfg.val_interval=1',
        'default_hooks.checkpoint.save_best=None'
    ]
    first = run_tool(*common, 'train_cfg.max_epochs=1')
    second = run_tool(*common, 'train_cfg.max_epochs=2', '--resume')
    return work, first, second


def test_resume_continues_from_the_last_checkpoint(toy_run):
    work, first, second = toy_run
    assert 'Epoch(train) [1][4/4]' in first
    assert 'resumed epoch: 1, iter: 4' in second
    assert 'Epoch(train) [2][4/4]' in second
    assert 'Epoch(train) [1]' not in second
    assert osp.isfile(osp.join(work, 'epoch_2.pth'))


def test_test_tool_prints_line_metrics(toy_run, tmp_path):
    work = toy_run[0]
    out = run_tool(
        osp.join('tools', 'test.py'), TOY_CONFIG,
        osp.join(work, 'epoch_2.pth'), '--work-dir', str(tmp_path))
    line = [x for x in out.splitlines() if 'Epoch(test)' in x][-1]
    for key in ('recog/line_acc', 'recog/line_1-NED',
                'recog/word_acc_ignore_case_symbol'):
        assert key in line


def test_published_weights_load_alone_in_a_fresh_process(toy_run):
    """A published checkpoint holds weights and config only, so it loads in
    torch's safe mode anywhere, and its embedded config brings
    custom_imports along: a process that never imports ocrrec_plugin itself
    rebuilds the model from the weights file alone and reads text."""
    out = run_tool(
        osp.join('tools', 'model_converters', 'publish_model.py'),
        osp.join(toy_run[0], 'epoch_2.pth'),
        osp.join(toy_run[0], 'published', 'toy.pth'), '--fp16')
    ckpt = glob.glob(osp.join(toy_run[0], 'published', 'toy-*.pth'))[0]
    assert osp.basename(ckpt) in out
    state = torch.load(ckpt, weights_only=True)
    assert set(state) == {'state_dict', 'meta'}
    assert state['state_dict']['decoder.classifier.weight'].dtype == \
        torch.float16
    img = osp.join(TOY_DIR, 'imgs', '000.png')
    code = ('from mmocr.apis import TextRecInferencer\n'
            f'r = TextRecInferencer(model=None, weights={ckpt!r})\n'
            f'print("TEXT", repr(r({img!r})["predictions"][0]["text"]))\n')
    out = run_tool('-c', code)
    assert 'TEXT ' in out


def test_mmocr_inferencer_and_bad_inputs(toy_run, tmp_path):
    from mmocr.apis import MMOCRInferencer
    ckpt = osp.join(toy_run[0], 'epoch_2.pth')
    good = osp.join(TOY_DIR, 'imgs', '000.png')
    ocr = MMOCRInferencer(rec=TOY_CONFIG, rec_weights=ckpt, device='cpu')
    texts = ocr(good)['predictions'][0]['rec_texts']
    assert len(texts) == 1 and isinstance(texts[0], str)

    corrupt = tmp_path / 'corrupt.jpg'
    corrupt.write_bytes(b'\xff\xd8 not a jpeg')
    empty = tmp_path / 'empty.png'
    empty.write_bytes(b'')
    import numpy as np
    inputs = [
        good,
        str(corrupt),
        str(empty),
        str(tmp_path / 'missing.png'),
        np.zeros((0, 40, 3), np.uint8),
        np.full((1, 1, 3), 255, np.uint8),
        np.full((32, 10000, 3), 255, np.uint8),
        good,
    ]
    results = LineRecognizer(TOY_CONFIG, ckpt)(inputs)
    assert len(results) == len(inputs)
    assert results[0].error is None and results[0].text == texts[0]
    assert results[7].text == results[0].text
    assert 'not a decodable image' in results[1].error
    assert 'empty file' in results[2].error
    assert 'no such file' in results[3].error
    assert 'zero-size' in results[4].error
    for r in results[5:7]:  # degenerate but readable: a string, no error
        assert r.error is None and isinstance(r.text, str)


def small_train_cfg(path, work_dir):
    """A config's model and pipelines, trained 2 iterations on toy lines."""
    cfg = Config.fromfile(path)
    toy = Config.fromfile(TOY_CONFIG)
    dataset = copy.deepcopy(toy.toy_lines_textrecog_train)
    dataset.pipeline = cfg.train_pipeline
    cfg.train_dataloader = dict(
        batch_size=2,
        num_workers=0,
        sampler=dict(type='DefaultSampler', shuffle=True),
        dataset=dataset)
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=2)
    for key in ('val_dataloader', 'val_cfg', 'val_evaluator',
                'test_dataloader', 'test_cfg', 'test_evaluator',
                'auto_scale_lr'):
        cfg.pop(key, None)
    cfg.param_scheduler = []
    cfg.default_hooks.checkpoint = dict(
        type='CheckpointHook', interval=2, by_epoch=False)
    cfg.log_processor = dict(by_epoch=False)
    cfg.work_dir = str(work_dir)
    # Stage-2 configs start from a checkpoint that stage 1 writes.
    cfg.load_from = None
    return cfg


@pytest.mark.parametrize(
    'path', [p for p in MODEL_CONFIGS if 'modelscope' not in p],
    ids=osp.basename)
def test_every_model_config_trains_on_cpu(path, tmp_path):
    runner = Runner.from_cfg(small_train_cfg(path, tmp_path))
    before = {k: v.clone() for k, v in runner.model.state_dict().items()}
    runner.train()
    after = runner.model.state_dict()
    changed = [k for k in before if not torch.equal(before[k], after[k])]
    assert 'decoder.classifier.weight' in changed
    assert any(k.startswith('backbone.') for k in changed)
    assert osp.isfile(osp.join(tmp_path, 'iter_2.pth'))


def test_equal_budget_crnn_trains_on_our_pipelines(tmp_path):
    path = osp.join(REPO_ROOT, 'configs', 'textrecog', 'crnn',
                    'crnn_mini-vgg_ctc_2400-iter_zh-en.py')
    cfg = small_train_cfg(path, tmp_path)
    ours = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', 'textrecog', 'convnextvit',
                 'convnextvit-nano_ctc_2400-iter_zh-en.py'))
    # Equal terms: everything but the model is the shipped model's.
    full = Config.fromfile(path)
    for key in ('train_pipeline', 'train_dataloader', 'param_scheduler',
                'optim_wrapper', 'train_cfg', 'dictionary', 'custom_hooks'):
        assert full[key] == ours[key], key
    runner = Runner.from_cfg(cfg)
    before = {k: v.clone() for k, v in runner.model.state_dict().items()}
    runner.train()
    after = runner.model.state_dict()
    assert after['decoder.decoder.1.embedding.weight'].shape[0] == 7129
    changed = [k for k in before if not torch.equal(before[k], after[k])]
    assert any(k.startswith('backbone.') for k in changed)
    assert 'decoder.decoder.1.embedding.weight' in changed


def nano_config(name: str) -> Config:
    """A config of ``configs/textrecog/convnextvit`` by file name."""
    return Config.fromfile(
        osp.join(REPO_ROOT, 'configs', 'textrecog', 'convnextvit', name))


def last_checkpoint(name: str) -> str:
    """Where ``tools/train.py`` leaves the last checkpoint of config
    ``name``: the ``load_from`` of a stage that continues it."""
    cfg = nano_config(name)
    return (f'work_dirs/{osp.splitext(name)[0]}/'
            f'iter_{cfg.train_cfg.max_iters}.pth')


def kind_share(weights: dict, *kinds: str) -> float:
    """The share of ``kinds`` in a synthetic line-kind mixture."""
    return sum(weights[k] for k in kinds) / sum(weights.values())


def assert_same_but(before: Union[Config, ConfigDict],
                    after: Union[Config, ConfigDict], *keys: str) -> None:
    """Assert that two configs (or config dicts, such as two datasets) are
    equal once top-level ``keys`` (those absent from one included) are
    dropped from both."""
    for cfg in (before, after):
        for key in keys:
            cfg.pop(key, None)
    assert after.to_dict() == before.to_dict()


def test_stage2_config_is_the_recipe_started_from_stage1():
    stage2 = nano_config('convnextvit-nano_ctc_2400-iter_zh-en_from-ascii.py')
    recipe = nano_config('convnextvit-nano_ctc_2400-iter_zh-en.py')
    stage1 = nano_config('convnextvit-nano_ctc_1500-iter_en.py')
    assert stage2.load_from.startswith(
        'work_dirs/convnextvit-nano_ctc_1500-iter_en/')
    assert recipe.get('load_from') is None
    stage2.load_from = None
    assert stage2.to_dict() == recipe.to_dict()
    # Stage 1 is the same network over printable ASCII.
    assert stage1.model.backbone == recipe.model.backbone
    assert stage1.model.encoder == recipe.model.encoder
    assert stage1.model.decoder.dictionary.dict_file.endswith(
        'ascii_printable.txt')
    # Its cosine decay ends with its own, shorter run.
    assert stage1.param_scheduler[-1].end == stage1.train_cfg.max_iters
    assert stage1.param_scheduler[:-1] == recipe.param_scheduler[:-1]


def test_stage3_config_continues_stage2_on_new_chinese_heavier_lines():
    stage3 = nano_config('convnextvit-nano_ctc_5000-iter_zh-en_from-stage2.py')
    recipe = nano_config('convnextvit-nano_ctc_2400-iter_zh-en.py')
    assert osp.isfile(osp.join(REPO_ROOT, stage3.load_from))
    synth3, *real3 = stage3.train_dataloader.dataset.datasets
    synth2, *real2 = recipe.train_dataloader.dataset.datasets
    assert real3 == real2
    # New lines, every kind weighted, Chinese the larger share.
    assert set(synth3.kind_weights) == set(synth2.kind_weights)
    zh = ('zh_text', 'zh_words')
    assert (kind_share(synth3.kind_weights, *zh) >
            kind_share(synth2.kind_weights, *zh))
    assert_same_but(synth2, synth3, 'seed', 'kind_weights', 'num_samples')
    assert stage3.train_cfg.max_iters == stage3.param_scheduler[-1].end
    assert (stage3.optim_wrapper.optimizer.lr <
            recipe.optim_wrapper.optimizer.lr)
    # Nothing else moves: model, pipelines, validation, hooks.
    for key in ('model', 'val_dataloader', 'val_evaluator',
                'test_dataloader', 'custom_hooks', 'default_hooks'):
        assert stage3[key] == recipe[key], key


def test_stage4_config_continues_stage3_with_more_english():
    stage3 = nano_config('convnextvit-nano_ctc_5000-iter_zh-en_from-stage2.py')
    stage4 = nano_config('convnextvit-nano_ctc_4000-iter_zh-en_from-stage3.py')
    assert stage4.load_from == last_checkpoint(
        'convnextvit-nano_ctc_5000-iter_zh-en_from-stage2.py')
    synth4 = stage4.train_dataloader.dataset.datasets[0]
    synth3 = stage3.train_dataloader.dataset.datasets[0]
    assert stage4.param_scheduler[-1].end == stage4.train_cfg.max_iters
    assert (stage4.optim_wrapper.optimizer.lr <
            stage3.optim_wrapper.optimizer.lr)
    # Every kind weighted; English lines (mixed case) almost twice stage 3's
    # share, Chinese lines still the larger part.
    assert set(synth4.kind_weights) == set(synth3.kind_weights)
    en, zh = ('en_text', 'en_words'), ('zh_text', 'zh_words')
    assert (kind_share(synth4.kind_weights, *en) >
            1.5 * kind_share(synth3.kind_weights, *en))
    assert (kind_share(synth4.kind_weights, *zh) >
            2 * kind_share(synth4.kind_weights, *en))
    synth4.update(seed=synth3.seed, kind_weights=synth3.kind_weights)
    assert_same_but(stage3, stage4, 'load_from', 'max_iters', 'train_cfg',
                    'param_scheduler', 'optim_wrapper', 'synth_train')


def test_stage5_config_recuts_sroie_lines_at_random_margins():
    stage4 = nano_config('convnextvit-nano_ctc_4000-iter_zh-en_from-stage3.py')
    stage5 = nano_config('convnextvit-nano_ctc_7000-iter_zh-en_from-stage4.py')
    assert stage5.load_from == last_checkpoint(
        'convnextvit-nano_ctc_4000-iter_zh-en_from-stage3.py')
    synth5, sroie5, *real5 = stage5.train_dataloader.dataset.datasets
    synth4, sroie4, *real4 = stage4.train_dataloader.dataset.datasets
    assert real5 == real4
    # SROIE: the same lines, cut loose and re-cut at random margins that
    # include the labelled outline (0) and TextSpotter's margin.
    assert sroie4.data_root == 'data/sroie'
    assert sroie5.data_root == 'data/sroie_margin30'
    assert sroie5.ann_file == sroie4.ann_file
    recut = sroie5.pipeline.pop(1)
    assert recut.type == 'RandomLineMargin'
    low, high = recut.margin_range
    assert low <= 0 and DEFAULT_CROP_MARGIN < high <= 0.3
    assert sroie5.pipeline == sroie4.pipeline
    # New lines, more of them, Chinese a larger share; a peak learning rate
    # between the last two stages'.
    assert synth5.num_samples > synth4.num_samples
    zh = ('zh_text', 'zh_words')
    assert (kind_share(synth5.kind_weights, *zh) >
            kind_share(synth4.kind_weights, *zh))
    assert stage5.param_scheduler[-1].end == stage5.train_cfg.max_iters
    stage3 = nano_config('convnextvit-nano_ctc_5000-iter_zh-en_from-stage2.py')
    assert (stage4.optim_wrapper.optimizer.lr <
            stage5.optim_wrapper.optimizer.lr <
            stage3.optim_wrapper.optimizer.lr)
    assert_same_but(stage4, stage5, 'load_from', 'max_iters', 'train_cfg',
                    'param_scheduler', 'optim_wrapper', 'synth_train',
                    'train_dataloader', 'real_train', 'sroie_margin_train',
                    'sroie_lines_margin30_textrecog_train')


def test_stage6_config_crops_rendered_lines_and_repeats_real_splits():
    stage5 = nano_config('convnextvit-nano_ctc_7000-iter_zh-en_from-stage4.py')
    stage6 = nano_config('convnextvit-nano_ctc_5000-iter_zh-en_from-stage5.py')
    assert stage6.load_from == last_checkpoint(
        'convnextvit-nano_ctc_7000-iter_zh-en_from-stage4.py')
    synth6, *real6 = stage6.train_dataloader.dataset.datasets
    synth5, *real5 = stage5.train_dataloader.dataset.datasets
    # Every real split of stage 5, as it was, sampled twice per pass.
    assert [r.type for r in real6] == ['RepeatDataset'] * len(real5)
    assert [r.times for r in real6] == [2] * len(real5)
    assert [r.dataset for r in real6] == real5
    # Rendered lines: some lose strips after loading, nothing else changes.
    crop = synth6.pipeline.pop(1)
    assert crop.type == 'RandomApply' and 0 < crop.prob < 1
    (sides, ) = crop.transforms
    assert sides.type == 'RandomCropSides'
    assert 0 < sides.max_vertical < 0.25 and 0 < sides.max_horizontal
    assert synth6.pipeline == synth5.pipeline
    # New lines; English a larger share, Chinese still the largest.
    en, zh = ('en_text', 'en_words'), ('zh_text', 'zh_words')
    assert (kind_share(synth6.kind_weights, *en) >
            kind_share(synth5.kind_weights, *en))
    assert (kind_share(synth6.kind_weights, *zh) >
            kind_share(synth6.kind_weights, *en))
    assert stage6.param_scheduler[-1].end == stage6.train_cfg.max_iters
    assert (stage6.optim_wrapper.optimizer.lr <
            stage5.optim_wrapper.optimizer.lr)
    assert_same_but(synth5, synth6, 'seed', 'kind_weights', 'pipeline')
    assert_same_but(stage5, stage6, 'load_from', 'max_iters', 'train_cfg',
                    'param_scheduler', 'optim_wrapper', 'synth_train',
                    'train_dataloader', 'real_repeats')


def test_stage7_config_samples_real_splits_once_with_more_english():
    stage5 = nano_config('convnextvit-nano_ctc_7000-iter_zh-en_from-stage4.py')
    stage6 = nano_config('convnextvit-nano_ctc_5000-iter_zh-en_from-stage5.py')
    stage7 = nano_config('convnextvit-nano_ctc_3500-iter_zh-en_from-stage6.py')
    assert stage7.load_from == last_checkpoint(
        'convnextvit-nano_ctc_5000-iter_zh-en_from-stage5.py')
    synth7, *real7 = stage7.train_dataloader.dataset.datasets
    synth6 = stage6.train_dataloader.dataset.datasets[0]
    _, *real5 = stage5.train_dataloader.dataset.datasets
    # The real splits once per pass, as stage 5 read them.
    assert real7 == real5
    # Rendered lines: new ones, cut as stage 6 cut them, English (mixed
    # case) a third of them, more than stage 6's share.
    assert synth7.pipeline == synth6.pipeline
    en = ('en_text', 'en_words')
    assert kind_share(synth7.kind_weights, *en) >= 1 / 3
    assert (kind_share(synth7.kind_weights, *en) >
            kind_share(synth6.kind_weights, *en))
    assert set(synth7.kind_weights) == set(synth6.kind_weights)
    assert stage7.param_scheduler[-1].end == stage7.train_cfg.max_iters
    assert (stage7.optim_wrapper.optimizer.lr <
            stage6.optim_wrapper.optimizer.lr)


def test_stage8_config_is_stage7_longer_on_new_lines():
    stage7 = nano_config('convnextvit-nano_ctc_3500-iter_zh-en_from-stage6.py')
    stage8 = nano_config('convnextvit-nano_ctc_8000-iter_zh-en_from-stage7.py')
    assert stage8.load_from == last_checkpoint(
        'convnextvit-nano_ctc_3500-iter_zh-en_from-stage6.py')
    synth8, *real8 = stage8.train_dataloader.dataset.datasets
    synth7, *real7 = stage7.train_dataloader.dataset.datasets
    assert real8 == real7
    # Lines rendered anew, cut as before, with more receipt lines and
    # English still near a third of them.
    assert synth8.pipeline == synth7.pipeline
    assert (kind_share(synth8.kind_weights, 'receipt') >
            kind_share(synth7.kind_weights, 'receipt'))
    assert kind_share(synth8.kind_weights, 'en_text', 'en_words') >= 0.3
    assert stage8.train_cfg.max_iters > stage7.train_cfg.max_iters
    assert stage8.param_scheduler[-1].end == stage8.train_cfg.max_iters
    # Nothing else differs: model, dictionary, pipelines, validation.
    assert_same_but(synth7, synth8, 'seed', 'kind_weights')
    assert_same_but(stage7, stage8, 'load_from', 'max_iters', 'train_cfg',
                    'param_scheduler', 'optim_wrapper', 'synth_train',
                    'train_dataloader')


def test_stage9_config_is_stage8_shorter_on_new_lines():
    stage8 = nano_config('convnextvit-nano_ctc_8000-iter_zh-en_from-stage7.py')
    stage9 = nano_config('convnextvit-nano_ctc_3500-iter_zh-en_from-stage8.py')
    assert stage9.load_from == last_checkpoint(
        'convnextvit-nano_ctc_8000-iter_zh-en_from-stage7.py')
    assert (stage9.optim_wrapper.optimizer.lr <
            stage8.optim_wrapper.optimizer.lr)
    assert stage9.param_scheduler[-1].end == stage9.train_cfg.max_iters
    # Only the start, the length, the rendered lines' seed and the rate
    # differ.
    for cfg in (stage8, stage9):
        cfg.optim_wrapper.optimizer.pop('lr')
        for synth in (cfg.synth_train,
                      cfg.train_dataloader.dataset.datasets[0]):
            synth.pop('seed')
    assert_same_but(stage8, stage9, 'load_from', 'max_iters', 'train_cfg',
                    'param_scheduler')


def test_stage10_config_adds_long_latin_lines_to_stage8():
    stage8 = nano_config('convnextvit-nano_ctc_8000-iter_zh-en_from-stage7.py')
    stage10 = nano_config(
        'convnextvit-nano_ctc_7000-iter_zh-en_from-stage8.py')
    assert stage10.load_from == last_checkpoint(
        'convnextvit-nano_ctc_8000-iter_zh-en_from-stage7.py')
    synth10, long10, *real10 = stage10.train_dataloader.dataset.datasets
    synth8, *real8 = stage8.train_dataloader.dataset.datasets
    assert real10 == real8
    # The long set starts where the first set's lines end, renders no
    # Chinese running text, and uses training text and fonts only.
    assert long10.min_chars > synth10.max_chars == 16
    assert kind_share(long10.kind_weights, 'zh_text', 'zh_words') == 0
    assert long10.text_split == long10.font_split == 'train'
    assert long10.pipeline == synth10.pipeline
    assert stage10.param_scheduler[-1].end == stage10.train_cfg.max_iters
    # What it renders: lines longer than any of the first set.
    long10.update(num_samples=12, pipeline=[], bg_image_dirs=[])
    lines = DATASETS.build(long10)
    lengths = [len(lines[i]['instances'][0]['text']) for i in range(12)]
    assert sum(n > 16 for n in lengths) >= 9, lengths
    # Otherwise stage 8: model, dictionary, pipelines, validation.
    assert_same_but(synth8, synth10, 'seed')
    assert_same_but(stage8, stage10, 'load_from', 'max_iters', 'train_cfg',
                    'param_scheduler', 'optim_wrapper', 'synth_train',
                    'synth_long_train', 'train_dataloader')


def test_stage11_config_grows_stage10_to_micro():
    stage10 = nano_config(
        'convnextvit-nano_ctc_7000-iter_zh-en_from-stage8.py')
    stage11 = nano_config(
        'convnextvit-micro_ctc_5000-iter_zh-en_from-stage10.py')
    assert stage11.load_from == last_checkpoint(
        'convnextvit-nano_ctc_7000-iter_zh-en_from-stage8.py')
    synth11, long11, *real11 = stage11.train_dataloader.dataset.datasets
    synth10, long10, *real10 = stage10.train_dataloader.dataset.datasets
    # Every real split once, then the SROIE lines a second time.
    assert real11 == [*real10, real10[0]]
    assert real10[0].data_root == 'data/sroie_margin30'
    assert stage11.param_scheduler[-1].end == stage11.train_cfg.max_iters
    assert_same_but(synth10, synth11, 'seed')
    assert_same_but(long10, long11, 'seed')
    # Stage 10's function survives the growth: nano's weights load into
    # micro, whose extra blocks start near the identity. Layer scale 1
    # stands in for trained blocks. (Building changes the config given.)
    torch.manual_seed(0)
    nano_cfg = copy.deepcopy(stage10.model)
    nano_cfg.backbone.layer_scale_init = 1.
    nano = MODELS.build(nano_cfg).eval()
    micro = MODELS.build(copy.deepcopy(stage11.model)).eval()
    missing, unexpected = micro.load_state_dict(nano.state_dict(),
                                                strict=False)
    assert not unexpected
    assert len(missing) == 4 * 9
    assert all(k.startswith(('backbone.stages.2.2.', 'backbone.stages.2.3.',
                             'backbone.stages.2.4.', 'backbone.stages.2.5.'))
               for k in missing)
    x = torch.rand(2, 1, 32, 96)
    with torch.no_grad():
        before, after = nano.encode(x)[1], micro.encode(x)[1]
        for block in micro.backbone.stages[2][2:]:
            block.gamma.fill_(1.)
        changed = micro.encode(x)[1]
    # Encoder tokens: within 1e-4 of stage 10's, unlike a grown block at
    # full scale.
    assert (after - before).abs().max() < 1e-4
    assert (changed - before).abs().max() > 0.1
    # Otherwise the model differs only in the backbone preset.
    assert stage11.model.backbone.pop('arch') == 'micro'
    assert stage10.model.backbone.pop('arch') == 'nano'
    assert_same_but(stage10, stage11, 'load_from', 'max_iters', 'train_cfg',
                    'param_scheduler', 'synth_train', 'synth_long_train',
                    'real_train', 'train_dataloader')


def test_stage12_config_continues_stage11_with_more_chinese():
    stage11 = nano_config(
        'convnextvit-micro_ctc_5000-iter_zh-en_from-stage10.py')
    stage12 = nano_config(
        'convnextvit-micro_ctc_8000-iter_zh-en_from-stage11.py')
    # It starts from the shipped file, so any checkout can run it.
    assert stage12.load_from == 'weights/convnextvit-micro_zh-en_fp16-' \
        '76a5f3d0.pth'
    assert osp.isfile(osp.join(REPO_ROOT, stage12.load_from))
    synth12, long12, *real12 = stage12.train_dataloader.dataset.datasets
    synth11, long11, *real11 = stage11.train_dataloader.dataset.datasets
    assert real12 == real11
    chinese = ('zh_text', 'zh_words')
    assert kind_share(synth11.kind_weights, *chinese) == pytest.approx(0.40)
    assert kind_share(synth12.kind_weights, *chinese) == pytest.approx(0.48)
    assert set(synth12.kind_weights) == set(synth11.kind_weights)
    assert stage12.param_scheduler[-1].end == stage12.train_cfg.max_iters
    assert_same_but(synth11, synth12, 'seed', 'kind_weights')
    assert_same_but(long11, long12, 'seed')
    assert_same_but(stage11, stage12, 'load_from', 'max_iters', 'train_cfg',
                    'param_scheduler', 'optim_wrapper', 'synth_train',
                    'synth_long_train', 'train_dataloader')


def test_stage13_config_continues_stage12_with_more_receipts():
    stage13 = nano_config(
        'convnextvit-micro_ctc_6000-iter_zh-en_from-stage12.py')
    stage12 = nano_config(
        'convnextvit-micro_ctc_8000-iter_zh-en_from-stage11.py')
    assert stage13.load_from == 'weights/convnextvit-micro_zh-en_fp16-' \
        '2729fb6f.pth'
    assert osp.isfile(osp.join(REPO_ROOT, stage13.load_from))
    synth13, long13, *real13 = stage13.train_dataloader.dataset.datasets
    synth12, long12, *real12 = stage12.train_dataloader.dataset.datasets
    # Every real split once, then the SROIE lines twice more (stage 12:
    # once more).
    assert real12[-1] == real12[0]
    assert real13 == [*real12, real12[0]]
    assert sum(r == real12[0] for r in real13) == 3
    assert stage13.param_scheduler[-1].end == stage13.train_cfg.max_iters
    assert_same_but(synth12, synth13, 'seed')
    assert_same_but(long12, long13, 'seed')
    assert_same_but(stage12, stage13, 'load_from', 'max_iters', 'train_cfg',
                    'param_scheduler', 'synth_train',
                    'synth_long_train', 'train_dataloader')


#: The CPU curriculum in training order: each stage loads the one before.
CURRICULUM = [
    'convnextvit-nano_ctc_1500-iter_en.py',
    'convnextvit-nano_ctc_2400-iter_zh-en_from-ascii.py',
    'convnextvit-nano_ctc_5000-iter_zh-en_from-stage2.py',
    'convnextvit-nano_ctc_4000-iter_zh-en_from-stage3.py',
    'convnextvit-nano_ctc_7000-iter_zh-en_from-stage4.py',
    'convnextvit-nano_ctc_5000-iter_zh-en_from-stage5.py',
    'convnextvit-nano_ctc_3500-iter_zh-en_from-stage6.py',
    'convnextvit-nano_ctc_8000-iter_zh-en_from-stage7.py',
    'convnextvit-nano_ctc_3500-iter_zh-en_from-stage8.py',
    'convnextvit-nano_ctc_7000-iter_zh-en_from-stage8.py',
    'convnextvit-micro_ctc_5000-iter_zh-en_from-stage10.py',
    'convnextvit-micro_ctc_8000-iter_zh-en_from-stage11.py',
    'convnextvit-micro_ctc_6000-iter_zh-en_from-stage12.py',
]


def rendered_sets(dataset: dict) -> list:
    """The SynthLineDataset configs inside a dataset config, through
    ConcatDataset and RepeatDataset."""
    if dataset['type'] == 'SynthLineDataset':
        return [dataset]
    if dataset['type'] == 'ConcatDataset':
        return [s for d in dataset['datasets'] for s in rendered_sets(d)]
    if dataset['type'] == 'RepeatDataset':
        return rendered_sets(dataset['dataset'])
    return []


def test_curriculum_stages_render_lines_no_other_set_renders():
    """A rendered line is a function of (seed, index, kinds): every stage
    seeds its own sets, so no stage trains on lines an earlier stage saw,
    and no training set shares a seed with a validation set."""
    held_out = set()
    for path in MODEL_CONFIGS:
        cfg = Config.fromfile(path)
        for loader in ('val_dataloader', 'test_dataloader'):
            if loader in cfg:  # inference-only configs have none
                held_out |= {
                    s['seed']
                    for s in rendered_sets(cfg[loader].dataset)
                }
    train = []
    for name in CURRICULUM:
        sets = rendered_sets(nano_config(name).train_dataloader.dataset)
        assert sets, name
        train.append([(s['seed'], tuple(sorted(s.get('kind_weights') or {})))
                      for s in sets])
    assert held_out == {1, 2}
    assert not held_out & {seed for sets in train for seed, _ in sets}
    # Stage 1 renders ASCII kinds only; from stage 2 on every seed is new.
    assert train[0][0][0] == train[1][0][0] and train[0][0][1] != \
        train[1][0][1]
    seeds = [seed for sets in train[1:] for seed, _ in sets]
    assert len(seeds) == len(set(seeds)), seeds


def test_detector_stage2_config_continues_the_shipped_detector():
    def dbnet(name):
        return Config.fromfile(
            osp.join(REPO_ROOT, 'configs', 'textdet', 'dbnet', name))

    stage1 = dbnet('dbnet_resnet18-w32_fpnc_1000-iter_sroie-synthpages.py')
    stage2 = dbnet(
        'dbnet_resnet18-w32_fpnc_1800-iter_sroie-synthpages_from-stage1.py')
    assert osp.isfile(osp.join(REPO_ROOT, stage2.load_from))
    assert stage1.get('load_from') is None
    sroie2, synth2 = stage2.train_dataloader.dataset.datasets
    sroie1, synth1 = stage1.train_dataloader.dataset.datasets
    assert sroie2 == sroie1
    assert synth2.seed not in (synth1.seed, 1)  # new pages, not validation's
    synth2.seed = synth1.seed
    assert synth2 == synth1
    assert (stage2.optim_wrapper.optimizer.lr <
            stage1.optim_wrapper.optimizer.lr)
    assert stage2.train_cfg.max_iters > stage1.train_cfg.max_iters
    assert stage2.param_scheduler[-1].end == stage2.train_cfg.max_iters
    assert_same_but(stage1, stage2, 'load_from', 'optim_wrapper',
                    'synth_train', 'train_dataloader', 'max_iters',
                    'train_cfg', 'param_scheduler')


def test_nano_overfits_toy_lines(tmp_path):
    """The CPU variant learns 32 rendered lines (Chinese and English) to 100%
    exact line accuracy within a bounded number of full-batch steps.

    The dictionary is the 80 characters of the toy labels (as a user's
    domain dictionary would be), which keeps the test to about two minutes.
    """
    torch.manual_seed(0)
    cfg = Config.fromfile(TOY_CONFIG)
    labels = json.load(open(osp.join(TOY_DIR, 'labels.json')))['data_list']
    chars = sorted({c for d in labels for c in d['instances'][0]['text']})
    dict_file = tmp_path / 'toy_dict.txt'
    dict_file.write_text('\n'.join(chars) + '\n', encoding='utf-8')
    cfg.model.decoder.dictionary.dict_file = str(dict_file)
    cfg.model.backbone.arch = 'nano'
    cfg.model.encoder.update(in_channels=128, arch='nano')
    cfg.model.decoder.in_channels = 128
    model = MODELS.build(cfg.model)
    model.init_weights()
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    batch = pseudo_collate([dataset[i] for i in range(len(dataset))])
    optim = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.)
    acc, step = 0., 0
    for step in range(1, MAX_OVERFIT_STEPS + 1):
        model.train()
        data = model.data_preprocessor(copy.deepcopy(batch), True)
        loss = model(**data, mode='loss')['loss_ctc']
        optim.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 20)
        optim.step()
        if step % 50 == 0:
            model.eval()
            with torch.no_grad():
                data = model.data_preprocessor(copy.deepcopy(batch), False)
                preds = model(**data, mode='predict')
            acc = sum(p.pred_text.item == p.gt_text.item
                      for p in preds) / len(preds)
            if acc == 1.0:
                break
    assert acc == 1.0, f'{acc:.0%} of the lines after {step} steps'


def test_checkpoint_of_another_config_is_a_clear_error(toy_run):
    nano = [p for p in MODEL_CONFIGS if 'nano_ctc_30e' in p][0]
    with pytest.raises(ValueError, match='does not fit this model'):
        LineRecognizer(nano, osp.join(toy_run[0], 'epoch_2.pth'))
