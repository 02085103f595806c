"""Render synthetic Chinese + English text lines (or pages) to disk.

Text lines go to an LMDB that MMOCR's ``RecogLMDBDataset`` reads, and / or
to image files with a ``labels.json`` in MMOCR's textrecog format; pages go
to image files with a ``labels.json`` in MMOCR's textdet format. Work is
spread over processes; the tool prints lines rendered per second per core.

Examples::

    # 200k training lines into data/synth_cn_en/train/textrecog.lmdb
    python tools/make_synth.py --num 200000 --out data/synth_cn_en/train
    # 2k validation lines as files, another seed, no degradations
    python tools/make_synth.py --num 2000 --seed 1 --clean --format files \\
        --out data/synth_cn_en/val
    # 1k pages for the line detector
    python tools/make_synth.py --task textdet --num 1000 \\
        --out data/synth_pages/train
    # contact sheet of 48 samples with their labels
    python tools/make_synth.py --preview docs/synth_preview.png
"""
import argparse
import json
import multiprocessing as mp
import os
import os.path as osp
import shutil
import time
from typing import List, Optional, Tuple

import cv2
import numpy as np

from ocrrec_plugin.datasets.recog_lmdb_writer import (RecogLMDBWriter,
                                                      encode_image)
from ocrrec_plugin.datasets.synth.backgrounds import default_photo_dirs
from ocrrec_plugin.datasets.synth.fonts import HELDOUT_FONTS
from ocrrec_plugin.datasets.synth.generator import SynthLineGenerator

_GEN: Optional[SynthLineGenerator] = None


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Render synthetic text lines or pages.',
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument('--task', choices=['textrecog', 'textdet'],
                        default='textrecog')
    parser.add_argument('--num', type=int, default=1000,
                        help='number of lines (or pages)')
    parser.add_argument('--start', type=int, default=0,
                        help='first sample index')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--out', default='data/synth_cn_en/train',
                        help='output folder')
    parser.add_argument('--format', choices=['lmdb', 'files', 'both'],
                        default='lmdb',
                        help='textrecog output (textdet always writes files)')
    parser.add_argument('--height', type=int, default=32,
                        help='line height in pixels')
    parser.add_argument('--min-chars', type=int, default=1)
    parser.add_argument('--max-chars', type=int, default=48)
    parser.add_argument('--clean', action='store_true',
                        help='no degradations')
    parser.add_argument('--bg-dir', nargs='*', default=None,
                        help='real photos / scans for backgrounds (default: '
                        '../shared/data/sroie_train/img when present)')
    parser.add_argument('--dict', default=None, help='character dictionary')
    parser.add_argument('--workers', type=int, default=os.cpu_count() or 1)
    parser.add_argument('--chunk', type=int, default=128,
                        help='samples per task sent to a worker')
    parser.add_argument('--no-warm-up', dest='warm_up', action='store_false',
                        help='skip rasterising common glyphs before the '
                        'workers fork')
    parser.add_argument('--ext', choices=['.jpg', '.png'], default='.jpg')
    parser.add_argument('--quality', type=int, default=95)
    parser.add_argument('--overwrite', action='store_true')
    parser.add_argument('--no-progress', action='store_true')
    parser.add_argument('--kinds', nargs='+', default=None,
                        help='line kinds to draw (e.g. zh_text); default: '
                        'the full mixture')
    parser.add_argument('--text-split',
                        choices=['train', 'heldout', 'independent'],
                        help='running text from the training or held-out '
                        'corpus passages only, or from the independent '
                        'sources no training stage reads')
    parser.add_argument('--ascii-punct-prob', type=float, default=0.,
                        help='share of lines whose full-width punctuation is '
                        'printed in ASCII')
    parser.add_argument('--style', choices=sorted(STYLES), default=None,
                        help='a look other than the training mixture: '
                        + '; '.join(f'{k}: {v["help"]}'
                                    for k, v in sorted(STYLES.items())))
    parser.add_argument('--if-changed', action='store_true',
                        help='skip when --out already holds this set '
                        '(same settings and held-out fonts, recorded in '
                        'synth_settings.json), else render it anew')
    parser.add_argument('--font-split', choices=['train', 'heldout'],
                        help='the training or held-out font designs only')
    parser.add_argument('--preview', default=None, metavar='PNG',
                        help='only draw a contact sheet of samples with '
                        'their labels to this file')
    parser.add_argument('--preview-num', type=int, default=48)
    parser.add_argument('--preview-width', type=int, default=400,
                        help='width of one preview cell')
    return parser.parse_args(argv)


