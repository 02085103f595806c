"""tools/analysis_tools/eval_spotting.py on synthetic pages (no SROIE
needed beyond its backgrounds, which are optional)."""
import json
import os.path as osp
import subprocess
import sys

from ..conftest import REPO_ROOT

TOOL = osp.join(REPO_ROOT, 'tools', 'analysis_tools', 'eval_spotting.py')


def run(tmp_path, *args):
    proc = subprocess.run([
        sys.executable, TOOL, '--split', 'synth-pages', '--limit', '2',
        '--engines', 'ours', '--threads', '1', '--out-dir',
        str(tmp_path), *args
    ], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    with open(osp.join(tmp_path, 'results.json')) as f:
        return json.load(f)['ours'], proc.stdout


def test_synthetic_pages_are_scored_end_to_end(tmp_path):
    once, out = run(tmp_path / 'once')
    assert 'Synthetic pages, held-out text and fonts (2 pages)' in out
    assert once['pages'] == 2 and once['gt_lines'] > 0
    assert 0 <= once['recall'] <= 1 and 0 <= once['precision'] <= 1
    with open(tmp_path / 'once' / 'preds_ours.json') as f:
        preds = json.load(f)
    assert sorted(preds) == ['synth_page_000', 'synth_page_001']
    assert len(sum(preds.values(), [])) == once['pred_lines']
    # Every page's time is booked to a stage, under its size class.
    assert sum(once['stage_pages'].values()) == 2
    assert 'Seconds per page by stage' in out
    # The pages are a function of the seed: a second run scores the same,
    # and with --crop-gap also reads the annotated crops.
    twice, out = run(tmp_path / 'twice', '--crop-gap')
    keys = ('recall', 'precision', 'gt_lines', 'pred_lines')
    assert [twice[k] for k in keys] == [once[k] for k in keys]
    gap = twice['crop_gap']
    assert gap['gt'] == once['gt_lines']
    assert 0 < gap['matched'] <= gap['gt']
    assert gap['matched_gt_right'] <= min(gap['gt_right'], gap['matched'])
    assert gap['matched_det_right'] <= gap['matched']
    assert '| annotated and detected (IoU >= 0.5) |' in out
