"""Convert ``../shared/data/sroie_train`` to MMOCR textdet (line
quadrilaterals) and textrecog (perspective-warped line crops) formats, with
a fixed train / validation split.

Example::

    python tools/dataset_converters/sroie_converter.py \\
        ../shared/data/sroie_train data/sroie
"""
import argparse

from ocrrec_plugin.datasets.converters.sroie import convert_sroie


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('src', nargs='?', default='../shared/data/sroie_train',
                        help='folder with img/ and box/')
    parser.add_argument('out', nargs='?', default='data/sroie',
                        help='output folder (data_root of the configs)')
    parser.add_argument('--val-percent', type=int, default=10,
                        help='share of receipts in validation (stable hash '
                        'of the file name)')
    parser.add_argument('--split-by', choices=['receipt', 'shop'],
                        default='receipt',
                        help='hash each receipt, or each shop (receipts '
                        'grouped by name and registration numbers) so that '
                        'validation shops are never trained on')
    parser.add_argument('--tasks', nargs='+', default=['textdet', 'textrecog'],
                        choices=['textdet', 'textrecog'])
    parser.add_argument('--crop-margin', type=float, default=0.,
                        help='grow each line by this fraction of its height '
                        'on every side before cutting it out (recorded in '
                        'the labels for RandomLineMargin)')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    stats = convert_sroie(args.src, args.out, args.val_percent, args.tasks,
                          crop_margin=args.crop_margin,
                          split_by=args.split_by)
    for k in sorted(stats):
        print(f'{k}: {stats[k]}')
    print(f'written to {args.out}')


if __name__ == '__main__':
    main()
