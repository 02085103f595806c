"""Split the labelled recognition sets in ../shared/data (IIIT5K, SVT, LPR:
one labels.json each, no validation split) into fixed train and validation
annotation files, 10% of the images by a stable hash of the file name, or
(--by word) 10% of the words by a hash of the case-folded label, so that no
validation word is a training word.

Example::

    python tools/dataset_converters/split_recog_labels.py
    # -> data/iiit5k/textrecog_{train,val}.json, data/svt/..., data/lpr/...
    python tools/dataset_converters/split_recog_labels.py --by word \\
        --out data/byword iiit5k=../shared/data/iiit5k_train
"""
import argparse
import os.path as osp

from ocrrec_plugin.datasets.converters import split_recog_labels

DEFAULT_SETS = [
    'iiit5k=../shared/data/iiit5k_train',
    'svt=../shared/data/svt_train',
    'lpr=../shared/data/lpr_train',
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument(
        'sets',
        nargs='*',
        default=DEFAULT_SETS,
        help='NAME=DATA_ROOT (a folder with labels.json); defaults to the '
        'three sets in ../shared/data')
    parser.add_argument('--out', default='data', help='writes OUT/NAME/')
    parser.add_argument('--val-percent', type=int, default=10)
    parser.add_argument(
        '--by', choices=['image', 'word'], default='image',
        help='hash images, or case-folded labels so that no validation word '
        'is a training word')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    for spec in args.sets:
        name, sep, root = spec.partition('=')
        if not sep:
            raise SystemExit(f'expected NAME=DATA_ROOT, got {spec!r}')
        counts = split_recog_labels(root, osp.join(args.out, name),
                                    val_percent=args.val_percent, by=args.by)
        print(f'{name}: {counts["train"]} train, {counts["val"]} val -> '
              f'{osp.join(args.out, name)}')


if __name__ == '__main__':
    main()
