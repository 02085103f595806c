"""The ModelScope converter, proven against ModelScope's own implementation.

ModelScope's ConvNextViT and its preprocessing come from the ``modelscope``
wheel (a test dependency). Random weights and a random vocabulary of 7,642
characters (the size ModelScope's model class hard-codes), shuffled from our
dictionary and the CJK block: the same images through ModelScope's
pipeline and ours must give
the same logits (within 1e-4) and the same text.
"""
import json
import math
import os.path as osp
import random
import sys

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import Compose, pseudo_collate

from mmocr.apis import TextRecInferencer
from ocrrec_plugin.apis import LineRecognizer
from mmocr.registry import MODELS
from ocrrec_plugin.utils import convert_modelscope_state_dict, read_vocab

from ..conftest import DICT_FILE, REPO_ROOT

sys.path.insert(0, osp.join(REPO_ROOT, 'tools'))
from convert_modelscope import convert  # noqa: E402

from modelscope.models.cv.ocr_recognition.model import \
    OCRRecognition  # noqa: E402
from modelscope.models.cv.ocr_recognition.preprocessor import \
    OCRRecognitionPreprocessor  # noqa: E402

# ModelScope's ConvNextViT hard-codes 7,644 classes: blank, unused, chars.
NUM_CHARS = 7642


