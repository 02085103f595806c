"""tools/setup/prune_mmcv_ops.py: the lean mmcv build. The pruning steps on
a small source tree, then the installed mmcv: ops left out fail with a
clear error, the kept ops compute, and MMOCR's text detectors run."""
import importlib.util
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config

import mmocr
from mmocr.registry import MODELS
from mmocr.structures import TextDetDataSample

from ..conftest import REPO_ROOT

SCRIPT = osp.join(REPO_ROOT, 'tools', 'setup', 'prune_mmcv_ops.py')
spec = importlib.util.spec_from_file_location('prune_mmcv_ops', SCRIPT)
prune_mmcv_ops = importlib.util.module_from_spec(spec)
spec.loader.exec_module(prune_mmcv_ops)

PYBIND = '''#include <torch/extension.h>
Tensor nms(Tensor boxes, Tensor scores, float iou_threshold, int offset);
void knn_forward(Tensor xyz, Tensor new_xyz, Tensor idx, int b);
PYBIND11_MODULE(TORCH_EXTENSION_NAME, m) {
  m.def("nms", &nms, "nms (CPU/CUDA) ", py::arg("boxes"), py::arg("scores"),
        py::arg("iou_threshold"), py::arg("offset"));
  m.def("knn_forward", &knn_forward, "knn_forward", py::arg("xyz"),
        py::arg("new_xyz"), py::arg("idx"), py::arg("b"));
}
'''
LOADER = '''import importlib

if True:

    def load_ext(name, funcs):
        ext = importlib.import_module('mmcv.' + name)
        for fun in funcs:
            assert hasattr(ext, fun), f'{fun} miss in module {name}'
        return ext
'''


def make_tree(root):
    csrc = root / 'mmcv' / 'ops' / 'csrc' / 'pytorch'
    (csrc / 'cpu').mkdir(parents=True)
    (root / 'mmcv' / 'utils').mkdir(parents=True)
    (csrc / 'pybind.cpp').write_text(PYBIND)
    (csrc / 'nms.cpp').write_text(
        'Tensor nms(Tensor boxes, Tensor scores, float iou_threshold,\n'
        '           int offset) {\n  return nms_impl(boxes, scores);\n}\n')
    (csrc / 'knn.cpp').write_text(
        'void knn_forward(Tensor xyz, Tensor new_xyz, Tensor idx, int b) {\n'
        '  knn_forward_impl(b, xyz, new_xyz, idx);\n}\n')
    (csrc / 'cpu' / 'nms.cpp').write_text('// nms_cpu\n')
    (csrc / 'cpu' / 'bbox_overlaps_cpu.cpp').write_text('// overlaps\n')
    (root / 'mmcv' / 'utils' / 'ext_loader.py').write_text(LOADER)
    return csrc


def test_prune_keeps_the_chosen_ops_and_stubs_the_rest(tmp_path):
    csrc = make_tree(tmp_path)
    kept = prune_mmcv_ops.prune(tmp_path, ['nms'])
    assert kept == [('nms', 'nms')]
    assert sorted(p.name for p in csrc.glob('*.cpp')) == [
        'nms.cpp', 'pybind.cpp'
    ]
    assert [p.name for p in csrc.glob('cpu/*.cpp')] == ['nms.cpp']
    pybind = (csrc / 'pybind.cpp').read_text()
    assert 'm.def("nms"' in pybind and 'knn_forward"' not in pybind
    assert pybind.rstrip().endswith('}')
    # The rewritten loader binds missing functions to stubs naming them.
    namespace = {}
    exec((tmp_path / 'mmcv' / 'utils' / 'ext_loader.py').read_text(),
         namespace)
    stub = namespace['_not_built']('knn_forward')
    with pytest.raises(RuntimeError, match="'knn_forward' was not compiled"):
        stub()


def test_prune_refuses_unknown_ops_and_other_trees(tmp_path):
    make_tree(tmp_path)
    with pytest.raises(FileNotFoundError, match='no_such_op'):
        prune_mmcv_ops.select_sources(tmp_path, ['nms', 'no_such_op'])
    with pytest.raises(FileNotFoundError, match='not an mmcv source tree'):
        prune_mmcv_ops.select_sources(tmp_path / 'mmcv', ['nms'])
    with pytest.raises(ValueError, match='has changed'):
        prune_mmcv_ops.stub_missing_ops('def load_ext(): pass\n', ['nms'])


