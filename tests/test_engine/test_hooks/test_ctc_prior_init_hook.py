import logging
from types import SimpleNamespace

import pytest
import torch
from mmengine.dataset import ConcatDataset

from mmocr.models.common.dictionary import Dictionary
from ocrrec_plugin.engine import (CTCPriorInitHook, ctc_output_layer,
                                  ctc_prior_bias, sample_label_texts)


@pytest.fixture
def dictionary(tmp_path):
    path = tmp_path / 'dict.txt'
    path.write_text('a\nb\nc\n中\n', encoding='utf-8')
    # classes: a b c 中 <UKN> <BLK>
    return Dictionary(str(path), with_padding=True, with_unknown=True)


def test_prior_bias_matches_hand_counts(dictionary):
    bias = ctc_prior_bias(['aab', '中x'], dictionary, blank_prob=0.6,
                          smoothing=0.5)
    prob = bias.softmax(0)
    # counts: a 2, b 1, c 0, 中 1, unknown (x) 1, each + 0.5 -> total 7.5
    expected = torch.tensor([2.5, 1.5, 0.5, 1.5, 1.5]) / 7.5 * 0.4
    idx = [dictionary.char2idx(c) for c in 'abc中']
    idx.append(dictionary.unknown_idx)
    assert torch.allclose(prob[idx], expected, atol=1e-6)
    assert prob[dictionary.padding_idx].item() == pytest.approx(0.6)
    assert prob.sum().item() == pytest.approx(1.0)


def test_prior_bias_errors(dictionary, tmp_path):
    with pytest.raises(ValueError, match='blank_prob'):
        ctc_prior_bias(['a'], dictionary, blank_prob=1.0)
    with pytest.raises(ValueError, match='smoothing'):
        ctc_prior_bias(['a'], dictionary, smoothing=0)
    no_pad = Dictionary(str(tmp_path / "dict.txt"), with_padding=False)
    with pytest.raises(ValueError, match='with_padding'):
        ctc_prior_bias(['a'], no_pad)


class _Rendered:
    """A dataset whose labels come from get_text (like SynthLineDataset)."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def get_text(self, idx):
        return 'c'

    def get_data_info(self, idx):
        raise AssertionError('rendering is not needed for a label')


def _concat(*parts):
    concat = ConcatDataset.__new__(ConcatDataset)
    concat.datasets = list(parts)
    concat.cumulative_sizes = concat.cumsum(parts)
    concat._fully_initialized = True
    return concat


class _FileDataset:

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def get_data_info(self, idx):
        return dict(instances=[dict(text='ab')])


def test_sample_label_texts_reads_parts_in_proportion():
    data = _concat(_Rendered(300), _FileDataset(100))
    texts = sample_label_texts(data, 200, seed=1)
    assert len(texts) == 200
    share = texts.count('c') / len(texts)
    assert 0.6 < share < 0.9  # 3:1 in the dataset
    assert set(texts) == {'c', 'ab'}
    # smaller than the draw: every item once
    every = sorted(sample_label_texts(data, 10**6))
    assert every == ['ab'] * 100 + ['c'] * 300
    with pytest.raises(ValueError, match='empty'):
        sample_label_texts(_FileDataset(0), 5)


def _runner(dictionary, iter_=0, loaded=False):
    decoder = torch.nn.Module()
    decoder.classifier = torch.nn.Linear(4, dictionary.num_classes)
    decoder.dictionary = dictionary
    model = torch.nn.Module()
    model.decoder = decoder
    return SimpleNamespace(
        iter=iter_, _has_loaded=loaded, model=model,
        train_dataloader=SimpleNamespace(dataset=_FileDataset(50)),
        logger=logging.getLogger('test'))


def test_hook_sets_bias_from_scratch_only(dictionary, caplog):
    runner = _runner(dictionary)
    with caplog.at_level(logging.INFO, logger='test'):
        CTCPriorInitHook(blank_prob=0.5).before_train(runner)
    # labels 'ab': a and b seen; c, 中 and the unknown token not; the blank
    # is not a character
    assert '2 of 5 non-blank classes seen' in caplog.text
    prob = runner.model.decoder.classifier.bias.detach().softmax(0)
    a, b, c = (dictionary.char2idx(ch) for ch in 'abc')
    assert prob[dictionary.padding_idx].item() == pytest.approx(0.5)
    assert prob[a] == pytest.approx(prob[b].item())
    assert prob[a] > 50 * prob[c]

    for runner in (_runner(dictionary, loaded=True),
                   _runner(dictionary, iter_=250)):
        before = runner.model.decoder.classifier.bias.detach().clone()
        CTCPriorInitHook().before_train(runner)
        assert torch.equal(runner.model.decoder.classifier.bias, before)


def test_hook_needs_a_ctc_classifier(dictionary):
    runner = _runner(dictionary)
    del runner.model.decoder.classifier
    with pytest.raises(TypeError, match='CTC'):
        CTCPriorInitHook().before_train(runner)


def test_output_layer_of_mmocr_crnn(dictionary):
    from mmocr.models.textrecog.decoders import CRNNDecoder
    decoder = CRNNDecoder(in_channels=8, dictionary=dictionary,
                          rnn_flag=True)
    layer = ctc_output_layer(decoder)
    assert layer is decoder.decoder[-1].embedding
    conv = CRNNDecoder(in_channels=8, dictionary=dictionary, rnn_flag=False)
    assert ctc_output_layer(conv) is conv.decoder
