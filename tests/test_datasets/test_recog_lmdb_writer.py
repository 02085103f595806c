import cv2
import numpy as np
import pytest

from mmocr.registry import DATASETS
from ocrrec_plugin.datasets import RecogLMDBWriter, encode_image


class TestRecogLMDBWriter:

    def test_round_trip_through_mmocr(self, tmp_path):
        path = str(tmp_path / 'lines.lmdb')
        rng = np.random.default_rng(0)
        imgs = [
            rng.integers(0, 255, (32, 40 + 10 * i, 3), dtype=np.uint8)
            for i in range(4)
        ]
        texts = ['中文', 'Hello World', '￥12.50', ' ']
        with RecogLMDBWriter(path, ext='.png') as w:
            for img, text in zip(imgs[:3], texts[:3]):
                w.add(img, text)
            # Already-encoded bytes are stored as they are.
            assert w.add(encode_image(imgs[3], '.png'), texts[3]) == 4
        ds = DATASETS.build(
            dict(
                type='RecogLMDBDataset',
                ann_file=path,
                pipeline=[
                    dict(type='LoadImageFromNDArray'),
                    dict(type='LoadOCRAnnotations', with_text=True),
                    dict(type='PackTextRecogInputs', meta_keys=('img_shape', ))
                ]))
        assert len(ds) == 4
        for i in range(4):
            out = ds[i]
            assert out['data_samples'].gt_text.item == texts[i]
            # PNG is lossless: pixels come back exactly (CHW, BGR).
            back = out['inputs'].numpy().transpose(1, 2, 0)
            assert np.array_equal(back, imgs[i])

    def test_refuses_to_overwrite(self, tmp_path):
        path = str(tmp_path / 'x.lmdb')
        with RecogLMDBWriter(path) as w:
            w.add(np.zeros((8, 8, 3), np.uint8), 'a')
        with pytest.raises(FileExistsError):
            RecogLMDBWriter(path)
        with RecogLMDBWriter(path, overwrite=True) as w:
            w.add(np.zeros((8, 8, 3), np.uint8), 'b')
        ds = DATASETS.build(dict(type='RecogLMDBDataset', ann_file=path))
        assert len(ds) == 1 and ds.get_data_info(0)['instances'] == [
            dict(text='b')
        ]

    def test_bad_ext(self, tmp_path):
        with pytest.raises(ValueError, match='ext'):
            RecogLMDBWriter(str(tmp_path / 'y.lmdb'), ext='.gif')

    def test_encode_image(self):
        img = np.full((10, 20, 3), 128, np.uint8)
        buf = encode_image(img, '.jpg', 90)
        back = cv2.imdecode(np.frombuffer(buf, np.uint8), cv2.IMREAD_COLOR)
        assert back.shape == img.shape
