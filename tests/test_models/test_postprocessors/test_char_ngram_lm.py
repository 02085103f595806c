import gzip
import math

import pytest

from ocrrec_plugin.models.postprocessors import CharNGramLM
from ocrrec_plugin.models.postprocessors.char_ngram_lm import fold_case

VOCAB = 'abc01 '


def small_lm(order: int = 3, min_count: int = 1) -> CharNGramLM:
    return CharNGramLM.train(['abc abc', 'ab01', 'cab'],
                             order=order,
                             vocab_size=len(VOCAB),
                             min_count=min_count)


@pytest.mark.parametrize('context', ['', 'a', 'ab', 'zzab', 'c a', '01'])
def test_probabilities_sum_to_one_over_the_vocabulary(context):
    lm = small_lm()
    total = sum(math.exp(lm.logprob(context, c)) for c in VOCAB)
    assert total == pytest.approx(1.0, abs=1e-9)


def test_context_raises_the_character_seen_after_it():
    lm = small_lm()
    # 'b' follows 'a' every time; '1' never does.
    assert lm.logprob('a', 'b') > lm.logprob('a', '1') + 1.0
    assert lm.logprob('a', 'b') > lm.log_prior('b')
    # Only the last order - 1 characters count.
    assert lm.logprob('xxxxca', 'b') == lm.logprob('ca', 'b')
    # Characters never seen keep a probability.
    assert math.isfinite(lm.logprob('ab', 'z'))


def test_latin_case_is_folded_and_nothing_else():
    assert fold_case('AbC0１Ｂ中') == 'abc0１Ｂ中'
    lm = small_lm()
    assert lm.logprob('A', 'B') == lm.logprob('a', 'b')
    assert CharNGramLM.train(['ABC'], 3, 6).counts == CharNGramLM.train(
        ['abc'], 3, 6).counts


def test_line_start_is_a_context():
    lm = CharNGramLM.train(['xa', 'xb', 'ya'], order=2, vocab_size=4)
    assert lm.logprob('', 'x') > lm.logprob('', 'a')
    assert lm.log_prior('a') > lm.log_prior('y')


def test_min_count_prunes_longer_ngrams_only():
    full, pruned = small_lm(), small_lm(min_count=2)
    assert set(pruned.counts) < set(full.counts)
    assert {g for g in full.counts if len(g) == 1} <= set(pruned.counts)
    assert all(c >= 2 for g, c in pruned.counts.items() if len(g) > 1)
    total = sum(math.exp(pruned.logprob('ab', c)) for c in VOCAB)
    assert total == pytest.approx(1.0, abs=1e-9)


def test_save_load_round_trip_is_byte_stable(tmp_path):
    lm = small_lm()
    a, b = tmp_path / 'a.txt.gz', tmp_path / 'b.txt.gz'
    lm.save(str(a))
    small_lm().save(str(b))
    assert a.read_bytes() == b.read_bytes()
    loaded = CharNGramLM.load(str(a))
    assert (loaded.order, loaded.vocab_size) == (3, len(VOCAB))
    assert loaded.counts == lm.counts
    for ctx, c in [('ab', 'c'), ('', 'a'), ('0', '1'), ('c', 'z')]:
        assert loaded.logprob(ctx, c) == lm.logprob(ctx, c)
    assert CharNGramLM.load(str(a), vocab_size=100).vocab_size == 100


def test_load_rejects_what_is_not_a_model(tmp_path):
    with pytest.raises(FileNotFoundError):
        CharNGramLM.load(str(tmp_path / 'missing.txt.gz'))
    plain = tmp_path / 'plain.txt.gz'
    plain.write_text('not gzip')
    with pytest.raises(ValueError, match='not a gzip-compressed'):
        CharNGramLM.load(str(plain))
    other = tmp_path / 'other.txt.gz'
    with gzip.open(other, 'wt') as f:
        f.write('hello\n1\tab\n')
    with pytest.raises(ValueError, match='no #char-ngram header'):
        CharNGramLM.load(str(other))
    broken = tmp_path / 'broken.txt.gz'
    with gzip.open(broken, 'wt') as f:
        f.write('#char-ngram order=2 vocab=3\n1\tab\nxx ab\n')
    with pytest.raises(ValueError, match=r'broken.txt.gz:3'):
        CharNGramLM.load(str(broken))


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match='order'):
        CharNGramLM({}, order=0, vocab_size=3)
    with pytest.raises(ValueError, match='longer than the order'):
        CharNGramLM({'abc': 1}, order=2, vocab_size=3)
