from unittest import TestCase

from mmengine.structures import LabelData

from mmocr.evaluation import OneMinusNEDMetric, WordMetric
from mmocr.structures import TextRecogDataSample
from ocrrec_plugin.evaluation import LineMetric


def batch(pairs):
    out = []
    for pred, gt in pairs:
        s = TextRecogDataSample()
        s.pred_text = LabelData(item=pred)
        s.gt_text = LabelData(item=gt)
        out.append(s.to_dict())
    return out


class TestLineMetric(TestCase):
    pairs = [
        ('增值税发票', '增值税发票'),  # exact
        ('增值税发', '增值税发票'),  # one deletion of five: 0.8
        ('Total: 12.50', 'TOTAL 12.50'),  # case and symbols differ
        ('', ''),  # both empty: a match
        ('', '合计'),  # nothing read: 0
    ]

    def test_hand_computed_values(self):
        metric = LineMetric()
        metric.process(None, batch(self.pairs))
        res = metric.evaluate(len(self.pairs))
        self.assertAlmostEqual(res['recog/line_acc'], 2 / 5)
        # lev('Total: 12.50', 'TOTAL 12.50') = 5 (4 case, 1 ':'), max len 12
        expect = (1 + 0.8 + (1 - 5 / 12) + 1 + 0) / 5
        self.assertAlmostEqual(res['recog/line_1-NED'], expect)

    def test_differs_from_mmocr_case_symbol_folding(self):
        pairs = [('Total: 12.50', 'TOTAL 12.50'), ('发票：12', '发票 12')]
        ours, word, ned = LineMetric(), WordMetric(
            mode='ignore_case_symbol'), OneMinusNEDMetric()
        for m in (ours, word, ned):
            m.process(None, batch(pairs))
        self.assertEqual(ours.evaluate(2)['recog/line_acc'], 0.)
        # MMOCR lowercases and drops everything but [0-9a-zA-Z] and CJK
        # ideographs (here ':', ' ' and '：')
        self.assertEqual(
            word.evaluate(2)['recog/word_acc_ignore_case_symbol'], 1.)
        self.assertEqual(ned.evaluate(2)['recog/1-N.E.D'], 1.)
