"""Sweep a DBNet detector's post-processing on labelled pages: precision,
recall and h-mean (IoU >= 0.5, one-to-one) for every combination of polygon
tolerance (``epsilon_ratio``), unclip ratio and score threshold, the network
run once per page; then, at the config's own settings, how tall the detected
outlines are against the labelled ones, by line height at the test scale.

Choose settings on training pages, report them on held-out ones.

Example::

    D=dbnet_resnet18-w32_fpnc_curriculum_sroie-synthpages
    python tools/analysis_tools/det_postprocess_sweep.py \\
        configs/textdet/dbnet/$D.py weights/${D}_1463646c.pth \\
        --ann data/sroie/textdet_train.json --epsilon-ratios 0.01 0.002
"""
import argparse
import copy
import itertools
import json
import os.path as osp
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
from tqdm import tqdm

from ocrrec_plugin.apis.text_spotter import quad_from_polygon
from ocrrec_plugin.evaluation import match_lines, spotting_scores  # noqa
from ocrrec_plugin.utils.quad import quad_size

#: Bins of labelled line height, in pixels at the test scale.
HEIGHT_BINS = (0, 10, 14, 18, 24, 32, 48, 1000)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split('\n\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', help='an MMOCR DBNet config')
    parser.add_argument('weights')
    parser.add_argument('--ann', default='data/sroie/textdet_train.json',
                        help='MMOCR textdet annotation file')
    parser.add_argument('--data-root',
                        help='folder img_path is relative to '
                        '(default: the annotation file\'s)')
    parser.add_argument('--limit', type=int, help='first N pages only')
    parser.add_argument('--epsilon-ratios', type=float, nargs='+')
    parser.add_argument('--unclip-ratios', type=float, nargs='+')
    parser.add_argument('--scores', type=float, nargs='+',
                        help='min_text_score values')
    parser.add_argument('--threads', type=int, default=2)
    return parser.parse_args()


def line_height(polygon: Sequence[float]) -> float:
    """Height of a line's minimum-area quadrilateral."""
    return quad_size(quad_from_polygon(polygon))[1]


def sweep(config: str, weights: str, pages: List[dict], data_root: str,
          epsilon_ratios: Optional[List[float]],
          unclip_ratios: Optional[List[float]],
          scores: Optional[List[float]]
          ) -> Tuple[Tuple[float, float, float], Dict[tuple, List[int]],
                     List[Tuple[float, float]]]:
    """The config's own ``(epsilon_ratio, unclip_ratio, min_text_score)``;
    match counts ``[matched, labelled, detected]`` per setting of the grid
    (a value list left None is the config's own value); and
    ``(labelled, detected)`` line heights at the test scale for the
    config's own settings."""
    from mmocr.apis import TextDetInferencer
    inferencer = TextDetInferencer(config, weights, device='cpu')
    model = inferencer.model
    post = model.det_head.postprocessor
    own = (post.epsilon_ratio, post.unclip_ratio, post.min_text_score)
    grid = itertools.product(epsilon_ratios or [own[0]],
                             unclip_ratios or [own[1]], scores or [own[2]])
    counts = {setting: [0, 0, 0] for setting in grid}
    heights = []
    for page in tqdm(pages, desc='pages'):
        data = inferencer.pipeline(
            dict(img_path=osp.join(data_root, page['img_path'])))
        batch = model.data_preprocessor(
            dict(inputs=[data['inputs']], data_samples=[data['data_samples']]),
            False)
        with torch.no_grad():
            prob = model.det_head(
                model.extract_feat(batch['inputs']), batch['data_samples'])
        labelled = [i['polygon'] for i in page['instances']
                    if not i.get('ignore', False)]
        blank = [''] * len(labelled)
        scale = float(np.mean(data['data_samples'].scale_factor))
        for setting in dict.fromkeys([*counts, own]):
            (post.epsilon_ratio, post.unclip_ratio,
             post.min_text_score) = setting
            sample = post(prob, copy.deepcopy(batch['data_samples']))[0]
            found = [p.tolist() for p in sample.pred_instances.polygons]
            pairs = match_lines(labelled, blank, found, [''] * len(found),
                                with_text=False)
            if setting in counts:
                counts[setting] = [
                    n + m for n, m in zip(counts[setting], (
                        len(pairs), len(labelled), len(found)))
                ]
            if setting == own:
                heights += [(line_height(labelled[i]) * scale,
                             line_height(found[j]) * scale) for i, j in pairs]
    return own, counts, heights


def main() -> None:
    args = parse_args()
    torch.set_num_threads(args.threads)
    with open(args.ann, encoding='utf-8') as f:
        pages = json.load(f)['data_list'][:args.limit]
    own, counts, heights = sweep(args.config, args.weights, pages,
                                 args.data_root or osp.dirname(args.ann),
                                 args.epsilon_ratios, args.unclip_ratios,
                                 args.scores)
    print(f'\n{len(pages)} pages of {args.ann}\n')
    print('| epsilon_ratio | unclip_ratio | min_text_score | precision | '
          'recall | h-mean |')
    print('|---|---|---|---|---|---|')
    for (eps, unclip, score), c in counts.items():
        s = spotting_scores(*c)
        print(f'| {eps:g} | {unclip:g} | {score:g} | {s["precision"]:.3f} | '
              f'{s["recall"]:.3f} | {s["hmean"]:.3f} |')
    print(f'\nDetected over labelled line height at epsilon_ratio {own[0]:g}, '
          f'unclip_ratio {own[1]:g}, min_text_score {own[2]:g} (median per '
          'labelled height at the test scale):\n')
    print('| labelled height (px) | lines | detected / labelled |')
    print('|---|---|---|')
    h = np.array(heights, np.float64).reshape(-1, 2)
    for low, high in zip(HEIGHT_BINS[:-1], HEIGHT_BINS[1:]):
        sel = (h[:, 0] >= low) & (h[:, 0] < high)
        if sel.any():
            ratio = np.median(h[sel, 1] / h[sel, 0])
            print(f'| {low}-{high} | {int(sel.sum())} | {ratio:.2f} |')


if __name__ == '__main__':
    main()
