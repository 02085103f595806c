"""tools/analysis_tools/accuracy_by_length.py: bins, scores and bad input."""
import json
import os.path as osp
import subprocess
import sys

import cv2
import numpy as np
import pytest

from ..conftest import REPO_ROOT

TOOL = osp.join(REPO_ROOT, 'tools', 'analysis_tools', 'accuracy_by_length.py')
sys.path.insert(0, osp.dirname(TOOL))
from accuracy_by_length import (bin_labels, scores_by_bin,  # noqa: E402
                                width_at_height)


def test_bin_labels_name_every_interval():
    assert bin_labels([240, 480]) == ['<240', '240-480', '>=480']
    assert bin_labels([100]) == ['<100', '>=100']


def test_scores_by_bin_puts_lines_in_their_bins():
    widths = [100, 239.9, 240, 300, 500]
    gts = ['ab', 'cd', 'ef', 'gh', 'ij']
    preds = dict(
        a=['ab', 'cd', 'xx', 'gh', 'Ij.'],  # case and symbols are ignored
        b=['ab', 'zz', 'ef', 'gh', 'zz'])
    rows = scores_by_bin(widths, gts, preds, [240, 480])
    assert [(r['bin'], r['lines']) for r in rows] == [('<240', 2),
                                                      ('240-480', 2),
                                                      ('>=480', 1)]
    assert [r['a'] for r in rows] == [1.0, 0.5, 1.0]
    assert [r['b'] for r in rows] == [0.5, 1.0, 0.0]
    assert rows[1]['b_1-NED'] == 1.0 and rows[2]['b_1-NED'] == 0.0


def test_empty_bins_are_left_out_and_bad_edges_refused():
    rows = scores_by_bin([10, 20], ['a', 'b'], dict(e=['a', 'b']),
                         [100, 200])
    assert [r['bin'] for r in rows] == ['<100']
    for edges in ([], [200, 100], [100, 100]):
        with pytest.raises(ValueError, match='increase'):
            scores_by_bin([10], ['a'], dict(e=['a']), edges)


def test_width_is_measured_at_height_32(tmp_path):
    path = str(tmp_path / 'line.png')
    cv2.imwrite(path, np.full((16, 100, 3), 255, np.uint8))
    assert width_at_height(path) == 200
    bad = tmp_path / 'bad.png'
    bad.write_bytes(b'not an image')
    with pytest.raises(ValueError, match='decodable'):
        width_at_height(str(bad))


def _labelled_set(root):
    items = []
    for i, (w, text) in enumerate([(64, 'AB'), (320, 'LONG LINE')]):
        name = f'{i}.png'
        cv2.imwrite(str(root / name), np.full((32, w, 3), 200, np.uint8))
        items.append(dict(img_path=name, instances=[dict(text=text)]))
    labels = root / 'labels.json'
    labels.write_text(json.dumps(dict(data_list=items)))
    return labels, [str(root / it['img_path']) for it in items]


def _table(tmp_path, texts, *args):
    """Run the tool on the two-line set read as ``texts``; its table rows."""
    labels, paths = _labelled_set(tmp_path)
    preds = tmp_path / 'eng__set.json'
    preds.write_text(json.dumps(dict(zip(paths, texts))))
    proc = subprocess.run(
        [sys.executable, TOOL, str(labels), str(preds), *args],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [ln for ln in proc.stdout.splitlines() if ln.startswith('| ')]


def test_cli_prints_a_row_per_bin(tmp_path):
    table = _table(tmp_path, ['ab', 'LONG LIME'], '--edges', '240')
    assert table[0] == '| width | lines | eng |'
    assert table[1].startswith('| <240 | 1 | 1.000 / ')
    assert table[2].startswith('| >=240 | 1 | 0.000 / 0.889')


def test_cli_bins_by_label_characters(tmp_path):
    # 'AB' (2 characters) and 'LONG LINE' (9): the space counts.
    table = _table(tmp_path, ['XY', 'LONG LINE'], '--by', 'chars', '--edges',
                   '9')
    assert table[0] == '| chars | lines | eng |'
    assert table[1].startswith('| <9 | 1 | 0.000 / 0.000')
    assert table[2].startswith('| >=9 | 1 | 1.000 / 1.000')


def test_cli_refuses_predictions_of_another_set(tmp_path):
    labels, paths = _labelled_set(tmp_path)
    preds = tmp_path / 'eng__other.json'
    preds.write_text(json.dumps({paths[0]: 'AB'}))
    proc = subprocess.run([sys.executable, TOOL, str(labels), str(preds)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert 'no prediction for 1 of 2 lines' in proc.stderr
