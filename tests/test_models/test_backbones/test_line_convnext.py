from unittest import TestCase

import torch

from ocrrec_plugin.models.backbones import LineConvNeXt


class TestLineConvNeXt(TestCase):

    def test_init(self):
        with self.assertRaisesRegex(ValueError, 'Unknown arch'):
            LineConvNeXt(arch='huge')
        with self.assertRaisesRegex(ValueError, 'depths and dims'):
            LineConvNeXt(arch=dict(depths=(1, 1)))
        with self.assertRaisesRegex(ValueError, 'equal length'):
            LineConvNeXt(arch=dict(depths=(1, 1), dims=(8, )))
        model = LineConvNeXt(arch=dict(depths=(1, 2), dims=(8, 12)))
        self.assertEqual(model.out_channels, 12)
        self.assertEqual(model.height_stride, 8)
        self.assertEqual(len(model.stages[1]), 2)

    def test_damo_tiny_shape_and_size(self):
        model = LineConvNeXt(arch='tiny').eval()
        self.assertEqual(model.depths, (3, 3, 8, 3))
        self.assertEqual(model.dims, (96, 192, 256, 512))
        with torch.no_grad():
            out = model(torch.rand(1, 1, 32, 300))
        self.assertEqual(out.shape, (1, 512, 1, 75))

    def test_every_preset_runs(self):
        for arch in LineConvNeXt.arch_settings:
            model = LineConvNeXt(arch=arch)
            out = model(torch.rand(2, 1, 32, 64))
            self.assertEqual(out.shape, (2, model.out_channels, 1, 16))
            self.assertFalse(torch.isnan(out).any())

    def test_every_parameter_gets_a_gradient(self):
        model = LineConvNeXt(arch='test', drop_path_rate=0.1)
        model.init_weights()
        model(torch.rand(2, 1, 32, 40)).sum().backward()
        for name, param in model.named_parameters():
            self.assertIsNotNone(param.grad, name)
            self.assertTrue(param.grad.abs().sum() > 0, name)

    def test_drop_path_only_in_training(self):
        torch.manual_seed(0)
        model = LineConvNeXt(arch='test', drop_path_rate=0.5,
                             layer_scale_init=1.)
        x = torch.rand(4, 1, 32, 40)
        model.eval()
        self.assertTrue(torch.equal(model(x), model(x)))
        model.train()
        self.assertFalse(torch.allclose(model(x), model(x)))
