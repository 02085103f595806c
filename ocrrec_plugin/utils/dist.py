"""Multi-process training and testing on CPU with ``--launcher pytorch``.

MMEngine 0.10.7 cannot start a distributed job without an accelerator:
``init_dist('pytorch', ...)`` calls ``torch.cuda.set_device(LOCAL_RANK)``
whatever the backend, and ``Runner.wrap_model`` hands
``MMDistributedDataParallel`` ``device_ids=[LOCAL_RANK]``, which DDP rejects
for a module on CPU. :func:`setup_cpu_distributed` does both steps the CPU
way before the Runner is built; the Runner then finds the process group
initialised (``Runner.setup_env`` only calls ``init_dist`` when
``torch.distributed.is_initialized()`` is false) and builds the wrapper from
``model_wrapper_cfg``. On GPUs (and MMEngine's other accelerators) nothing
changes: MMEngine's standard path runs.
"""
import datetime
import os
from typing import Optional

import torch.distributed as torch_dist
from mmengine.config import Config
from mmengine.device import get_device
from mmengine.logging import print_log
from mmengine.registry import MODEL_WRAPPERS
from torch.nn.parallel import DistributedDataParallel

#: Backends that run on CPU tensors; any other (NCCL, the usual config
#: default) is replaced by gloo.
CPU_BACKENDS = ('gloo', 'mpi')


def setup_cpu_distributed(cfg: Config) -> bool:
    """Initialise a CPU process group for ``cfg`` when MMEngine cannot.

    Acts only when ``cfg.launcher == 'pytorch'`` and MMEngine would put the
    model on CPU (no CUDA, NPU, MLU, MUSA or MPS device; set
    ``CUDA_VISIBLE_DEVICES=-1`` to force CPU on a GPU machine). Then it

    - sets ``cfg.env_cfg.dist_cfg.backend`` to ``'gloo'`` unless it already
      names a CPU backend (``'gloo'`` or ``'mpi'``),
    - initialises the process group from torchrun's environment
      (``RANK``, ``WORLD_SIZE``, ``MASTER_ADDR``, ``MASTER_PORT``) with the
      rest of ``dist_cfg`` (e.g. ``timeout`` in seconds), as MMEngine's
      ``init_dist`` would but without ``torch.cuda.set_device``,
    - makes ``cfg.model_wrapper_cfg`` give DDP ``device_ids=None`` (what
      DDP needs for a CPU module), keeping MMEngine's defaults otherwise
      (``MMDistributedDataParallel``, ``broadcast_buffers=False``,
      ``find_unused_parameters`` from the config).

    Call it after the config is complete and before ``Runner.from_cfg``.

    Args:
        cfg (Config): The full config, ``cfg.launcher`` set. Changed in
            place.

    Returns:
        bool: True when the CPU path was taken, False when MMEngine's
        standard path applies (no launcher, another launcher, or an
        accelerator).
    """
    if cfg.get('launcher', 'none') != 'pytorch' or get_device() != 'cpu':
        return False
    env_cfg = cfg.setdefault('env_cfg', {})
    dist_cfg = dict(env_cfg.get('dist_cfg') or {})
    backend = dist_cfg.get('backend', 'nccl')
    if backend not in CPU_BACKENDS:
        backend = 'gloo'
    dist_cfg['backend'] = backend
    env_cfg['dist_cfg'] = dist_cfg
    _set_cpu_model_wrapper(cfg)
    if not torch_dist.is_initialized():
        _init_process_group(dist_cfg)
    if torch_dist.get_rank() == 0:
        print_log(
            f'No accelerator: {torch_dist.get_world_size()} processes '
            f'run on CPU with the {backend} backend.',
            logger='current')
    return True


def _set_cpu_model_wrapper(cfg: Config) -> None:
    """Give a DDP-type ``model_wrapper_cfg`` ``device_ids=None``.

    ``Runner.wrap_model`` passes ``device_ids=[LOCAL_RANK]`` as a default
    argument, so a value in the config wins over it.
    """
    wrapper: Optional[dict] = cfg.get('model_wrapper_cfg')
    if wrapper is None:
        # The same wrapper as MMEngine's default branch builds.
        cfg.model_wrapper_cfg = dict(
            type='MMDistributedDataParallel',
            broadcast_buffers=False,
            find_unused_parameters=cfg.get('find_unused_parameters', False),
            device_ids=None)
        return
    wrapper.setdefault('type', 'MMDistributedDataParallel')
    wrapper_type = wrapper['type']
    if isinstance(wrapper_type, str):
        wrapper_type = MODEL_WRAPPERS.get(wrapper_type)
    if isinstance(wrapper_type, type) and issubclass(
            wrapper_type, DistributedDataParallel):
        wrapper['device_ids'] = None


def _init_process_group(dist_cfg: dict) -> None:
    """``init_process_group`` from torchrun's environment, as MMEngine's
    ``_init_dist_pytorch`` does minus the CUDA device."""
    kwargs = dict(dist_cfg)
    backend = kwargs.pop('backend')
    init_backend = kwargs.pop('init_backend', 'torch')
    if init_backend != 'torch':
        # DeepSpeed and ColossalAI initialise for accelerators only.
        raise ValueError(f'init_backend={init_backend!r} needs an '
                         "accelerator; on CPU only 'torch' works")
    timeout = kwargs.get('timeout')
    if timeout is not None and not isinstance(timeout, datetime.timedelta):
        # Configs give seconds (as for MMEngine's init_dist); torch wants a
        # timedelta.
        kwargs['timeout'] = datetime.timedelta(seconds=timeout)
    missing = [k for k in ('RANK', 'WORLD_SIZE') if k not in os.environ]
    if missing:
        raise RuntimeError(
            f'--launcher pytorch needs {", ".join(missing)} in the '
            'environment: start the script with torchrun (or '
            'tools/dist_train.sh, tools/dist_test.sh)')
    torch_dist.init_process_group(
        backend=backend,
        rank=int(os.environ['RANK']),
        world_size=int(os.environ['WORLD_SIZE']),
        **kwargs)


def teardown_distributed() -> None:
    """Destroy the default process group if one is up, so that each process
    exits cleanly (torch warns at exit about a group left alive)."""
    if torch_dist.is_available() and torch_dist.is_initialized():
        torch_dist.destroy_process_group()
