import copy
from unittest import TestCase

import numpy as np
import torch
from mmengine.structures import LabelData

from mmocr.registry import MODELS
from mmocr.structures import TextRecogDataSample
from ocrrec_plugin.models.recognizers import merge_chunk_tokens, split_line

from ...conftest import DICT_FILE


def model_cfg(**kwargs):
    cfg = dict(
        type='ConvNeXtViT',
        data_preprocessor=dict(
            type='TextRecogGrayDataPreprocessor',
            mean=[0, 0, 0],
            std=[255, 255, 255],
            bgr_to_rgb=True),
        backbone=dict(type='LineConvNeXt', arch='test'),
        encoder=dict(type='ConvTransformerEncoder', arch='test', max_len=75),
        decoder=dict(
            type='CTCLinearDecoder',
            dictionary=dict(
                type='Dictionary',
                dict_file=DICT_FILE,
                with_padding=True,
                with_unknown=True),
            module_loss=dict(
                type='CTCModuleLoss', flatten=False, zero_infinity=True),
            postprocessor=dict(type='CTCPostProcessor')))
    cfg.update(kwargs)
    return cfg


class TestLineChunking(TestCase):

    def test_split_line_damo_geometry(self):
        line = torch.arange(804.).expand(2, 1, 32, 804)
        chunks = split_line(line, 300, 48)
        self.assertEqual(chunks.shape, (6, 1, 32, 300))
        # chunk starts at 0, 252, 504, line-major order
        self.assertEqual(chunks[:, 0, 0, 0].tolist(),
                         [0., 252., 504., 0., 252., 504.])
        self.assertEqual(chunks[2, 0, 0, -1].item(), 803.)

    def test_split_line_errors(self):
        with self.assertRaisesRegex(ValueError, 'multiple of the step'):
            split_line(torch.zeros(1, 1, 32, 800), 300, 48)
        with self.assertRaisesRegex(ValueError, 'overlap'):
            split_line(torch.zeros(1, 1, 32, 300), 300, 300)

    def test_merge_matches_damo_indices(self):
        # token value = (line, chunk, position)
        n, c, t = 2, 3, 75
        tokens = torch.zeros(n * c, t, 3)
        for i in range(n):
            for j in range(c):
                tokens[i * c + j, :, 0] = i
                tokens[i * c + j, :, 1] = j
                tokens[i * c + j, :, 2] = torch.arange(t)
        merged = merge_chunk_tokens(tokens, 3, 12)
        self.assertEqual(merged.shape, (2, 201, 3))
        expect = [(0, p) for p in range(0, 69)] + [
            (1, p) for p in range(6, 69)
        ] + [(2, p) for p in range(6, 75)]
        got = [(int(a), int(b)) for a, b in merged[1, :, 1:].tolist()]
        self.assertEqual(got, expect)
        self.assertTrue((merged[1, :, 0] == 1).all())
        with self.assertRaisesRegex(ValueError, 'even'):
            merge_chunk_tokens(tokens, 3, 5)

    def test_merged_tokens_are_one_per_stride_of_the_line(self):
        # each merged token t comes from pixel column 4t of the line
        cols = []
        for j, pos in [(0, range(69)), (1, range(6, 69)), (2, range(6, 75))]:
            cols += [252 * j + 4 * p for p in pos]
        self.assertEqual(cols, list(range(0, 804, 4)))


