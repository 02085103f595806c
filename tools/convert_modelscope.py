"""Convert ModelScope's ConvNextViT recognizer into an MMOCR model.

MODEL_DIR is a ModelScope model folder, e.g. a local copy of
``damo/cv_convnextTiny_ocr-recognition-general_damo``, holding
``pytorch_model.pt`` and ``vocab.txt``. OUT_DIR receives:

- ``dict_modelscope.txt``: the vocabulary as an MMOCR dict file;
- ``convnextvit-tiny-3chunk_ctc_modelscope_zh-en.py``: a self-contained
  config (DAMO's 3-chunk pipeline) that reads that dict from its own folder;
- ``convnextvit-tiny-3chunk_modelscope.pth``: an MMOCR checkpoint whose
  ``meta.cfg`` embeds the config as data, so weights alone also load
  (``LineRecognizer(None, CKPT)``), without running any config source.

Example::

    python tools/convert_modelscope.py ~/models/damo_convnext out/damo

    >>> from mmocr.apis import MMOCRInferencer
    >>> ocr = MMOCRInferencer(
    ...     rec='out/damo/convnextvit-tiny-3chunk_ctc_modelscope_zh-en.py',
    ...     rec_weights='out/damo/convnextvit-tiny-3chunk_modelscope.pth')
"""
import argparse
import os
import os.path as osp

import torch
from mmengine.config import Config

from ocrrec_plugin.utils import (convert_modelscope_state_dict, get_model,
                                 read_vocab)

ZOO_NAME = 'convnextvit-tiny-3chunk_ctc_modelscope_zh-en'
CONFIG_NAME = ZOO_NAME + '.py'
BASE_CONFIG = get_model(ZOO_NAME).config
DICT_NAME = 'dict_modelscope.txt'
CKPT_NAME = 'convnextvit-tiny-3chunk_modelscope.pth'


def convert(model_dir: str, out_dir: str) -> dict:
    """Write dict, config and checkpoint; return their paths."""
    weights = osp.join(model_dir, 'pytorch_model.pt')
    vocab = osp.join(model_dir, 'vocab.txt')
    for path in (weights, vocab):
        if not osp.isfile(path):
            raise FileNotFoundError(f'{path} not found: MODEL_DIR must hold '
                                    'pytorch_model.pt and vocab.txt')
    chars = read_vocab(vocab)
    state_dict = torch.load(weights, map_location='cpu', weights_only=True)
    if 'state_dict' in state_dict and isinstance(state_dict['state_dict'],
                                                 dict):
        state_dict = state_dict['state_dict']
    state_dict = convert_modelscope_state_dict(state_dict, len(chars))

    os.makedirs(out_dir, exist_ok=True)
    dict_path = osp.join(out_dir, DICT_NAME)
    with open(dict_path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(chars) + '\n')

    cfg = Config.fromfile(BASE_CONFIG)
    cfg.dictionary.dict_file = '{{ fileDirname }}/' + DICT_NAME
    cfg.model.decoder.dictionary.dict_file = cfg.dictionary.dict_file
    cfg_path = osp.join(out_dir, CONFIG_NAME)
    cfg.dump(cfg_path)

    # The embedded copy points at the dict by absolute path.
    embedded = Config.fromfile(cfg_path)
    ckpt_path = osp.join(out_dir, CKPT_NAME)
    torch.save(
        dict(
            state_dict=state_dict,
            meta=dict(
                cfg=embedded.to_dict(),  # data: read without running
                source=f'ModelScope ConvNextViT from {osp.abspath(model_dir)}',
                dataset_meta=dict(num_chars=len(chars)))), ckpt_path)
    return dict(dict=dict_path, config=cfg_path, checkpoint=ckpt_path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('model_dir', help='ModelScope model folder')
    parser.add_argument('out_dir', help='output folder')
    args = parser.parse_args()
    for kind, path in convert(args.model_dir, args.out_dir).items():
        print(f'{kind:>10}: {path}')


if __name__ == '__main__':
    main()
