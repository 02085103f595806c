"""Two training processes on CPU through torchrun (issue 21).

``tools/train.py --launcher pytorch`` runs 2 processes on the gloo backend
within MMEngine's Runner and ``MMDistributedDataParallel``; a hook that
only the test config registers has each rank dump what it trained on and
its weights after training, so the test compares the ranks' parameters
directly. A second run through ``tools/dist_train.sh`` resumes, and
``tools/dist_test.sh`` evaluates the checkpoint with 2 processes.
"""
import os
import os.path as osp
import socket
import subprocess
import sys

import pytest
import torch

from ..conftest import REPO_ROOT, TOY_CONFIG

pytestmark = pytest.mark.slow

PY = sys.executable

#: A hook module the subprocesses import through ``custom_imports``: each
#: rank records the iteration it starts from (after a resume), the images of
#: every batch it trained on, the wrapper around the model, and finally its
#: parameters, in ``work_dir/rank{r}_iter{i}.pth``.
HOOK_MODULE = '''
import os.path as osp

import torch
import torch.distributed as dist
from mmengine.hooks import Hook
from mmengine.registry import HOOKS


@HOOKS.register_module()
class RankDumpHook(Hook):

    def before_train(self, runner):
        self.start = dict(epoch=runner.epoch, iter=runner.iter)
        self.seen = []

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        self.seen += [s.img_path for s in data_batch['data_samples']]

    def after_train(self, runner):
        model = runner.model
        torch.save(
            dict(
                start=self.start,
                iter=runner.iter,
                seen=self.seen,
                wrapper=type(model).__name__,
                device_ids=getattr(model, 'device_ids', 'n/a'),
                backend=dist.get_backend(),
                world_size=dist.get_world_size(),
                state_dict={
                    k: v.detach().clone()
                    for k, v in model.module.state_dict().items()
                }),
            osp.join(runner.work_dir,
                     f'rank{runner.rank}_iter{runner.iter}.pth'))
'''


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def cpu_env(hook_dir) -> dict:
    """The subprocesses' environment: the hook module importable, the
    scripts on this interpreter, and the CPU path even where a GPU is
    visible."""
    return dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(
            [str(hook_dir), REPO_ROOT,
             os.environ.get('PYTHONPATH', '')]),
        CUDA_VISIBLE_DEVICES='-1',
        OMP_NUM_THREADS='1',
        PYTHON=PY)


def run(cmd, env, cwd):
    # cwd is a scratch folder: MMEngine collects evaluation results of
    # several processes through files in ./.dist_test.
    proc = subprocess.run(
        cmd,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900)  # about 40 s alone; generous for a loaded machine
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-6000:]
    return out


@pytest.fixture(scope='module')
def dist_run(tmp_path_factory):
    """Train 1 epoch (2 iterations per rank) with torchrun, then resume to
    2 epochs through tools/dist_train.sh."""
    tmp = tmp_path_factory.mktemp('dist')
    (tmp / 'rank_dump_hook.py').write_text(HOOK_MODULE)
    config = tmp / 'toy_dist.py'
    config.write_text(
        f'_base_ = [{TOY_CONFIG!r}]\n'
        "custom_imports = dict(imports=['ocrrec_plugin', 'rank_dump_hook'],\n"
        '                      allow_failed_imports=False)\n'
        "custom_hooks = _base_.custom_hooks + [dict(type='RankDumpHook')]\n")
    work = tmp / 'work'
    env = cpu_env(tmp)
    options = [
        '--work-dir',
        str(work), '--cfg-options', 'default_hooks.checkpoint.save_best=None'
    ]
    first = run([
        PY, '-m', 'torch.distributed.run', '--nproc_per_node=2',
        f'--master_port={free_port()}',
        osp.join(REPO_ROOT, 'tools', 'train.py'),
        str(config), '--launcher', 'pytorch', *options,
        'train_cfg.max_epochs=1'
    ], env, tmp)
    second = run([
        'bash',
        osp.join(REPO_ROOT, 'tools', 'dist_train.sh'),
        str(config), '2', *options, 'train_cfg.max_epochs=2', '--resume'
    ], dict(env, PORT=str(free_port())), tmp)
    return tmp, work, first, second


def load_dumps(work, iteration):
    return [
        torch.load(
            osp.join(work, f'rank{r}_iter{iteration}.pth'),
            weights_only=False) for r in range(2)
    ]


def assert_same_weights(a, b):
    assert a.keys() == b.keys()
    differ = [k for k in a if not torch.equal(a[k], b[k])]
    assert not differ, f'ranks differ in {differ[:5]}'


