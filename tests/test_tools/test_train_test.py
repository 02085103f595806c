"""tools/train.py and tools/test.py on CPU: every model config trains, runs
resume, the small preset overfits 32 lines, and checkpoints load through
MMOCR's inferencers."""
import copy
import glob
import json
import os.path as osp
import subprocess
import sys

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.runner import Runner

from mmocr.registry import DATASETS, MODELS
from ocrrec_plugin.apis import LineRecognizer

from ..conftest import REPO_ROOT, TOY_CONFIG, TOY_DIR

pytestmark = pytest.mark.slow

PY = sys.executable
#: Full-batch steps the nano preset gets to learn the 32 toy lines (it needs
#: about 300 on this seed).
MAX_OVERFIT_STEPS = 500
#: The user-facing recognizer configs (the curriculum has its own tests).
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
    """A published checkpoint holds weights and its config as data, so it
    loads in torch's safe mode anywhere and LineRecognizer rebuilds the
    model from the weights file alone, in a fresh process, without
    executing any config source. The runner's checkpoint (config as Python
    source) is refused for publishing without the config file."""
    publish = osp.join('tools', 'model_converters', 'publish_model.py')
    src = osp.join(toy_run[0], 'epoch_2.pth')
    refused = subprocess.run(
        [PY, publish, src, osp.join(toy_run[0], 'refused', 'toy.pth')],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert refused.returncode != 0 and '--config' in refused.stderr
    out = run_tool(publish, src,
                   osp.join(toy_run[0], 'published', 'toy.pth'), '--fp16',
                   '--config', TOY_CONFIG)
    ckpt = glob.glob(osp.join(toy_run[0], 'published', 'toy_*.pth'))[0]
    assert osp.basename(ckpt) in out
    state = torch.load(ckpt, weights_only=True)
    assert set(state) == {'state_dict', 'meta'}
    assert state['state_dict']['decoder.classifier.weight'].dtype == \
        torch.float16
    img = osp.join(TOY_DIR, 'imgs', '000.png')
    assert isinstance(state['meta']['cfg'], dict)
    code = ('from ocrrec_plugin.apis import LineRecognizer\n'
            f'r = LineRecognizer(None, {ckpt!r})\n'
            f'print("TEXT", repr(r([{img!r}])[0].text))\n')
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
    # Training from scratch here, whatever the config starts from.
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


def test_equal_terms_crnn_trains_on_our_pipelines(tmp_path):
    path = osp.join(REPO_ROOT, 'configs', 'textrecog', 'crnn',
                    'crnn_mini-vgg_ctc_8000-iter_zh-en.py')
    cfg = small_train_cfg(path, tmp_path)
    ours = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', 'textrecog', 'convnextvit',
                 'convnextvit-nano_ctc_curriculum_zh-en.py'))
    # Equal terms: everything but the model is our nano's.
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
    # Only the presets change: the channels between them follow.
    cfg.model.backbone.arch = 'nano'
    cfg.model.encoder.arch = 'nano'
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
    nano = [p for p in MODEL_CONFIGS if 'nano_ctc' in p][0]
    with pytest.raises(ValueError, match='does not fit this model'):
        LineRecognizer(nano, osp.join(toy_run[0], 'epoch_2.pth'))
