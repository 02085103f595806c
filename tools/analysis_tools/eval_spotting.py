"""End-to-end text spotting on held-out SROIE receipts: line recall and
precision (a ground-truth line counts when a predicted line overlaps it,
IoU >= 0.5, and reads the same text after MMOCR's ignore-case-symbol
normalisation) and seconds per page, for our detector + recognizer and for
rapidocr's own PP-OCR detector + angle classifier + recognizer (PP-OCRv4
from rapidocr-onnxruntime, PP-OCRv6 small from rapidocr 3.x) on the same
pages, with the same CPU thread count.

Example::

    python tools/analysis_tools/eval_spotting.py --threads 2 \\
        --out-dir results/spotting
"""
import argparse
import functools
import json
import os
import os.path as osp
import sys
import time
from typing import Callable, Dict, List, Tuple

import cv2
import numpy as np
import torch
from tqdm import tqdm

from ocrrec_plugin.apis import SpotEngine, build_engine
from ocrrec_plugin.apis.text_spotter import DEFAULT_CROP_MARGIN
from ocrrec_plugin.datasets.converters import (group_receipts_by_shop, is_val,  # noqa
                                               read_sroie_csv)
from ocrrec_plugin.evaluation import match_lines, spotting_scores  # noqa

Lines = List[Tuple[List[float], str]]
#: A labelled page: name, image loader, line polygons, line texts.
Page = Tuple[str, Callable[[], np.ndarray], List[List[float]], List[str]]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split('\n\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--sroie', default='../shared/data/sroie_train',
                        help='folder with img/ and box/')
    parser.add_argument('--split-by', choices=['shop', 'receipt'],
                        default='shop',
                        help='shop: receipts of shops no training receipt '
                        'comes from (data/sroie_byshop, --val-percent 20); '
                        'receipt: the older hash split of file names, whose '
                        'shops recur in training')
    parser.add_argument('--val-percent', type=int, default=None,
                        help='the converter\'s fixed validation split '
                        '(default: 20 by shop, 10 by receipt)')
    parser.add_argument(
        '--split',
        default='heldout',
        choices=['heldout', 'train', 'synth-pages'],
        help='heldout: the validation receipts (the README table); train: '
        'training receipts, for choosing settings such as --crop-margin; '
        'synth-pages: synthetic documents, receipts and signs in held-out '
        'text and fonts (the detector\'s validation seed; 60 unless '
        '--limit), larger type than receipts')
    parser.add_argument(
        '--engines',
        nargs='+',
        default=['ours', 'ppocrv4', 'ppocrv6'],
        choices=sorted(ENGINE_KINDS),
        help='ours: shipped (or given) DBNet + recognizer; ppocrv4: '
        'rapidocr-onnxruntime det+cls+rec; ppocrv6: rapidocr 3.x det+cls+rec')
    parser.add_argument('--det', help='our detector config (default: shipped)')
    parser.add_argument('--det-weights')
    parser.add_argument('--rec', help='our recognizer config')
    parser.add_argument('--rec-weights')
    parser.add_argument('--crop-margin', type=float,
                        default=DEFAULT_CROP_MARGIN,
                        help='our crop margin (TextSpotter\'s crop_margin)')
    parser.add_argument('--split-gap', type=float, default=1.5,
                        help='our field-gap split (TextSpotter\'s '
                        'split_gap); 0 keeps the detector\'s lines')
    parser.add_argument('--threads', type=int, default=2,
                        help='CPU threads for every engine')
    parser.add_argument('--limit', type=int, help='first N pages only')
    parser.add_argument('--out-dir', default='results/spotting')
    return parser.parse_args()


#: The engine kind (ocrrec_plugin.apis.ENGINES) behind each --engines name.
ENGINE_KINDS = {
    'ours': 'spotter',
    'ppocrv4': 'rapidocr-onnxruntime-spotter',
    'ppocrv6': 'rapidocr-spotter'
}


def make_engine(name: str, args) -> SpotEngine:
    if name == 'ours':
        torch.set_num_threads(args.threads)
        return build_engine(ENGINE_KINDS[name], args.det, args.det_weights,
                            args.rec, args.rec_weights,
                            crop_margin=args.crop_margin,
                            split_gap=args.split_gap or None)
    return build_engine(ENGINE_KINDS[name], args.threads)


