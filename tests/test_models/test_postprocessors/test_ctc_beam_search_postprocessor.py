import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config

from mmocr.models.textrecog.postprocessors import CTCPostProcessor
from mmocr.registry import MODELS, TASK_UTILS
from mmocr.structures import TextRecogDataSample
from ocrrec_plugin.models.postprocessors import (CharNGramLM,
                                                 CTCBeamSearchPostProcessor)
from ocrrec_plugin.models.postprocessors.ctc_beam_search_postprocessor import \
    breaks_case

from ...conftest import REPO_ROOT

CHARS = ['b', 'c', '0', 'O', '1', 'a']


@pytest.fixture
def dictionary(tmp_path):
    path = tmp_path / 'dict.txt'
    path.write_text('\n'.join(CHARS) + '\n')
    return TASK_UTILS.build(
        dict(
            type='Dictionary',
            dict_file=str(path),
            with_padding=True,
            with_unknown=True))


@pytest.fixture
def lm_file(tmp_path):
    path = str(tmp_path / 'lm.txt.gz')
    CharNGramLM.train(['bc001'] * 20 + ['cab'], order=4,
                      vocab_size=len(CHARS)).save(path)
    return path


def frames(dictionary, *rows):
    """Probabilities (T, C): each row a dict char -> prob, the rest blank."""
    probs = np.zeros((len(rows), dictionary.num_classes))
    for t, row in enumerate(rows):
        for char, p in row.items():
            probs[t, dictionary.char2idx(char)] = p
        probs[t, dictionary.padding_idx] = 1 - sum(row.values())
    return torch.from_numpy(probs).float()


def decode(post, probs, valid_ratio=1.0):
    sample = TextRecogDataSample(metainfo=dict(valid_ratio=valid_ratio))
    out = post(probs[None], [sample])[0].pred_text
    return out.item, out.score


def test_peaked_frames_read_as_best_path(dictionary):
    probs = frames(dictionary, {'a': .9}, {'a': .9}, {}, {'a': .9},
                   {'b': .95}, {'b': .9}, {}, {'c': .99})
    beam = CTCBeamSearchPostProcessor(dictionary, length_bonus=0.)
    greedy = CTCPostProcessor(dictionary)
    assert decode(beam, probs)[0] == decode(greedy, probs)[0] == 'aabc'
    text, scores = decode(beam, probs)
    assert scores == pytest.approx([.9, .9, .95, .99])


def test_prefixes_sum_their_paths(dictionary):
    # Best path: blank, blank (0.36). P('a') = 0.4 * 0.4 + 2 * 0.4 * 0.6
    # = 0.64 over its three paths.
    probs = frames(dictionary, {'a': .4}, {'a': .4})
    greedy = CTCPostProcessor(dictionary)
    assert decode(greedy, probs)[0] == ''
    beam = CTCBeamSearchPostProcessor(dictionary, length_bonus=0.)
    assert decode(beam, probs)[0] == 'a'
    # A bonus per character tips a close call the other way.
    probs = frames(dictionary, {'a': .3})
    assert decode(beam, probs)[0] == ''
    assert decode(CTCBeamSearchPostProcessor(dictionary, length_bonus=1.),
                  probs)[0] == 'a'


def test_language_model_picks_the_look_alike_its_context_wants(
        dictionary, lm_file):
    # O and 0 equally likely at the fourth character, O slightly ahead (a
    # blank frame keeps the two zeros apart).
    probs = frames(dictionary, {'b': .99}, {'c': .99}, {'0': .99}, {},
                   {'O': .5, '0': .45}, {'1': .99})
    assert decode(CTCPostProcessor(dictionary), probs)[0] == 'bc0O1'
    plain = CTCBeamSearchPostProcessor(dictionary)
    assert decode(plain, probs)[0] == 'bc0O1'
    with_lm = CTCBeamSearchPostProcessor(dictionary, lm_file=lm_file)
    assert decode(with_lm, probs)[0] == 'bc001'
    assert with_lm.lm.vocab_size == dictionary.num_classes
    # A confident reading is not overruled.
    probs = frames(dictionary, {'b': .99}, {'c': .99}, {'0': .99}, {},
                   {'O': .97, '0': .02}, {'1': .99})
    assert decode(with_lm, probs)[0] == 'bc0O1'
    # A zero weight is no LM.
    off = CTCBeamSearchPostProcessor(dictionary, lm_file=lm_file,
                                     lm_weight=0.)
    probs = frames(dictionary, {'b': .99}, {'c': .99}, {'0': .99}, {},
                   {'O': .5, '0': .45}, {'1': .99})
    assert decode(off, probs)[0] == 'bc0O1'


