import os
import re
import tempfile
from unittest import TestCase

import torch
from mmengine.structures import LabelData

from mmocr.models.common.dictionary import Dictionary
from mmocr.structures import TextRecogDataSample
from ocrrec_plugin.models.decoders import CTCLinearDecoder

from ...conftest import DICT_FILE


def make_decoder(**kwargs):
    cfg = dict(
        in_channels=4,
        dictionary=dict(
            type='Dictionary',
            dict_file=DICT_FILE,
            with_padding=True,
            with_unknown=True),
        module_loss=dict(
            type='CTCModuleLoss',
            letter_case='unchanged',
            flatten=False,
            zero_infinity=True),
        postprocessor=dict(
            type='CTCPostProcessor', ignore_chars=['padding', 'unknown']))
    cfg.update(kwargs)
    return CTCLinearDecoder(**cfg)


class TestCTCLinearDecoder(TestCase):

    def test_init(self):
        dec = make_decoder()
        self.assertEqual(dec.classifier.out_features,
                         dec.dictionary.num_classes)
        with self.assertRaisesRegex(ValueError, 'with_padding=True'):
            make_decoder(dictionary=dict(
                type='Dictionary', dict_file=DICT_FILE, with_padding=False))

    def test_train_logits_and_test_probs(self):
        dec = make_decoder()
        out_enc = torch.rand(2, 5, 4)
        dec.train()
        logits = dec.forward_train(None, out_enc)
        self.assertEqual(logits.shape, (2, 5, dec.dictionary.num_classes))
        probs = dec.forward_test(None, out_enc)
        self.assertTrue(torch.allclose(probs, logits.softmax(-1)))
        self.assertTrue(torch.allclose(probs.sum(-1), torch.ones(2, 5)))
        with self.assertRaisesRegex(ValueError, 'no encoder'):
            dec.forward_train(None, None)

    def test_predict_decodes_chinese_with_blanks_and_repeats(self):
        dec = make_decoder().eval()
        d: Dictionary = dec.dictionary
        path = ['中', 'blank', '中', '中', '文', 'blank', 'A']
        idx = [d.padding_idx if c == 'blank' else d.char2idx(c) for c in path]
        # One-hot tokens through an identity-like head: class idx wins at t.
        dec.classifier = torch.nn.Linear(len(idx), d.num_classes)
        with torch.no_grad():
            dec.classifier.weight.zero_()
            dec.classifier.bias.zero_()
            for t, k in enumerate(idx):
                dec.classifier.weight[k, t] = 10.
        out_enc = torch.eye(len(idx))[None]
        sample = TextRecogDataSample()
        sample.set_metainfo(dict(valid_ratio=1.0))
        pred = dec.predict(None, out_enc, [sample])[0]
        self.assertEqual(pred.pred_text.item, '中中文A')
        # valid_ratio trims decoding to the unpadded frames
        sample.set_metainfo(dict(valid_ratio=4 / 7))
        pred = dec.predict(None, out_enc, [sample])[0]
        self.assertEqual(pred.pred_text.item, '中中')

    def test_loss_is_finite_and_backpropagates(self):
        dec = make_decoder().train()
        samples = []
        for text, ratio in (('发票 No.123', 1.0), ('合计', 0.5)):
            s = TextRecogDataSample()
            s.set_metainfo(dict(valid_ratio=ratio))
            s.gt_text = LabelData(item=text)
            samples.append(s)
        out_enc = torch.rand(2, 20, 4, requires_grad=True)
        loss = dec.loss(None, out_enc, samples)['loss_ctc']
        self.assertTrue(torch.isfinite(loss))
        loss.backward()
        self.assertTrue(out_enc.grad.abs().sum() > 0)

    def test_load_with_wrong_class_count_names_both_sizes(self):
        dec = make_decoder()
        state = {
            'classifier.weight': torch.zeros(100, 4),
            'classifier.bias': torch.zeros(100)
        }
        with self.assertRaisesRegex(
                ValueError, f'100 classes.*gives {dec.dictionary.num_classes} '
                r'\(7127 characters and 2 special'):
            dec.load_state_dict(state)
        # and a matching one loads
        dec.load_state_dict(
            {k: v.clone() for k, v in dec.state_dict().items()})

    def test_same_size_other_dictionary_names_the_first_differences(self):
        with open(DICT_FILE, encoding='utf-8') as f:
            chars = f.read().splitlines()
        dec = make_decoder()
        state = {k: v.clone() for k, v in dec.state_dict().items()}
        # Same size: two characters swapped, as a re-sorted dict file gives.
        swapped = self.tmp_dict(chars[:10] + [chars[11], chars[10]] +
                                chars[12:])
        other = make_decoder(dictionary=dict(
            type='Dictionary', dict_file=swapped, with_padding=True,
            with_unknown=True))
        with self.assertRaisesRegex(
                ValueError, r'another dictionary \(2 of 7129 entries differ: '
                + re.escape(f'entry 10: {chars[10]!r} in the checkpoint, '
                            f'{chars[11]!r} in the config')):
            other.load_state_dict(state)
        # Other special tokens (no <UKN>, a start token) with the same count.
        special = make_decoder(dictionary=dict(
            type='Dictionary', dict_file=DICT_FILE, with_padding=True,
            with_start=True, with_unknown=False))
        with self.assertRaisesRegex(ValueError, 'another dictionary'):
            special.load_state_dict(state)
        # A checkpoint from before the fingerprint loads unchecked.
        legacy = {k: v for k, v in state.items() if k != 'dictionary_tokens'}
        other.load_state_dict(legacy)
        self.assertTrue(
            torch.equal(other.classifier.weight, dec.classifier.weight))

    def tmp_dict(self, chars):
        f = tempfile.NamedTemporaryFile(
            'w', suffix='.txt', delete=False, encoding='utf-8')
        f.write('\n'.join(chars) + '\n')
        f.close()
        self.addCleanup(os.remove, f.name)
        return f.name
