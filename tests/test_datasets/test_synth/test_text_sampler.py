import random

import pytest

from ocrrec_plugin.datasets.synth.charset import is_cjk_ideograph
from ocrrec_plugin.datasets.synth.text_sampler import (DEFAULT_KIND_WEIGHTS,
                                                       LineTextSampler)


class TestLineTextSampler:

    def test_init_errors(self, corpus, charset):
        with pytest.raises(KeyError, match='unknown line kinds'):
            LineTextSampler(corpus, charset, kind_weights=dict(poems=1.0))
        with pytest.raises(ValueError, match='min_chars'):
            LineTextSampler(corpus, charset, min_chars=5, max_chars=2)
        with pytest.raises(ValueError, match='zero weight'):
            LineTextSampler(corpus, charset, kind_weights=dict(zh_text=0))

    @pytest.mark.parametrize('kind', sorted(DEFAULT_KIND_WEIGHTS))
    def test_every_kind_stays_in_dictionary(self, corpus, charset, kind):
        s = LineTextSampler(corpus, charset, max_chars=48)
        rng = random.Random(kind)
        for _ in range(300):
            text = s.sample(rng, kind)
            assert 1 <= len(text) <= 48
            assert charset.covers(text), text
            assert text == text.strip(' ')

    def test_lengths(self, corpus, charset):
        s = LineTextSampler(corpus, charset, min_chars=3, max_chars=12)
        rng = random.Random(0)
        lengths = [len(s.sample(rng)) for _ in range(2000)]
        assert min(lengths) >= 3 and max(lengths) <= 12
        s = LineTextSampler(corpus, charset, max_chars=48)
        lengths = [len(s.sample(rng)) for _ in range(3000)]
        assert min(lengths) <= 2  # single characters and words
        assert sum(n > 40 for n in lengths) > 30  # and 40+ character lines

    def test_deterministic(self, corpus, charset):
        s = LineTextSampler(corpus, charset)
        a = [s.sample(random.Random(7)) for _ in range(3)]
        b = [s.sample(random.Random(7)) for _ in range(3)]
        assert a == b

    def test_content(self, corpus, charset):
        s = LineTextSampler(corpus, charset)
        rng = random.Random(1)
        lines = [s.sample(rng) for _ in range(3000)]
        joined = ''.join(lines)
        assert any(is_cjk_ideograph(c) for c in joined)
        assert any(c.isascii() and c.isalpha() for c in joined)
        # Mixed Chinese-English lines, full-width forms, numbers.
        assert any(
            any(is_cjk_ideograph(c) for c in t) and any(
                c.isascii() and c.isalpha() for c in t) for t in lines)
        assert any('\uff01' <= c <= '\uff5e' for c in joined)
        assert sum(c.isdigit() for c in joined) > 1000

    def test_rare_kind_favours_rare_characters(self, corpus, charset):
        s = LineTextSampler(corpus, charset, kind_weights=dict(rare=1.0))
        rng = random.Random(3)
        seen = set(''.join(s.sample(rng) for _ in range(3000)))
        never_in_text = [
            c for c in charset.chars
            if corpus.char_counts.get(c, 0) == 0 and c != ' '
        ]
        hit = sum(c in seen for c in never_in_text) / len(never_in_text)
        # Characters absent from the running text still show up.
        assert hit > 0.5


def test_heldout_text_is_never_drawn_in_training(corpus, charset):
    from ocrrec_plugin.datasets.synth.text_sampler import is_heldout_passage
    train = LineTextSampler(corpus, charset, text_split='train')
    held = LineTextSampler(corpus, charset, text_split='heldout')
    assert not set(train.zh_passages) & set(held.zh_passages)
    assert not set(train.en_passages) & set(held.en_passages)
    n = len(train.zh_passages) + len(held.zh_passages)
    assert n == len(corpus.zh_lines)
    assert 0.02 < len(held.zh_passages) / n < 0.08  # about 5%
    assert all(is_heldout_passage(p) for p in held.zh_passages)
    # A held-out Chinese line is a span of a held-out passage and of no
    # training passage.
    rng = random.Random(0)
    for _ in range(50):
        text = held.sample(rng, 'zh_text')
        assert any(text in p for p in held.zh_passages), text
    with pytest.raises(ValueError, match='text_split'):
        LineTextSampler(corpus, charset, text_split='val')


class TestPrintedPunctuation:

    def test_ascii_punctuation_one_style_per_line(self):
        line = '据报道（记者：王明），销量增长２０％。'
        tight = {LineTextSampler.ascii_punctuation(line, random.Random(s))
                 for s in range(40)}
        assert tight == {
            '据报道(记者:王明),销量增长２０％.',
            '据报道 (记者: 王明), 销量增长２０％.'
        }

    def test_share_of_lines_with_ascii_punctuation(self, corpus, charset):
        s = LineTextSampler(corpus, charset, kind_weights=dict(zh_text=1.0),
                            fullwidth_prob=0., ascii_punct_prob=0.5,
                            min_chars=20, max_chars=40)
        rng = random.Random(3)
        lines = [s.sample(rng) for _ in range(400)]
        ascii_lines = sum(any(c in ',.:;' for c in t) for t in lines)
        full_lines = sum(any(c in '，。：；' for c in t) for t in lines)
        assert 0.3 * len(lines) < ascii_lines < 0.7 * len(lines)
        assert full_lines > 0.2 * len(lines)

    def test_disabled_draws_nothing(self, corpus, charset):
        # A seeded validation set renders the same text as before the
        # option existed: prob 0 consumes no random draw.
        a = LineTextSampler(corpus, charset, ascii_punct_prob=0.)
        b = LineTextSampler(corpus, charset)
        ra, rb = random.Random(5), random.Random(5)
        assert [a.sample(ra) for _ in range(50)] == [
            b.sample(rb) for _ in range(50)
        ]


def test_independent_sources_are_not_training_text(corpus, charset):
    s = LineTextSampler(corpus, charset, text_split='independent')
    assert len(s.zh_passages) > 10000 and len(s.en_passages) > 300
    training = set(corpus.zh_lines) | set(corpus.en_passages)
    assert not training & set(s.zh_passages + s.en_passages)
    rng = random.Random(0)
    for kind in ('zh_text', 'en_text'):
        for _ in range(50):
            assert charset.covers(s.sample(rng, kind))
