"""How fast does a recognizer leave the CTC blank plateau?

Trains a config's model from scratch on a few fixed IIIT5K words (full
batch, no augmentation, constant learning rate) and prints the CTC loss
every ``--every`` steps, with the head as the config initialises it or
started at the label prior (``--prior-init``, what ``CTCPriorInitHook`` does
in training). A memorising model leaves the plateau (loss about 4 per
character) within tens of steps when the optimisation is healthy.

    python tools/analysis_tools/ctc_plateau_probe.py --prior-init \\
      configs/textrecog/convnextvit/convnextvit-nano_ctc_curriculum_zh-en.py
"""
import argparse
import json
import os.path as osp

import cv2
import numpy as np
import torch
from mmengine.config import Config
from mmengine.structures import LabelData
from mmengine.utils import import_modules_from_strings

from mmocr.registry import MODELS
from mmocr.structures import TextRecogDataSample
from mmocr.utils import register_all_modules
from ocrrec_plugin.apis import load_line_image
from ocrrec_plugin.engine import set_ctc_prior


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='recognizer config')
    parser.add_argument(
        '--labels',
        default='data/iiit5k/textrecog_train.json',
        help='MMOCR textrecog labels; the first --num-words are used')
    parser.add_argument('--num-words', type=int, default=32)
    parser.add_argument('--width', type=int, default=160,
                        help='words are resized to height 32 and padded '
                        'to this width')
    parser.add_argument('--prior-init', action='store_true',
                        help='start the head at the label prior of the '
                        'words (blank 0.5)')
    parser.add_argument('--steps', type=int, default=150)
    parser.add_argument('--every', type=int, default=25)
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args()


def load_words(labels: str, num: int, width: int):
    with open(labels, encoding='utf-8') as f:
        items = json.load(f)['data_list'][:num]
    root = osp.dirname(labels)
    imgs, samples = [], []
    for item in items:
        img = load_line_image(osp.join(root, item['img_path']))
        h, w = img.shape[:2]
        new_w = min(width, max(4, round(w * 32 / h / 4) * 4))
        padded = np.zeros((32, width, 3), np.uint8)
        padded[:, :new_w] = cv2.resize(img, (new_w, 32))
        imgs.append(torch.from_numpy(padded).permute(2, 0, 1))
        sample = TextRecogDataSample()
        sample.set_metainfo(
            dict(valid_ratio=new_w / width, img_shape=(32, new_w)))
        sample.gt_text = LabelData(item=item['instances'][0]['text'])
        samples.append(sample)
    return imgs, samples


def main():
    args = parse_args()
    register_all_modules()
    cfg = Config.fromfile(args.config)
    if cfg.get('custom_imports'):
        import_modules_from_strings(**cfg.custom_imports)
    torch.manual_seed(args.seed)
    model = MODELS.build(cfg.model)
    model.init_weights()
    imgs, samples = load_words(args.labels, args.num_words, args.width)
    if args.prior_init:
        set_ctc_prior(model.decoder, [s.gt_text.item for s in samples])
    data = model.data_preprocessor(
        dict(inputs=imgs, data_samples=samples), True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    model.train()
    print('| step | CTC loss |\n|---|---|')
    for step in range(1, args.steps + 1):
        losses = model.loss(data['inputs'], data['data_samples'])
        loss = sum(v for k, v in losses.items() if 'loss' in k)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % args.every == 0:
            print(f'| {step} | {loss.item():.3f} |', flush=True)


if __name__ == '__main__':
    main()
