"""Line accuracy by font design, on a set rendered by ``tools/make_synth.py``.

A rendered set records what drew it (``synth_settings.json``), so each
line's face can be drawn again from the generator without rendering. This
scores each engine's saved predictions of ``tools/benchmark.py``
(``OUT/preds/<engine>__<set>.json``) per group of designs, so that lines in
designs a model was trained on can be told apart from lines in designs it
never saw.

Example::

    python tools/analysis_tools/accuracy_by_font.py \\
        data/generalization/zh_long \\
        results/benchmark/preds/ours__zh_long.json \\
        results/benchmark/preds/ppocrv4__zh_long.json \\
        --group unseen='WenQuanYi Micro Hei|AR PL UMing|Cantarell'
"""
import argparse
import json
import os.path as osp
import re
import sys
from typing import Dict, List, Optional, Sequence

from ocrrec_plugin.apis.benchmark import (load_labelled_set,
                                          load_saved_predictions)
from ocrrec_plugin.evaluation import score_predictions

sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))
from make_synth import build_generator  # noqa: E402


def faces_of_set(set_dir: str) -> List[str]:
    """The font family each line of a rendered set was drawn with, in the
    order of its ``labels.json``.

    Raises:
        ValueError: When the generator, rebuilt from the recorded settings,
            draws other texts than the labels (the set was rendered with
            another version of the generator or its assets).
    """
    with open(osp.join(set_dir, 'synth_settings.json')) as f:
        settings = json.load(f)
    settings.pop('heldout_fonts', None)
    args = argparse.Namespace(**settings)
    generator = build_generator(args)
    _, gts = load_labelled_set(osp.join(set_dir, 'labels.json'))
    families = []
    for k, gt in enumerate(gts):
        text, face = generator.text_and_font(args.start + k)
        if text != gt:
            raise ValueError(
                f'{set_dir}: line {k} is {gt!r}, the generator draws '
                f'{text!r}: rendered by another generator version?')
        families.append(face.family)
    return families


def scores_by_group(families: Sequence[str], gts: Sequence[str],
                    preds: Dict[str, Sequence[str]],
                    groups: Dict[str, str]) -> List[Dict]:
    """Per-group scores of every engine.

    Args:
        families: Each line's font family.
        gts: Each line's label.
        preds: Engine name -> one prediction per line.
        groups: Group name -> regex searched in the family; a line goes to
            the first group that matches, else to ``other``.

    Returns:
        list[dict]: One row per non-empty group, in the given order then
        ``other``: ``group``, ``lines`` and, per engine, ``<engine>`` ->
        (exact, ignore-case-symbol) accuracy.
    """
    names = list(groups) + ['other']
    members: Dict[str, List[int]] = {n: [] for n in names}
    for i, family in enumerate(families):
        name = next((n for n, rx in groups.items() if re.search(rx, family)),
                    'other')
        members[name].append(i)
    rows = []
    for name in names:
        idx = members[name]
        if not idx:
            continue
        row = dict(group=name, lines=len(idx))
        for engine, texts in preds.items():
            s = score_predictions([texts[i] for i in idx],
                                  [gts[i] for i in idx])
            row[engine] = (s['line_acc'], s['line_acc_ignore_case_symbol'])
        rows.append(row)
    return rows


def parse_group(text: str) -> tuple:
    name, sep, regex = text.partition('=')
    if not sep or not name or not regex:
        raise argparse.ArgumentTypeError(
            f'--group takes NAME=REGEX, got {text!r}')
    re.compile(regex)
    return name, regex


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('set_dir',
                        help='a set written by tools/make_synth.py')
    parser.add_argument(
        'preds', nargs='+',
        help='{img_path: text} files of tools/benchmark.py; the engine is '
        'named by the file name before "__"')
    parser.add_argument(
        '--group', type=parse_group, action='append', default=[],
        help='NAME=REGEX: lines whose font family matches REGEX '
        '(repeatable; the rest are "other")')
    args = parser.parse_args(argv)

    paths, gts = load_labelled_set(osp.join(args.set_dir, 'labels.json'))
    try:
        preds = load_saved_predictions(args.preds, paths)
    except ValueError as e:
        raise SystemExit(str(e))
    rows = scores_by_group(faces_of_set(args.set_dir), gts, preds,
                           dict(args.group))
    print(f'exact / ignore-case-symbol accuracy by font ({args.set_dir})\n')
    print('| fonts | lines | ' + ' | '.join(preds) + ' |')
    print('|---|---|' + '---|' * len(preds))
    for row in rows:
        cells = [f'{row[e][0]:.3f} / {row[e][1]:.3f}' for e in preds]
        print(f'| {row["group"]} | {row["lines"]} | ' + ' | '.join(cells) +
              ' |')


if __name__ == '__main__':
    main()
