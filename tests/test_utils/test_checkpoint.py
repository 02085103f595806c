import io
import os
import pickle

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer, MessageHub

from ocrrec_plugin.utils.checkpoint import history_buffer_getattr


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
