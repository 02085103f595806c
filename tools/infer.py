"""Spot the text in images: the shipped line detector, then the shipped
recognizer on perspective-warped line crops.

Example::

    python tools/infer.py docs/demo/demo_page.jpg --out-dir results
    python tools/infer.py 'photos/*.jpg' --out-dir results --device cuda
    python tools/infer.py scans/ --rec CONFIG --rec-weights CKPT
    python tools/infer.py scans/ --rec-onnx rec.onnx  # onnxruntime

For each image it writes ``OUT/preds/<file name>.json`` as
``{"lines": [{"poly": [x1, y1, ...], "text": "...", "score": 0.0}, ...]}``
(lines in reading order) and ``OUT/vis/<file name>.jpg`` (``.png`` when
the visualisation is wider or taller than JPEG allows, 65,500 px in
libjpeg), and prints the text.

Output names keep the input's whole file name, extension included, so that
no two inputs share an output: ``a.jpg`` and ``a.png`` give
``preds/a.jpg.json`` and ``preds/a.png.json``, ``vis/a.jpg.jpg`` and
``vis/a.png.jpg``. Inputs from several folders (a glob) keep their path
below the folders' common parent (``preds/x/a.jpg.json``). Every output is
written to a temporary name in its folder and renamed, so a file there is
whole or absent.

Images in a folder or glob are recognised by extension or by content
(GIF and multi-page TIFF are read at their first frame); other files (PDF,
text, ...) are listed as skipped, with the reason. An image that cannot be
read, detected, recognised or written (permission, full disk) is reported
with its name and the others go on. The last line counts the images read,
failed and skipped; the exit status is 1 when any failed.
"""
import argparse
import glob
import json
import os
import os.path as osp
import sys
import tempfile
import time
from typing import Iterator, List, Optional, Sequence, Tuple, Union

import cv2
import numpy as np
from tqdm import tqdm

from ocrrec_plugin.apis import TextSpotter, load_page
from ocrrec_plugin.apis.line_recognizer import describe_error
from ocrrec_plugin.apis.text_spotter import (DEFAULT_CROP_END_MARGIN,
                                             DEFAULT_CROP_MARGIN,
                                             DEFAULT_DECODE_MIN_SIDE,
                                             DEFAULT_FIT_TO_INK)
from ocrrec_plugin.visualization import draw_spotting

IMG_EXTENSIONS = ('.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.bmp', '.tif',
                  '.tiff', '.webp', '.gif', '.jp2', '.pbm', '.pgm', '.ppm',
                  '.pnm')
#: First bytes of image files, for images named otherwise.
IMG_MAGIC = (b'\xff\xd8\xff', b'\x89PNG\r\n\x1a\n', b'GIF87a', b'GIF89a',
             b'II*\x00', b'MM\x00*', b'BM', b'\x00\x00\x00\x0cjP  ')
#: The largest width or height libjpeg writes (the format's own limit is
#: 65,535 px).
JPEG_MAX_SIDE = 65500


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
    parser.add_argument(
        '--crop-end-margin', type=float, default=DEFAULT_CROP_END_MARGIN,
        help='grow each detected line at both ends by this fraction of its '
        'height')
    parser.add_argument(
        '--split-gap', type=float, default=1.5,
        help='split a detected line at blank gaps this many line heights '
        'wide (fields of one receipt row); 0 keeps the detector\'s lines')
    parser.add_argument(
        '--fit-to-ink', type=float, default=DEFAULT_FIT_TO_INK,
        help='grow each detected line up and down to the ink its outline '
        'cuts through, searching this many line heights; 0 keeps the '
        'detector\'s outlines')
    parser.add_argument(
        '--page-batch', type=int, default=1,
        help='pages whose lines are read in shared recognizer batches')
    parser.add_argument(
        '--decode-min-side', type=int, default=DEFAULT_DECODE_MIN_SIDE,
        help='decode a large JPEG at 1/2, 1/4 or 1/8 size keeping at least '
        'this many pixels on its longer side; 0 decodes at full size')
    parser.add_argument('--no-vis', action='store_true',
                        help='do not write OUT/vis')
    parser.add_argument('--quiet', action='store_true',
                        help='do not print the text')
    args = parser.parse_args()
    if args.page_batch < 1:
        parser.error(f'--page-batch must be >= 1, got {args.page_batch}')
    return args


