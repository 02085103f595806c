"""tools/analysis_tools/accuracy_by_font.py: faces drawn again, groups."""
import json
import os.path as osp
import sys

import pytest

from ..conftest import REPO_ROOT

TOOLS = osp.join(REPO_ROOT, 'tools')
sys.path.insert(0, osp.join(TOOLS, 'analysis_tools'))
sys.path.insert(0, TOOLS)
import make_synth  # noqa: E402
from accuracy_by_font import (faces_of_set, main,  # noqa: E402
                              scores_by_group)


def test_scores_by_group_puts_lines_in_the_first_matching_group():
    families = ['Lato', 'Andika', 'DejaVu Sans', 'Lato']
    gts = ['Ab', 'cd', 'ef', 'gh']
    preds = dict(e=['ab', 'cd', 'xx', 'gh'])
    rows = scores_by_group(families, gts, preds,
                           dict(unseen='Andika|Lato', lato='Lato'))
    assert [(r['group'], r['lines']) for r in rows] == [('unseen', 3),
                                                        ('other', 1)]
    assert rows[0]['e'] == pytest.approx((2 / 3, 1.0))  # exact, ignore-case
    assert rows[1]['e'] == (0.0, 0.0)


def test_faces_are_drawn_again_from_the_recorded_settings(tmp_path, capsys):
    out = str(tmp_path / 'set')
    make_synth.main([
        '--num', '6', '--out', out, '--format', 'files', '--workers', '1',
        '--no-progress', '--no-warm-up', '--bg-dir', '--kinds', 'en_text',
        '--font-split', 'heldout', '--seed', '3', '--if-changed'
    ])
    families = faces_of_set(out)
    assert len(families) == 6
    from ocrrec_plugin.datasets.synth.fonts import HELDOUT_FONTS
    assert all(
        any(p in f for p in HELDOUT_FONTS) for f in families), families
    with open(osp.join(out, 'labels.json')) as f:
        items = json.load(f)['data_list']
    pred_file = str(tmp_path / 'eng__set.json')
    with open(pred_file, 'w') as f:  # right on the first line only
        json.dump({osp.join(out, x['img_path']): x['instances'][0]['text']
                   if i == 0 else '' for i, x in enumerate(items)}, f)
    main([out, pred_file, '--group', f'first={families[0]}'])
    table = capsys.readouterr().out
    n = families.count(families[0])
    assert f'| first | {n} | {1 / n:.3f} / {1 / n:.3f} |' in table
    # Labels the generator does not draw are refused, naming the set.
    items[0]['instances'][0]['text'] = 'changed'
    with open(osp.join(out, 'labels.json'), 'w') as f:
        json.dump(dict(data_list=items), f)
    with pytest.raises(ValueError, match='another generator version'):
        faces_of_set(out)
