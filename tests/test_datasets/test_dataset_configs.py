"""The dataset base configs parse, follow the ``{dataset}_{task}_{split}``
naming and build with MMOCR's registry."""
import glob
import os
import os.path as osp

import pytest
from mmengine.config import Config

from mmocr.registry import DATASETS

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
MINE = ('synth_cn_en', 'sroie_lines', 'iiit5k', 'svt', 'lpr', 'synth_pages',
        'sroie')


def _configs():
    files = glob.glob(osp.join(REPO, 'configs', 'text*', '_base_', 'datasets',
                               '*.py'))
    return sorted(f for f in files if osp.basename(f)[:-3] in MINE)


@pytest.fixture
def in_repo_root():
    old = os.getcwd()
    os.chdir(REPO)  # data roots are relative to the repository root
    yield
    os.chdir(old)


@pytest.mark.parametrize('path', _configs(), ids=osp.basename)
def test_names(path):
    task = 'textdet' if '/textdet/' in path else 'textrecog'
    cfg = Config.fromfile(path)
    sets = {k: v for k, v in cfg.items() if isinstance(v, dict) and 'type'
            in v}
    assert sets, path
    for name, ds in sets.items():
        assert f'_{task}_' in name, name
        assert name.rsplit('_', 1)[1] in ('train', 'val', 'test'), name
        assert 'pipeline' in ds


@pytest.mark.usefixtures('synth_gen', 'in_repo_root')
def test_synth_sets_build():
    rec = Config.fromfile(
        osp.join(REPO, 'configs/textrecog/_base_/datasets/synth_cn_en.py'))
    for name in ('synth_cn_en_textrecog_train', 'synth_cn_en_textrecog_val'):
        cfg = dict(rec[name], num_samples=3, pipeline=[], warm_glyphs=False)
        ds = DATASETS.build(cfg)
        assert len(ds) == 3 and ds.get_data_info(0)['img'].shape[0] == 32
    det = Config.fromfile(
        osp.join(REPO, 'configs/textdet/_base_/datasets/synth_pages.py'))
    ds = DATASETS.build(
        dict(det.synth_pages_textdet_train, num_samples=1, pipeline=[]))
    assert ds.get_data_info(0)['instances']


@pytest.mark.usefixtures('in_repo_root')
@pytest.mark.parametrize('name', ['iiit5k', 'svt', 'lpr'])
def test_shared_sets_build(name, charset):
    cfg = Config.fromfile(
        osp.join(REPO, f'configs/textrecog/_base_/datasets/{name}.py'))
    if not osp.isdir(cfg[f'{name}_textrecog_data_root']):
        pytest.skip(f'{cfg[f"{name}_textrecog_data_root"]} is not present: '
                    'run tools/prepare_data.sh')
    splits = {}
    for split in ('train', 'val'):
        ds = DATASETS.build(dict(cfg[f'{name}_textrecog_{split}'],
                                 pipeline=[]))
        splits[split] = {
            osp.realpath(ds.get_data_info(i)['img_path'])
            for i in range(len(ds))
        }
        # Their labels already lie inside the dictionary.
        for i in range(len(ds)):
            assert charset.covers(ds.get_data_info(i)['instances'][0]['text'])
        assert osp.isfile(ds.get_data_info(0)['img_path'])
    assert len(splits['train']) > 100 and len(splits['val']) > 10
    # A fixed ~10% held out, disjoint from training.
    assert not splits['train'] & splits['val']
    assert 0.05 < len(splits['val']) / (len(splits['train']) +
                                        len(splits['val'])) < 0.15


@pytest.mark.usefixtures('in_repo_root')
def test_sroie_margin_lines_are_the_training_lines_cut_loose():
    cfg = Config.fromfile(
        osp.join(REPO, 'configs/textrecog/_base_/datasets/sroie_lines.py'))
    loose_cfg = cfg.sroie_lines_margin30_textrecog_train
    if not osp.isdir(loose_cfg.data_root):
        pytest.skip(f'{loose_cfg.data_root} is not present: run '
                    'tools/prepare_data.sh')

    def lines(ds_cfg):
        ds = DATASETS.build(dict(ds_cfg, pipeline=[]))
        return {
            osp.basename(d['img_path']): d
            for d in (ds.get_data_info(i) for i in range(len(ds)))
        }

    loose = lines(loose_cfg)
    tight = lines(cfg.sroie_lines_textrecog_train)
    val = lines(cfg.sroie_lines_textrecog_val)
    # The same receipts and texts (a line too thin to cut at its outline
    # may exist only loose); never a validation receipt.
    assert len(set(tight) - set(loose)) == 0
    assert len(set(loose) - set(tight)) <= 2
    receipts = {name.rsplit('_', 1)[0] for name in loose}
    assert not receipts & {name.rsplit('_', 1)[0] for name in val}
    for name in tight:
        assert loose[name]['instances'] == tight[name]['instances']
        assert loose[name]['crop_margin'] == 0.3
