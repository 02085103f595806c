"""Accuracy and speed of recognition engines on labelled line sets."""
import csv
import json
import os
import os.path as osp
import time
from typing import Dict, List, Mapping, Sequence, Tuple

import cv2
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
    if osp.isdir(ann_file):
        raise ValueError(f'{ann_file} is a folder: give its labels.json, or '
                         'an LMDB folder (holding data.mdb)')
    with open(ann_file, encoding='utf-8') as f:
        data = json.load(f)
    root = osp.dirname(osp.abspath(ann_file))
    paths, texts = [], []
    for item in data['data_list']:
        paths.append(osp.join(root, item['img_path']))
        texts.append(item['instances'][0]['text'])
    return paths, texts


def load_lmdb_set(
        path: str) -> Tuple[List[str], List[str], List[np.ndarray]]:
    """Keys, texts and images of an MMOCR textrecog LMDB (``image-%09d``
    and ``label-%09d`` keys from 1, ``num-samples``), as MMOCR's
    ``RecogLMDBDataset`` reads and our ``RecogLMDBWriter`` writes.

    Returns:
        tuple: ``PATH/image-000000001``-style keys, texts, BGR images.
    """
    import lmdb
    env = lmdb.open(path, readonly=True, lock=False, readahead=False)
    keys, texts, images = [], [], []
    with env.begin() as txn:
        raw = txn.get(b'num-samples')
        if raw is None:
            raise ValueError(f'{path}: not a textrecog LMDB (no num-samples)')
        for i in range(1, int(raw) + 1):
            key = f'image-{i:09d}'
            buf = np.frombuffer(txn.get(key.encode()), np.uint8)
            img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
            if img is None:
                raise ValueError(f'{path}: {key} is not a decodable image')
            keys.append(osp.join(path, key))
            texts.append(txn.get(f'label-{i:09d}'.encode()).decode('utf-8'))
            images.append(img)
    env.close()
    return keys, texts, images


def load_set(source: str) -> Tuple[List[str], List[str], List[np.ndarray]]:
    """Keys, texts and images of a labels.json or an LMDB folder."""
    if osp.isfile(osp.join(source, 'data.mdb')):
        return load_lmdb_set(source)
    paths, texts = load_labelled_set(source)
    return paths, texts, [load_line_image(p) for p in paths]


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

    Args:
        engines (Mapping[str, RecogEngine]): Engines by name.
        sets (Mapping[str, str]): Labelled sets by name: an MMOCR textrecog
            ``labels.json`` or an LMDB folder.
        out_dir (str): Where outputs go.
        warmup (int): Untimed calls before timing. Defaults to 3.
        timed_lines (int): Lines timed one by one. Defaults to 64.

    Writes ``results.md`` (Markdown table), ``results.csv``,
    ``accuracy_vs_latency.png`` and ``preds/<engine>__<set>.json``
    (``{img_path: text}``) in ``out_dir``.

    Returns:
        list[dict]: One row per (engine, set), keys :data:`COLUMNS`.
    """
    os.makedirs(osp.join(out_dir, 'preds'), exist_ok=True)
    rows = []
    for set_name, ann_file in sets.items():
        paths, gts, images = load_set(ann_file)
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
    plot_accuracy_vs_latency(rows, osp.join(out_dir,
                                            'accuracy_vs_latency.png'))
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


def plot_accuracy_vs_latency(rows: Sequence[Dict], path: str) -> None:
    """One panel per set: ignore-case-symbol line accuracy against batch-1
    latency (log scale), a labelled point per engine."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    sets = list(dict.fromkeys(r['set'] for r in rows))
    fig, axes = plt.subplots(
        1, len(sets), figsize=(4.5 * len(sets), 4), squeeze=False)
    for ax, set_name in zip(axes[0], sets):
        for r in (r for r in rows if r['set'] == set_name):
            ax.scatter(r['latency_ms_b1'], r['line_acc_ignore_case_symbol'])
            ax.annotate(r['engine'],
                        (r['latency_ms_b1'], r['line_acc_ignore_case_symbol']),
                        textcoords='offset points', xytext=(4, 4), fontsize=8)
        ax.set_xscale('log')
        ax.set_ylim(0, 1.05)
        ax.set_title(set_name)
        ax.set_xlabel('latency per line, batch 1 (ms)')
        ax.set_ylabel('line accuracy (ignore case, symbols)')
        ax.grid(True, which='both', alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