def randomize_(model: torch.nn.Module, seed: int) -> None:
    """Give every parameter random, well-scaled values (ModelScope's init
    leaves the layer scales at 1e-6 and positions at zero, which would make
    a parity check blind to most of the network)."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=gen)
            if name.endswith('gamma'):  # layer scale
                p.copy_(0.5 + 0.2 * noise)
            elif name.endswith('pos_embed'):
                p.copy_(0.5 * noise)
            elif p.dim() == 1 and name.endswith('weight'):  # LayerNorm
                p.copy_(1. + 0.1 * noise)
            elif p.dim() == 1:  # biases
                p.copy_(0.1 * noise)
            else:
                p.copy_(noise / math.sqrt(p[0].numel()))


@pytest.fixture(scope='module')
def modelscope_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp('damo')
    chars = [c for c in open(DICT_FILE, encoding='utf-8').read().split('\n')
             if c]
    chars += [chr(c) for c in range(0x4e00, 0x9fa6) if chr(c) not in chars]
    vocab = random.Random(0).sample(sorted(set(chars)), NUM_CHARS)
    (root / 'vocab.txt').write_text('\n'.join(vocab) + '\n', encoding='utf-8')
    (root / 'configuration.json').write_text(
        json.dumps({
            'framework': 'pytorch',
            'task': 'ocr-recognition',
            'model': {
                'type': 'OCRRecognition',
                'recognizer': 'ConvNextViT',
                'inference_kwargs': {
                    'img_height': 32,
                    'img_width': 804,
                    'do_chunking': True
                }
            }
        }))
    from modelscope.models.cv.ocr_recognition.modules.ConvNextViT.main_model \
        import ConvNextViT
    net = ConvNextViT()
    randomize_(net, seed=1)
    with torch.no_grad():  # class 1 has no character in ModelScope's vocab
        net.vitstr.head.bias[1] = -50.
    # ModelScope's fine-tuned checkpoints carry a 'module.' prefix
    torch.save({'module.' + k: v
                for k, v in net.state_dict().items()},
               root / 'pytorch_model.pt')
    return root


@pytest.fixture(scope='module')
def converted(modelscope_dir, tmp_path_factory):
    return convert(str(modelscope_dir), str(tmp_path_factory.mktemp('out')))


def make_images():
    rng = np.random.RandomState(0)
    shapes = [(32, 100), (48, 600), (20, 1000), (64, 1608), (40, 40),
              (32, 804), (1, 1), (300, 12)]
    imgs = []
    for h, w in shapes:
        img = rng.randint(0, 256, (h, w, 3)).astype(np.uint8)
        # a few dark strokes so columns differ in more than noise
        for x in range(0, w, 17):
            img[:, x:x + 3] //= 4
        imgs.append(img)
    return imgs


def modelscope_outputs(model_dir, imgs):
    pre = OCRRecognitionPreprocessor(str(model_dir))
    model = OCRRecognition(str(model_dir)).eval()
    logits, texts, valid = [], [], []
    with torch.no_grad():
        for img in imgs:
            # ModelScope's model call = forward + its postprocess (decode)
            out = model(pre(img)['image'])
            logits.append(out['probs'][0])
            texts.append(out['preds'][0])
            h, w = img.shape[:2]
            cur = 804 if w / h > 804 / 32 else max(int(32 * w / h), 1)
            valid.append(cur / 804)
    return logits, texts, valid, model.labelMapping


def our_logits(cfg_path, ckpt_path, imgs_bgr):
    cfg = Config.fromfile(cfg_path)
    model = MODELS.build(cfg.model)
    ckpt = torch.load(ckpt_path, map_location='cpu', weights_only=True)
    model.load_state_dict(ckpt['state_dict'], strict=True)
    model.eval()
    pipeline = Compose([
        dict(type='LoadImageFromNDArray'),
        *[t for t in cfg.test_pipeline if t['type'] not in
          ('LoadImageFromFile', 'LoadOCRAnnotations')]
    ])
    data = pseudo_collate([pipeline(dict(img=img)) for img in imgs_bgr])
    with torch.no_grad():
        data = model.data_preprocessor(data, False)
        _, tokens = model.encode(data['inputs'])
        return model.decoder.forward_train(None, tokens)


def test_read_vocab_errors(tmp_path):
    p = tmp_path / 'vocab.txt'
    p.write_text('a\nbc\n', encoding='utf-8')
    with pytest.raises(ValueError, match=r"vocab.txt:2: .*'bc'"):
        read_vocab(str(p))
    p.write_text('a\nb\na\n', encoding='utf-8')
    with pytest.raises(ValueError, match='repeats line 1'):
        read_vocab(str(p))


def test_conversion_is_strict_and_idempotent(modelscope_dir):
    state = torch.load(modelscope_dir / 'pytorch_model.pt', weights_only=True)
    native = convert_modelscope_state_dict(state, NUM_CHARS)
    assert 'encoder.pos_embed' in native
    assert not any('cls_token' in k for k in native)
    again = convert_modelscope_state_dict(native, NUM_CHARS)
    assert list(again) == list(native)
    assert all(torch.equal(again[k], native[k]) for k in native)
    with pytest.raises(ValueError, match='no mapping'):
        convert_modelscope_state_dict({**state, 'extra.weight': 0}, NUM_CHARS)
    with pytest.raises(ValueError, match='7644 classes.*7641 characters'):
        convert_modelscope_state_dict(state, NUM_CHARS - 1)


def test_logits_and_text_match_modelscope(modelscope_dir, converted):
    imgs = make_images()
    ms_logits, ms_texts, valid, label_map = modelscope_outputs(
        modelscope_dir, imgs)
    ours = our_logits(converted['config'], converted['checkpoint'],
                      [img[..., ::-1].copy() for img in imgs])
    order = torch.cat(
        [torch.arange(2, NUM_CHARS + 2),
         torch.arange(2)])  # ModelScope classes in our class order
    for i, ms in enumerate(ms_logits):
        diff = (ours[i] - ms[:, order]).abs().max().item()
        assert diff < 1e-4, f'image {i}: max logit difference {diff}'

    # Text through MMOCR's own inferencer and postprocessor.
    inferencer = TextRecInferencer(
        model=converted['config'],
        weights=converted['checkpoint'],
        device='cpu')
    preds = inferencer([img[..., ::-1].copy() for img in imgs],
                       batch_size=3)['predictions']
    texts = [p['text'] for p in preds]
    assert any(len(t) > 5 for t in ms_texts), 'random model read nothing'
    for i, (ours_text, ms_text) in enumerate(zip(texts, ms_texts)):
        if valid[i] == 1.0:
            assert ours_text == ms_text, i
        else:
            # We stop decoding at the unpadded width (MMOCR's
            # CTCPostProcessor); ModelScope decodes all 201 frames. Decode
            # ModelScope's own argmax path over the same frames.
            frames = math.ceil(201 * valid[i])
            path = ms_logits[i].argmax(-1).tolist()[:frames]
            expect, last = [], 0
            for p in path:
                if p != last and p != 0:
                    expect.append(label_map[p])
                last = p
            assert ours_text == ''.join(expect), i
            assert ms_text.startswith(ours_text), i


def test_weights_alone_load_through_the_inferencer(converted):
    img = make_images()[1][..., ::-1].copy()
    with_cfg = TextRecInferencer(
        model=converted['config'],
        weights=converted['checkpoint'],
        device='cpu')(img)['predictions'][0]['text']
    weights_only = LineRecognizer(None, converted['checkpoint'])([img])[0]
    assert with_cfg == weights_only.text


def test_missing_files_are_named(tmp_path):
    with pytest.raises(FileNotFoundError, match='pytorch_model.pt'):
        convert(str(tmp_path), str(tmp_path / 'out'))