@pytest.mark.parametrize('text,char,breaks', [
    ('', 'a', False),
    ('T', 'a', False),  # title case
    ('Ta', 'N', True),
    ('TA', 'n', True),
    ('t', 'A', True),
    ('TAN', 'K', False),
    ('SoL', 'D', False),  # already mixed: breaks nothing more
    ('TaN 4', 'x', False),  # a new word
    ('Tan', '1', False),
    ('TAN-', 'k', False),
    ('中', 'A', False),
])
def test_breaks_case(text, char, breaks):
    assert breaks_case(text, char) is breaks


def test_case_penalty_keeps_a_words_case_where_the_reading_is_unsure(
        tmp_path):
    path = tmp_path / 'dict.txt'
    path.write_text('\n'.join(['T', 'a', 'A', 'n', 'N']) + '\n')
    dictionary = TASK_UTILS.build(
        dict(type='Dictionary', dict_file=str(path), with_padding=True))
    unsure = frames(dictionary, {'T': .99}, {'a': .95}, {'N': .6, 'n': .35})
    plain = CTCBeamSearchPostProcessor(dictionary, length_bonus=0.)
    cased = CTCBeamSearchPostProcessor(
        dictionary, length_bonus=0., case_penalty=1.)
    assert decode(plain, unsure)[0] == 'TaN'
    # log(0.6 / 0.35) = 0.54 is less than the penalty.
    assert decode(cased, unsure)[0] == 'Tan'
    text, scores = decode(cased, unsure)
    assert scores == pytest.approx([.99, .95, .35])
    # log(0.97 / 0.02) = 3.9: a sure reading keeps its mixed case.
    sure = frames(dictionary, {'T': .99}, {'a': .95}, {'N': .97, 'n': .02})
    assert decode(cased, sure)[0] == 'TaN'


def test_padded_frames_and_ignored_tokens_are_not_read(dictionary):
    probs = frames(dictionary, {'a': .9}, {}, {'b': .9}, {'c': .9})
    beam = CTCBeamSearchPostProcessor(dictionary)
    assert decode(beam, probs, valid_ratio=0.5)[0] == 'a'
    assert decode(beam, probs, valid_ratio=0.6)[0] == 'ab'  # ceil(2.4)
    probs = frames(dictionary, {'a': .9}, {})
    probs[1] = 0
    probs[1, dictionary.unknown_idx] = 1.
    ignoring = CTCBeamSearchPostProcessor(
        dictionary, ignore_chars=['padding', 'unknown'])
    assert decode(ignoring, probs)[0] == 'a'


def test_bad_arguments_raise(dictionary, tmp_path):
    dict_file = str(tmp_path / 'dict.txt')  # the fixture's
    with pytest.raises(FileNotFoundError):
        CTCBeamSearchPostProcessor(dictionary,
                                   lm_file=str(tmp_path / 'none.txt.gz'))
    with pytest.raises(ValueError, match='beam_size'):
        CTCBeamSearchPostProcessor(dictionary, beam_size=0)
    no_blank = TASK_UTILS.build(
        dict(type='Dictionary', dict_file=dict_file,
             with_padding=False))
    with pytest.raises(ValueError, match='with_padding=True'):
        CTCBeamSearchPostProcessor(no_blank)


def test_shipped_config_decodes_with_the_shipped_lm():
    cfg = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', 'textrecog', 'convnextvit',
                 'convnextvit-micro_ctc-5gram_curriculum_zh-en.py'))
    greedy = Config.fromfile(
        osp.join(REPO_ROOT, 'configs', 'textrecog', 'convnextvit',
                 'convnextvit-micro_ctc_curriculum_zh-en.py'))
    post_cfg = cfg.model.decoder.pop('postprocessor')
    greedy.model.decoder.pop('postprocessor')
    assert cfg.model == greedy.model  # the same network and dictionary
    post = MODELS.build(
        dict(**post_cfg, dictionary=cfg.model.decoder.dictionary))
    assert isinstance(post, CTCBeamSearchPostProcessor)
    assert post.lm.order == 5
    assert post.lm.vocab_size == post.dictionary.num_classes == 7129
    # Its counts: receipts, Chinese news and English text.
    for context, likely, unlikely in [('TOTA', 'L', '1'), ('人民日', '报', '根'),
                                      ('th', 'e', 'q')]:
        assert post.lm.logprob(context, likely) > post.lm.logprob(
            context, unlikely) + 3