class TestConvNeXtViT(TestCase):

    def setUp(self):
        torch.manual_seed(0)

    def _samples(self, texts, ratios):
        out = []
        for text, r in zip(texts, ratios):
            s = TextRecogDataSample()
            s.set_metainfo(dict(valid_ratio=r))
            s.gt_text = LabelData(item=text)
            out.append(s)
        return out

    def test_chunk_settings_are_checked(self):
        with self.assertRaisesRegex(ValueError, 'multiple'):
            MODELS.build(model_cfg(chunk_width=302, chunk_overlap=48))
        with self.assertRaisesRegex(ValueError, 'multiple'):
            MODELS.build(model_cfg(chunk_width=300, chunk_overlap=44))
        with self.assertRaisesRegex(ValueError, 'max_len'):
            cfg = model_cfg(chunk_width=400, chunk_overlap=48)
            MODELS.build(cfg)

    def test_chunked_forward_equals_manual_pipeline(self):
        model = MODELS.build(model_cfg(chunk_width=300,
                                       chunk_overlap=48)).eval()
        x = torch.rand(2, 1, 32, 804)
        with torch.no_grad():
            _, tokens = model.encode(x)
            manual = []
            for left in (0, 252, 504):
                feat = model.backbone(x[..., left:left + 300])
                manual.append(model.encoder(feat))
            expect = torch.cat(
                [manual[0][:, :69], manual[1][:, 6:69], manual[2][:, 6:]], 1)
        self.assertEqual(tokens.shape, (2, 201, 16))
        self.assertTrue(torch.allclose(tokens, expect, atol=1e-6))

    def test_loss_and_predict_whole_lines(self):
        model = MODELS.build(model_cfg())
        model.init_weights()
        imgs = [np.random.randint(0, 255, (32, w, 3), np.uint8)
                for w in (64, 128)]
        samples = self._samples(['AB', '中文'], [0.5, 1.0])
        for s, img in zip(samples, imgs):
            s.set_metainfo(dict(img_shape=img.shape[:2]))
        data = model.data_preprocessor(
            dict(inputs=[torch.from_numpy(i).permute(2, 0, 1) for i in imgs],
                 data_samples=samples), True)
        self.assertEqual(data['inputs'].shape, (2, 1, 32, 128))
        losses = model(data['inputs'], data['data_samples'], mode='loss')
        self.assertTrue(torch.isfinite(losses['loss_ctc']))
        model.eval()
        preds = model(data['inputs'], copy.deepcopy(samples), mode='predict')
        self.assertEqual(len(preds), 2)
        self.assertIsInstance(preds[0].pred_text.item, str)
        logits = model(data['inputs'], samples, mode='tensor')
        self.assertEqual(logits.shape,
                         (2, 32, model.decoder.dictionary.num_classes))

    def test_channels_between_modules_follow_the_presets(self):
        for backbone, encoder, widths in (('test', 'test', (32, 16)),
                                          ('micro', 'nano', (128, 128)),
                                          ('tiny', 'tiny', (512, 192))):
            cfg = model_cfg()
            cfg['backbone']['arch'] = backbone
            cfg['encoder']['arch'] = encoder
            model = MODELS.build(cfg)
            self.assertEqual(
                model.encoder.patch_embed.proj.in_channels, widths[0])
            self.assertEqual(model.decoder.classifier.in_features, widths[1])
            _, tokens = model.encode(torch.rand(1, 1, 32, 64))
            logits = model.decoder.classifier(tokens)
            self.assertEqual(logits.shape[:2], (1, 16))
        # An arch dict works as a name does; a given in_channels is kept.
        cfg = model_cfg()
        cfg['backbone']['arch'] = dict(depths=(1, 1, 1, 1), dims=(8, 8, 8, 24))
        self.assertEqual(
            MODELS.build(cfg).encoder.patch_embed.proj.in_channels, 24)
        cfg = model_cfg()
        cfg['decoder']['in_channels'] = 99
        self.assertEqual(MODELS.build(cfg).decoder.classifier.in_features, 99)

    def test_checkpoint_of_another_architecture_is_refused(self):
        small = MODELS.build(model_cfg())
        cfg = model_cfg()
        cfg['backbone']['arch'] = 'nano'
        other = MODELS.build(cfg)
        with self.assertRaisesRegex(
                ValueError, r'does not fit.*backbone\..*\(8, 1, 4, 4\)'):
            other.load_state_dict(small.state_dict(), strict=False)
        # A deeper preset's weights under a shallower config: its extra
        # blocks would be dropped silently.
        cfg = model_cfg()
        cfg['backbone']['arch'] = dict(depths=(1, 1, 2, 1),
                                       dims=(8, 16, 16, 32))
        deeper = MODELS.build(cfg)
        with self.assertRaisesRegex(
                ValueError, r'lacks.*backbone\.stages\.2\.1\.'):
            small.load_state_dict(deeper.state_dict(), strict=False)
        # The other way round is how a preset grows: the extra blocks keep
        # their initialisation.
        deeper.load_state_dict(small.state_dict(), strict=False)
        # the same architecture loads
        again = MODELS.build(model_cfg())
        again.load_state_dict(small.state_dict())
        for k, v in small.state_dict().items():
            self.assertTrue(torch.equal(v, again.state_dict()[k]), k)
