import os.path as osp
import subprocess
import sys

import torch

from ocrrec_plugin.utils import checkpoint_config

from ..conftest import REPO_ROOT, TOY_CONFIG

TOOL = osp.join(REPO_ROOT, 'tools', 'model_converters',
                'interpolate_checkpoints.py')


def _run(*args):
    return subprocess.run([sys.executable, TOOL, *map(str, args)],
                          cwd=REPO_ROOT, capture_output=True, text=True)


def test_published_midpoint_with_config_and_record(tmp_path):
    start, end = tmp_path / 'start.pth', tmp_path / 'end.pth'
    torch.save({'state_dict': {'w': torch.zeros(3)}}, start)
    torch.save({'state_dict': {'w': torch.full((3, ), 2.0)}}, end)
    result = _run(start, end, tmp_path / 'out' / 'mid.pth', '--alpha', 0.25,
                  '--fp16', '--config', TOY_CONFIG)
    assert result.returncode == 0, result.stderr
    [written] = (tmp_path / 'out').iterdir()
    # Named like publish_model.py: the SHA-256 prefix after the stem.
    assert written.name.startswith('mid_') and len(written.stem) == 12
    ckpt = torch.load(written, weights_only=True)
    assert ckpt['state_dict']['w'].dtype == torch.float16
    assert ckpt['state_dict']['w'].tolist() == [0.5, 0.5, 0.5]
    assert ckpt['meta']['interpolated'] == dict(
        start='start.pth', end='end.pth', alpha=0.25)
    assert checkpoint_config(ckpt).model.type == 'ConvNeXtViT'


def test_mismatched_checkpoints_are_named_and_nothing_written(tmp_path):
    start, end = tmp_path / 'start.pth', tmp_path / 'end.pth'
    torch.save({'state_dict': {'w': torch.zeros(3)}}, start)
    torch.save({'state_dict': {'w': torch.zeros(4)}}, end)
    result = _run(start, end, tmp_path / 'mid.pth', '--alpha', 0.5,
                  '--config', TOY_CONFIG)
    assert result.returncode != 0
    assert 'start.pth and' in result.stderr
    assert 'w: shape (3,)' in result.stderr
    assert not (tmp_path / 'mid.pth').exists()