def skip_reason(path: str) -> Optional[str]:
    """Why a file found in a folder or glob is not read, or None when it
    is an image by name or by content.

    Args:
        path (str): The file.

    Returns:
        str | None: The reason, e.g. for a PDF or a text file.
    """
    if path.lower().endswith(IMG_EXTENSIONS):
        return None
    try:
        with open(path, 'rb') as f:
            head = f.read(16)
    except OSError:
        return None  # an input: reading it will report why it cannot be
    if head.startswith(IMG_MAGIC) or (head[:4] == b'RIFF'
                                      and head[8:12] == b'WEBP'):
        return None
    if head.startswith(b'%PDF-'):
        return ('a PDF document, not read: convert its pages to images '
                'first (e.g. pdftoppm -png)')
    ext = osp.splitext(path)[1] or 'no extension'
    return f'not an image ({ext}, by name and content)'


def list_inputs(spec: str) -> Tuple[List[str], List[Tuple[str, str]]]:
    """Files named by an image path, a folder (not recursive) or a glob.

    Args:
        spec (str): The path, folder or glob.

    Returns:
        tuple: The images to read, sorted, and ``(path, reason)`` for the
        files of a folder or glob that are not images (see
        :func:`skip_reason`). A file named alone is always read.
    """
    if osp.isfile(spec):
        return [spec], []
    if osp.isdir(spec):
        found = [osp.join(spec, f) for f in os.listdir(spec)]
    else:
        found = glob.glob(spec)
    files, skipped = [], []
    for path in sorted(f for f in found if osp.isfile(f)):
        reason = skip_reason(path)
        if reason is None:
            files.append(path)
        else:
            skipped.append((path, reason))
    return files, skipped


def output_names(files: Sequence[str]) -> List[str]:
    """Unique output names: each file's path below the files' common
    folder, extension kept (``a.jpg``, ``x/a.jpg``).

    Args:
        files (Sequence[str]): Distinct input paths.

    Returns:
        list[str]: One relative name per file.
    """
    paths = [osp.abspath(f) for f in files]
    root = osp.commonpath([osp.dirname(p) for p in paths])
    return [osp.relpath(p, root) for p in paths]


