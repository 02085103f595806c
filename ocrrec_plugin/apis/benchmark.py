"""Accuracy and speed of recognition engines on labelled line sets."""
import csv
import json
import os
import os.path as osp
import time
from typing import Dict, List, Mapping, Sequence, Tuple

import numpy as np

from ..evaluation import score_predictions
from .engines import RecogEngine
from .line_recognizer import load_line_image

#: Columns of the results table, in order.
COLUMNS = ('engine', 'set', 'lines', 'line_acc', 'line_acc_ignore_case_symbol',
           'line_1-NED', 'char_precision', 'char_recall', 'latency_ms_b1',
           'lines_per_s_b32', 'params_M', 'GFLOPs', 'device', 'threads')


def load_labelled_set(ann_file: str) -> Tuple[List[str], List[str]]:
    """Image paths and texts of an MMOCR textrecog ``labels.json``."""
    with open(ann_file, encoding='utf-8') as f:
        data = json.load(f)
    root = osp.dirname(osp.abspath(ann_file))
    paths, texts = [], []
    for item in data['data_list']:
        paths.append(osp.join(root, item['img_path']))
        texts.append(item['instances'][0]['text'])
    return paths, texts


def read_all(engine: RecogEngine, images: Sequence[np.ndarray],
             batch_size: int) -> List[str]:
    out: List[str] = []
    for start in range(0, len(images), batch_size):
        out += engine.read(images[start:start + batch_size])
    return out


def time_engine(engine: RecogEngine, images: Sequence[np.ndarray],
                warmup: int = 3,
                max_lines: int = 64) -> Tuple[float, float]:
    """Median latency of one line (ms) and throughput at batch 32 (lines/s),
    after ``warmup`` untimed calls of each."""
    lines = list(images[:max_lines])
    for _ in range(warmup):
        engine.read(lines[:1])
        engine.read(lines[:32])
    times = []
    for img in lines:
        start = time.perf_counter()
        engine.read([img])
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    read_all(engine, lines, 32)
    throughput = len(lines) / (time.perf_counter() - start)
    return 1000 * float(np.median(times)), throughput


def run_benchmark(engines: Mapping[str, RecogEngine],
                  sets: Mapping[str, str],
                  out_dir: str,
                  warmup: int = 3,
                  timed_lines: int = 64) -> List[Dict]:
    """Score and time every engine on every set; write the outputs.

    Writes ``results.md`` (Markdown table), ``results.csv``, and
    ``preds/<engine>__<set>.json`` (``{img_path: text}``) in ``out_dir``.

    Returns:
        list[dict]: One row per (engine, set), keys :data:`COLUMNS`.
    """
    os.makedirs(osp.join(out_dir, 'preds'), exist_ok=True)
    rows = []
    for set_name, ann_file in sets.items():
        paths, gts = load_labelled_set(ann_file)
        images = [load_line_image(p) for p in paths]
        for name, engine in engines.items():
            preds = read_all(engine, images, 32)
            with open(
                    osp.join(out_dir, 'preds', f'{name}__{set_name}.json'),
                    'w',
                    encoding='utf-8') as f:
                json.dump(dict(zip(paths, preds)), f, ensure_ascii=False,
                          indent=1)
            latency, throughput = time_engine(engine, images, warmup,
                                              timed_lines)
            size = engine.complexity()
            rows.append(
                dict(
                    engine=name,
                    set=set_name,
                    lines=len(gts),
                    **score_predictions(preds, gts),
                    latency_ms_b1=latency,
                    lines_per_s_b32=throughput,
                    params_M=None if size['params'] is None else
                    size['params'] / 1e6,
                    GFLOPs=None
                    if size['flops'] is None else size['flops'] / 1e9,
                    device=engine.device,
                    threads=engine.threads))
    write_tables(rows, out_dir)
    return rows


def _fmt(value) -> str:
    if value is None:
        return '-'
    if isinstance(value, float):
        return f'{value:.4f}' if value <= 1 else f'{value:.1f}'
    return str(value)


def write_tables(rows: Sequence[Dict], out_dir: str) -> None:
    with open(osp.join(out_dir, 'results.csv'), 'w', newline='') as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    lines = ['| ' + ' | '.join(COLUMNS) + ' |',
             '|' + '---|' * len(COLUMNS)]
    for row in rows:
        lines.append('| ' + ' | '.join(_fmt(row[c]) for c in COLUMNS) + ' |')
    with open(osp.join(out_dir, 'results.md'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
