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
import json
import os
import os.path as osp
import sys
import time
from contextlib import contextmanager, nullcontext
from typing import Dict, Iterator, List, Tuple

import numpy as np
import torch
from tqdm import tqdm

from ocrrec_plugin.apis import SpotEngine, build_engine
from ocrrec_plugin.apis.line_recognizer import ImageLike, load_page
from ocrrec_plugin.apis.text_spotter import (DEFAULT_CROP_END_MARGIN,
                                             DEFAULT_CROP_MARGIN,
                                             DEFAULT_DECODE_MIN_SIDE,
                                             DEFAULT_FIT_TO_INK, STAGES,
                                             TextSpotter)
from ocrrec_plugin.datasets.converters import (group_receipts_by_shop, is_val,  # noqa
                                               read_sroie_csv)
from ocrrec_plugin.evaluation import (match_lines,  # noqa
                                      normalize_ignore_case_symbol,
                                      spotting_scores)
from ocrrec_plugin.utils.quad import order_quad  # noqa

#: A labelled page: name, image (a file, or pixels for synthetic pages),
#: line polygons, line texts.
Page = Tuple[str, ImageLike, List[List[float]], List[str]]
#: Pages with a longer side of at least this many pixels are large scans in
#: the stage table (SROIE holds 620-2000 px photos and 6000-7000 px scans).
LARGE_SCAN = 4000


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
    parser.add_argument('--crop-end-margin', type=float,
                        default=DEFAULT_CROP_END_MARGIN,
                        help='our crop margin at line ends (TextSpotter\'s '
                        'crop_end_margin)')
    parser.add_argument('--split-gap', type=float, default=1.5,
                        help='our field-gap split (TextSpotter\'s '
                        'split_gap); 0 keeps the detector\'s lines')
    parser.add_argument('--fit-to-ink', type=float,
                        default=DEFAULT_FIT_TO_INK,
                        help='our growing of lines to their ink '
                        '(TextSpotter\'s fit_to_ink); 0 keeps the '
                        'detector\'s outlines')
    parser.add_argument('--decode-min-side', type=int,
                        default=DEFAULT_DECODE_MIN_SIDE,
                        help='our reduced JPEG decoding (TextSpotter\'s '
                        'decode_min_side); 0 decodes at full size')
    parser.add_argument('--threads', type=int, default=2,
                        help='CPU threads for every engine')
    parser.add_argument('--limit', type=int, help='first N pages only')
    parser.add_argument(
        '--crop-gap',
        action='store_true',
        help='also read the annotated crops of each page with our '
        'recognizer, beside the spotter\'s crops of the same lines '
        '(matched by IoU >= 0.5): whether lines are lost to detection and '
        'cropping or to reading')
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
                            crop_end_margin=args.crop_end_margin,
                            split_gap=args.split_gap or None,
                            fit_to_ink=args.fit_to_ink or None,
                            decode_min_side=args.decode_min_side or None)
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
        pages.append((stem, path, [q.ravel().tolist() for q, _ in anns],
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
        pages.append((f'synth_page_{i:03d}', info['img'],
                      [x['polygon'] for x in lines],
                      [x['text'] for x in lines]))
    return pages


class StageClock:
    """Seconds per stage of our spotter, summed over pages by size class.

    The recognizer's postprocessor (CTC decoding with the language model)
    is timed apart from the network, inside the spotter's ``recognize``,
    while :meth:`running`.
    """

    def __init__(self, spotter: TextSpotter) -> None:
        self.spotter = spotter
        self.lm = 0.
        self.active = False
        self.pages: Dict[str, int] = {}
        self.seconds: Dict[str, Dict[str, float]] = {}
        decoder = spotter.recognizer.inferencer.model.decoder
        postprocess = decoder.postprocessor
        clock = self

        class Timed:

            def __call__(self, *args, **kwargs):
                start = time.perf_counter()
                try:
                    return postprocess(*args, **kwargs)
                finally:
                    if clock.active:
                        clock.lm += time.perf_counter() - start

        decoder.postprocessor = Timed()

    @contextmanager
    def running(self) -> Iterator[None]:
        """Time the LM inside this block (one spotter call)."""
        self.active = True
        try:
            yield
        finally:
            self.active = False

    def add(self, size_class: str) -> None:
        """Book the spotter's last call to ``size_class``."""
        t = dict(self.spotter.timings)
        t['network'], t['lm'] = t.pop('recognize') - self.lm, self.lm
        self.lm = 0.
        total = self.seconds.setdefault(size_class, {})
        for k, v in t.items():
            total[k] = total.get(k, 0.) + v
        self.pages[size_class] = self.pages.get(size_class, 0) + 1

    def table(self) -> List[str]:
        cols = [s for s in STAGES if s != 'recognize'] + ['network', 'lm']
        rows = [
            'Seconds per page by stage (ours): network is the recognizer '
            'without its CTC + LM decoding (lm)', '',
            '| pages | n | ' + ' | '.join(cols) + ' | total |',
            '|---' * (len(cols) + 3) + '|'
        ]
        for name, t in self.seconds.items():
            n = self.pages[name]
            rows.append(f'| {name} | {n} | ' +
                        ' | '.join(f'{t[c] / n:.3f}' for c in cols) +
                        f' | {sum(t.values()) / n:.3f} |')
        return rows


def size_class(img: np.ndarray, scale: float) -> str:
    """The page's size class by its file's longer side (``scale`` from
    :func:`load_page`)."""
    long_side = max(img.shape[:2]) * scale
    return (f'large scans (>= {LARGE_SCAN} px)' if long_side >= LARGE_SCAN
            else f'photos (< {LARGE_SCAN} px)')


class CropGap:
    """Our recognizer on annotated crops against the spotter's crops of the
    same lines.

    Over the annotated lines that a detected line overlaps (IoU >= 0.5,
    one to one), counts how many read right (ignore-case-symbol) from the
    annotated quadrilateral and how many from the detected one, both cut
    by :func:`crop_lines` with the spotter's margin; and how many
    annotated crops read right over all annotated lines.
    """

    def __init__(self, spotter: TextSpotter) -> None:
        self.spotter = spotter
        self.counts = dict(gt=0, gt_right=0, matched=0, matched_gt_right=0,
                           matched_det_right=0)
        self.examples: List[Dict[str, str]] = []

    def add(self, img: np.ndarray, gt_polys: List[np.ndarray],
            gt_texts: List[str]) -> None:
        """Count one page, its annotated polygons in ``img``'s pixels."""
        gt_quads = [order_quad(np.float32(p).reshape(4, 2)) for p in gt_polys]
        det_quads, _ = self.spotter.detect(img)
        gt_read = self.spotter.read(img, gt_quads)
        det_read = self.spotter.read(img, det_quads)
        right = [
            r is not None and normalize_ignore_case_symbol(r.text) ==
            normalize_ignore_case_symbol(t) for r, t in zip(gt_read, gt_texts)
        ]
        self.counts['gt'] += len(gt_texts)
        self.counts['gt_right'] += sum(right)
        pairs = match_lines([q.ravel().tolist() for q in gt_quads], gt_texts,
                            [q.ravel().tolist() for q in det_quads],
                            [''] * len(det_quads), with_text=False)
        for i, j in pairs:
            det_text = det_read[j].text if det_read[j] else ''
            det_right = (normalize_ignore_case_symbol(det_text) ==
                         normalize_ignore_case_symbol(gt_texts[i]))
            self.counts['matched'] += 1
            self.counts['matched_gt_right'] += right[i]
            self.counts['matched_det_right'] += det_right
            if right[i] and not det_right:
                self.examples.append(
                    dict(truth=gt_texts[i], annotated=gt_read[i].text,
                         detected=det_text))

    def table(self) -> List[str]:
        c = self.counts
        m = max(c['matched'], 1)
        return [
            'Our recognizer on annotated crops and on the spotter\'s crops '
            '(ignore-case-symbol line accuracy)', '',
            '| lines | n | annotated crops | spotter crops |',
            '|---|---|---|---|',
            f'| all annotated | {c["gt"]} | '
            f'{c["gt_right"] / max(c["gt"], 1):.3f} | |',
            f'| annotated and detected (IoU >= 0.5) | {c["matched"]} | '
            f'{c["matched_gt_right"] / m:.3f} | '
            f'{c["matched_det_right"] / m:.3f} |'
        ]


def main() -> None:
    args = parse_args()
    pages = synth_pages(args) if args.split == 'synth-pages' else sroie_pages(
        args)
    os.makedirs(args.out_dir, exist_ok=True)
    rows: Dict[str, Dict] = {}
    extra: List[str] = []
    for name in args.engines:
        engine = make_engine(name, args)
        engine.spot(pages[0][1])  # warm-up
        ours = name == 'ours'
        clock = StageClock(engine.spotter) if ours else None
        gap = CropGap(engine.spotter) if ours and args.crop_gap else None
        matched = num_gt = num_pred = 0
        seconds, preds = 0., {}
        for stem, image, gt_polys, gt_texts in tqdm(pages, desc=name,
                                                    file=sys.stderr):
            start = time.perf_counter()
            with clock.running() if clock else nullcontext():
                lines = engine.spot(image)
            seconds += time.perf_counter() - start
            if clock is not None:
                img, scale = load_page(image, min_side=args.decode_min_side
                                       or None)
                clock.add(size_class(img, scale))
                if gap is not None:
                    gap.add(img, [np.float32(p) / scale for p in gt_polys],
                            gt_texts)
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
        if clock is not None:
            extra += [''] + clock.table()
            rows[name]['stage_seconds'] = clock.seconds
            rows[name]['stage_pages'] = clock.pages
        if gap is not None:
            extra += [''] + gap.table()
            rows[name]['crop_gap'] = gap.counts
            with open(osp.join(args.out_dir, 'crop_gap_examples.json'), 'w',
                      encoding='utf-8') as f:
                json.dump(gap.examples, f, ensure_ascii=False, indent=1)
        with open(osp.join(args.out_dir, f'preds_{name}.json'), 'w',
                  encoding='utf-8') as f:
            json.dump(preds, f, ensure_ascii=False)
    what = {
        'heldout': f'SROIE held-out receipts (split by {args.split_by})',
        'train': 'SROIE training receipts',
        'synth-pages': 'Synthetic pages, held-out text and fonts'
    }[args.split]
    table = [
        f'{what} ({len(pages)} pages), '
        f'{args.threads} CPU thread(s); a line counts at IoU >= 0.5 with '
        'equal ignore-case-symbol text; s/page includes reading the file',
        '', '| engine | line recall | line precision | h-mean | s/page |',
        '|---|---|---|---|---|'
    ]
    for name, r in rows.items():
        table.append(f'| {name} | {r["recall"]:.3f} | {r["precision"]:.3f} '
                     f'| {r["hmean"]:.3f} | {r["sec_per_page"]:.2f} |')
    table += extra
    print('\n'.join(table))
    with open(osp.join(args.out_dir, 'results.md'), 'w') as f:
        f.write('\n'.join(table) + '\n')
    with open(osp.join(args.out_dir, 'results.json'), 'w') as f:
        json.dump(rows, f, indent=1)


if __name__ == '__main__':
    main()
