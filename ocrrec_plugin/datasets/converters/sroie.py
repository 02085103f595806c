"""Convert SROIE receipts (``img/*.jpg`` + ``box/*.csv`` with one
``x1,y1,x2,y2,x3,y3,x4,y4,text`` line per text line) to MMOCR's textdet and
textrecog formats."""
import hashlib
import json
import os
import os.path as osp
import shutil
from typing import Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from ...utils.quad import order_quad, pad_quad, warp_quad
from ..synth.charset import Charset

Annotation = Tuple[np.ndarray, str]  # quad (4, 2) float32, text


def read_sroie_csv(path: str) -> List[Annotation]:
    """Read one SROIE box file.

    Args:
        path (str): ``box/XXX.csv``.

    Returns:
        list[tuple(np.ndarray, str)]: Quadrilaterals of shape (4, 2) in image
        pixels, in file order, and their texts (which may contain commas).

    Raises:
        ValueError: On a line with fewer than 8 coordinates.
    """
    out = []
    with open(path, encoding='utf-8', errors='replace') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\r\n')
            if not line.strip():
                continue
            parts = line.split(',', 8)
            if len(parts) < 9:
                raise ValueError(f'{path}:{n}: expected 8 coordinates and a '
                                 f'text, got {line!r}')
            quad = np.array([float(v) for v in parts[:8]],
                            np.float32).reshape(4, 2)
            out.append((quad, parts[8]))
    return out


def is_val(stem: str, val_percent: int = 10) -> bool:
    """The fixed train / validation split: a stable hash of the file stem.

    Args:
        stem (str): Image file name without extension.
        val_percent (int): Share of images in validation. Defaults to 10.

    Returns:
        bool: Whether the image belongs to the validation split.
    """
    h = int(hashlib.sha1(stem.encode('utf-8')).hexdigest()[:8], 16)
    return h % 100 < val_percent