def sroie_pages(args) -> List[Page]:
    stems = sorted(
        osp.splitext(f)[0] for f in os.listdir(osp.join(args.sroie, 'img'))
        if f.lower().endswith('.jpg'))
    held_out = args.split == 'heldout'
    if args.split_by == 'shop':
        shop = group_receipts_by_shop(osp.join(args.sroie, 'box'))
        key, percent = (lambda s: shop[s]), args.val_percent or 20
    else:
        key, percent = (lambda s: s), args.val_percent or 10
    stems = [s for s in stems
             if is_val(key(s), percent) == held_out][:args.limit]
    pages = []
    for stem in stems:
        anns = read_sroie_csv(osp.join(args.sroie, 'box', f'{stem}.csv'))
        path = osp.join(args.sroie, 'img', f'{stem}.jpg')
        pages.append((stem, functools.partial(cv2.imread, path),
                      [q.ravel().tolist() for q, _ in anns],
                      [t for _, t in anns]))
    return pages


def synth_pages(args) -> List[Page]:
    from mmocr.registry import DATASETS
    from mmocr.utils import register_all_modules
    register_all_modules()
    import ocrrec_plugin  # noqa: F401  (registers SynthPageDataset)
    dataset = DATASETS.build(
        dict(
            type='SynthPageDataset',
            num_samples=args.limit or 60,
            seed=1,
            text_split='heldout',
            font_split='heldout',
            bg_image_dirs=[osp.join(args.sroie, 'img')],
            test_mode=True))
    pages = []
    for i in range(len(dataset)):
        info = dataset.get_data_info(i)
        lines = [x for x in info['instances'] if not x.get('ignore')]
        pages.append((f'synth_page_{i:03d}', lambda img=info['img']: img,
                      [x['polygon'] for x in lines],
                      [x['text'] for x in lines]))
    return pages


def main() -> None:
    args = parse_args()
    pages = synth_pages(args) if args.split == 'synth-pages' else sroie_pages(
        args)
    os.makedirs(args.out_dir, exist_ok=True)
    rows: Dict[str, Dict] = {}
    for name in args.engines:
        engine = make_engine(name, args).spot
        engine(pages[0][1]())  # warm-up
        matched = num_gt = num_pred = 0
        seconds, preds = 0., {}
        for stem, load, gt_polys, gt_texts in tqdm(pages, desc=name,
                                                   file=sys.stderr):
            img = load()
            start = time.perf_counter()
            lines = engine(img)
            seconds += time.perf_counter() - start
            pairs = match_lines(gt_polys, gt_texts, [p for p, _ in lines],
                                [t for _, t in lines])
            matched += len(pairs)
            num_gt += len(gt_polys)
            num_pred += len(lines)
            preds[stem] = [dict(poly=p, text=t) for p, t in lines]
        rows[name] = dict(
            spotting_scores(matched, num_gt, num_pred),
            sec_per_page=seconds / len(pages),
            pages=len(pages),
            gt_lines=num_gt,
            pred_lines=num_pred)
        with open(osp.join(args.out_dir, f'preds_{name}.json'), 'w',
                  encoding='utf-8') as f:
            json.dump(preds, f, ensure_ascii=False)
    what = {
        'heldout': 'SROIE held-out receipts',
        'train': 'SROIE training receipts',
        'synth-pages': 'Synthetic pages, held-out text and fonts'
    }[args.split]
    table = [
        f'{what} ({len(pages)} pages), '
        f'{args.threads} CPU thread(s); a line counts at IoU >= 0.5 with '
        'equal ignore-case-symbol text', '',
        '| engine | line recall | line precision | h-mean | s/page |',
        '|---|---|---|---|---|'
    ]
    for name, r in rows.items():
        table.append(f'| {name} | {r["recall"]:.3f} | {r["precision"]:.3f} '
                     f'| {r["hmean"]:.3f} | {r["sec_per_page"]:.2f} |')
    print('\n'.join(table))
    with open(osp.join(args.out_dir, 'results.md'), 'w') as f:
        f.write('\n'.join(table) + '\n')
    with open(osp.join(args.out_dir, 'results.json'), 'w') as f:
        json.dump(rows, f, indent=1)


if __name__ == '__main__':
    main()
