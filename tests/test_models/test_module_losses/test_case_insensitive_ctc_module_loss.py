import math

import pytest
import torch
from mmengine.structures import LabelData

from mmocr.models.common.dictionary import Dictionary
from mmocr.models.textrecog.module_losses import CTCModuleLoss
from mmocr.registry import MODELS
from mmocr.structures import TextRecogDataSample
from ocrrec_plugin.models.module_losses import CaseInsensitiveCTCModuleLoss

from ...conftest import DICT_FILE


def tiny_dictionary(tmp_path, chars=('a', 'A', 'b')):
    """``chars`` at indexes 0, 1, ..., the blank (padding) last."""
    path = tmp_path / 'tiny_dict.txt'
    path.write_text('\n'.join(chars) + '\n')
    return Dictionary(dict_file=str(path), with_padding=True)


def big_dictionary():
    return Dictionary(
        dict_file=DICT_FILE, with_padding=True, with_unknown=True)


def sample(text, case_insensitive=None, valid_ratio=None):
    ds = TextRecogDataSample()
    ds.gt_text = LabelData(item=text)
    if case_insensitive is not None:
        ds.set_metainfo(dict(case_insensitive=case_insensitive))
    if valid_ratio is not None:
        ds.set_metainfo(dict(valid_ratio=valid_ratio))
    return ds


def losses(dictionary, **kwargs):
    """The plugin's loss and MMOCR's, with the same arguments."""
    return (CaseInsensitiveCTCModuleLoss(dictionary, **kwargs),
            CTCModuleLoss(dictionary, **kwargs))


def loss_of(module, logits, data_samples):
    data_samples = module.get_targets(data_samples)
    return module(logits, data_samples)['loss_ctc']


# Frames of probabilities over (a, A, b, blank).
FRAME_1 = [0.2, 0.3, 0.1, 0.4]
FRAME_2 = [0.5, 0.1, 0.1, 0.3]


@pytest.mark.parametrize('flatten', [True, False])
def test_one_frame_by_hand(tmp_path, flatten):
    d = tiny_dictionary(tmp_path)
    assert d.dict == ['a', 'A', 'b', '<PAD>'] and d.padding_idx == 3
    ci = CaseInsensitiveCTCModuleLoss(d, flatten=flatten)
    logits = torch.tensor([[FRAME_1]]).log()  # N=1, T=1, C=4
    # One frame, target 'A': the only path is 'A'.
    flagged = loss_of(ci, logits, [sample('A', True)])
    assert flagged.item() == pytest.approx(-math.log(0.3 + 0.2), rel=1e-6)
    for meta in (None, False):
        plain = loss_of(ci, logits, [sample('A', meta)])
        assert plain.item() == pytest.approx(-math.log(0.3), rel=1e-6)
    # A lower-case target flagged reads the same letter in either case.
    lower = loss_of(ci, logits, [sample('a', True)])
    assert lower.item() == pytest.approx(-math.log(0.5), rel=1e-6)
    # 'b' has no other case in the dictionary: unchanged when flagged.
    b = loss_of(ci, logits, [sample('b', True)])
    assert b.item() == pytest.approx(-math.log(0.1), rel=1e-6)


def test_two_frames_by_hand(tmp_path):
    d = tiny_dictionary(tmp_path)
    ci = CaseInsensitiveCTCModuleLoss(d, flatten=False, reduction='none')
    logits = torch.tensor([[FRAME_1, FRAME_2]]).log()  # N=1, T=2, C=4
    # Paths of 'A' over two frames: A A, A -, - A.
    # Case-sensitive: 0.3*0.1 + 0.3*0.3 + 0.4*0.1 = 0.16.
    plain = loss_of(ci, logits, [sample('A')])
    assert plain.item() == pytest.approx(-math.log(0.16), rel=1e-6)
    # Either case, p(A or a) = 0.5 then 0.6:
    # 0.5*0.6 + 0.5*0.3 + 0.4*0.6 = 0.69.
    flagged = loss_of(ci, logits, [sample('A', True)])
    assert flagged.item() == pytest.approx(-math.log(0.69), rel=1e-6)
    # Both in one batch: each keeps its own loss.
    both = loss_of(ci, logits.repeat(2, 1, 1),
                   [sample('A', True), sample('A', False)])
    assert both.tolist() == pytest.approx(
        [-math.log(0.69), -math.log(0.16)], rel=1e-6)


def test_pairs_of_the_real_dictionary():
    d = big_dictionary()
    ci = CaseInsensitiveCTCModuleLoss(d)
    assert len(ci.upper_indexes) == 26
    for u, lo in zip(ci.upper_indexes, ci.lower_indexes):
        assert d.dict[lo] == d.dict[u].lower()
        assert ci.canonical_index[lo] == u
    changed = (ci.canonical_index != torch.arange(d.num_classes)).nonzero()
    assert sorted(changed.flatten().tolist()) == sorted(ci.lower_indexes)


