"""The training history (configs/*/*/curriculum/): every stage still builds,
and no stage trains on lines another stage or a validation set renders."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config

from mmocr.registry import MODELS

from ..conftest import REPO_ROOT

CURRICULUM_DIR = osp.join(REPO_ROOT, 'configs', 'textrecog', 'convnextvit',
                          'curriculum')
CURRICULUM_CONFIGS = sorted(
    glob.glob(osp.join(REPO_ROOT, 'configs', '*', '*', 'curriculum', '*.py')))
#: The recognizer stages in training order: each stage loads the one before.
STAGES = [
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
    'convnextvit-micro_ctc_1800-iter_zh-en_from-stage12_generalization.py',
    'convnextvit-micro_ctc_1200-iter_zh-en_from-stage12_generalization-'
    'lr1e-4.py',
    'convnextvit-micro_ctc_2400-iter_zh-en_from-stage12_generalization-'
    'tightcrop.py',
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


@pytest.mark.parametrize('path', CURRICULUM_CONFIGS, ids=osp.basename)
def test_every_curriculum_config_builds(path):
    cfg = Config.fromfile(path)
    model = MODELS.build(cfg.model)
    assert sum(p.numel() for p in model.parameters()) > 0


def test_stages_are_listed_in_full():
    recog = {osp.basename(p) for p in CURRICULUM_CONFIGS
             if p.startswith(CURRICULUM_DIR)}
    # The rest are not stages: the first recipes and an evaluation config.
    assert set(STAGES) <= recog
    assert recog - set(STAGES) == {
        'convnextvit-nano_ctc_2400-iter_zh-en.py',
        'convnextvit-nano_ctc_30e_zh-en.py',
        'convnextvit-nano_ctc_mmocr-benchmarks.py'
    }


def test_stages_render_lines_no_other_set_renders():
    """A rendered line is a function of (seed, index, kinds): every stage
    seeds its own sets, so no stage trains on lines an earlier stage saw,
    and no training set shares a seed with a validation set."""
    held_out = set()
    for path in CURRICULUM_CONFIGS:
        cfg = Config.fromfile(path)
        for loader in ('val_dataloader', 'test_dataloader'):
            if loader in cfg:
                held_out |= {
                    s['seed']
                    for s in rendered_sets(cfg[loader].dataset)
                }
    train = []
    for name in STAGES:
        cfg = Config.fromfile(osp.join(CURRICULUM_DIR, name))
        sets = rendered_sets(cfg.train_dataloader.dataset)
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
