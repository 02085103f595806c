"""Character coverage of the synthetic line generator.

Draws the labels of N samples exactly as ``SynthLineDataset`` would (same
seed, same text and font choice, no rendering) and reports the share of the
dictionary's characters seen at least ``--min-count`` times.

Example::

    python tools/analysis_tools/synth_coverage.py --num 200000
"""
import argparse
import multiprocessing as mp
import os
import time
from collections import Counter
from typing import List, Tuple

from ocrrec_plugin.datasets.synth.generator import SynthLineGenerator

_GEN = None


def _init(gen: SynthLineGenerator) -> None:
    global _GEN
    _GEN = gen.setup()


def _count(span: Tuple[int, int]) -> Tuple[Counter, Counter, int]:
    chars: Counter = Counter()
    lengths: Counter = Counter()
    outside = 0
    for i in range(*span):
        text, _ = _GEN.text_and_font(i)
        chars.update(text)
        lengths[len(text)] += 1
        outside += sum(1 for c in text if c not in _GEN.charset)
    return chars, lengths, outside


def coverage(num: int, seed: int = 0, workers: int = 1,
             max_chars: int = 48) -> Tuple[Counter, Counter, int, list]:
    """Count characters over the labels of samples ``0 .. num - 1``.

    Returns:
        tuple: Character counts, length histogram, number of characters
        outside the dictionary (must be 0) and the dictionary's characters.
    """
    gen = SynthLineGenerator(seed=seed, max_chars=max_chars).setup()
    step = 2000
    spans: List[Tuple[int, int]] = [(a, min(a + step, num))
                                    for a in range(0, num, step)]
    chars: Counter = Counter()
    lengths: Counter = Counter()
    outside = 0
    if workers > 1:
        with mp.get_context('fork').Pool(workers, _init, (gen, )) as pool:
            parts = pool.map(_count, spans)
    else:
        _init(gen)
        parts = [_count(s) for s in spans]
    for c, n, o in parts:
        chars.update(c)
        lengths.update(n)
        outside += o
    return chars, lengths, outside, gen.charset.chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--num', type=int, default=200000)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--min-count', type=int, default=10)
    parser.add_argument('--max-chars', type=int, default=48)
    parser.add_argument('--workers', type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    t = time.perf_counter()
    chars, lengths, outside, dict_chars = coverage(args.num, args.seed,
                                                   args.workers,
                                                   args.max_chars)
    elapsed = time.perf_counter() - t
    seen = [c for c in dict_chars if chars[c] >= args.min_count]
    never = [c for c in dict_chars if chars[c] == 0]
    rare = sorted((c for c in dict_chars if 0 < chars[c] < args.min_count),
                  key=lambda c: chars[c])
    total = sum(chars.values())
    print(f'{args.num} lines (seed {args.seed}), {total} characters, '
          f'{elapsed:.1f} s')
    print(f'line length: min {min(lengths)}, max {max(lengths)}, mean '
          f'{sum(k * v for k, v in lengths.items()) / args.num:.1f}; '
          f'{sum(v for k, v in lengths.items() if k > 40)} lines over 40')
    print(f'characters outside the dictionary: {outside}')
    print(f'dictionary characters seen >= {args.min_count} times: '
          f'{len(seen)}/{len(dict_chars)} = '
          f'{100.0 * len(seen) / len(dict_chars):.2f}%')
    print(f'never seen: {len(never)} {"".join(never)[:200]!r}')
    print(f'seen 1..{args.min_count - 1} times: {len(rare)} '
          f'{"".join(rare)[:200]!r}')
    counts = sorted(chars[c] for c in dict_chars)
    print(f'per-character count: min {counts[0]}, median '
          f'{counts[len(counts) // 2]}, max {counts[-1]}')


if __name__ == '__main__':
    main()