def convert_sroie(src_root: str,
                  out_root: str,
                  val_percent: int = 10,
                  tasks: Sequence[str] = ('textdet', 'textrecog'),
                  charset: Optional[Charset] = None,
                  crop_ext: str = '.jpg',
                  crop_margin: float = 0.,
                  split_by: str = 'receipt') -> Dict[str, int]:
    """Convert an SROIE folder to MMOCR annotation files.

    Writes, under ``out_root``:

    - ``imgs/<stem>.jpg``: copies of the receipts (textdet).
    - ``textdet_{train,val}.json``: one entry per receipt, one instance per
      line with ``polygon`` (clockwise from top-left), ``bbox``,
      ``bbox_label`` 0 and ``ignore`` (True for lines whose text is empty
      after normalisation).
    - ``crops/{train,val}/<stem>_<k>.jpg`` and ``textrecog_{train,val}.json``:
      perspective-warped line crops and their texts (textrecog). With a
      ``crop_margin``, each entry also records it as ``crop_margin``, so
      that ``RandomLineMargin`` can find the line inside its crop.

    Labels are normalised onto the dictionary, so no character outside it
    reaches training.

    Args:
        src_root (str): Folder with ``img/`` and ``box/``.
        out_root (str): Output folder.
        val_percent (int): Share of receipts in validation, split by
            :func:`is_val`. Defaults to 10.
        tasks (Sequence[str]): ``textdet`` and / or ``textrecog``. Defaults
            to both.
        charset (Charset, optional): Dictionary for labels. Defaults to the
            plugin's.
        crop_ext (str): Extension of the crops. Defaults to ``.jpg``.
        crop_margin (float): Each quadrilateral is grown by this fraction of
            its short side on every side (:func:`pad_quad`) before it is
            warped. Defaults to 0 (cut at the annotated outline).
        split_by (str): ``'receipt'`` hashes each file name; ``'shop'``
            hashes each shop's id
            (:func:`~.sroie_shops.group_receipts_by_shop`), so that no
            validation receipt comes from a shop seen in training. Defaults
            to ``'receipt'``.

    Returns:
        dict[str, int]: Counts: ``{split}_images``, ``{split}_lines``,
        ``{split}_crops``, ``changed_labels``, ``skipped_lines``.

    Raises:
        FileNotFoundError: When ``img/`` or ``box/`` is missing.
        ValueError: On an unknown task or a negative ``crop_margin``.
    """
    bad = set(tasks) - {'textdet', 'textrecog'}
    if bad:
        raise ValueError(f'unknown tasks {sorted(bad)}')
    if crop_margin < 0:
        raise ValueError(f'crop_margin must be >= 0, got {crop_margin}')
    if split_by not in ('receipt', 'shop'):
        raise ValueError(
            f"split_by must be 'receipt' or 'shop', got {split_by!r}")
    img_dir, box_dir = osp.join(src_root, 'img'), osp.join(src_root, 'box')
    for d in (img_dir, box_dir):
        if not osp.isdir(d):
            raise FileNotFoundError(f'{d} not found')
    charset = charset or Charset()
    if split_by == 'shop':
        from .sroie_shops import group_receipts_by_shop
        split_key = group_receipts_by_shop(box_dir)
    else:
        split_key = {}
    stems = sorted(
        osp.splitext(f)[0] for f in os.listdir(box_dir) if f.endswith('.csv'))
    det: Dict[str, list] = dict(train=[], val=[])
    rec: Dict[str, list] = dict(train=[], val=[])
    stats: Dict[str, int] = dict(changed_labels=0, skipped_lines=0)
    for split in ('train', 'val'):
        for k in ('images', 'lines', 'crops'):
            stats[f'{split}_{k}'] = 0
    os.makedirs(out_root, exist_ok=True)
    for stem in stems:
        img_path = None
        for ext in ('.jpg', '.jpeg', '.png', '.JPG'):
            if osp.isfile(osp.join(img_dir, stem + ext)):
                img_path = osp.join(img_dir, stem + ext)
                break
        if img_path is None:
            stats['skipped_lines'] += 1
            continue
        split = 'val' if is_val(split_key.get(stem, stem),
                                val_percent) else 'train'
        anns = read_sroie_csv(osp.join(box_dir, stem + '.csv'))
        img = cv2.imread(img_path, cv2.IMREAD_COLOR)
        if img is None:
            continue
        h, w = img.shape[:2]
        stats[f'{split}_images'] += 1
        instances = []
        for k, (quad, raw) in enumerate(anns):
            text = charset.normalize(raw)
            stats['changed_labels'] += int(text != raw.strip())
            q = order_quad(quad)
            q[:, 0] = q[:, 0].clip(0, w - 1)
            q[:, 1] = q[:, 1].clip(0, h - 1)
            poly = [round(float(v), 1) for v in q.reshape(-1)]
            instances.append(
                dict(
                    polygon=poly,
                    bbox=[
                        float(q[:, 0].min()),
                        float(q[:, 1].min()),
                        float(q[:, 0].max()),
                        float(q[:, 1].max())
                    ],
                    bbox_label=0,
                    ignore=not text))
            stats[f'{split}_lines'] += 1
            if 'textrecog' in tasks and text:
                crop = warp_quad(img, pad_quad(q, crop_margin))
                if crop is None:
                    stats['skipped_lines'] += 1
                    continue
                rel = osp.join('crops', split, f'{stem}_{k:03d}{crop_ext}')
                os.makedirs(osp.join(out_root, 'crops', split), exist_ok=True)
                cv2.imwrite(osp.join(out_root, rel), crop)
                entry = dict(img_path=rel, instances=[dict(text=text)])
                if crop_margin:
                    entry['crop_margin'] = crop_margin
                rec[split].append(entry)
                stats[f'{split}_crops'] += 1
        if 'textdet' in tasks:
            rel = osp.join('imgs', osp.basename(img_path))
            dst = osp.join(out_root, rel)
            if not osp.isfile(dst):
                os.makedirs(osp.dirname(dst), exist_ok=True)
                shutil.copyfile(img_path, dst)
            det[split].append(
                dict(img_path=rel, height=h, width=w, instances=instances))
    for split in ('train', 'val'):
        if 'textdet' in tasks:
            dump_json(
                osp.join(out_root, f'textdet_{split}.json'),
                dict(
                    metainfo=dict(
                        dataset_type='TextDetDataset',
                        task_name='textdet',
                        category=[dict(id=0, name='text')]),
                    data_list=det[split]))
        if 'textrecog' in tasks:
            dump_json(
                osp.join(out_root, f'textrecog_{split}.json'),
                dict(
                    metainfo=dict(
                        dataset_type='TextRecogDataset',
                        task_name='textrecog'),
                    data_list=rec[split]))
    return stats


def dump_json(path: str, obj: dict) -> None:
    """Write ``obj`` as UTF-8 JSON atomically (a temporary file, then a
    rename), so an interrupted run never leaves a truncated file."""
    tmp = f'{path}.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        json.dump(obj, f, ensure_ascii=False)
    os.replace(tmp, path)
