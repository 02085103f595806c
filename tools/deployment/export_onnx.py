"""Export a ConvNeXtViT recognizer to ONNX (opset 17).

The graph is the network alone, from the model's data preprocessor output;
the config's pipeline and data preprocessor run around it. Dynamic batch;
dynamic width too for whole-line models; the 3-chunk model takes the fixed
width its config resizes to. Run it with
``ocrrec_plugin.apis.ONNXLineRecognizer(CONFIG, OUT.onnx)``.

Example::

    python tools/deployment/export_onnx.py CONFIG CKPT OUT.onnx
    python tools/deployment/export_onnx.py CONFIG CKPT OUT_int8.onnx --int8
"""
import argparse
import os

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

from mmocr.registry import MODELS
from ocrrec_plugin.apis.onnx_recognizer import OPSET, export_onnx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('out_file')
    parser.add_argument(
        '--int8',
        action='store_true',
        help='also quantize the weights of MatMul/Gemm (the transformer and '
        'the CTC head) to int8 with onnxruntime\'s dynamic quantization; '
        'convolutions stay fp32')
    args = parser.parse_args()
    cfg = Config.fromfile(args.config)
    init_default_scope(cfg.get('default_scope', 'mmocr'))
    model = MODELS.build(cfg.model)
    ckpt = torch.load(args.checkpoint, map_location='cpu', weights_only=True)
    model.load_state_dict(ckpt.get('state_dict', ckpt))
    os.makedirs(os.path.dirname(os.path.abspath(args.out_file)), exist_ok=True)
    if not args.int8:
        export_onnx(model.float().eval(), cfg, args.out_file)
        print(f'wrote {args.out_file} (opset {OPSET})')
        return
    from onnxruntime.quantization import QuantType, quantize_dynamic
    fp32_file = args.out_file + '.fp32.tmp'
    export_onnx(model.float().eval(), cfg, fp32_file)
    try:
        quantize_dynamic(
            fp32_file,
            args.out_file,
            op_types_to_quantize=['MatMul', 'Gemm'],
            weight_type=QuantType.QInt8)
    finally:
        os.remove(fp32_file)
    print(f'wrote {args.out_file} (opset {OPSET}, int8 MatMul/Gemm weights)')


if __name__ == '__main__':
    main()