def lean_build() -> bool:
    import mmcv._ext
    import mmcv.ops  # noqa: F401 (binds the stubs)
    return getattr(mmcv._ext, 'box_iou_rotated').__qualname__.startswith(
        '_not_built')


@pytest.mark.skipif(not lean_build(), reason='mmcv was built with all ops')
def test_an_op_left_out_names_itself_and_the_full_build():
    from mmcv.ops import box_iou_rotated  # an op with a CPU kernel
    with pytest.raises(RuntimeError) as err:
        box_iou_rotated(torch.rand(2, 5), torch.rand(3, 5))
    assert "'box_iou_rotated' was not compiled" in str(err.value)
    assert prune_mmcv_ops.FULL_BUILD_HINT in str(err.value)


def test_kept_ops_compute():
    from mmcv.ops import (RoIAlign, RoIAlignRotated, batched_nms,
                          contour_expand, pixel_group)
    boxes = torch.tensor([[0., 0, 10, 10], [1, 1, 10, 10], [20, 20, 30, 30]])
    scores = torch.tensor([0.9, 0.8, 0.7])
    dets, keep = batched_nms(boxes, scores, torch.zeros(3),
                             dict(type='nms', iou_threshold=0.5))
    assert keep.tolist() == [0, 2]
    feat = torch.full((1, 2, 16, 16), 3.)
    rois = torch.tensor([[0., 2, 2, 10, 10]])
    pooled = RoIAlign((4, 4), 1.0, 2)(feat, rois)
    assert torch.allclose(pooled, feat[..., :4, :4])
    rrois = torch.tensor([[0., 8, 8, 6, 6, 0.3]])
    assert torch.allclose(
        RoIAlignRotated((4, 4), 1.0, 2)(feat, rrois), feat[..., :4, :4])
    # PSENet's and PANet's grouping: one kernel grows into its text region.
    kernels = np.zeros((2, 8, 8), np.uint8)
    kernels[0, 2:6, 2:6] = 1
    kernels[1, 3:5, 3:5] = 1
    _, labels = cv2.connectedComponents(kernels[1], connectivity=4)
    grown = np.array(contour_expand(kernels, labels, 1, 2))
    assert (grown == 1).sum() == 16
    text = torch.zeros(8, 8)
    text[2:6, 2:6] = 1.
    groups = pixel_group(text, text > 0.5, torch.zeros(8, 8, 4),
                         torch.tensor(labels, dtype=torch.int32),
                         torch.tensor(labels > 0, dtype=torch.uint8), 2, 0.8)
    # [score, pixels, x, y, ...] per label; label 0 is the background.
    assert len(groups) == 2 and groups[1][:2] == [1.0, 16.0]


@pytest.mark.parametrize('config', [
    'dbnet/dbnet_resnet18_fpnc_1200e_icdar2015.py',
    'dbnetpp/dbnetpp_resnet50-dcnv2_fpnc_1200e_icdar2015.py',
    'psenet/psenet_resnet50_fpnf_600e_icdar2015.py',
    'panet/panet_resnet18_fpem-ffm_600e_icdar2015.py',
    'fcenet/fcenet_resnet50-dcnv2_fpn_1500e_ctw1500.py',
])
def test_mmocr_text_detectors_run_on_cpu(config):
    cfg = Config.fromfile(
        osp.join(osp.dirname(mmocr.__file__), '.mim', 'configs', 'textdet',
                 config))
    cfg.model.backbone.init_cfg = None  # no pretrained download
    model = MODELS.build(cfg.model).eval()
    img = torch.rand(1, 3, 128, 128) * 255
    sample = TextDetDataSample(
        metainfo=dict(img_shape=(128, 128), ori_shape=(128, 128),
                      scale_factor=(1., 1.), pad_shape=(128, 128)))
    data = model.data_preprocessor(
        dict(inputs=[img[0]], data_samples=[sample]), False)
    with torch.no_grad():
        pred = model(**data, mode='predict')[0]
    assert 'polygons' in pred.pred_instances