def _file_mode() -> int:
    """Permissions of a new file under the process's umask (``mkstemp``
    makes its files private)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str, data: bytes) -> None:
    """Write a file through a temporary name in its folder, then rename it,
    so that the file is whole or absent (never cut short by a full disk).

    Args:
        path (str): The file; its folder is made when missing.
        data (bytes): The contents.

    Raises:
        OSError: When the folder, the data or the rename cannot be written,
            naming ``path``; no temporary file is left.
    """
    folder = osp.dirname(path) or '.'
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            dir=folder, prefix=f'.{osp.basename(path)}.', suffix='.tmp')
    except OSError as e:
        raise OSError(f'{path}: cannot write: {e.strerror or e}') from e
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
            f.flush()
            # A full disk may only tell at fsync (delayed allocation).
            os.fsync(f.fileno())
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OSError(f'{path}: cannot write: {e.strerror or e}') from e
        raise


def encode_vis(vis: np.ndarray) -> Tuple[str, bytes]:
    """Encode a visualisation as JPEG, or as PNG when it is too large for
    JPEG (over :data:`JPEG_MAX_SIDE` px a side) or JPEG encoding fails.

    Args:
        vis (np.ndarray): BGR ``uint8`` image.

    Returns:
        tuple(str, bytes): The extension ('.jpg' or '.png') and the file.

    Raises:
        ValueError: When neither format can encode it.
    """
    for ext in ('.jpg', '.png'):
        if ext == '.jpg' and max(vis.shape[:2]) > JPEG_MAX_SIDE:
            continue
        try:
            ok, buf = cv2.imencode(ext, vis)
        except cv2.error:
            ok = False
        if ok:
            return ext, buf.tobytes()
    raise ValueError(f'cannot encode a {vis.shape[1]} x {vis.shape[0]} px '
                     'visualisation')


def main() -> int:
    args = parse_args()
    files, skipped = list_inputs(args.inputs)
    for path, reason in skipped:
        print(f'skipped: {path}: {reason}', file=sys.stderr)
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
        crop_margin=args.crop_margin,
        crop_end_margin=args.crop_end_margin,
        split_gap=args.split_gap or None,
        fit_to_ink=args.fit_to_ink or None,
        decode_min_side=args.decode_min_side or None)
    try:
        for sub in ('preds', ) if args.no_vis else ('preds', 'vis'):
            os.makedirs(osp.join(args.out_dir, sub), exist_ok=True)
    except OSError as e:
        print(f'{args.out_dir}: cannot write: {e}', file=sys.stderr)
        return 1
    failed: List[str] = []

    def fail(msg: str) -> None:
        failed.append(msg)
        tqdm.write(f'failed: {msg}', file=sys.stderr)

    def spotted() -> Iterator[Tuple[str, Union[list, Exception]]]:
        """Each file with its lines, or the exception that stopped it, in
        groups of --page-batch pages read in shared recognizer batches."""
        for i in range(0, len(files), args.page_batch):
            group = files[i:i + args.page_batch]
            try:
                results = spotter.spot_pages(group)
            except Exception as e:  # not one page's: every page's
                results = [e] * len(group)
            yield from zip(group, results)

    start = time.perf_counter()
    bar = tqdm(total=len(files), unit='img', disable=len(files) < 2,
               file=sys.stderr)
    for (path, lines), name in zip(spotted(), output_names(files)):
        bar.update()
        # Any exception is this image's alone: report it and go on.
        if isinstance(lines, Exception):
            fail(describe_error(path, lines))
            continue
        try:
            pred = json.dumps(dict(lines=[line.to_dict() for line in lines]),
                              ensure_ascii=False,
                              indent=1)
            write_atomic(
                osp.join(args.out_dir, 'preds', f'{name}.json'),
                pred.encode('utf-8'))
            if not args.no_vis:
                # Drawn on the page as the spotter decoded it (a large scan
                # at a reduced size), so the polygons are brought to it.
                img, scale = load_page(path, min_side=spotter.decode_min_side)
                vis = draw_spotting(
                    img, [np.float32(line.poly) / scale for line in lines],
                    [line.text for line in lines])
                ext, data = encode_vis(vis)
                write_atomic(
                    osp.join(args.out_dir, 'vis', f'{name}{ext}'), data)
        except Exception as e:
            fail(f'{path}: output not written: {e}')
            continue
        if not args.quiet:
            rows = {}  # reading-order rows, one printed line each
            for line in lines:
                rows.setdefault(line.row, []).append(line.text)
            text = '\n'.join('  '.join(row) for row in rows.values())
            tqdm.write(f'== {path}\n{text}')
    bar.close()
    if failed:  # again together, as the progress bar scrolls them away
        print(f'{len(failed)} image(s) failed:\n  ' + '\n  '.join(failed),
              file=sys.stderr)
    done = len(files) - len(failed)
    print(f'{done} image(s) read in {time.perf_counter() - start:.1f} s, '
          f'{len(failed)} failed, {len(skipped)} skipped (not images); '
          f'results in {args.out_dir}',
          file=sys.stderr)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
