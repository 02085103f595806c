"""ONNX export of ConvNeXtViT and an onnxruntime line recognizer.

The exported graph is the network alone: backbone, encoder and CTC head, from
the output of the model's data preprocessor (normalised, padded lines, shape
:math:`(N, C, H, W)`) and each line's ``valid_ratio`` to per-frame class
probabilities. Everything around it is the config's own, on both paths: the
test pipeline resizes, the model's data preprocessor (built from the config
and run in PyTorch) normalises, pads each batch and rescales ``valid_ratio``,
and MMOCR's postprocessor decodes.
"""
from typing import Dict, List, Optional, Sequence, Tuple

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
    """Wrap a ConvNeXtViT's network into one tensor-in, tensor-out module.

    Args:
        model (ConvNeXtViT): A built recognizer in eval mode.

    Shapes:
        Inputs ``inputs`` :math:`(N, C, H, W)` (the data preprocessor's
        output) and ``valid_ratios`` :math:`(N,)` (float64, so padding is cut
        where MMOCR's postprocessor cuts it); output probabilities
        :math:`(N, T, K)`.
    """

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, inputs: torch.Tensor,
                valid_ratios: torch.Tensor) -> torch.Tensor:
        if self.model.chunk_width is not None:
            _, tokens = self.model.encode(inputs)
        else:
            feat = self.model.extract_feat(inputs)
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


def preprocess(pipeline: Compose, data_preprocessor: nn.Module,
               imgs: Sequence[np.ndarray]) -> Tuple[torch.Tensor, list]:
    """Lines through the test pipeline and the model's data preprocessor.

    Args:
        pipeline (Compose): :func:`build_test_pipeline` of the config.
        data_preprocessor (nn.Module): The model's data preprocessor.
        imgs (Sequence[np.ndarray]): BGR line images.

    Returns:
        tuple(Tensor, list[TextRecogDataSample]): The batch
        :math:`(N, C, H, W)` and its samples, ``valid_ratio`` rescaled to
        the batch width.
    """
    data = pseudo_collate([pipeline(dict(img=i)) for i in imgs])
    with torch.no_grad():
        data = data_preprocessor(data, False)
    return data['inputs'], data['data_samples']


def valid_ratios(samples: Sequence) -> torch.Tensor:
    """The samples' ``valid_ratio`` as a float64 tensor :math:`(N,)`."""
    return torch.tensor([float(s.get('valid_ratio', 1.0)) for s in samples],
                        dtype=torch.float64)


def example_inputs(model: nn.Module, cfg: Config,
                   width: int = 800,
                   batch_size: int = 1) -> Tuple[torch.Tensor, torch.Tensor]:
    """A batch of blank lines ``width`` pixels wide (before the config's
    resize), as the exported graph takes them."""
    imgs = [np.full((32, width, 3), 128, np.uint8)] * batch_size
    inputs, samples = preprocess(
        build_test_pipeline(cfg), model.data_preprocessor, imgs)
    return inputs, valid_ratios(samples)


def export_onnx(model: nn.Module, cfg: Config, out_file: str,
                batch_size: int = 2) -> None:
    """Export ``model`` with dynamic batch (and width for whole lines)."""
    model = model.eval()
    inputs, ratios = example_inputs(model, cfg, width=100,
                                    batch_size=batch_size)
    axes: Dict[str, Dict[int, str]] = {
        'inputs': {0: 'batch'}, 'valid_ratios': {0: 'batch'},
        'probs': {0: 'batch'}
    }
    if model.chunk_width is None:
        axes['inputs'][3] = 'width'
        axes['probs'][1] = 'frames'
    torch.onnx.export(
        ExportableRecognizer(model).eval(), (inputs, ratios),
        out_file,
        input_names=['inputs', 'valid_ratios'],
        output_names=['probs'],
        dynamic_axes=axes,
        opset_version=OPSET,
        dynamo=False)


class ONNXLineRecognizer:
    """Read text lines with an exported model on onnxruntime.

    Same pipeline, data preprocessor, postprocessing and per-image error
    reporting as :class:`LineRecognizer`; only the network runs in
    onnxruntime.

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
        self.data_preprocessor = MODELS.build(cfg.model.data_preprocessor)
        dec = cfg.model.decoder
        self.postprocessor = MODELS.build(
            dict(**dec.postprocessor, dictionary=dec.dictionary))
        options = ort.SessionOptions()
        if num_threads:
            options.intra_op_num_threads = num_threads
        self.session = ort.InferenceSession(
            onnx_file, options, providers=['CPUExecutionProvider'])
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.batch_size = batch_size

    def probs(self, imgs: Sequence[np.ndarray]) -> Tuple[np.ndarray, list]:
        """Run the network: (probabilities (N, T, K), data samples)."""
        inputs, samples = preprocess(self.pipeline, self.data_preprocessor,
                                     imgs)
        feeds = dict(
            inputs=inputs.numpy().astype(np.float32),
            valid_ratios=valid_ratios(samples).numpy())
        # The 3-chunk graph has no valid_ratios input (it masks nothing).
        probs, = self.session.run(
            None, {k: v for k, v in feeds.items() if k in self.input_names})
        return probs, samples

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
