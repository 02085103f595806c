"""Spot the text in images: the shipped line detector, then the shipped
recognizer on perspective-warped line crops.

Example::

    python tools/infer.py docs/demo/demo_page.jpg --out-dir results
    python tools/infer.py 'photos/*.jpg' --out-dir results --device cuda
    python tools/infer.py scans/ --rec CONFIG --rec-weights CKPT
    python tools/infer.py scans/ --rec-onnx rec.onnx  # onnxruntime

For each image it writes ``OUT/preds/<name>.json`` as
``{"lines": [{"poly": [x1, y1, ...], "text": "...", "score": 0.0}, ...]}``
(lines in reading order) and ``OUT/vis/<name>.jpg``, and prints the text.
A file that cannot be read is reported and skipped; the exit status is 1
when any was.
"""
import argparse
import glob
import json
import os
import os.path as osp
import sys
import time
from typing import List

import cv2
from tqdm import tqdm

from ocrrec_plugin.apis import TextSpotter, load_line_image
from ocrrec_plugin.apis.text_spotter import DEFAULT_CROP_MARGIN
from ocrrec_plugin.visualization import draw_spotting

IMG_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split('\n\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('inputs', help='an image, a folder or a glob')
    parser.add_argument('--out-dir', default='results/infer')
    parser.add_argument('--det', help='detector config or model-zoo name '
                        '(default: the shipped DBNet)')
    parser.add_argument('--det-weights', help='detector checkpoint')
    parser.add_argument('--rec', help='recognizer config or model-zoo name '
                        '(default: the shipped recognizer with the LM)')
    parser.add_argument('--rec-weights', help='recognizer checkpoint')
    parser.add_argument('--rec-onnx', help='read lines with this ONNX export '
                        'of the recognizer (onnxruntime, CPU)')
    parser.add_argument('--batch-size', type=int, default=32,
                        help='line crops per recognizer pass')
    parser.add_argument('--device', default='cpu', help='cpu, cuda, cuda:N')
    parser.add_argument('--min-det-score', type=float, default=0.3)
    parser.add_argument(
        '--crop-margin', type=float, default=DEFAULT_CROP_MARGIN,
        help='grow each detected line by this fraction of its height '
        'before reading it')
    parser.add_argument('--no-vis', action='store_true',
                        help='do not write OUT/vis')
    parser.add_argument('--quiet', action='store_true',
                        help='do not print the text')
    return parser.parse_args()


def list_inputs(spec: str) -> List[str]:
    """Files named by an image path, a folder (not recursive) or a glob."""
    if osp.isdir(spec):
        files = [
            osp.join(spec, f) for f in os.listdir(spec)
            if f.lower().endswith(IMG_EXTENSIONS)
        ]
    elif osp.isfile(spec):
        files = [spec]
    else:
        files = [f for f in glob.glob(spec) if osp.isfile(f)]
    return sorted(files)


def main() -> int:
    args = parse_args()
    files = list_inputs(args.inputs)
    if not files:
        print(f'no images found at {args.inputs}', file=sys.stderr)
        return 2
    spotter = TextSpotter(
        det_config=args.det,
        det_weights=args.det_weights,
        rec_config=args.rec,
        rec_weights=args.rec_weights,
        device=args.device,
        batch_size=args.batch_size,
        min_det_score=args.min_det_score,
        rec_onnx=args.rec_onnx,
        crop_margin=args.crop_margin)
    os.makedirs(osp.join(args.out_dir, 'preds'), exist_ok=True)
    if not args.no_vis:
        os.makedirs(osp.join(args.out_dir, 'vis'), exist_ok=True)
    failed = []
    start = time.perf_counter()
    bar = tqdm(files, unit='img', disable=len(files) < 2, file=sys.stderr)
    for path in bar:
        name = osp.splitext(osp.basename(path))[0]
        try:
            img = load_line_image(path)  # names the file when unreadable
            lines = spotter(img)
        except ValueError as e:
            failed.append(str(e))
            tqdm.write(f'skipped: {e}', file=sys.stderr)
            continue
        with open(osp.join(args.out_dir, 'preds', f'{name}.json'), 'w',
                  encoding='utf-8') as f:
            json.dump(dict(lines=[line.to_dict() for line in lines]),
                      f,
                      ensure_ascii=False,
                      indent=1)
        if not args.no_vis:
            vis = draw_spotting(img, [line.poly for line in lines],
                                [line.text for line in lines])
            cv2.imwrite(osp.join(args.out_dir, 'vis', f'{name}.jpg'), vis)
        if not args.quiet:
            rows = {}  # reading-order rows, one printed line each
            for line in lines:
                rows.setdefault(line.row, []).append(line.text)
            text = '\n'.join('  '.join(row) for row in rows.values())
            tqdm.write(f'== {path}\n{text}')
    done = len(files) - len(failed)
    print(f'{done} image(s) read in {time.perf_counter() - start:.1f} s, '
          f'{len(failed)} skipped; results in {args.out_dir}',
          file=sys.stderr)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
