import json
import os.path as osp

import cv2
import numpy as np
import pytest

from mmocr.registry import DATASETS
from ocrrec_plugin.datasets.converters import is_val, split_recog_labels


def _make_set(root, n=60):
    (root / 'imgs').mkdir(parents=True)
    data_list = []
    for k in range(n):
        cv2.imwrite(str(root / 'imgs' / f'{k}.png'),
                    np.full((8, 16, 3), k, np.uint8))
        data_list.append(
            dict(img_path=f'imgs/{k}.png', instances=[dict(text=f'w{k}')]))
    with open(root / 'labels.json', 'w') as f:
        json.dump(
            dict(
                metainfo=dict(
                    dataset_type='TextRecogDataset', task_name='textrecog'),
                data_list=data_list), f)


def test_split_is_fixed_disjoint_and_readable(tmp_path):
    _make_set(tmp_path / 'src')
    counts = split_recog_labels(str(tmp_path / 'src'), str(tmp_path / 'out'),
                                val_percent=20)
    assert counts['train'] + counts['val'] == 60
    # The split is the SROIE converter's hash, of img_path less extension.
    expected_val = {f'w{k}' for k in range(60) if is_val(f'imgs/{k}', 20)}
    assert counts['val'] == len(expected_val) > 0
    texts = {}
    for split in ('train', 'val'):
        ds = DATASETS.build(
            dict(
                type='OCRDataset',
                data_root=str(tmp_path / 'out'),
                ann_file=f'textrecog_{split}.json',
                pipeline=[]))
        texts[split] = set()
        for i in range(len(ds)):
            info = ds.get_data_info(i)
            img = cv2.imread(info['img_path'])
            k = int(info['instances'][0]['text'][1:])
            assert img is not None and img[0, 0, 0] == k  # the right file
            texts[split].add(info['instances'][0]['text'])
    assert texts['val'] == expected_val
    assert not texts['train'] & texts['val']
    # Written again: the same files.
    before = (tmp_path / 'out' / 'textrecog_val.json').read_text()
    split_recog_labels(str(tmp_path / 'src'), str(tmp_path / 'out'),
                       val_percent=20)
    assert (tmp_path / 'out' / 'textrecog_val.json').read_text() == before


def test_not_an_annotation_file_is_a_clear_error(tmp_path):
    (tmp_path / 'labels.json').write_text('{"foo": []}')
    with pytest.raises(ValueError, match='data_list'):
        split_recog_labels(str(tmp_path), str(tmp_path / 'out'))
    assert not osp.exists(tmp_path / 'out' / 'textrecog_train.json')


def test_split_by_word_shares_no_word_between_train_and_val(tmp_path):
    """Words recur across images (in any case); the word split keeps each
    case-folded word on one side, where the image split would not."""
    root = tmp_path / 'src'
    (root / 'imgs').mkdir(parents=True)
    words = ['Hotel', 'HOTEL', 'hotel', 'Bar', 'bar', 'cafe', 'CAFE', 'Tea',
             'road', 'ROAD', 'Road', 'park', 'Park', 'shop', 'SHOP', 'exit']
    data_list = [
        dict(img_path=f'imgs/{k}.png', instances=[dict(text=w)])
        for k, w in enumerate(words * 4)
    ]
    with open(root / 'labels.json', 'w') as f:
        json.dump(dict(metainfo={}, data_list=data_list), f)

    def words_of(out, split):
        with open(osp.join(out, f'textrecog_{split}.json')) as f:
            items = json.load(f)['data_list']
        return {i['instances'][0]['text'].casefold() for i in items}

    out = str(tmp_path / 'byword')
    counts = split_recog_labels(str(root), out, val_percent=30, by='word')
    assert counts['train'] + counts['val'] == len(data_list)
    train, val = words_of(out, 'train'), words_of(out, 'val')
    assert val and train and not train & val
    assert val == {w.casefold() for w in words if is_val(w.casefold(), 30)}
    # The image split mixes them: some validation word is also trained on.
    out = str(tmp_path / 'byimage')
    split_recog_labels(str(root), out, val_percent=30)
    assert words_of(out, 'train') & words_of(out, 'val')
    with pytest.raises(ValueError, match="'image' or 'word'"):
        split_recog_labels(str(root), out, by='label')
