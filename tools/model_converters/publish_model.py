"""Publish a training checkpoint: weights and config only, optionally fp16.

The output loads under torch's safe ``weights_only`` mode in any process
(no optimizer state, no logs), carries its config as data (read back
without executing anything), and its name gets the first 8 hex digits of
its SHA-256, as MMOCR's model zoo names files. The runner stores the config
as Python source: give the config file (``--config``), or ``--trust-config``
to parse the checkpoint's own source (which runs it).

Example::

    C=convnextvit-micro_ctc_curriculum_zh-en
    python tools/model_converters/publish_model.py \\
        work_dirs/$C/iter_8000.pth weights/$C.pth --fp16 \\
        --config configs/textrecog/convnextvit/$C.py
    # -> weights/convnextvit-micro_ctc_curriculum_zh-en_<sha256[:8]>.pth
"""
import argparse
import os.path as osp

import torch

from mmengine.config import Config

from ocrrec_plugin.utils import publish_checkpoint, save_with_sha


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('in_file', help='checkpoint written by the runner')
    parser.add_argument('out_file', help='output .pth path')
    parser.add_argument('--fp16', action='store_true', help='store fp16')
    parser.add_argument('--config', help='the config to embed (default: '
                        'the checkpoint\'s own, see --trust-config)')
    parser.add_argument(
        '--trust-config', action='store_true',
        help='parse the checkpoint\'s config source (runs it): only for '
        'checkpoints you made')
    args = parser.parse_args()
    # Safe mode; importing ocrrec_plugin allowlisted the runner's log types.
    ckpt = torch.load(args.in_file, map_location='cpu', weights_only=True)
    config = Config.fromfile(args.config) if args.config else None
    try:
        published = publish_checkpoint(
            ckpt, args.fp16, config=config, trust_config=args.trust_config)
    except ValueError as e:
        raise SystemExit(f'{args.in_file}: {e}')
    final = save_with_sha(published, args.out_file)
    print(f'{final} ({osp.getsize(final) / 2**20:.1f} MiB)')


if __name__ == '__main__':
    main()
