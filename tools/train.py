"""Train a text recognizer (or detector) from an MMOCR config.

The same command line as MMOCR's ``tools/train.py``; works with this
plugin's configs and MMOCR's own, on CPU, one GPU or many processes
(through ``tools/dist_train.sh``: one per GPU, or, without CUDA, CPU
processes on the gloo backend).

Examples::

    python tools/train.py \\
        configs/textrecog/convnextvit/convnextvit-test_ctc_5e_toy.py
    python tools/train.py CONFIG --amp --resume          # resume the latest
    python tools/train.py CONFIG --resume work_dirs/x/epoch_3.pth
    bash tools/dist_train.sh CONFIG 8 --amp
"""
import argparse
import os
import os.path as osp

from mmengine.config import Config, DictAction
from mmengine.runner import Runner

import ocrrec_plugin  # noqa: F401  (registers components, checkpoint types)
from ocrrec_plugin.utils import setup_cpu_distributed, teardown_distributed


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Train a model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from the given checkpoint, or (without a value) from '
        'the latest checkpoint in the work dir')
    parser.add_argument(
        '--amp', action='store_true', help='enable automatic mixed precision')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the learning rate by the total batch size')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value (e.g. '
        'train_cfg.max_epochs=1)')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def build_config(args: argparse.Namespace) -> Config:
    cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    if args.amp:
        if cfg.optim_wrapper.get('type', 'OptimWrapper') == 'AmpOptimWrapper':
            print('AMP is already enabled in the config.')
        else:
            cfg.optim_wrapper.type = 'AmpOptimWrapper'
            cfg.optim_wrapper.loss_scale = 'dynamic'
    if args.resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume
    if args.auto_scale_lr:
        if 'auto_scale_lr' not in cfg:
            raise KeyError('the config has no auto_scale_lr (its base '
                           'batch size): cannot scale the learning rate')
        cfg.auto_scale_lr.enable = True
    return cfg


def main() -> None:
    args = parse_args()
    cfg = build_config(args)
    # Without an accelerator, MMEngine's init_dist would call
    # torch.cuda.set_device: start gloo here; the Runner then skips its own.
    on_cpu = setup_cpu_distributed(cfg)
    runner = Runner.from_cfg(cfg)
    runner.train()
    if on_cpu:
        teardown_distributed()


if __name__ == '__main__':
    main()
