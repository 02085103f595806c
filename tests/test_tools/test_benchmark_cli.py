"""tools/benchmark.py from the command line, with a model-zoo engine."""
import os.path as osp
import subprocess
import sys

from ..conftest import REPO_ROOT, TOY_DIR

TOOL = osp.join(REPO_ROOT, 'tools', 'benchmark.py')


def test_zoo_engine_prints_a_row_of_scores(tmp_path):
    name = 'convnextvit-nano_ctc_curriculum_zh-en'
    proc = subprocess.run([
        sys.executable, TOOL, '--set',
        'toy=' + osp.join(TOY_DIR, 'labels.json'), '--zoo', name,
        '--out-dir',
        str(tmp_path), '--threads', '1', '--timed-lines', '4'
    ], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = [r for r in proc.stdout.splitlines() if r.startswith(f'| {name}')]
    assert len(rows) == 1, proc.stdout
    cells = [c.strip() for c in rows[0].split('|')[1:-1]]
    assert cells[1] == 'toy' and cells[2] == '32'
    scores = [float(c) for c in cells[3:6]]
    assert all(0 <= s <= 1 for s in scores) and scores[2] > 0.5
    assert osp.isfile(tmp_path / 'results.csv')


def test_unknown_zoo_name_lists_the_known_ones(tmp_path):
    proc = subprocess.run([
        sys.executable, TOOL, '--set',
        'toy=' + osp.join(TOY_DIR, 'labels.json'), '--zoo', 'no-such-model'
    ], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode != 0
    assert 'convnextvit-micro_ctc_curriculum_zh-en' in proc.stderr
