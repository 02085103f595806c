"""``tools/make_synth.py``: LMDB and file outputs load in MMOCR."""
import importlib.util
import json
import os.path as osp
import sys

import numpy as np
import pytest

from mmocr.registry import DATASETS

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def _tool():
    """Import tools/make_synth.py once (registered, so that its worker
    function pickles by reference)."""
    if 'make_synth' not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            'make_synth', osp.join(REPO, 'tools', 'make_synth.py'))
        mod = importlib.util.module_from_spec(spec)
        sys.modules['make_synth'] = mod
        spec.loader.exec_module(mod)
    return sys.modules['make_synth']


@pytest.mark.usefixtures('synth_gen')
class TestMakeSynth:

    def test_textrecog_lmdb_and_files(self, tmp_path, capsys):
        out = str(tmp_path / 'rec')
        _tool().main([
            '--num', '12', '--out', out, '--format', 'both', '--workers',
            '2', '--chunk', '4', '--seed', '3', '--no-progress',
            '--no-warm-up', '--bg-dir'
        ])
        log = capsys.readouterr().out
        assert "lines/s rendered" in log and "per core" in log
        lmdb_ds = DATASETS.build(
            dict(
                type='RecogLMDBDataset',
                data_root=out,
                ann_file='textrecog.lmdb'))
        file_ds = DATASETS.build(
            dict(type='OCRDataset', data_root=out, ann_file='labels.json'))
        assert len(lmdb_ds) == len(file_ds) == 12
        ref = _tool().build_generator(
            _tool().parse_args(['--seed', '3', '--bg-dir']))
        for i in (0, 5, 11):
            text = lmdb_ds.get_data_info(i)['instances'][0]['text']
            assert file_ds.get_data_info(i)['instances'][0]['text'] == text
            # LMDB sample k+1 is generator index k: same labels as on the fly.
            assert ref.setup().text_and_font(i)[0] == text

    def test_textdet_files_load_in_mmocr(self, tmp_path):
        out = str(tmp_path / 'det')
        _tool().main([
            '--task', 'textdet', '--num', '2', '--out', out, '--workers', '1',
            '--no-progress', '--no-warm-up', '--bg-dir'
        ])
        meta = json.load(open(osp.join(out, 'labels.json')))['metainfo']
        assert meta['task_name'] == 'textdet'
        ds = DATASETS.build(
            dict(
                type='OCRDataset',
                data_root=out,
                ann_file='labels.json',
                pipeline=[
                    dict(type='LoadImageFromFile'),
                    dict(
                        type='LoadOCRAnnotations',
                        with_polygon=True,
                        with_bbox=True,
                        with_label=True),
                    dict(type='PackTextDetInputs', meta_keys=('img_path', ))
                ]))
        assert len(ds) == 2
        out0 = ds[0]
        info = ds.get_data_info(0)
        assert out0['inputs'].shape[1:] == (info['height'], info['width'])
        assert len(out0['data_samples'].gt_instances.polygons) == len(
            info['instances']) >= 1

    def test_preview(self, tmp_path):
        from PIL import Image
        png = str(tmp_path / 'sheet.png')
        _tool().main(
            ['--preview', png, '--preview-num', '4', '--bg-dir'])
        img = np.asarray(Image.open(png).convert('RGB'))
        assert img.shape[0] > 2 * 32 and img.shape[1] > 400


@pytest.mark.usefixtures('synth_gen')
def test_if_changed_renders_once_and_again_on_new_settings(tmp_path, capsys):
    out = str(tmp_path / 'set')
    args = ['--num', '6', '--out', out, '--format', 'files', '--workers',
            '1', '--no-progress', '--no-warm-up', '--bg-dir', '--kinds',
            'en_text', '--font-split', 'heldout', '--if-changed']
    _tool().main(args + ['--seed', '1'])
    with open(osp.join(out, 'labels.json')) as f:
        first = json.load(f)['data_list']
    with open(osp.join(out, 'synth_settings.json')) as f:
        settings = json.load(f)
    assert settings['seed'] == 1 and settings['heldout_fonts']
    capsys.readouterr()
    _tool().main(args + ['--seed', '1'])
    assert 'is current' in capsys.readouterr().out
    _tool().main(args + ['--seed', '2', '--style', 'document'])
    with open(osp.join(out, 'labels.json')) as f:
        second = json.load(f)['data_list']
    assert len(second) == 6 and second != first
    assert not osp.exists(out + '.rendering')


def test_binarise_keeps_print_black_on_white():
    img = np.full((20, 60, 3), (40, 40, 40), np.uint8)  # dark paper
    img[5:15, 10:50] = (200, 220, 210)  # light print
    bw = _tool().binarise(img)
    assert set(np.unique(bw)) == {0, 255}
    assert bw[0, 0, 0] == 255 and bw[10, 30, 0] == 0