SETTINGS_FILE = 'synth_settings.json'
# Looks for validation sets: generator settings, and what a scanner does
# after rendering ('binarise': every other line thresholded).
STYLES = dict(
    document=dict(
        help='print on paper, every other line binarised, as scanned '
        'documents',
        bg_kind_weights=dict(paper=1.0),
        degrade_probs=dict(perspective=0., rotate=0.2, light=0.1, blur=0.2,
                           motion_blur=0., lowres=0.2, noise=0.2, jpeg=0.3,
                           contrast=0.),
        binarise=True),
    scene=dict(
        help='scene words on curved and perspective baselines, coloured '
        'and photographed backgrounds, shadows',
        bg_kind_weights=dict(flat=0.2, gradient=0.2, noise=0.2, photo=0.4),
        degrade_probs=dict(curve=0.45, scene_perspective=0.45, shadow=0.3),
        binarise=False),
)


def build_generator(args: argparse.Namespace) -> SynthLineGenerator:
    bg = args.bg_dir if args.bg_dir is not None else default_photo_dirs()
    style = STYLES.get(args.style, {})
    return SynthLineGenerator(
        dict_file=args.dict,
        height=args.height,
        seed=args.seed,
        min_chars=args.min_chars,
        max_chars=args.max_chars,
        bg_image_dirs=bg,
        clean=args.clean,
        kind_weights=None if args.kinds is None else dict.fromkeys(
            args.kinds, 1.0),
        text_split=args.text_split,
        font_split=args.font_split,
        ascii_punct_prob=args.ascii_punct_prob,
        bg_kind_weights=style.get('bg_kind_weights'),
        degrade_probs=style.get('degrade_probs'))


def settings(args: argparse.Namespace) -> dict:
    """What determines a rendered set: the arguments that change its
    samples and the held-out font designs (output and speed options left
    out)."""
    skip = {'out', 'workers', 'chunk', 'no_progress', 'overwrite',
            'if_changed', 'preview', 'preview_num', 'preview_width',
            'warm_up'}
    out = {k: v for k, v in sorted(vars(args).items()) if k not in skip}
    out['heldout_fonts'] = list(HELDOUT_FONTS)
    return out


# ----------------------------------------------------------------- workers
def _init_worker(gen: SynthLineGenerator) -> None:
    global _GEN
    _GEN = gen.setup()


def binarise(img: np.ndarray) -> np.ndarray:
    """Threshold a line as a bilevel scanner does (Otsu), black print on
    white, in 3 channels.

    Args:
        img (np.ndarray): uint8 BGR image of shape (H, W, 3).

    Returns:
        np.ndarray: uint8 image of shape (H, W, 3) holding 0 and 255 only.
    """
    grey = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    _, bw = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if bw.mean() < 128:  # paper is the majority: keep it white
        bw = 255 - bw
    return cv2.cvtColor(bw, cv2.COLOR_GRAY2BGR)


def _render_chunk(job: Tuple[str, List[int], str, int, bool]):
    """Render and encode a chunk; returns the samples and the CPU seconds
    this worker spent rendering and in total (CPU time, so that other jobs on
    the machine do not deflate the per-core rate)."""
    task, idxs, ext, quality, binarise_odd = job
    out = []
    render_s = 0.0
    t0 = time.process_time()
    for i in idxs:
        t = time.process_time()
        s = _GEN(i) if task == 'textrecog' else _GEN.page(i)
        if binarise_odd and i % 2:
            s['img'] = binarise(s['img'])
        render_s += time.process_time() - t
        buf = encode_image(s['img'], ext, quality)
        if task == 'textrecog':
            out.append((i, buf, s['text'], s['font']))
        else:
            h, w = s['img'].shape[:2]
            out.append((i, buf, s['instances'], (h, w)))
    return out, render_s, time.process_time() - t0