def test_a_letter_without_its_other_case_is_left_as_is(tmp_path):
    d = tiny_dictionary(tmp_path, chars=('x', 'Y', '1'))
    ci, plain = losses(d, reduction='none')
    assert ci.upper_indexes == []
    logits = torch.randn(1, 6, d.num_classes)
    assert torch.equal(
        loss_of(ci, logits, [sample('xY1', True)]),
        loss_of(plain, logits, [sample('xY1')]))


TEXTS = ['Hello 123', 'TOTAL RM 9.90', '中文ab', 'x', 'Receipt #42']


@pytest.mark.parametrize('flatten', [True, False])
@pytest.mark.parametrize('reduction', ['none', 'mean', 'sum'])
@pytest.mark.parametrize('zero_infinity', [True, False])
def test_unflagged_batch_is_ctc_module_loss(flatten, reduction,
                                            zero_infinity):
    d = big_dictionary()
    ci, plain = losses(
        d, flatten=flatten, reduction=reduction, zero_infinity=zero_infinity)
    torch.manual_seed(0)
    logits = torch.randn(len(TEXTS), 12, d.num_classes)
    metas = [None, False, None, False, None]
    ratios = [1.0, 0.5, 0.75, 0.25, 1.0]
    got = loss_of(ci, logits, [
        sample(t, m, r) for t, m, r in zip(TEXTS, metas, ratios)])
    want = loss_of(plain, logits,
                   [sample(t, None, r) for t, r in zip(TEXTS, ratios)])
    assert torch.equal(got, want)


@pytest.mark.parametrize('flatten', [True, False])
def test_mixed_batch(flatten):
    d = big_dictionary()
    ci, plain = losses(d, flatten=flatten, reduction='none')
    torch.manual_seed(1)
    logits = torch.randn(len(TEXTS), 40, d.num_classes, requires_grad=True)
    flags = [True, False, True, None, False]
    ratios = [1.0, 0.75, 0.5, 1.0, 0.5]
    got = loss_of(ci, logits, [
        sample(t, f, r) for t, f, r in zip(TEXTS, flags, ratios)])
    want = loss_of(plain, logits,
                   [sample(t, None, r) for t, r in zip(TEXTS, ratios)])
    flagged = torch.tensor([bool(f) for f in flags])
    # Unflagged samples: bit for bit CTCModuleLoss.
    assert torch.equal(got[~flagged], want[~flagged])
    # Flagged samples with letters: either case is more likely than one.
    assert (got[flagged] < want[flagged]).all()
    # Each flagged sample: its loss alone, on the merged columns.
    for i in flagged.nonzero().flatten().tolist():
        alone = loss_of(ci, logits[i:i + 1],
                        [sample(TEXTS[i], True, ratios[i])])
        assert torch.allclose(got[i], alone[0])
    got.sum().backward()
    assert torch.isfinite(logits.grad).all()


def test_mean_reduction_of_a_mixed_batch():
    d = big_dictionary()
    ci = CaseInsensitiveCTCModuleLoss(d, flatten=False, zero_infinity=True)
    per_sample = CaseInsensitiveCTCModuleLoss(
        d, flatten=False, zero_infinity=True, reduction='none')
    torch.manual_seed(2)
    logits = torch.randn(3, 16, d.num_classes)
    samples = [sample('AbC', True), sample('dEf'), sample('G1', True)]
    mean = loss_of(ci, logits, samples)
    each = loss_of(per_sample, logits, samples)
    lengths = torch.tensor([3., 3., 2.])
    assert torch.allclose(mean, (each / lengths).mean())


def test_flagged_upper_and_lower_targets_agree():
    d = big_dictionary()
    ci = CaseInsensitiveCTCModuleLoss(d, reduction='none')
    torch.manual_seed(3)
    logits = torch.randn(1, 20, d.num_classes).repeat(3, 1, 1)
    got = loss_of(ci, logits, [
        sample('TOTAL: RM 9.90', True),
        sample('total: rm 9.90', True),
        sample('ToTaL: Rm 9.90', True)
    ])
    assert torch.allclose(got, got[0].expand(3))


def test_built_from_the_config_registry():
    cfg = dict(
        type='CaseInsensitiveCTCModuleLoss',
        dictionary=dict(
            type='Dictionary',
            dict_file=DICT_FILE,
            with_padding=True,
            with_unknown=True),
        letter_case='unchanged',
        flatten=False,
        zero_infinity=True)
    loss = MODELS.build(cfg)
    assert isinstance(loss, CaseInsensitiveCTCModuleLoss)
    assert isinstance(loss, CTCModuleLoss)
    assert loss.flatten is False and loss.ctc_loss.zero_infinity is True
