"""The benchmark on a tiny set, with a fake engine registered through the
same interface as the real ones."""
import csv
import json
import os.path as osp
from typing import List, Sequence

import cv2
import numpy as np
import pytest

from ocrrec_plugin.apis import (ENGINES, RecogEngine, build_engine,
                                register_engine)
from ocrrec_plugin.apis.benchmark import (COLUMNS, load_saved_predictions,
                                          run_benchmark)
from ocrrec_plugin.evaluation import score_predictions

TEXTS = ['合计', 'TOTAL 12.50', '发票号码', 'x']


@pytest.fixture(scope='module')
def tiny_set(tmp_path_factory):
    root = tmp_path_factory.mktemp('set')
    data_list = []
    for i, text in enumerate(TEXTS):
        # the image width encodes the line's index for the fake engine
        cv2.imwrite(str(root / f'{i}.png'),
                    np.full((32, 40 + i, 3), 255, np.uint8))
        data_list.append(
            dict(img_path=f'{i}.png', instances=[dict(text=text)]))
    (root / 'labels.json').write_text(
        json.dumps(dict(metainfo={}, data_list=data_list)), encoding='utf-8')
    return str(root / 'labels.json')


class WidthOracle(RecogEngine):
    """Reads the label back from the image width, except for line 1,
    which it reads in lower case and without the space."""

    def read(self, images: Sequence[np.ndarray]) -> List[str]:
        texts = [TEXTS[img.shape[1] - 40] for img in images]
        return ['total12.50' if t == 'TOTAL 12.50' else t for t in texts]


def test_score_predictions_hand_computed():
    res = score_predictions(['增值税发', 'total12.50', '', ''],
                            ['增值税发票', 'TOTAL 12.50', '', '合计'])
    assert res['line_acc'] == pytest.approx(1 / 4)
    # ignore-case-symbol: line 2 matches too; '' vs '合计' does not
    assert res['line_acc_ignore_case_symbol'] == pytest.approx(2 / 4)
    # 1-NED raw: 0.8, 1 - 6/11, 1, 0
    assert res['line_1-NED'] == pytest.approx((0.8 + 5 / 11 + 1 + 0) / 4)
    # chars after folding: gt 5 + 9 + 0 + 2 = 16; pred 4 + 9 = 13, all hit
    assert res['char_recall'] == pytest.approx(13 / 16, abs=1e-4)
    assert res['char_precision'] == pytest.approx(1.0)
    with pytest.raises(ValueError, match='2 predictions for 1 labels'):
        score_predictions(['a', 'b'], ['a'])


def test_benchmark_with_a_registered_fake_engine(tiny_set, tmp_path):
    register_engine('width-oracle', force=True)(WidthOracle)
    engine = build_engine('width-oracle')
    assert ENGINES.get('width-oracle') is WidthOracle
    rows = run_benchmark({'oracle': engine}, {'tiny': tiny_set},
                         str(tmp_path), warmup=1, timed_lines=4)
    assert len(rows) == 1
    row = rows[0]
    assert row['line_acc'] == pytest.approx(3 / 4)
    assert row['line_acc_ignore_case_symbol'] == pytest.approx(1.0)
    assert row['latency_ms_b1'] > 0 and row['lines_per_s_b32'] > 0
    assert row['params_M'] is None and row['GFLOPs'] is None

    with open(tmp_path / 'results.csv', newline='') as f:
        table = list(csv.DictReader(f))
    assert tuple(table[0]) == COLUMNS
    assert float(table[0]['line_acc']) == pytest.approx(0.75)
    md = (tmp_path / 'results.md').read_text(encoding='utf-8')
    assert md.splitlines()[0].startswith('| engine | set |')
    assert '| oracle | tiny | 4 | 0.7500 | 1.0000 |' in md
    preds = json.loads((tmp_path / 'preds' / 'oracle__tiny.json').read_text(
        encoding='utf-8'))
    assert preds[osp.join(osp.dirname(tiny_set), '1.png')] == 'total12.50'
    assert preds[osp.join(osp.dirname(tiny_set), '0.png')] == '合计'
    plot = cv2.imread(str(tmp_path / 'accuracy_vs_latency.png'))
    assert plot is not None and plot.shape[0] > 100


def test_benchmark_reads_an_lmdb_set(tiny_set, tmp_path):
    from ocrrec_plugin.datasets import RecogLMDBWriter
    lmdb_dir = str(tmp_path / 'tiny.lmdb')
    with RecogLMDBWriter(lmdb_dir, ext='.png') as writer:
        for i, text in enumerate(TEXTS):
            writer.add(np.full((32, 40 + i, 3), 255, np.uint8), text)
    register_engine('width-oracle', force=True)(WidthOracle)
    rows = run_benchmark({'oracle': build_engine('width-oracle')},
                         {'tiny': lmdb_dir, 'json': tiny_set},
                         str(tmp_path / 'out'), warmup=1, timed_lines=2)
    # The same lines, stored two ways, score the same.
    assert rows[0]['line_acc'] == rows[1]['line_acc'] == pytest.approx(0.75)
    preds = json.loads((tmp_path / 'out' / 'preds' /
                        'oracle__tiny.json').read_text(encoding='utf-8'))
    assert preds[osp.join(lmdb_dir, 'image-000000001')] == '合计'
    with pytest.raises(ValueError, match='labels.json'):
        run_benchmark({}, {'x': str(tmp_path)}, str(tmp_path / 'o2'))


