"""Let torch >= 2.6 load mmengine's full checkpoints with ``weights_only``.

Since torch 2.6 ``torch.load`` defaults to ``weights_only=True``: it unpickles
tensors and plain containers only. mmengine 0.10.7 calls ``torch.load``
without the argument, and its runner saves more than tensors: the message
hub's ``HistoryBuffer`` logs, holding NumPy arrays. So ``tools/test.py``,
``--resume`` and the inferencers fail on every checkpoint the runner wrote.

We keep the safe loader and add exactly those classes to torch's allowlist
(``torch.serialization.add_safe_globals``), which is the mechanism torch
provides for this. Nothing else is loosened: any other pickled object still
fails to load, and ``torch.load`` itself is not replaced.
"""
from typing import List

import numpy as np
import torch
from mmengine.logging import HistoryBuffer


def _numpy_globals() -> List[object]:
    """NumPy callables and types that pickled arrays and scalars refer to."""
    if np.lib.NumpyVersion(np.__version__) >= '2.0.0':
        from numpy._core import multiarray
    else:
        from numpy.core import multiarray
    types: List[object] = [
        multiarray._reconstruct, multiarray.scalar, np.ndarray, np.dtype
    ]
    # The concrete dtype classes (numpy >= 1.25 pickles e.g. Float64DType).
    for name in ('float16', 'float32', 'float64', 'int32', 'int64', 'uint8',
                 'bool_'):
        types.append(type(np.dtype(getattr(np, name))))
    return types


def allow_mmengine_checkpoints() -> None:
    """Allowlist the non-tensor classes mmengine's runner saves.

    Idempotent; called when ``ocrrec_plugin`` is imported (through a
    config's ``custom_imports`` too), before any checkpoint is loaded.
    """
    add = getattr(torch.serialization, 'add_safe_globals', None)
    if add is None:  # torch < 2.4 loads these without an allowlist
        return
    add([HistoryBuffer, *_numpy_globals()])
