import multiprocessing as mp
import pickle

import numpy as np
import pytest
from mmengine.dataset import ConcatDataset

from mmocr.registry import DATASETS
from ocrrec_plugin.datasets import SynthLineDataset

PIPELINE = [
    dict(type='LoadImageFromNDArray'),
    dict(type='LoadOCRAnnotations', with_text=True),
    dict(
        type='RescaleToHeight',
        height=32,
        min_width=32,
        max_width=256,
        width_divisor=4),
    dict(type='PadToWidth', width=256),
    dict(
        type='PackTextRecogInputs',
        meta_keys=('img_path', 'ori_shape', 'img_shape', 'valid_ratio')),
]


def _render_in_child(args):
    ds, idx = args
    info = ds.get_data_info(idx)
    return info['img'], info['instances'][0]['text']


@pytest.mark.usefixtures('synth_gen')
class TestSynthLineDataset:

    def test_init(self):
        ds = DATASETS.build(dict(type='SynthLineDataset', num_samples=7))
        assert isinstance(ds, SynthLineDataset)
        assert len(ds) == 7
        assert ds.metainfo == dict(dataset_type='TextRecogDataset',
                                   task_name='textrecog')
        with pytest.raises(ValueError, match='num_samples'):
            SynthLineDataset(num_samples=0)

    def test_item(self):
        ds = SynthLineDataset(num_samples=20, height=32)
        info = ds.get_data_info(4)
        img = info['img']
        assert img.dtype == np.uint8 and img.shape[0] == 32
        assert img.shape[2] == 3 and img.shape[1] >= 8
        assert list(info) == [
            'img', 'instances', 'img_key', 'font', 'sample_idx'
        ]
        assert info['sample_idx'] == 4
        assert ds.get_data_info(-1)['sample_idx'] == 19
        with pytest.raises(IndexError):
            ds.get_data_info(20)

    def test_get_text_is_the_rendered_label(self):
        ds = SynthLineDataset(num_samples=20, seed=5)
        for idx in (0, 7, -1):
            assert ds.get_text(idx) == (
                ds.get_data_info(idx)['instances'][0]['text'])
        with pytest.raises(IndexError):
            ds.get_text(20)

    def test_deterministic_per_index(self):
        a = SynthLineDataset(num_samples=50, seed=3)
        b = SynthLineDataset(num_samples=50, seed=3)
        for idx in (0, 17, 49):
            ia, ib = a.get_data_info(idx), b.get_data_info(idx)
            assert ia['instances'] == ib['instances']
            assert np.array_equal(ia['img'], ib['img'])
        # Order of access does not matter (no hidden state between items).
        later = a.get_data_info(17)
        assert np.array_equal(later['img'], b.get_data_info(17)['img'])
        # Another seed gives other lines.
        c = SynthLineDataset(num_samples=50, seed=4)
        texts_a = [a.get_data_info(i)['instances'][0]['text']
                   for i in range(10)]
        texts_c = [c.get_data_info(i)['instances'][0]['text']
                   for i in range(10)]
        assert texts_a != texts_c

    def test_same_in_worker_processes(self):
        ds = SynthLineDataset(num_samples=30, seed=5)
        # Pickled (spawn-style workers) and forked copies render the same.
        clone = pickle.loads(pickle.dumps(ds))
        assert not clone.generator._ready  # heavy assets are not pickled
        ref = ds.get_data_info(11)
        got = clone.get_data_info(11)
        assert np.array_equal(ref['img'], got['img'])
        with mp.get_context('fork').Pool(2) as pool:
            outs = pool.map(_render_in_child, [(ds, 11), (ds, 12)])
        assert np.array_equal(outs[0][0], ref['img'])
        assert outs[0][1] == ref['instances'][0]['text']
        assert outs[1][1] == ds.get_data_info(12)['instances'][0]['text']

    def test_labels_inside_dictionary(self, charset):
        ds = SynthLineDataset(num_samples=400, seed=8, max_chars=30)
        for idx in range(0, 400, 2):
            text = ds.generator.text_and_font(idx)[0]
            assert 1 <= len(text) <= 30
            assert charset.covers(text), text

    def test_pipeline_and_concat(self, tmp_path):
        ds = SynthLineDataset(num_samples=10, pipeline=PIPELINE)
        out = ds[2]
        assert tuple(out['inputs'].shape) == (3, 32, 256)
        assert out['data_samples'].gt_text.item == \
            ds.get_data_info(2)['instances'][0]['text']
        # Mix with a real set read by MMOCR's OCRDataset.
        import json

        import cv2
        cv2.imwrite(str(tmp_path / 'a.jpg'), np.full((20, 60, 3), 200,
                                                     np.uint8))
        json.dump(
            dict(
                metainfo=dict(
                    dataset_type='TextRecogDataset', task_name='textrecog'),
                data_list=[dict(img_path='a.jpg',
                                instances=[dict(text='abc')])]),
            open(tmp_path / 'labels.json', 'w'))
        real = DATASETS.build(
            dict(
                type='OCRDataset',
                data_root=str(tmp_path),
                ann_file='labels.json',
                pipeline=[dict(type='LoadImageFromFile')] + PIPELINE[1:]))
        mixed = ConcatDataset([ds, real])
        assert len(mixed) == 11
        assert mixed[10]['data_samples'].gt_text.item == 'abc'
        assert tuple(mixed[0]['inputs'].shape) == (3, 32, 256)

    def test_plate_cfg(self):
        # The config reaches the plate renderer: police plates only.
        ds = DATASETS.build(
            dict(
                type='SynthLineDataset',
                num_samples=8,
                seed=1,
                kind_weights=dict(plate=1.0),
                plate_cfg=dict(kind_weights=dict(police=1.0))))
        for i in range(len(ds)):
            text = ds.get_data_info(i)['instances'][0]['text']
            assert len(text) == 7 and text.endswith('警'), text
        with pytest.raises(KeyError, match='taxi'):
            DATASETS.build(
                dict(
                    type='SynthLineDataset',
                    num_samples=1,
                    kind_weights=dict(plate=1.0),
                    plate_cfg=dict(kind_weights=dict(taxi=1.0))))


@pytest.mark.usefixtures('synth_gen')
def test_heldout_fonts_are_disjoint_from_training():
    import re

    from ocrrec_plugin.datasets.synth.fonts import HELDOUT_FONTS
    train = SynthLineDataset(num_samples=2, font_split='train')
    held = SynthLineDataset(num_samples=2, font_split='heldout')
    train_faces = {f.name for f in train.generator.setup().fonts.faces}
    held_faces = {f.name for f in held.generator.setup().fonts.faces}
    assert held_faces and not train_faces & held_faces
    assert all(
        any(re.search(p, name) for p in HELDOUT_FONTS) for name in held_faces)
    # Chinese lines can still be drawn with the held-out faces alone.
    held = SynthLineDataset(
        num_samples=5, font_split='heldout', text_split='heldout',
        kind_weights=dict(zh_text=1.0))
    for i in range(5):
        info = held.get_data_info(i)
        assert info['font'] in held_faces
    with pytest.raises(ValueError, match='font_split'):
        SynthLineDataset(num_samples=2, font_split='test')
