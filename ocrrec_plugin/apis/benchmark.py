"""Accuracy and speed of recognition engines on labelled line sets."""
import csv
import json
import logging
import os
import os.path as osp
import time
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
from mmengine.logging import print_log

from ..evaluation import score_predictions
from .engines import RecogEngine
from .line_recognizer import (decode_image, describe_error, load_line_image,
                              to_bgr)

#: Columns of the results table, in order. ``lines`` counts the lines
#: scored; ``bad_items`` the set's items left out (no text label, image
#: unreadable: the same for every engine); ``read_errors`` the lines the
#: engine failed on, scored as read empty.
COLUMNS = ('engine', 'set', 'lines', 'line_acc', 'line_acc_ignore_case_symbol',
           'line_1-NED', 'char_precision', 'char_recall', 'latency_ms_b1',
           'lines_per_s_b32', 'params_M', 'GFLOPs', 'device', 'threads',
           'bad_items', 'read_errors')


def _report(errors: Optional[List[str]], msg: str) -> None:
    """Count a bad item in ``errors``, or log it when not counting."""
    if errors is None:
        print_log(f'skipped {msg}', logger='current', level=logging.WARNING)
    else:
        errors.append(msg)


def load_labelled_set(
        ann_file: str,
        errors: Optional[List[str]] = None) -> Tuple[List[str], List[str]]:
    """Image paths and texts of an MMOCR textrecog ``labels.json``.

    Args:
        ann_file (str): The labels file.
        errors (list[str], optional): Gets one message per item left out
            (no ``img_path``, empty ``instances``, no text); without it,
            each is logged as a warning. Either way the other items load.

    Returns:
        tuple(list[str], list[str]): Image paths and their texts.

    Raises:
        ValueError: For a folder instead of a file.
    """
    if osp.isdir(ann_file):
        raise ValueError(f'{ann_file} is a folder: give its labels.json, or '
                         'an LMDB folder (holding data.mdb)')
    with open(ann_file, encoding='utf-8') as f:
        data = json.load(f)
    root = osp.dirname(osp.abspath(ann_file))
    paths, texts = [], []
    for i, item in enumerate(data['data_list']):
        try:
            path = osp.join(root, item['img_path'])
            text = item['instances'][0]['text']
            if not isinstance(text, str):
                raise TypeError(f'text is a {type(text).__name__}')
        except Exception as e:  # any malformed item: KeyError, IndexError
            detail = 'empty instances' if isinstance(
                e, IndexError) else f'{type(e).__name__}: {e}'
            _report(errors, f'{ann_file}: item {i}: no text label '
                    f'({detail})')
            continue
        paths.append(path)
        texts.append(text)
    return paths, texts


def load_lmdb_set(
    path: str,
    errors: Optional[List[str]] = None
) -> Tuple[List[str], List[str], List[np.ndarray]]:
    """Keys, texts and images of an MMOCR textrecog LMDB (``image-%09d``
    and ``label-%09d`` keys from 1, ``num-samples``), as MMOCR's
    ``RecogLMDBDataset`` reads and our ``RecogLMDBWriter`` writes.

    Args:
        path (str): The LMDB folder.
        errors (list[str], optional): Gets one message per item left out
            (image or label missing, image not decodable); without it,
            each is logged as a warning.

    Returns:
        tuple: ``PATH/image-000000001``-style keys, texts, BGR images.

    Raises:
        ValueError: For an LMDB without ``num-samples``.
    """
    import lmdb
    env = lmdb.open(path, readonly=True, lock=False, readahead=False)
    keys, texts, images = [], [], []
    with env.begin() as txn:
        raw = txn.get(b'num-samples')
        if raw is None:
            raise ValueError(f'{path}: not a textrecog LMDB (no num-samples)')
        for i in range(1, int(raw) + 1):
            key = osp.join(path, f'image-{i:09d}')
            try:
                data = txn.get(f'image-{i:09d}'.encode())
                label = txn.get(f'label-{i:09d}'.encode())
                if data is None or label is None:
                    raise ValueError(
                        f'{key}: no {"image" if data is None else "label"}')
                img = to_bgr(decode_image(data, key), key)
                text = label.decode('utf-8')
            except Exception as e:  # this item alone
                _report(errors, describe_error(key, e))
                continue
            keys.append(key)
            texts.append(text)
            images.append(img)
    env.close()
    return keys, texts, images


def load_set(
    source: str,
    errors: Optional[List[str]] = None
) -> Tuple[List[str], List[str], List[np.ndarray]]:
    """Keys, texts and images of a labels.json or an LMDB folder.

    Args:
        source (str): A ``labels.json`` or an LMDB folder.
        errors (list[str], optional): Gets one message per item left out
            (see :func:`load_labelled_set`, :func:`load_lmdb_set`; an image
            :func:`load_line_image` cannot read); without it, each is
            logged as a warning.

    Returns:
        tuple: Keys (paths), texts and BGR images of the good items.
    """
    if osp.isfile(osp.join(source, 'data.mdb')):
        return load_lmdb_set(source, errors)
    keys, texts, images = [], [], []
    for path, text in zip(*load_labelled_set(source, errors)):
        try:
            images.append(load_line_image(path))
        except Exception as e:  # this item alone
            _report(errors, describe_error(path, e))
            continue
        keys.append(path)
        texts.append(text)
    return keys, texts, images