def test_unknown_engine_kind_names_the_known_ones():
    from ocrrec_plugin.apis import build_engine
    with pytest.raises(KeyError, match=r"unknown engine kind 'paddle'.*mmocr"):
        build_engine('paddle')


def test_ppocrv4_engine_reads_toy_lines():
    """The packaged PP-OCRv4 recognizer, through the engine interface."""
    from ocrrec_plugin.apis import build_engine
    from ..conftest import TOY_DIR
    engine = build_engine('rapidocr-onnxruntime', 1)
    imgs = [
        cv2.imread(osp.join(TOY_DIR, 'imgs', f'{i:03d}.png'))
        for i in (0, 13, 20)
    ]
    assert engine.read(imgs) == ['TOTAL 12.50', '发票号码', '京A12345']
    assert engine.threads == '1'


def test_ppocrv6_engine_reads_toy_lines():
    """rapidocr 3.x's packaged PP-OCRv6 recognizer, same interface."""
    from ocrrec_plugin.apis import build_engine
    from ..conftest import TOY_DIR
    pytest.importorskip('rapidocr')
    engine = build_engine('rapidocr', 1)
    imgs = [
        cv2.imread(osp.join(TOY_DIR, 'imgs', f'{i:03d}.png'))
        for i in (0, 13, 20)
    ]
    assert engine.read(imgs) == ['TOTAL 12.50', '发票号码', '京A12345']


def test_tesseract_engine_drops_spaces_between_hanzi():
    from ocrrec_plugin.apis.engines import _drop_cjk_spaces
    assert _drop_cjk_spaces('发 票 号 码 No. 12') == '发票号码 No. 12'
    assert _drop_cjk_spaces('TOTAL 12.50') == 'TOTAL 12.50'


def test_tesseract_engine_reads_toy_lines():
    """Tesseract through tesserocr, Debian's eng + chi_sim models."""
    from ocrrec_plugin.apis import build_engine
    from ..conftest import TOY_DIR
    pytest.importorskip('tesserocr')
    try:
        engine = build_engine('tesseract', 1)
    except FileNotFoundError as e:  # language data not installed
        pytest.skip(str(e))
    imgs = [
        cv2.imread(osp.join(TOY_DIR, 'imgs', f'{i:03d}.png')) for i in (0, 1)
    ]
    assert engine.read(imgs) == ['TOTAL 12.50', 'CASH']
    with pytest.raises(FileNotFoundError, match='xyz'):
        build_engine('tesseract', 1, lang='xyz')


def test_one_registry_builds_recognizers_and_spotters():
    from ocrrec_plugin.apis import SpotEngine
    recognizers = {'mmocr', 'onnx', 'rapidocr-onnxruntime', 'rapidocr',
                   'tesseract'}
    spotters = {'spotter', 'rapidocr-onnxruntime-spotter', 'rapidocr-spotter'}
    assert recognizers | spotters <= set(ENGINES.module_dict)
    for kind in recognizers:
        assert issubclass(ENGINES.get(kind), RecogEngine), kind
    for kind in spotters:
        assert issubclass(ENGINES.get(kind), SpotEngine), kind


def test_ppocr_spotter_finds_and_reads_lines():
    """PP-OCRv4's own detector + recognizer on a rendered two-line page."""
    pytest.importorskip('rapidocr_onnxruntime')
    import cv2
    page = np.full((160, 640, 3), 255, np.uint8)
    cv2.putText(page, 'TOTAL 12.50', (20, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.5,
                (0, 0, 0), 3)
    cv2.putText(page, 'THANK YOU', (20, 130), cv2.FONT_HERSHEY_SIMPLEX, 1.5,
                (0, 0, 0), 3)
    lines = build_engine('rapidocr-onnxruntime-spotter', 1).spot(page)
    texts = [text.replace(' ', '') for _, text in lines]
    assert texts == ['TOTAL12.50', 'THANKYOU'], lines
    assert all(len(poly) == 8 for poly, _ in lines)


def test_saved_predictions_are_read_in_the_set_order(tmp_path):
    a = tmp_path / 'ours__set.json'
    a.write_text(json.dumps({'x.png': 'X', 'y.png': 'Y'}))
    b = tmp_path / 'peer__other.json'
    b.write_text(json.dumps({'x.png': 'x'}))
    assert load_saved_predictions([str(a)], ['y.png', 'x.png']) == dict(
        ours=['Y', 'X'])
    with pytest.raises(ValueError, match=r'peer__other.json: no prediction '
                       r'for 1 of 2 lines \(e.g. y.png\)'):
        load_saved_predictions([str(a), str(b)], ['x.png', 'y.png'])