def _progress(total: int, disable: bool):
    try:
        from tqdm import tqdm
        return tqdm(total=total, disable=disable, unit='img', smoothing=0.05)
    except ImportError:  # pragma: no cover - tqdm ships with the venv
        class _Bar:

            def __init__(self):
                self.n = 0

            def update(self, k):
                self.n += k
                if not disable and self.n % 1000 < k:
                    print(f'{self.n}/{total}', flush=True)

            def close(self):
                pass

        return _Bar()


def generate(args: argparse.Namespace) -> dict:
    """Render ``args.num`` samples in parallel and write them.

    Returns:
        dict: ``num``, ``wall_s``, ``render_s`` and ``busy_s`` (summed over
        workers), ``workers``.
    """
    gen = build_generator(args)
    t_setup = time.perf_counter()
    # Corpus, fonts and a warm glyph cache, shared with the forked workers.
    n_glyphs = gen.warm_up() if args.warm_up else len(gen.setup().fonts)
    setup_s = time.perf_counter() - t_setup
    idxs = list(range(args.start, args.start + args.num))
    binarise_odd = STYLES.get(args.style, {}).get('binarise', False)
    jobs = [(args.task, idxs[k:k + args.chunk], args.ext, args.quality,
             binarise_odd) for k in range(0, len(idxs), args.chunk)]
    os.makedirs(args.out, exist_ok=True)
    write_lmdb = args.task == 'textrecog' and args.format in ('lmdb', 'both')
    write_files = args.task == 'textdet' or args.format in ('files', 'both')
    writer = RecogLMDBWriter(
        osp.join(args.out, 'textrecog.lmdb'),
        overwrite=args.overwrite) if write_lmdb else None
    if write_files:
        os.makedirs(osp.join(args.out, 'imgs'), exist_ok=True)
    data_list = []
    render_s = busy_s = 0.0
    bar = _progress(args.num, args.no_progress)
    t0 = time.perf_counter()
    if args.workers > 1:
        ctx = mp.get_context('fork')
        pool = ctx.Pool(args.workers, initializer=_init_worker,
                        initargs=(gen, ))
        results = pool.imap(_render_chunk, jobs)
    else:
        _init_worker(gen)
        pool = None
        results = map(_render_chunk, jobs)
    try:
        for chunk, r_s, b_s in results:
            render_s += r_s
            busy_s += b_s
            for i, buf, ann, extra in chunk:
                name = f'{i:09d}{args.ext}'
                if writer is not None:
                    writer.add(buf, ann)
                if write_files:
                    with open(osp.join(args.out, 'imgs', name), 'wb') as f:
                        f.write(buf)
                    if args.task == 'textrecog':
                        data_list.append(
                            dict(
                                img_path=f'imgs/{name}',
                                instances=[dict(text=ann)]))
                    else:
                        data_list.append(
                            dict(
                                img_path=f'imgs/{name}',
                                height=extra[0],
                                width=extra[1],
                                instances=ann))
            bar.update(len(chunk))
    finally:
        bar.close()
        if pool is not None:
            pool.close()
            pool.join()
        if writer is not None:
            writer.close()
    wall_s = time.perf_counter() - t0
    if write_files:
        meta = dict(dataset_type='TextRecogDataset', task_name='textrecog') \
            if args.task == 'textrecog' else dict(
                dataset_type='TextDetDataset',
                task_name='textdet',
                category=[dict(id=0, name='text')])
        with open(osp.join(args.out, 'labels.json'), 'w',
                  encoding='utf-8') as f:
            json.dump(dict(metainfo=meta, data_list=data_list), f,
                      ensure_ascii=False)
        with open(osp.join(args.out, SETTINGS_FILE), 'w',
                  encoding='utf-8') as f:
            json.dump(settings(args), f, ensure_ascii=False, indent=1)
    unit = 'lines' if args.task == 'textrecog' else 'pages'
    print('set-up (corpus, fonts' +
          (f', {n_glyphs} glyphs warmed' if args.warm_up else '') +
          f'): {setup_s:.1f} s')
    print(f'{args.num} {unit} at height {args.height} in {wall_s:.1f} s with '
          f'{args.workers} worker(s): {args.num / wall_s:.0f} {unit}/s')
    print(f'per core (CPU time of the workers): '
          f'{args.num / max(render_s, 1e-9):.0f} {unit}/s rendered, '
          f'{args.num / max(busy_s, 1e-9):.0f} {unit}/s rendered + encoded')
    print(f'written to {args.out}')
    return dict(num=args.num, wall_s=wall_s, render_s=render_s,
                busy_s=busy_s, workers=args.workers)