def read_all(engine: RecogEngine,
             images: Sequence[np.ndarray],
             batch_size: int,
             keys: Optional[Sequence[str]] = None,
             errors: Optional[Dict[int, str]] = None) -> List[str]:
    """Read every image, in batches; a batch the engine fails on is read
    again one image at a time, and an image it still fails on is read as
    ''.

    Args:
        engine (RecogEngine): The engine.
        images (Sequence[np.ndarray]): BGR images.
        batch_size (int): Images per ``engine.read`` call.
        keys (Sequence[str], optional): Names of the images, for errors.
        errors (dict[int, str], optional): Gets the index and a message
            for each image the engine failed on; without it, each is
            logged as a warning.

    Returns:
        list[str]: One text per image.
    """
    out: List[str] = []
    for start in range(0, len(images), batch_size):
        batch = images[start:start + batch_size]
        try:
            out += engine.read(batch)
            continue
        except Exception:  # find the image(s) to blame, below
            pass
        for i, img in enumerate(batch, start):
            try:
                out += engine.read([img])
            except Exception as e:  # this image alone
                name = keys[i] if keys is not None else f'image {i}'
                msg = describe_error(name, e)
                if errors is None:
                    _report(None, msg)
                else:
                    errors[i] = msg
                out.append('')
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

    A set's bad items (no text label, unreadable image) are left out of
    every engine's scores and counted in ``bad_items``; lines an engine
    fails on count as read empty and in ``read_errors``. Each is logged as
    a warning and listed in ``errors.json``.

    Writes ``results.md`` (Markdown table), ``results.csv``,
    ``accuracy_vs_latency.png``, ``preds/<engine>__<set>.json``
    (``{img_path: text}``) and ``errors.json`` (``{"bad_items": {set:
    [message]}, "read_errors": {"<engine>__<set>": [message]}}``) in
    ``out_dir``.

    Returns:
        list[dict]: One row per (engine, set), keys :data:`COLUMNS`.
    """
    os.makedirs(osp.join(out_dir, 'preds'), exist_ok=True)
    rows = []
    errors: Dict[str, Dict[str, List[str]]] = dict(
        bad_items={}, read_errors={})
    for set_name, ann_file in sets.items():
        bad: List[str] = []
        paths, gts, images = load_set(ann_file, bad)
        errors['bad_items'][set_name] = bad
        for msg in bad:
            print_log(f'{set_name}: left out {msg}', logger='current',
                      level=logging.WARNING)
        for name, engine in engines.items():
            failed: Dict[int, str] = {}
            preds = read_all(engine, images, 32, paths, failed)
            errors['read_errors'][f'{name}__{set_name}'] = list(
                failed.values())
            for msg in failed.values():
                print_log(f'{name} on {set_name}: read as empty: {msg}',
                          logger='current', level=logging.WARNING)
            with open(
                    osp.join(out_dir, 'preds', f'{name}__{set_name}.json'),
                    'w',
                    encoding='utf-8') as f:
                json.dump(dict(zip(paths, preds)), f, ensure_ascii=False,
                          indent=1)
            # Timed on the lines it read, not on those it failed on.
            timed = [img for i, img in enumerate(images) if i not in failed]
            latency = throughput = None
            if timed:
                latency, throughput = time_engine(engine, timed, warmup,
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
                    threads=engine.threads,
                    bad_items=len(bad),
                    read_errors=len(failed)))
    with open(osp.join(out_dir, 'errors.json'), 'w', encoding='utf-8') as f:
        json.dump(errors, f, ensure_ascii=False, indent=1)
    write_tables(rows, out_dir)
    plot_accuracy_vs_latency(rows, osp.join(out_dir,
                                            'accuracy_vs_latency.png'))
    return rows


def load_saved_predictions(files: Sequence[str],
                           paths: Sequence[str]) -> Dict[str, List[str]]:
    """Predictions that :func:`run_benchmark` saved
    (``preds/<engine>__<set>.json``), for the lines at ``paths``.

    Args:
        files: Saved prediction files; each engine is named by its file's
            name before ``__``.
        paths: The image paths of the set, in the order wanted.

    Returns:
        dict: Engine name -> one prediction per path.

    Raises:
        ValueError: For a file lacking a prediction for some path (a run
            on another set), naming the file and a missing path.
    """
    preds = {}
    for file in files:
        with open(file, encoding='utf-8') as f:
            saved = json.load(f)
        missing = [p for p in paths if p not in saved]
        if missing:
            raise ValueError(f'{file}: no prediction for {len(missing)} of '
                             f'{len(paths)} lines (e.g. {missing[0]}): is '
                             'it a run on this set?')
        preds[osp.basename(file).split('__')[0]] = [saved[p] for p in paths]
    return preds


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
        for r in (r for r in rows if r['set'] == set_name
                  and r['latency_ms_b1'] is not None):
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
