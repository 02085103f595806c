import json
import os.path as osp

import cv2
import numpy as np
import pytest

from mmocr.registry import DATASETS
from ocrrec_plugin.datasets.converters.sroie import (convert_sroie, is_val,
                                                     read_sroie_csv)


def _make_sroie(root, n=12):
    """Tiny SROIE-like set: white receipts with one black, tilted line bar
    whose left half is dark and right half mid-grey."""
    (root / 'img').mkdir(parents=True)
    (root / 'box').mkdir()
    for k in range(n):
        img = np.full((120, 200, 3), 255, np.uint8)
        quad = np.float32([[30, 40], [170, 50], [168, 80], [28, 70]])
        left = np.float32([quad[0], (quad[0] + quad[1]) / 2,
                           (quad[3] + quad[2]) / 2, quad[3]])
        right = np.float32([(quad[0] + quad[1]) / 2, quad[1], quad[2],
                            (quad[3] + quad[2]) / 2])
        cv2.fillPoly(img, [left.astype(np.int32)], (0, 0, 0))
        cv2.fillPoly(img, [right.astype(np.int32)], (128, 128, 128))
        cv2.imwrite(str(root / 'img' / f'{k:03d}.jpg'), img)
        # Points listed counter-clockwise from bottom-left, text with commas.
        pts = quad[[3, 2, 1, 0]].reshape(-1)
        line2 = '10,90,60,90,60,110,10,110,caf\u00e9'
        with open(root / 'box' / f'{k:03d}.csv', 'w') as f:
            f.write(','.join(str(int(v)) for v in pts) +
                    ',TOTAL, RM 12.50\n' + line2 + '\n')


def _recog_train_set(root, transforms=()):
    """The converted ``textrecog_train.json`` under ``root`` as MMOCR's
    ``OCRDataset``, ``transforms`` between loading and packing."""
    return DATASETS.build(
        dict(
            type='OCRDataset',
            data_root=str(root),
            ann_file='textrecog_train.json',
            pipeline=[
                dict(type='LoadImageFromFile'), *transforms,
                dict(type='LoadOCRAnnotations', with_text=True),
                dict(type='PackTextRecogInputs', meta_keys=('img_path', ))
            ]))


class TestSroieConverter:

    def test_read_csv(self, tmp_path):
        _make_sroie(tmp_path, 1)
        anns = read_sroie_csv(str(tmp_path / 'box' / '000.csv'))
        assert [t for _, t in anns] == ['TOTAL, RM 12.50', 'caf\u00e9']
        assert anns[0][0].shape == (4, 2)
        bad = tmp_path / 'bad.csv'
        bad.write_text('1,2,3\n')
        with pytest.raises(ValueError, match='expected 8 coordinates'):
            read_sroie_csv(str(bad))

    def test_split_is_fixed(self):
        stems = [f'{k:03d}' for k in range(1000)]
        val = [s for s in stems if is_val(s)]
        assert 60 < len(val) < 140
        assert val == [s for s in stems if is_val(s)]
        assert not any(is_val(s, 0) for s in stems)

    def test_convert_and_load_in_mmocr(self, tmp_path):
        src, out = tmp_path / 'sroie', tmp_path / 'out'
        _make_sroie(src)
        stats = convert_sroie(str(src), str(out), val_percent=30)
        n_val = sum(is_val(f'{k:03d}', 30) for k in range(12))
        assert stats['val_images'] == n_val
        assert stats['train_images'] == 12 - n_val
        assert stats['train_crops'] == 2 * (12 - n_val)
        rec = _recog_train_set(out)
        texts = sorted({d['instances'][0]['text'] for d in
                        json.load(open(out / 'textrecog_train.json'))[
                            'data_list']})
        assert texts == ['TOTAL, RM 12.50', 'cafe']  # normalised label
        sample = rec[0]
        assert sample['inputs'].shape[1] < sample['inputs'].shape[2]
        det = DATASETS.build(
            dict(
                type='OCRDataset',
                data_root=str(out),
                ann_file='textdet_val.json',
                pipeline=[
                    dict(type='LoadImageFromFile'),
                    dict(
                        type='LoadOCRAnnotations',
                        with_polygon=True,
                        with_bbox=True,
                        with_label=True),
                    dict(type='PackTextDetInputs', meta_keys=('img_path', ))
                ]))
        assert len(det) == n_val
        gt = det[0]['data_samples'].gt_instances
        assert len(gt.polygons) == 2
        # Polygons are clockwise from the top-left corner.
        assert np.allclose(gt.polygons[0], [30, 40, 170, 50, 168, 80, 28, 70])
        assert osp.isfile(out / 'imgs' / '000.jpg')

    def test_crop_margin_is_recorded_and_undone_by_random_line_margin(
            self, tmp_path):
        src = tmp_path / 'sroie'
        _make_sroie(src, 4)
        convert_sroie(str(src), str(tmp_path / 'tight'), val_percent=0,
                      tasks=['textrecog'])
        stats = convert_sroie(str(src), str(tmp_path / 'loose'),
                              val_percent=0, tasks=['textrecog'],
                              crop_margin=0.3)
        assert stats['train_crops'] == 8
        entries = json.load(open(tmp_path / 'loose' / 'textrecog_train.json'))
        assert all(e['crop_margin'] == 0.3 for e in entries['data_list'])
        tight = _recog_train_set(tmp_path / 'tight')
        loose = _recog_train_set(tmp_path / 'loose')
        recut = _recog_train_set(
            tmp_path / 'loose',
            [dict(type='RandomLineMargin', margin_range=(0., 0.))])
        for i in range(len(tight)):
            a = tight[i]['inputs'].numpy().transpose(1, 2, 0)
            b = recut[i]['inputs'].numpy().transpose(1, 2, 0)
            c = loose[i]['inputs']
            # The loose crop is larger by 0.3 of the line height per side.
            assert abs(c.shape[1] - 1.6 * a.shape[0]) <= 1.5
            # Re-cut at the outline (margin 0), it is the tight crop again.
            assert abs(a.shape[0] - b.shape[0]) <= 1
            assert abs(a.shape[1] - b.shape[1]) <= 1
            h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
            diff = np.abs(a[2:h - 2, 2:w - 2].astype(int) -
                          b[2:h - 2, 2:w - 2].astype(int))
            assert diff.mean() < 12
        with pytest.raises(ValueError, match='crop_margin'):
            convert_sroie(str(src), str(tmp_path / 'bad'), crop_margin=-0.1)
