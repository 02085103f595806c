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
import hashlib
import os
import os.path as osp
import pickle
from typing import Any, Dict, List, Optional, Union

import numpy as np
import torch
from mmengine.config import Config
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
#: Config keys naming files the package ships, and the zoo folder of each:
#: a config read from a checkpoint finds them there when the path it was
#: saved with does not exist on this machine.
SHIPPED_FILE_KEYS = {'dict_file': 'dicts', 'lm_file': 'weights'}


def config_from_text(text: str, trust_python: bool = False) -> Config:
    """A config saved as Python text, parsed only when trusted.

    mmengine's runner embeds the config of a run in its checkpoints as
    Python source (``meta['cfg']``), and reading it back executes that
    source: a checkpoint from someone else could run any code. Published
    checkpoints carry their config as data instead
    (:func:`publish_checkpoint`).

    Raises:
        ValueError: Unless ``trust_python`` is True.
    """
    if not trust_python:
        raise ValueError(
            'the checkpoint holds its config as Python source, which runs '
            'when read: give the config file instead, publish the checkpoint '
            'with tools/model_converters/publish_model.py --config CONFIG, '
            'or pass trust_config=True for a checkpoint you made yourself')
    return Config.fromstring(text, file_format='.py')


def _relocate_shipped_files(node: Any) -> Any:
    """Point ``dict_file`` and ``lm_file`` entries whose path does not exist
    here at the zoo's copy of the same file name, when there is one."""
    from .model_zoo import zoo_root
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if (key in SHIPPED_FILE_KEYS and isinstance(value, str)
                    and not osp.isfile(value)):
                shipped = osp.join(zoo_root(), SHIPPED_FILE_KEYS[key],
                                   osp.basename(value))
                value = shipped if osp.isfile(shipped) else value
            out[key] = _relocate_shipped_files(value)
        return out
    if isinstance(node, (list, tuple)):
        return type(node)(_relocate_shipped_files(v) for v in node)
    return node


def checkpoint_config(checkpoint: Union[str, dict],
                      trust_python: bool = False) -> Config:
    """The config a checkpoint carries, read without running code.

    Args:
        checkpoint (str or dict): A checkpoint file or its loaded dict.
        trust_python (bool): Also read a config saved as Python source
            (mmengine runner checkpoints), which executes it. Defaults to
            False.

    Returns:
        Config: The config; shipped files it names (the dictionary, the LM)
        are looked up in the zoo when their saved paths do not exist here.

    Raises:
        ValueError: For a checkpoint without a config, or with Python source
            and ``trust_python`` False.
    """
    name = checkpoint if isinstance(checkpoint, str) else 'the checkpoint'
    if isinstance(checkpoint, str):
        checkpoint = torch.load(
            checkpoint, map_location='cpu', weights_only=True)
    cfg = (checkpoint.get('meta') or {}).get('cfg')
    if cfg is None:
        raise ValueError(f'{name} carries no config: give the config file')
    if isinstance(cfg, str):
        try:
            return config_from_text(cfg, trust_python)
        except ValueError as e:
            raise ValueError(f'{name}: {e}') from None
    return Config(_relocate_shipped_files(cfg))


def publish_checkpoint(checkpoint: dict,
                       fp16: bool = False,
                       config: Optional[Config] = None,
                       trust_config: bool = False) -> dict:
    """Strip a runner checkpoint to what inference needs.

    Keeps the weights and the plain ``meta`` entries, with the config as
    data (a dict), so :func:`checkpoint_config` (and
    ``LineRecognizer(None, weights)``) rebuild the model without executing
    anything; drops optimizer, schedulers and the message hub. The result
    loads with ``torch.load(weights_only=True)`` in any process, without
    this plugin's allowlist.

    Args:
        checkpoint (dict): A checkpoint saved by mmengine's runner (or a bare
            state dict).
        fp16 (bool): Store floating-point weights as float16, halving the
            file. Defaults to False.
        config (Config, optional): The config to embed; by default the
            checkpoint's own.
        trust_config (bool): Parse a config the checkpoint holds as Python
            source (what the runner writes; parsing runs it). Defaults to
            False.

    Returns:
        dict: ``{'state_dict': ..., 'meta': ...}``.

    Raises:
        ValueError: When the checkpoint's config is Python source, no
            ``config`` is given and ``trust_config`` is False.
    """
    state_dict = checkpoint.get('state_dict', checkpoint)
    if fp16:
        state_dict = {
            k: v.half()
            if isinstance(v, torch.Tensor) and v.is_floating_point() else v
            for k, v in state_dict.items()
        }
    meta = checkpoint.get('meta', {}) or {}
    meta = {k: meta[k] for k in PUBLISHED_META_KEYS if k in meta}
    if config is not None:
        meta['cfg'] = config.to_dict()
    elif isinstance(meta.get('cfg'), str):
        meta['cfg'] = config_from_text(meta['cfg'], trust_config).to_dict()
    return dict(state_dict=dict(state_dict), meta=meta)


def save_with_sha(checkpoint: dict, out_file: str) -> str:
    """Save a checkpoint as MMOCR's model zoo names files: the first 8 hex
    digits of its SHA-256 after the stem (``name.pth`` is written as
    ``name_<sha256[:8]>.pth``).

    Args:
        checkpoint (dict): What to save.
        out_file (str): The path before the hash; folders are made.

    Returns:
        str: The path written.
    """
    os.makedirs(osp.dirname(osp.abspath(out_file)), exist_ok=True)
    torch.save(checkpoint, out_file)
    with open(out_file, 'rb') as f:
        sha = hashlib.sha256(f.read()).hexdigest()[:8]
    final = f'{osp.splitext(out_file)[0]}_{sha}.pth'
    os.replace(out_file, final)
    return final


def interpolate_state_dicts(start: Dict[str, torch.Tensor],
                            end: Dict[str, torch.Tensor],
                            alpha: float) -> Dict[str, torch.Tensor]:
    """Weights on the straight line between two fine-tunes of one model.

    ``(1 - alpha) * start + alpha * end`` for every floating-point tensor,
    computed in float32 and returned in ``start``'s dtype; integer tensors
    (counters, ids) must agree and are kept. Interpolating a fine-tuned
    model with the one it started from (WiSE-FT, Wortsman et al. 2022)
    keeps much of what each reads well when the fine-tune traded one domain
    for another.

    Args:
        start (dict): State dict at ``alpha = 0``.
        end (dict): State dict at ``alpha = 1``; same keys and shapes.
        alpha (float): Position on the line, in [0, 1].

    Returns:
        dict: The interpolated state dict.

    Raises:
        ValueError: When alpha is outside [0, 1], the keys differ, a shape
            differs or an integer tensor differs (each named).
    """
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f'alpha must lie in [0, 1], got {alpha}')
    only_start, only_end = set(start) - set(end), set(end) - set(start)
    if only_start or only_end:
        raise ValueError('the checkpoints hold different weights: only in '
                         f'the first {sorted(only_start)[:5]}, only in the '
                         f'second {sorted(only_end)[:5]}')
    out = {}
    for name, a in start.items():
        b = end[name]
        if a.shape != b.shape:
            raise ValueError(f'{name}: shape {tuple(a.shape)} against '
                             f'{tuple(b.shape)}')
        if a.is_floating_point():
            mixed = torch.lerp(a.float(), b.float(), alpha)
            out[name] = mixed.to(a.dtype)
        elif torch.equal(a, b):
            out[name] = a.clone()
        else:
            raise ValueError(f'{name}: integer tensors differ and cannot '
                             'be interpolated')
    return out
