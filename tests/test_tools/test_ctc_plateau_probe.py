import os.path as osp
import re
import subprocess
import sys

from ..conftest import REPO_ROOT, TOY_CONFIG, TOY_DIR

TOOL = osp.join(REPO_ROOT, 'tools', 'analysis_tools', 'ctc_plateau_probe.py')


def _losses(*extra):
    out = subprocess.run(
        [sys.executable, TOOL, TOY_CONFIG, '--labels',
         osp.join(TOY_DIR, 'labels.json'), '--num-words', '8', '--steps',
         '3', '--every', '1', *extra],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout
    rows = re.findall(r'^\| (\d+) \| ([0-9.]+) \|$', out, re.M)
    assert [int(step) for step, _ in rows] == [1, 2, 3], out
    return [float(loss) for _, loss in rows]


def test_prior_init_starts_below_the_default_head():
    # Step 1 prints the loss of the untrained model: a head at the label
    # prior of the words already explains their characters better than
    # MMOCR's default (Xavier, near-uniform) head.
    xavier = _losses()
    prior = _losses('--prior-init')
    assert prior[0] < xavier[0] - 0.5
    assert all(loss > 0 for loss in xavier + prior)
