import numpy as np
import pytest

from mmocr.datasets.transforms import PackTextRecogInputs
from mmocr.registry import TRANSFORMS
from ocrrec_plugin.datasets.transforms import MarkCaseInsensitive

META_KEYS = ('img_path', 'ori_shape', 'img_shape', 'valid_ratio')


def results():
    img = np.zeros((32, 64, 3), np.uint8)
    return dict(
        img=img,
        img_path='line.jpg',
        ori_shape=img.shape[:2],
        img_shape=img.shape[:2],
        valid_ratio=1.0,
        gt_texts=['TOTAL'])


def test_sets_the_key_and_packing_carries_it():
    marked = MarkCaseInsensitive()(results())
    assert marked['case_insensitive'] is True
    pack = PackTextRecogInputs(meta_keys=(*META_KEYS, 'case_insensitive'))
    ds = pack(marked)['data_samples']
    assert ds.metainfo['case_insensitive'] is True
    assert ds.gt_text.item == 'TOTAL'


def test_unmarked_samples_have_no_key():
    ds = PackTextRecogInputs(meta_keys=META_KEYS)(results())['data_samples']
    assert 'case_insensitive' not in ds.metainfo
    # MMOCR's packing reads each meta key with results[key]: listing the key
    # in a pipeline without the transform raises.
    with pytest.raises(KeyError):
        PackTextRecogInputs(meta_keys=(*META_KEYS, 'case_insensitive'))(
            results())


def test_after_packing_it_marks_the_data_sample():
    packed = PackTextRecogInputs(meta_keys=META_KEYS)(results())
    out = MarkCaseInsensitive()(packed)
    assert set(out) == {'inputs', 'data_samples'}
    assert out['data_samples'].metainfo['case_insensitive'] is True


def test_built_from_the_registry():
    t = TRANSFORMS.build(dict(type='MarkCaseInsensitive'))
    assert isinstance(t, MarkCaseInsensitive)
    assert repr(t) == 'MarkCaseInsensitive()'
