import io
import os
import pickle

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer, MessageHub

from ocrrec_plugin.utils.checkpoint import (history_buffer_getattr,
                                            interpolate_state_dicts,
                                            save_with_sha)


class NotAllowed:
    pass


class GetattrExploit:
    """Pickles as getattr(HistoryBuffer, '__init__')."""

    def __reduce__(self):
        return getattr, (HistoryBuffer, '__init__')


class SystemExploit:

    def __reduce__(self):
        return os.system, ('echo pwned', )


def roundtrip(obj):
    buf = io.BytesIO()
    torch.save(obj, buf)
    buf.seek(0)
    return torch.load(buf)  # torch's default: weights_only=True


def test_runner_checkpoint_contents_load_safely():
    hub = MessageHub.get_instance('ocrrec_ckpt_test')
    for i in range(5):
        hub.update_scalar('train/loss', float(i))
    hub.update_info('epoch', 3)
    ckpt = dict(
        state_dict={'w': torch.ones(2)},
        message_hub=hub.state_dict(),
        meta=dict(seed=np.int64(7), arr=np.arange(3, dtype=np.float32)))
    out = roundtrip(ckpt)
    buf = out['message_hub']['log_scalars']['train/loss']
    assert isinstance(buf, HistoryBuffer)
    assert buf.mean() == pytest.approx(2.0)
    assert buf.current() == 4.0
    np.testing.assert_array_equal(out['meta']['arr'], [0, 1, 2])


def test_weights_only_still_refuses_other_objects():
    for evil in (NotAllowed(), GetattrExploit(), SystemExploit()):
        with pytest.raises(pickle.UnpicklingError):
            roundtrip({'x': evil})


def test_restricted_getattr():
    assert history_buffer_getattr(HistoryBuffer, 'mean') is HistoryBuffer.mean
    for obj, name in ((HistoryBuffer, '__init__'), (HistoryBuffer(), 'min'),
                      (os, 'system')):
        with pytest.raises(pickle.UnpicklingError, match='refused getattr'):
            history_buffer_getattr(obj, name)


TOY_TEXT = """model = dict(type='ConvNeXtViT', backbone=dict(arch='test'))
dictionary = dict(dict_file='/nowhere/dicts/zh_en_gb2312.txt')
"""


def test_config_from_a_checkpoint_never_runs_its_code(tmp_path):
    """A checkpoint whose config text plants code: reading its config
    refuses it (nothing runs); publishing it with the config file embeds
    the config as data, which reads back without running anything."""
    from mmengine.config import Config

    from ocrrec_plugin.utils import checkpoint_config, publish_checkpoint
    marker = tmp_path / 'pwned'
    planted = TOY_TEXT + f"_x = __import__('os').system('touch {marker}')\n"
    ckpt = dict(state_dict={'w': torch.zeros(2)}, meta=dict(cfg=planted))
    path = str(tmp_path / 'planted.pth')
    torch.save(ckpt, path)
    with pytest.raises(ValueError, match='Python source, which runs'):
        checkpoint_config(path)
    with pytest.raises(ValueError, match='Python source'):
        publish_checkpoint(torch.load(path, weights_only=True))
    assert not marker.exists()

    config_file = tmp_path / 'cfg.py'
    config_file.write_text(TOY_TEXT)
    published = publish_checkpoint(
        torch.load(path, weights_only=True), fp16=True,
        config=Config.fromfile(str(config_file)))
    assert isinstance(published['meta']['cfg'], dict)
    out = str(tmp_path / 'published.pth')
    torch.save(published, out)
    cfg = checkpoint_config(out)
    assert cfg.model.backbone.arch == 'test' and not marker.exists()
    # The dictionary path saved elsewhere resolves to the shipped copy.
    from ocrrec_plugin.utils import zoo_root
    assert cfg.dictionary.dict_file == os.path.join(
        zoo_root(), 'dicts', 'zh_en_gb2312.txt')
    # Trusted on request (your own runner checkpoints), never by default.
    clean = dict(state_dict={}, meta=dict(cfg=TOY_TEXT))
    assert checkpoint_config(clean, trust_python=True).model.type == \
        'ConvNeXtViT'
    with pytest.raises(ValueError, match='carries no config'):
        checkpoint_config(dict(state_dict={}, meta={}))


def test_interpolation_is_the_straight_line_between_checkpoints():
    start = {'w': torch.tensor([0.0, 2.0]).half(), 'n': torch.tensor([3])}
    end = {'w': torch.tensor([4.0, -2.0]), 'n': torch.tensor([3])}
    mid = interpolate_state_dicts(start, end, 0.25)
    # 0.75 * start + 0.25 * end, in start's dtype.
    assert mid['w'].dtype == torch.float16
    assert mid['w'].tolist() == [1.0, 1.0]
    assert mid['n'].tolist() == [3]
    assert torch.equal(interpolate_state_dicts(start, end, 0.0)['w'],
                       start['w'])
    assert interpolate_state_dicts(start, end, 1.0)['w'].tolist() == [4, -2]


@pytest.mark.parametrize('end, alpha, message', [
    ({'w': torch.zeros(2), 'n': torch.tensor([3]), 'x': torch.zeros(1)},
     0.5, "only in the second ['x']"),
    ({'w': torch.zeros(3), 'n': torch.tensor([3])}, 0.5, 'w: shape (2,)'),
    ({'w': torch.zeros(2), 'n': torch.tensor([4])}, 0.5, 'n: integer'),
    ({'w': torch.zeros(2), 'n': torch.tensor([3])}, 1.5, 'alpha'),
])
def test_interpolation_names_what_does_not_match(end, alpha, message):
    start = {'w': torch.ones(2), 'n': torch.tensor([3])}
    with pytest.raises(ValueError) as e:
        interpolate_state_dicts(start, end, alpha)
    assert message in str(e.value)


def test_save_with_sha_names_the_file_by_its_content(tmp_path):
    import hashlib
    final = save_with_sha({'w': torch.ones(2)}, str(tmp_path / 'a' / 'm.pth'))
    with open(final, 'rb') as f:
        sha = hashlib.sha256(f.read()).hexdigest()[:8]
    assert final == str(tmp_path / 'a' / f'm_{sha}.pth')
    assert not (tmp_path / 'a' / 'm.pth').exists()
    assert torch.load(final, weights_only=True)['w'].tolist() == [1, 1]
