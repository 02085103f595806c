import numpy as np


class TestPageRenderer:

    def test_render(self, synth_gen):
        for idx in range(3):
            page = synth_gen.page(idx)
            img = page['img']
            h, w = img.shape[:2]
            assert img.dtype == np.uint8 and img.ndim == 3
            assert len(page['instances']) >= 1
            for ins in page['instances']:
                poly = np.array(ins['polygon']).reshape(4, 2)
                assert len(ins['polygon']) == 8
                assert ins['bbox_label'] == 0 and ins['ignore'] is False
                assert synth_gen.charset.covers(ins['text'])
                assert ins['text'].strip()
                x1, y1, x2, y2 = ins['bbox']
                assert x1 < x2 and y1 < y2
                assert np.all(poly >= -1) and np.all(poly[:, 0] <= w + 1)
                assert np.all(poly[:, 1] <= h + 1)
                # The quad holds ink: its inside differs from the page mean.
                xs, ys = poly[:, 0], poly[:, 1]
                crop = img[int(max(ys.min(), 0)):int(ys.max()) + 1,
                           int(max(xs.min(), 0)):int(xs.max()) + 1]
                assert crop.size and crop.std() > 5

    def test_deterministic(self, synth_gen):
        a, b = synth_gen.page(5), synth_gen.page(5)
        assert np.array_equal(a['img'], b['img'])
        assert a['instances'] == b['instances']