def test_two_cpu_processes_train_in_step(dist_run):
    tmp, work, first, _ = dist_run
    assert 'No accelerator: 2 processes run on CPU with the gloo backend' \
        in first
    # 32 lines, batch 8 per rank, 2 ranks: 2 iterations per epoch.
    assert 'Epoch(train) [1][2/2]' in first
    ranks = load_dumps(work, 2)
    for dump in ranks:
        assert dump['wrapper'] == 'MMDistributedDataParallel'
        assert dump['device_ids'] is None
        assert dump['backend'] == 'gloo' and dump['world_size'] == 2
        assert dump['start'] == dict(epoch=0, iter=0)
    # Each rank trained on its own half of the lines, so identical weights
    # after the steps mean the gradients were averaged across ranks.
    seen = [set(d['seen']) for d in ranks]
    assert len(seen[0]) == len(seen[1]) == 16 and not seen[0] & seen[1]
    assert_same_weights(ranks[0]['state_dict'], ranks[1]['state_dict'])
    # ... and they are the weights rank 0 checkpointed.
    ckpt = torch.load(osp.join(work, 'epoch_1.pth'), weights_only=False)
    assert_same_weights(ranks[0]['state_dict'], ckpt['state_dict'])


def test_resume_continues_on_two_cpu_processes(dist_run):
    tmp, work, _, second = dist_run
    assert 'resumed epoch: 1, iter: 2' in second
    assert 'Epoch(train) [2][2/2]' in second
    assert 'Epoch(train) [1]' not in second
    before = load_dumps(work, 2)[0]['state_dict']
    ranks = load_dumps(work, 4)
    for dump in ranks:
        assert dump['start'] == dict(epoch=1, iter=2)
    assert_same_weights(ranks[0]['state_dict'], ranks[1]['state_dict'])
    changed = [
        k for k in before
        if not torch.equal(before[k], ranks[0]['state_dict'][k])
    ]
    assert 'decoder.classifier.weight' in changed
    assert osp.isfile(osp.join(work, 'epoch_2.pth'))


def test_dist_test_evaluates_on_two_cpu_processes(dist_run, tmp_path):
    tmp, work, _, _ = dist_run
    env = dict(cpu_env(tmp), PORT=str(free_port()))
    out = run([
        'bash',
        osp.join(REPO_ROOT, 'tools', 'dist_test.sh'), TOY_CONFIG,
        osp.join(work, 'epoch_2.pth'), '2', '--work-dir',
        str(tmp_path)
    ], env, tmp_path)
    line = [x for x in out.splitlines() if 'Epoch(test)' in x][-1]
    assert 'recog/line_acc' in line


def test_cpu_setup_leaves_other_launchers_and_accelerators_alone(
        monkeypatch):
    from mmengine.config import Config

    from ocrrec_plugin.utils import dist as dist_utils
    cfg = Config(dict(launcher='none', env_cfg=dict(dist_cfg={})))
    assert not dist_utils.setup_cpu_distributed(cfg)
    cfg.launcher = 'pytorch'
    # With an accelerator MMEngine's own init_dist and wrapper apply.
    monkeypatch.setattr(dist_utils, 'get_device', lambda: 'cuda')
    assert not dist_utils.setup_cpu_distributed(cfg)
    assert 'model_wrapper_cfg' not in cfg and cfg.env_cfg.dist_cfg == {}


def test_cpu_setup_initialises_gloo_and_a_cpu_wrapper(monkeypatch):
    from mmengine.config import Config

    from ocrrec_plugin.utils import setup_cpu_distributed, teardown_distributed
    for key, value in dict(
            RANK='0',
            WORLD_SIZE='1',
            MASTER_ADDR='127.0.0.1',
            MASTER_PORT=str(free_port())).items():
        monkeypatch.setenv(key, value)
    cfg = Config(
        dict(
            launcher='pytorch',
            env_cfg=dict(dist_cfg=dict(backend='nccl', timeout=60)),
            model_wrapper_cfg=dict(find_unused_parameters=True)))
    try:
        assert setup_cpu_distributed(cfg)
        assert torch.distributed.get_backend() == 'gloo'
    finally:
        teardown_distributed()
    assert not torch.distributed.is_initialized()
    assert cfg.env_cfg.dist_cfg == dict(backend='gloo', timeout=60)
    assert cfg.model_wrapper_cfg == dict(
        type='MMDistributedDataParallel',
        find_unused_parameters=True,
        device_ids=None)
