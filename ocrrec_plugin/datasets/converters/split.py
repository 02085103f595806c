import json
import os
import os.path as osp
from typing import Dict

from .sroie import dump_json, is_val


def split_recog_labels(data_root: str,
                       out_dir: str,
                       ann_file: str = 'labels.json',
                       val_percent: int = 10,
                       by: str = 'image') -> Dict[str, int]:
    """Split an MMOCR textrecog annotation file into fixed train and
    validation files, by the SROIE converter's stable hash
    (:func:`~ocrrec_plugin.datasets.converters.is_val`) of each
    ``img_path`` without its extension (``by='image'``) or of each label
    case-folded (``by='word'``). Word sets such as IIIT5K repeat words
    across images, so only the word split keeps every validation word out
    of training: it measures reading new words, not recalling seen ones.

    Image files are not copied: the written ``img_path`` entries are
    relative to ``out_dir``, so configs read the files with
    ``data_root=out_dir``.

    Args:
        data_root (str): Folder of the set (holds ``ann_file`` and the
            images its ``img_path`` entries point at).
        out_dir (str): Where ``textrecog_train.json`` and
            ``textrecog_val.json`` are written.
        ann_file (str): Annotation file inside ``data_root``. Defaults to
            ``labels.json``.
        val_percent (int): Share of images (or words) in validation.
            Defaults to 10.
        by (str): ``'image'`` or ``'word'``. Defaults to ``'image'``.

    Returns:
        dict[str, int]: Number of samples per split, ``{'train': n,
        'val': m}``.
    """
    with open(osp.join(data_root, ann_file), encoding='utf-8') as f:
        labels = json.load(f)
    if 'data_list' not in labels:
        raise ValueError(f'{osp.join(data_root, ann_file)} is not an MMOCR '
                         'annotation file (no "data_list")')
    if by not in ('image', 'word'):
        raise ValueError(f"by must be 'image' or 'word', got {by!r}")
    splits = dict(train=[], val=[])
    for item in labels['data_list']:
        if by == 'word':
            texts = [i['text'] for i in item.get('instances', [])]
            stem = ' '.join(texts).casefold()
        else:
            stem = osp.splitext(item['img_path'])[0]
        item = dict(
            item,
            img_path=osp.relpath(
                osp.join(data_root, item['img_path']), out_dir))
        splits['val' if is_val(stem, val_percent) else 'train'].append(item)
    os.makedirs(out_dir, exist_ok=True)
    for split, data_list in splits.items():
        dump_json(
            osp.join(out_dir, f'textrecog_{split}.json'),
            dict(metainfo=labels.get('metainfo', {}), data_list=data_list))
    return {k: len(v) for k, v in splits.items()}
