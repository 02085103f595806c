"""ONNX export parity: same pipeline, onnxruntime vs PyTorch."""
import copy
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate

from mmocr.registry import MODELS
from ocrrec_plugin.apis import LineRecognizer, ONNXLineRecognizer, export_onnx
from ocrrec_plugin.apis.onnx_recognizer import build_test_pipeline

from ..conftest import REPO_ROOT, TOY_CONFIG, TOY_DIR

# Lines of different widths in one batch, padded only to the widest.
BATCH_PADDED = osp.join(REPO_ROOT, 'configs', 'textrecog', 'convnextvit',
                        'convnextvit-nano_ctc_curriculum_zh-en.py')
CHUNK_BASE = osp.join(REPO_ROOT, 'configs', 'textrecog', 'convnextvit',
                      'convnextvit-tiny-3chunk_ctc_modelscope_zh-en.py')


def use_test_preset(cfg: Config) -> Config:
    cfg.model.backbone.arch = 'test'
    cfg.model.encoder.arch = 'test'
    return cfg


def lines(n: int = 5):
    rng = np.random.RandomState(0)
    out = [
        cv2.imread(osp.join(TOY_DIR, 'imgs', f'{i:03d}.png'))
        for i in range(n)
    ]
    out.append(rng.randint(0, 255, (20, 1500, 3)).astype(np.uint8))
    return [np.ascontiguousarray(x) for x in out]


def torch_probs(model, cfg, imgs):
    data = pseudo_collate([build_test_pipeline(cfg)(dict(img=i))
                           for i in imgs])
    with torch.no_grad():
        data = model.data_preprocessor(data, False)
        return model(data['inputs'], data['data_samples'], mode='tensor')


@pytest.mark.parametrize('config', [TOY_CONFIG, BATCH_PADDED, CHUNK_BASE],
                         ids=['whole-line', 'batch-padded', '3-chunk'])
def test_onnx_matches_pytorch(config, tmp_path):
    torch.manual_seed(0)
    cfg = Config.fromfile(config)
    if config != TOY_CONFIG:
        cfg = use_test_preset(cfg)
    model = MODELS.build(copy.deepcopy(cfg.model))  # build() edits its cfg
    model.init_weights()
    model.eval()
    cfg_path = str(tmp_path / 'cfg.py')
    cfg.dump(cfg_path)
    onnx_file = str(tmp_path / 'model.onnx')
    export_onnx(model, cfg, onnx_file, batch_size=2)

    imgs = lines()  # batch 6: the exported batch size was 2
    onnx_rec = ONNXLineRecognizer(cfg_path, onnx_file)
    ort_probs, _ = onnx_rec.probs(imgs)
    ref = torch_probs(model, cfg, imgs).numpy()
    assert ort_probs.shape == ref.shape
    assert np.abs(ort_probs - ref).max() < 1e-4

    ckpt = str(tmp_path / 'model.pth')
    torch.save(dict(state_dict=model.state_dict()), ckpt)
    ours = LineRecognizer(cfg_path, ckpt)(imgs + [np.zeros((0, 5, 3))])
    theirs = onnx_rec(imgs + [np.zeros((0, 5, 3))])
    assert [r.text for r in ours] == [r.text for r in theirs]
    assert theirs[-1].error and 'zero-size' in theirs[-1].error


def test_export_tool_fp32_and_int8(tmp_path):
    """tools/deployment/export_onnx.py from a checkpoint; --int8 quantizes
    the MatMul/Gemm weights (smaller file, close probabilities)."""
    import subprocess
    import sys
    torch.manual_seed(0)
    cfg = Config.fromfile(BATCH_PADDED)
    model = MODELS.build(copy.deepcopy(cfg.model))
    model.init_weights()
    ckpt = str(tmp_path / 'nano.pth')
    torch.save(dict(state_dict=model.state_dict()), ckpt)
    outs = {}
    for name, extra in (('fp32', []), ('int8', ['--int8'])):
        outs[name] = str(tmp_path / f'{name}.onnx')
        proc = subprocess.run([
            sys.executable, 'tools/deployment/export_onnx.py', BATCH_PADDED,
            ckpt, outs[name], *extra
        ],
                              cwd=REPO_ROOT,
                              capture_output=True,
                              text=True,
                              timeout=600)
        assert proc.returncode == 0, proc.stderr[-2000:]
    assert not osp.exists(outs['int8'] + '.fp32.tmp')
    # The 7,129-way head dominates the weights: int8 is much smaller.
    assert osp.getsize(outs['int8']) < 0.5 * osp.getsize(outs['fp32'])
    imgs = lines()
    fp32, _ = ONNXLineRecognizer(BATCH_PADDED, outs['fp32']).probs(imgs)
    int8, _ = ONNXLineRecognizer(BATCH_PADDED, outs['int8']).probs(imgs)
    assert fp32.shape == int8.shape
    assert np.abs(fp32 - int8).max() < 0.05
    ref = torch_probs(model.eval(), cfg, imgs).numpy()
    assert np.abs(fp32 - ref).max() < 1e-4
