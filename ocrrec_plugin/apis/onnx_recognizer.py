"""ONNX export of ConvNeXtViT and an onnxruntime line recognizer.

The exported graph starts from the packed images of the config's test
pipeline (BGR, uint8 values as float, shape (N, 3, H, W)) and their
``valid_ratio``; it contains the data preprocessor's normalisation and grey
conversion (read from the model, not re-typed), backbone, encoder and CTC
head, and returns per-frame class probabilities. Resizing stays in the
config's pipeline and decoding in MMOCR's postprocessor, on both paths.
"""
from typing import List, Optional, Sequence

import numpy as np
import torch
import torch.nn as nn
from mmengine.config import Config
from mmengine.dataset import Compose, pseudo_collate
from mmengine.registry import init_default_scope

from mmocr.registry import MODELS
from .line_recognizer import ImageLike, LineResult, load_line_images

#: ONNX opset of the export (SDPA with a boolean mask needs >= 14).
OPSET = 17


class ExportableRecognizer(nn.Module):
    """Wrap a ConvNeXtViT into one tensor-in, tensor-out module.

    Args:
        model (ConvNeXtViT): A built recognizer in eval mode.

    Shapes:
        Inputs ``imgs`` :math:`(N, 3, H, W)` (float BGR values 0-255, the
        packed test-pipeline output) and ``valid_ratios`` :math:`(N,)`
        (float64, so padding is cut where MMOCR's postprocessor cuts it);
        output probabilities :math:`(N, T, K)`.
    """

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model
        pre = model.data_preprocessor
        self.bgr_to_rgb = bool(getattr(pre, '_channel_conversion', False))

    def forward(self, imgs: torch.Tensor,
                valid_ratios: torch.Tensor) -> torch.Tensor:
        pre = self.model.data_preprocessor
        x = imgs.flip(1) if self.bgr_to_rgb else imgs
        x = (x - pre.mean) / pre.std
        x = (x * pre.gray_weights).sum(1, keepdim=True)
        if self.model.chunk_width is not None:
            _, tokens = self.model.encode(x)
        else:
            feat = self.model.extract_feat(x)
            mask = self.model.encoder.valid_mask(valid_ratios, feat.size(-1))
            tokens = self.model.encoder.encode_tokens(feat, mask)
        return self.model.decoder.classifier(tokens).softmax(-1)


def build_test_pipeline(cfg: Config) -> Compose:
    """The config's test pipeline for in-memory BGR arrays, as MMOCR's
    inferencer builds it."""
    steps = [dict(type='LoadImageFromNDArray')]
    steps += [
        t for t in cfg.test_pipeline
        if t['type'] not in ('LoadImageFromFile', 'LoadOCRAnnotations')
    ]
    return Compose(steps)


def export_onnx(model: nn.Module, cfg: Config, out_file: str,
                batch_size: int = 2) -> None:
    """Export ``model`` with dynamic batch (and width for whole lines)."""
    model = model.eval()
    pipeline = build_test_pipeline(cfg)
    sample = pipeline(dict(img=np.full((32, 100, 3), 128, np.uint8)))
    imgs = sample['inputs'][None].float().repeat(batch_size, 1, 1, 1)
    ratios = torch.full((batch_size, ), 0.5, dtype=torch.float64)
    axes = {'imgs': {0: 'batch'}, 'valid_ratios': {0: 'batch'},
            'probs': {0: 'batch'}}
    if model.chunk_width is None:
        axes['imgs'][3] = 'width'
        axes['probs'][1] = 'frames'
    torch.onnx.export(
        ExportableRecognizer(model).eval(), (imgs, ratios),
        out_file,
        input_names=['imgs', 'valid_ratios'],
        output_names=['probs'],
        dynamic_axes=axes,
        opset_version=OPSET,
        dynamo=False)


class ONNXLineRecognizer:
    """Read text lines with an exported model on onnxruntime.

    Same pipeline, postprocessing and per-image error reporting as
    :class:`LineRecognizer`; only the network runs in onnxruntime.

    Args:
        config (str): The recognizer config the model was exported from.
        onnx_file (str): The exported model.
        batch_size (int): Lines per run. Defaults to 32.
        num_threads (int, optional): onnxruntime intra-op threads; None lets
            onnxruntime choose.
    """

    def __init__(self,
                 config: str,
                 onnx_file: str,
                 batch_size: int = 32,
                 num_threads: Optional[int] = None) -> None:
        import onnxruntime as ort
        cfg = Config.fromfile(config)
        init_default_scope(cfg.get('default_scope', 'mmocr'))
        self.pipeline = build_test_pipeline(cfg)
        dec = cfg.model.decoder
        self.postprocessor = MODELS.build(
            dict(**dec.postprocessor, dictionary=dec.dictionary))
        options = ort.SessionOptions()
        if num_threads:
            options.intra_op_num_threads = num_threads
        self.session = ort.InferenceSession(
            onnx_file, options, providers=['CPUExecutionProvider'])
        self.batch_size = batch_size
        # Batches are padded as MMOCR's data preprocessor pads them: to the
        # widest line, a multiple of pad_size_divisor, with the raw value
        # that normalises to pad_value.
        pre = cfg.model.data_preprocessor
        mean = np.asarray(pre.get('mean', [0.]), np.float32)
        std = np.asarray(pre.get('std', [1.]), np.float32)
        self.pad_raw = mean + pre.get('pad_value', 0) * std
        if pre.get('bgr_to_rgb', False):  # the graph flips after padding
            self.pad_raw = self.pad_raw[::-1].copy()
        self.pad_size_divisor = pre.get('pad_size_divisor', 1)

    def probs(self, imgs: Sequence[np.ndarray]):
        """Run the network: (probabilities (N, T, K), data samples)."""
        data = pseudo_collate([self.pipeline(dict(img=i)) for i in imgs])
        tensors = [t.numpy() for t in data['inputs']]
        c, h = tensors[0].shape[:2]
        div = self.pad_size_divisor
        width = -(-max(t.shape[2] for t in tensors) // div) * div
        inputs = np.empty((len(tensors), c, h, width), np.float32)
        inputs[:] = np.broadcast_to(
            self.pad_raw.reshape(-1, 1, 1), (c, h, width))
        for n, t in enumerate(tensors):
            inputs[n, :, :, :t.shape[2]] = t
        ratios = np.array([
            s.get('valid_ratio', 1.0) * t.shape[2] / width
            for s, t in zip(data['data_samples'], tensors)
        ], np.float64)
        for sample, ratio in zip(data['data_samples'], ratios):
            sample.set_metainfo(dict(valid_ratio=float(ratio)))
        feeds = dict(imgs=inputs.astype(np.float32), valid_ratios=ratios)
        # the 3-chunk graph has no valid_ratios input (it masks nothing)
        names = {i.name for i in self.session.get_inputs()}
        probs, = self.session.run(
            None, {k: v for k, v in feeds.items() if k in names})
        return probs, data['data_samples']

    def __call__(self, images: Sequence[ImageLike]) -> List[LineResult]:
        results, loaded, where = load_line_images(images)
        for start in range(0, len(loaded), self.batch_size):
            probs, samples = self.probs(loaded[start:start + self.batch_size])
            samples = self.postprocessor(torch.from_numpy(probs), samples)
            for i, s in zip(where[start:start + self.batch_size], samples):
                scores = s.pred_text.score
                score = float(np.mean(scores)) if len(scores) else 0.
                results[i] = LineResult(s.pred_text.item, score)
        return results  # type: ignore[return-value]
