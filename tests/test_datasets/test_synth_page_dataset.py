import numpy as np
import pytest

from mmocr.registry import DATASETS


@pytest.mark.usefixtures('synth_gen')
class TestSynthPageDataset:

    def test_pipeline(self):
        ds = DATASETS.build(
            dict(
                type='SynthPageDataset',
                num_samples=4,
                seed=2,
                pipeline=[
                    dict(type='LoadImageFromNDArray'),
                    dict(
                        type='LoadOCRAnnotations',
                        with_polygon=True,
                        with_bbox=True,
                        with_label=True),
                    dict(type='PackTextDetInputs', meta_keys=('img_shape', ))
                ]))
        assert ds.metainfo['task_name'] == 'textdet'
        info = ds.get_data_info(1)
        assert (info['height'], info['width']) == info['img'].shape[:2]
        out = ds[1]
        gt = out['data_samples'].gt_instances
        assert len(gt.polygons) == len(info['instances']) >= 1
        assert np.allclose(gt.polygons[0], info['instances'][0]['polygon'])
        assert (gt.labels == 0).all()
