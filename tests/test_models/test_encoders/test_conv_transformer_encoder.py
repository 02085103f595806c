from unittest import TestCase

import torch

from mmocr.structures import TextRecogDataSample
from ocrrec_plugin.models.encoders import ConvTransformerEncoder


def samples(*ratios):
    out = []
    for r in ratios:
        s = TextRecogDataSample()
        s.set_metainfo(dict(valid_ratio=r))
        out.append(s)
    return out


class TestConvTransformerEncoder(TestCase):

    def setUp(self):
        torch.manual_seed(0)
        self.enc = ConvTransformerEncoder(
            in_channels=8, arch='test', max_len=10).eval()

    def test_init(self):
        with self.assertRaisesRegex(ValueError, 'Unknown arch'):
            ConvTransformerEncoder(arch='big')
        with self.assertRaisesRegex(ValueError, 'lacks'):
            ConvTransformerEncoder(arch=dict(embed_dims=8))
        with self.assertRaisesRegex(ValueError, 'divisible'):
            ConvTransformerEncoder(
                arch=dict(embed_dims=10, num_layers=1, num_heads=3))
        tiny = ConvTransformerEncoder()
        self.assertEqual(tiny.pos_embed.shape, (1, 75, 192))
        self.assertEqual(len(tiny.blocks), 12)
        self.assertEqual(tiny.blocks[0].attn.num_heads, 3)
        self.assertEqual(tiny.norm.eps, 1e-6)

    def test_forward_shapes_at_any_width(self):
        for width in (1, 7, 10, 23):
            out = self.enc(torch.rand(2, 8, 1, width))
            self.assertEqual(out.shape, (2, width, 16))

    def test_rejects_feature_height_above_one(self):
        with self.assertRaisesRegex(ValueError, 'height 1'):
            self.enc(torch.rand(1, 8, 2, 10))

    def test_position_embedding_slices_then_interpolates(self):
        table = self.enc.pos_embed
        for length in (1, 4, self.enc.max_len):
            self.assertTrue(
                torch.allclose(
                    self.enc.position_embedding(length), table[:, :length]))
        # Longer lines: exactly torch's linear interpolation of the table.
        for length in (11, 20, 173):
            ref = torch.nn.functional.interpolate(
                table.transpose(1, 2), size=length, mode='linear',
                align_corners=False).transpose(1, 2)
            got = self.enc.position_embedding(length)
            self.assertEqual(got.shape, (1, length, 16))
            self.assertTrue(torch.allclose(got, ref, atol=1e-6), length)

    def test_padding_does_not_change_valid_tokens(self):
        feat = torch.rand(1, 8, 1, 6)
        padded = torch.cat([feat, torch.randn(1, 8, 1, 4) * 10], -1)
        alone = self.enc(feat)
        masked = self.enc(padded, samples(0.6))
        self.assertTrue(torch.allclose(alone, masked[:, :6], atol=1e-5))
        unmasked = self.enc(padded, samples(1.0))
        self.assertFalse(torch.allclose(alone, unmasked[:, :6], atol=1e-3))

    def test_key_mask(self):
        self.assertIsNone(self.enc.key_mask(None, 5, 'cpu'))
        self.assertIsNone(self.enc.key_mask(samples(1.0, 1.0), 5, 'cpu'))
        mask = self.enc.key_mask(samples(0.5, 1.0, 0.01), 5, 'cpu')
        self.assertEqual(mask.tolist(),
                         [[True, True, True, False, False], [True] * 5,
                          [True, False, False, False, False]])

    def test_valid_mask_counts_frames_like_mmocr(self):
        # float32(0.6) * 10 = 6.0000002 would keep 7 tokens; MMOCR's
        # math.ceil(10 * 0.6) on Python floats keeps 6
        ratios = torch.tensor([0.6, 1.0, 0.0], dtype=torch.float64)
        mask = self.enc.valid_mask(ratios, 10)
        self.assertEqual(mask.sum(1).tolist(), [6, 10, 1])
        key = self.enc.key_mask(samples(0.6, 1.0, 0.0), 10, 'cpu')
        self.assertTrue(torch.equal(mask, key))
