"""Benchmark text-line recognizers: accuracy and speed side by side.

Engines: ``--zoo NAME`` (a model-zoo recognizer by name, see
``model-index.yml``), ``--mmocr NAME=CONFIG,CKPT`` (ours or any MMOCR
recognizer),
``--onnx NAME=CONFIG,MODEL.onnx`` (our export) and ``--engine NAME=KIND``
(outside engines: ``rapidocr-onnxruntime`` for PP-OCRv4, ``rapidocr`` for
PP-OCRv6, ``tesseract`` for Tesseract 5 through tesserocr), each
repeatable; sets: ``--set NAME=labels.json`` (MMOCR textrecog format) or
``--set NAME=LMDB_DIR``, repeatable. Prints a Markdown table and writes
results.md, results.csv, accuracy_vs_latency.png and per-engine
predictions to --out-dir. Latency is the median of single lines after
warm-up; throughput reads batches of 32; --threads sets torch's,
onnxruntime's and Tesseract's (OMP_THREAD_LIMIT) CPU threads alike.

Example::

    python tools/benchmark.py --set toy=tests/data/toy_lines/labels.json \\
        --mmocr ours=CONFIG,CKPT --onnx ours-onnx=CONFIG,model.onnx
"""
import argparse
import os
import os.path as osp
from typing import Dict, List, Tuple

import torch

from ocrrec_plugin.apis import build_engine
from ocrrec_plugin.apis.benchmark import run_benchmark
from ocrrec_plugin.utils import get_model


def named(values: List[str], parts: int) -> Dict[str, Tuple[str, ...]]:
    out = {}
    for value in values or []:
        name, sep, rest = value.partition('=')
        args = tuple(rest.split(','))
        if not sep or len(args) != parts:
            raise SystemExit(f'expected NAME={",".join(["X"] * parts)}, '
                             f'got {value!r}')
        out[name] = args
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--set', action='append', required=True)
    parser.add_argument('--zoo', action='append',
                        help='a model-zoo recognizer by name, repeatable')
    parser.add_argument('--mmocr', action='append')
    parser.add_argument('--onnx', action='append')
    parser.add_argument(
        '--engine',
        action='append',
        help='an outside engine by kind, NAME=KIND (e.g. '
        'ppocrv4=rapidocr-onnxruntime, ppocrv6=rapidocr, '
        'tesseract=tesseract)')
    parser.add_argument('--out-dir', default='work_dirs/benchmark')
    parser.add_argument('--threads', type=int, default=None)
    parser.add_argument('--timed-lines', type=int, default=64)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
        # Tesseract reads it when its library loads (at engine build).
        os.environ.setdefault('OMP_THREAD_LIMIT', str(args.threads))
    sets = {k: v[0] for k, v in named(args.set, 1).items()}
    engines = {}
    for name in args.zoo or []:
        model = get_model(name)
        engines[name] = build_engine('mmocr', model.config,
                                     model.weights_path())
    for name, (cfg, ckpt) in named(args.mmocr, 2).items():
        engines[name] = build_engine('mmocr', cfg, ckpt)
    for name, (cfg, model) in named(args.onnx, 2).items():
        engines[name] = build_engine('onnx', cfg, model, args.threads)
    for name, (kind, ) in named(args.engine, 1).items():
        engines[name] = build_engine(kind, args.threads)
    if not engines:
        raise SystemExit('give at least one --zoo, --mmocr or --onnx engine')
    run_benchmark(engines, sets, args.out_dir, timed_lines=args.timed_lines)
    print(open(osp.join(args.out_dir, 'results.md'), encoding='utf-8').read())


if __name__ == '__main__':
    main()
