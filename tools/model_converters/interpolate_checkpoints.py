"""Interpolate the weights of two fine-tunes of one model (WiSE-FT).

A fine-tune that gains one domain and loses another (stage 14 gained scene
words and plates and lost printed Chinese, docs/benchmark.md) can keep part
of both at a point on the straight line from the weights it started from:
``(1 - alpha) * START + alpha * END``. Choose ``alpha`` on the
generalization suite, never on a training source. The output is published
like ``publish_model.py`` writes (weights and config, optionally fp16, the
SHA-256 prefix in its name) and records both inputs and ``alpha`` in its
``meta``::

    python tools/model_converters/interpolate_checkpoints.py \\
        weights/convnextvit-micro_ctc_curriculum_zh-en_1a28b55d.pth \\
        work_dirs/stage14/iter_1800.pth work_dirs/soup/micro_a0.5.pth \\
        --alpha 0.5 --config configs/textrecog/convnextvit/\\
convnextvit-micro_ctc_curriculum_zh-en.py
"""
import argparse
import os.path as osp

import torch
from mmengine.config import Config

from ocrrec_plugin.utils import (interpolate_state_dicts, publish_checkpoint,
                                 save_with_sha)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('start', help='checkpoint at alpha 0 (the weights '
                        'the fine-tune started from)')
    parser.add_argument('end', help='checkpoint at alpha 1 (the fine-tune)')
    parser.add_argument('out_file', help='output .pth path')
    parser.add_argument('--alpha', type=float, required=True,
                        help='position on the line from START to END')
    parser.add_argument('--fp16', action='store_true', help='store fp16')
    parser.add_argument('--config', help='the config to embed (default: '
                        'START\'s own, when it is stored as data)')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    # Safe mode; importing ocrrec_plugin allowlisted the runner's log types.
    start = torch.load(args.start, map_location='cpu', weights_only=True)
    end = torch.load(args.end, map_location='cpu', weights_only=True)
    try:
        state = interpolate_state_dicts(
            start.get('state_dict', start), end.get('state_dict', end),
            args.alpha)
        config = Config.fromfile(args.config) if args.config else None
        published = publish_checkpoint(
            dict(state_dict=state, meta=start.get('meta', {})), args.fp16,
            config=config)
    except ValueError as e:
        raise SystemExit(f'{args.start} and {args.end}: {e}')
    published['meta']['interpolated'] = dict(
        start=osp.basename(args.start), end=osp.basename(args.end),
        alpha=args.alpha)
    final = save_with_sha(published, args.out_file)
    print(f'{final} ({osp.getsize(final) / 2**20:.1f} MiB)')


if __name__ == '__main__':
    main()
