"""Evaluate a checkpoint with an MMOCR config (MMOCR's ``tools/test.py``).

Prints the config's metrics: for our recognizers ``recog/line_acc`` (exact
line accuracy), ``recog/line_1-NED`` (on raw strings), and MMOCR's word and
char metrics.

Example::

    python tools/test.py CONFIG CHECKPOINT [--save-preds] [--work-dir D]
"""
import argparse
import os
import os.path as osp

from mmengine.config import Config, DictAction
from mmengine.runner import Runner

import ocrrec_plugin  # noqa: F401  (registers components, checkpoint types)
from ocrrec_plugin.utils import setup_cpu_distributed, teardown_distributed


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='Test (and eval) a model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='the dir to save logs and results')
    parser.add_argument(
        '--save-preds',
        action='store_true',
        help='dump predictions to a pickle file in the work dir')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config settings, key=value')
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


def main() -> None:
    args = parse_args()
    cfg = Config.fromfile(args.config)
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    cfg.load_from = args.checkpoint
    if args.save_preds:
        dump = osp.join(cfg.work_dir,
                        f'{osp.basename(args.checkpoint)}_predictions.pkl')
        cfg.test_evaluator = [cfg.test_evaluator] if isinstance(
            cfg.test_evaluator, dict) else list(cfg.test_evaluator)
        cfg.test_evaluator.append(dict(type='DumpResults', out_file_path=dump))
    # Without an accelerator, MMEngine's init_dist would call
    # torch.cuda.set_device: start gloo here; the Runner then skips its own.
    on_cpu = setup_cpu_distributed(cfg)
    runner = Runner.from_cfg(cfg)
    runner.test()
    if on_cpu:
        teardown_distributed()


if __name__ == '__main__':
    main()
