"""Line accuracy by line length, from ``tools/benchmark.py`` predictions.

Splits a labelled line set into bins of line length and scores each
engine's saved predictions (``OUT/preds/<engine>__<set>.json``) per bin, so
that a gap between engines can be told apart by line length. Length is
either the crop's width at the recognizers' height of 32 px (``--by width``:
``32 * width / height``) or the number of characters of its label
(``--by chars``).

Example::

    python tools/analysis_tools/accuracy_by_length.py \\
        data/sroie/textrecog_val.json \\
        results/benchmark/preds/ours-nano__sroie_val.json \\
        results/benchmark/preds/ppocrv4__sroie_val.json --by chars
"""
import argparse
import bisect
from typing import Dict, List, Optional, Sequence

import cv2

from ocrrec_plugin.apis.benchmark import (load_labelled_set,
                                          load_saved_predictions)
from ocrrec_plugin.evaluation import score_predictions

#: Height the widths are given at: the recognizers' input height.
HEIGHT = 32
#: Default bin edges per length measure.
DEFAULT_EDGES = dict(width=[240, 480], chars=[11, 17, 25, 33])


def width_at_height(path: str, height: int = HEIGHT) -> float:
    """Width of the image at ``path`` scaled to ``height``.

    Raises:
        ValueError: For an image that cannot be read or has no pixels.
    """
    img = cv2.imread(path)
    if img is None or img.size == 0:
        raise ValueError(f'{path}: not a decodable image')
    return img.shape[1] * height / img.shape[0]


def bin_labels(edges: Sequence[float]) -> List[str]:
    """Names of the bins cut at ``edges``: ``<e0``, ``e0-e1``, ..., ``>=en``.
    """
    names = [f'<{edges[0]:g}']
    names += [f'{a:g}-{b:g}' for a, b in zip(edges, edges[1:])]
    return names + [f'>={edges[-1]:g}']


def scores_by_bin(lengths: Sequence[float], gts: Sequence[str],
                  preds: Dict[str, Sequence[str]],
                  edges: Sequence[float]) -> List[Dict]:
    """Per-bin scores of every engine.

    Args:
        lengths: Length of each line (width at height 32, or characters).
        gts: Its label.
        preds: Engine name -> one prediction per line.
        edges: Increasing bin edges.

    Returns:
        list[dict]: One row per non-empty bin: ``bin``, ``lines`` and, per
        engine, ``<engine>`` -> ignore-case-symbol accuracy and
        ``<engine>_1-NED``.
    """
    if list(edges) != sorted(set(edges)) or not edges:
        raise ValueError(f'bin edges must increase strictly, got {edges}')
    names = bin_labels(edges)
    members: List[List[int]] = [[] for _ in names]
    for i, length in enumerate(lengths):
        members[bisect.bisect_right(edges, length)].append(i)
    rows = []
    for name, idx in zip(names, members):
        if not idx:
            continue
        row = dict(bin=name, lines=len(idx))
        for engine, texts in preds.items():
            s = score_predictions([texts[i] for i in idx],
                                  [gts[i] for i in idx])
            row[engine] = s['line_acc_ignore_case_symbol']
            row[f'{engine}_1-NED'] = s['line_1-NED']
        rows.append(row)
    return rows


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('labels', help='MMOCR textrecog labels.json')
    parser.add_argument(
        'preds', nargs='+',
        help='{img_path: text} files of tools/benchmark.py; the engine is '
        'named by the file name before "__"')
    parser.add_argument(
        '--by', choices=sorted(DEFAULT_EDGES), default='width',
        help='length measure: width in px at height 32, or characters of '
        'the label (default: width)')
    parser.add_argument(
        '--edges', type=float, nargs='+',
        help='bin edges; a bin holds lengths from its lower edge up to, not '
        'including, its upper one (default: 240 480 for width, 11 17 25 33 '
        'for chars)')
    args = parser.parse_args(argv)
    edges = args.edges or DEFAULT_EDGES[args.by]

    paths, gts = load_labelled_set(args.labels)
    try:
        preds = load_saved_predictions(args.preds, paths)
    except ValueError as e:
        raise SystemExit(str(e))
    if args.by == 'width':
        lengths = [width_at_height(p) for p in paths]
        measure = f'width at height {HEIGHT}'
    else:
        lengths = [len(gt) for gt in gts]
        measure = 'characters of the label'
    rows = scores_by_bin(lengths, gts, preds, edges)
    print(f'ignore-case-symbol accuracy / 1-NED by {measure} '
          f'({args.labels})\n')
    print(f'| {args.by} | lines | ' + ' | '.join(preds) + ' |')
    print('|---|---|' + '---|' * len(preds))
    for row in rows:
        cells = [f'{row[e]:.3f} / {row[e + "_1-NED"]:.3f}' for e in preds]
        print(f'| {row["bin"]} | {row["lines"]} | ' + ' | '.join(cells) +
              ' |')


if __name__ == '__main__':
    main()
