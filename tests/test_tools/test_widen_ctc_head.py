import json
import os.path as osp
import subprocess
import sys

import pytest
import torch
from mmengine.config import Config

from mmocr.registry import MODELS

from ..conftest import REPO_ROOT, TOY_CONFIG, TOY_DIR

TOOL = osp.join(REPO_ROOT, 'tools', 'model_converters', 'widen_ctc_head.py')


def _run(*args):
    return subprocess.run([sys.executable, TOOL, *map(str, args)],
                          cwd=REPO_ROOT, capture_output=True, text=True)


@pytest.fixture
def configs(tmp_path):
    """The toy config over 'ab1' (source) and over the full dictionary
    (target)."""
    (tmp_path / 'small.txt').write_text('a\nb\n1\n', encoding='utf-8')
    src = tmp_path / 'src.py'
    src.write_text(f'_base_ = [{TOY_CONFIG!r}]\n'
                   'model = dict(decoder=dict(dictionary=dict('
                   f'dict_file={str(tmp_path / "small.txt")!r})))\n')
    return src, TOY_CONFIG


def test_widened_checkpoint_keeps_body_and_shared_rows(configs, tmp_path):
    src_cfg, dst_cfg = configs
    torch.manual_seed(0)
    src = MODELS.build(Config.fromfile(src_cfg).model)
    src.init_weights()
    ckpt = tmp_path / 'src.pth'
    torch.save({'state_dict': src.state_dict()}, ckpt)
    out = tmp_path / 'widened.pth'
    res = _run(src_cfg, ckpt, dst_cfg, out)
    assert res.returncode == 0, res.stderr
    assert '5 of 7129 output rows copied' in res.stdout

    state = torch.load(out, weights_only=True)['state_dict']
    src_state = src.state_dict()
    body = [k for k in src_state if not k.startswith('decoder.classifier')
            and k != 'decoder.dictionary_tokens']
    assert body and all(torch.equal(state[k], src_state[k]) for k in body)
    # The widened checkpoint carries the target dictionary's tokens.
    target = MODELS.build(Config.fromfile(dst_cfg).model)
    assert torch.equal(state['decoder.dictionary_tokens'],
                       target.decoder.dictionary_tokens)
    dst = MODELS.build(Config.fromfile(dst_cfg).model)
    weight, bias = state['decoder.classifier.weight'], state[
        'decoder.classifier.bias']
    for i, token in enumerate(src.decoder.dictionary.dict):
        j = dst.decoder.dictionary.dict.index(token)
        assert torch.equal(weight[j],
                           src_state['decoder.classifier.weight'][i])
        assert bias[j] == src_state['decoder.classifier.bias'][i]
    # The other rows start at the label prior of the toy lines: a letter
    # they use above a character they never use, which sits at the
    # smoothing floor.
    with open(osp.join(TOY_DIR, 'labels.json'), encoding='utf-8') as f:
        used_chars = {c for item in json.load(f)['data_list']
                      for c in item['instances'][0]['text']}
    unused = next(c for c in dst.decoder.dictionary.dict[95:]
                  if c not in used_chars)
    used, never = (dst.decoder.dictionary.char2idx(c) for c in ('T', unused))
    assert bias[used] > bias[never]
    assert bias[never] == bias[:dst.decoder.dictionary.padding_idx].min()


def test_mismatched_checkpoint_is_refused(configs, tmp_path):
    src_cfg, dst_cfg = configs
    # A checkpoint of the full-dictionary model given as the 3-char one.
    model = MODELS.build(Config.fromfile(dst_cfg).model)
    ckpt = tmp_path / 'other.pth'
    torch.save({'state_dict': model.state_dict()}, ckpt)
    out = tmp_path / 'widened.pth'
    res = _run(src_cfg, ckpt, dst_cfg, out)
    assert res.returncode != 0
    assert 'pair the checkpoint with the dictionary' in res.stderr
    assert not out.exists()
