"""Widen a trained recognizer's CTC head to another config's dictionary.

Stage 2 of the CPU curriculum: the recognizer trained over printable ASCII
(stage 1) becomes the starting point of the Chinese+English model. Every
weight but the CTC output layer is copied unchanged (backbone and encoder
must match); the output rows of tokens both dictionaries share (characters,
blank, unknown) are copied; the new characters' rows keep the target
config's initialisation, with the whole bias first set to the label prior of
the target training set, as ``CTCPriorInitHook`` would set it. The result
is a plain ``{'state_dict', 'meta'}`` checkpoint for ``load_from``::

    C=configs/textrecog/convnextvit/curriculum
    W=work_dirs/convnextvit-nano_ctc_1500-iter_en
    python tools/model_converters/widen_ctc_head.py \\
        $C/convnextvit-nano_ctc_1500-iter_en.py $W/iter_1500.pth \\
        $C/convnextvit-nano_ctc_2400-iter_zh-en.py $W/widened_zh-en.pth
"""
import argparse
import os
import os.path as osp

import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.utils import import_modules_from_strings

from mmocr.registry import DATASETS, MODELS
from ocrrec_plugin.engine import (ctc_output_layer, sample_label_texts,
                                  set_ctc_prior)
from ocrrec_plugin.utils import copy_ctc_rows


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src_config', help='config the checkpoint was '
                        'trained with')
    parser.add_argument('src_checkpoint', help='trained checkpoint')
    parser.add_argument('dst_config', help='config with the target '
                        'dictionary and training set')
    parser.add_argument('out_file', help='output .pth')
    parser.add_argument('--num-samples', type=int, default=20000,
                        help='training labels counted for the prior of '
                        'the new rows')
    parser.add_argument('--blank-prob', type=float, default=0.5)
    return parser.parse_args()


def build_model(cfg: Config) -> torch.nn.Module:
    if cfg.get('custom_imports'):
        import_modules_from_strings(**cfg.custom_imports)
    init_default_scope(cfg.get('default_scope', 'mmocr'))
    model = MODELS.build(cfg.model)
    model.init_weights()
    return model


def main() -> None:
    args = parse_args()
    src_cfg = Config.fromfile(args.src_config)
    dst_cfg = Config.fromfile(args.dst_config)
    cfg_data = dst_cfg.to_dict()  # before building mutates the config
    src = build_model(src_cfg)
    dst = build_model(dst_cfg)

    ckpt = torch.load(
        args.src_checkpoint, map_location='cpu', weights_only=True)
    # Strict: a checkpoint of another model or dictionary fails here with
    # the recognizer's explanation (or torch's list of mismatched keys).
    src.load_state_dict(ckpt.get('state_dict', ckpt))

    texts = sample_label_texts(
        DATASETS.build(dst_cfg.train_dataloader.dataset), args.num_samples)
    set_ctc_prior(dst.decoder, texts, args.blank_prob)

    head = ctc_output_layer(dst.decoder)
    prefix = next(name for name, m in dst.named_modules() if m is head)
    head_names = {f'{prefix}.weight', f'{prefix}.bias'}
    src_state = src.state_dict()
    # The dictionary's tokens stay the target's (the decoder keeps its own
    # when a state dict has none).
    body = {
        k: v
        for k, v in src_state.items()
        if k not in head_names and not k.endswith('.dictionary_tokens')
    }
    missing, unexpected = dst.load_state_dict(body, strict=False)
    if unexpected or set(missing) != head_names:
        raise RuntimeError(
            'the two configs differ beyond the CTC output layer: '
            f'missing {sorted(set(missing) - head_names)}, unexpected '
            f'{sorted(unexpected)}')
    src_layer = ctc_output_layer(src.decoder)
    copied = copy_ctc_rows(dst.decoder, src_layer.weight, src_layer.bias,
                           src.decoder.dictionary)

    os.makedirs(osp.dirname(osp.abspath(args.out_file)), exist_ok=True)
    meta = dict(
        cfg=cfg_data,
        source=f'{osp.basename(args.src_checkpoint)} widened from '
        f'{src.decoder.dictionary.num_classes} to '
        f'{dst.decoder.dictionary.num_classes} classes')
    torch.save(dict(state_dict=dst.state_dict(), meta=meta), args.out_file)
    print(f'{args.out_file}: {len(copied)} of '
          f'{dst.decoder.dictionary.num_classes} output rows copied, the '
          'rest start at the label prior')


if __name__ == '__main__':
    main()
