import os.path as osp
import subprocess
import sys

import pytest

from ..conftest import REPO_ROOT

TOOL = osp.join(REPO_ROOT, 'tools', 'misc', 'make_dict.py')
DICTS = osp.join(REPO_ROOT, 'dicts')


@pytest.mark.parametrize('name,extra', [('zh_en_gb2312.txt', []),
                                        ('ascii_printable.txt',
                                         ['--ascii-only'])])
def test_shipped_dictionaries_are_rebuilt_exactly(name, extra, tmp_path):
    out = tmp_path / name
    subprocess.run([sys.executable, TOOL, str(out), *extra], check=True,
                   capture_output=True)
    with open(osp.join(DICTS, name), encoding='utf-8') as f:
        shipped = f.read()
    assert out.read_text(encoding='utf-8') == shipped


def test_ascii_dictionary_is_the_head_of_the_full_one():
    # Stage 1 reads ASCII, stage 2 widens its head to the full dictionary:
    # the ASCII characters keep their indices.
    with open(osp.join(DICTS, 'zh_en_gb2312.txt'), encoding='utf-8') as f:
        full = f.read().split('\n')
    with open(osp.join(DICTS, 'ascii_printable.txt'), encoding='utf-8') as f:
        ascii_ = f.read().split('\n')[:-1]
    assert len(ascii_) == 95 and full[:95] == ascii_