# ----------------------------------------------------------------- preview
def preview(args: argparse.Namespace) -> np.ndarray:
    """Draw a contact sheet: each cell a sample and its label below it.

    Returns:
        np.ndarray: The sheet, uint8 BGR.
    """
    from PIL import Image, ImageDraw
    gen = build_generator(args).setup()
    label_face = next((f for d in ('Noto Sans CJK', 'WenQuanYi Micro Hei',
                                   'Droid Sans Fallback')
                       for f in gen.fonts.cjk.get(d, [])
                       if 'Bold' not in f.style), gen.fonts.faces[0])
    cols = 2 if args.task == 'textrecog' else 3
    cell_w = args.preview_width if args.task == 'textrecog' else 360
    n = args.preview_num if args.task == 'textrecog' else min(
        args.preview_num, 6)
    cells = []
    for i in range(args.start, args.start + n):
        if args.task == 'textrecog':
            s = gen(i)
            img = s['img'][:, :cell_w]
            label = s['text']
        else:
            s = gen.page(i)
            img = s['img'].copy()
            for ins in s['instances']:
                pts = np.array(ins['polygon']).reshape(-1, 1, 2)
                cv2.polylines(img, [pts.astype(np.int32)], True, (0, 0, 255),
                              2)
            scale = cell_w / img.shape[1]
            img = cv2.resize(img, None, fx=scale, fy=scale,
                             interpolation=cv2.INTER_AREA)
            label = f'{len(s["instances"])} lines'
        lh = 18
        cell = np.full((img.shape[0] + lh + 8, cell_w, 3), 255, np.uint8)
        cell[:img.shape[0], :img.shape[1]] = img
        pil = Image.fromarray(cell[..., ::-1])
        draw = ImageDraw.Draw(pil)
        font = gen.fonts.font(label_face, 14)
        draw.text((2, img.shape[0] + 2), label, font=font, fill=(200, 0, 0))
        cells.append(np.asarray(pil)[..., ::-1])
    rows = []
    for r in range(0, len(cells), cols):
        row = cells[r:r + cols]
        hmax = max(c.shape[0] for c in row)
        row = [
            np.pad(c, ((0, hmax - c.shape[0]), (0, 6), (0, 0)),
                   constant_values=235) for c in row
        ]
        while len(row) < cols:
            row.append(np.full_like(row[0], 235))
        rows.append(np.hstack(row))
    return np.vstack(rows)


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.preview:
        from PIL import Image
        sheet = preview(args)
        os.makedirs(osp.dirname(osp.abspath(args.preview)), exist_ok=True)
        # A 256-colour palette keeps the sheet small enough for a README.
        Image.fromarray(sheet[..., ::-1]).quantize(256).save(
            args.preview, optimize=True)
        print(f'preview of {args.preview_num} samples written to '
              f'{args.preview}')
        return
    if args.if_changed:
        path = osp.join(args.out, SETTINGS_FILE)
        if osp.isfile(path):
            with open(path, encoding='utf-8') as f:
                if json.load(f) == settings(args):
                    print(f'{args.out} is current: left alone')
                    return
        # Render beside the old set and swap, so that an interrupted run
        # leaves the old set whole.
        final, args.out = args.out, args.out.rstrip('/') + '.rendering'
        shutil.rmtree(args.out, ignore_errors=True)
        generate(args)
        shutil.rmtree(final, ignore_errors=True)
        os.replace(args.out, final)
        return
    generate(args)


if __name__ == '__main__':
    main()
