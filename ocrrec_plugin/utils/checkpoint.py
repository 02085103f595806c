"""Let torch >= 2.6 load mmengine's full checkpoints with ``weights_only``.

Since torch 2.6 ``torch.load`` defaults to ``weights_only=True``: it unpickles
tensors and plain containers only. mmengine 0.10.7 calls ``torch.load``
without the argument, and its runner saves more than tensors: the message
hub's ``HistoryBuffer`` logs, holding NumPy arrays and, in the class's table
of statistics, references written as ``getattr(HistoryBuffer, 'mean')``. So
``tools/test.py``, ``--resume`` and the inferencers fail on every checkpoint
the runner wrote.

We keep the safe loader and extend torch's allowlist
(``torch.serialization.add_safe_globals``, the mechanism torch provides) by
exactly what those checkpoints need:

- ``HistoryBuffer`` and the NumPy array, scalar and dtype constructors;
- for the pickled name ``getattr``, :func:`history_buffer_getattr`, which
  only returns HistoryBuffer's own statistics methods and refuses every other
  attribute lookup.

Nothing else is loosened: any other pickled object still fails to load, and
``torch.load`` itself is not replaced.
"""
import pickle
from typing import Any, List

import numpy as np
import torch
from mmengine.logging import HistoryBuffer

#: Statistics every HistoryBuffer registers when it is created.
BUILTIN_STATISTICS = frozenset(('min', 'max', 'current', 'mean'))


def history_buffer_getattr(obj: Any, name: str) -> Any:
    """``getattr`` restricted to HistoryBuffer's statistics methods.

    Raises:
        pickle.UnpicklingError: For any other object or attribute.
    """
    allowed = BUILTIN_STATISTICS | set(HistoryBuffer._statistics_methods)
    if (obj is HistoryBuffer and name in allowed
            and callable(getattr(HistoryBuffer, name, None))):
        return getattr(HistoryBuffer, name)
    raise pickle.UnpicklingError(
        f'refused getattr({obj!r}, {name!r}) while loading a checkpoint: '
        'only mmengine HistoryBuffer statistics may be looked up')


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
    """Allowlist what mmengine's runner saves besides tensors.

    Idempotent; called when ``ocrrec_plugin`` is imported (through a
    config's ``custom_imports`` too), before any checkpoint is loaded.
    """
    add = getattr(torch.serialization, 'add_safe_globals', None)
    if add is None:  # torch < 2.4 loads these without an allowlist
        return
    add([
        HistoryBuffer, *_numpy_globals(),
        (history_buffer_getattr, '__builtin__.getattr'),
        (history_buffer_getattr, 'builtins.getattr')
    ])


#: ``meta`` entries a published checkpoint keeps (plain types only).
PUBLISHED_META_KEYS = ('cfg', 'dataset_meta', 'experiment_name', 'epoch',
                       'iter', 'mmengine_version', 'seed', 'source')


def publish_checkpoint(checkpoint: dict, fp16: bool = False) -> dict:
    """Strip a runner checkpoint to what inference needs.

    Keeps the weights and the plain ``meta`` entries (the config text among
    them, so ``TextRecInferencer(model=None, weights=...)`` rebuilds the
    model); drops optimizer, schedulers and the message hub. The result loads
    with ``torch.load(weights_only=True)`` in any process, without this
    plugin's allowlist.

    Args:
        checkpoint (dict): A checkpoint saved by mmengine's runner (or a bare
            state dict).
        fp16 (bool): Store floating-point weights as float16, halving the
            file. Defaults to False.

    Returns:
        dict: ``{'state_dict': ..., 'meta': ...}``.
    """
    state_dict = checkpoint.get('state_dict', checkpoint)
    if fp16:
        state_dict = {
            k: v.half() if v.is_floating_point() else v
            for k, v in state_dict.items()
        }
    meta = checkpoint.get('meta', {}) or {}
    meta = {k: meta[k] for k in PUBLISHED_META_KEYS if k in meta}
    return dict(state_dict=dict(state_dict), meta=meta)
