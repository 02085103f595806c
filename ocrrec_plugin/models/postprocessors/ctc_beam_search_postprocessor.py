r"""CTC prefix beam search with a character n-gram language model.

Greedy CTC decoding reads each frame alone, so a code such as ``BC001``
comes out as ``BCOO1`` whenever the glyphs of O and 0 look alike. Prefix
beam search (Hannun et al., "First-Pass Large Vocabulary Continuous Speech
Recognition using Bi-Directional Recurrent DNNs", 2014,
https://arxiv.org/abs/1408.2873) keeps the ``beam_size`` most likely
prefixes, summing the CTC paths of each, and scores every character ``c``
appended after the text ``h`` (shallow fusion) with

.. math::
    \log P_{CTC} + \lambda (\log P_{LM}(c \mid h) - \gamma \log P_{LM}(c))
    + \beta

``lm_weight`` :math:`\lambda`, ``prior_weight`` :math:`\gamma` and
``length_bonus`` :math:`\beta`. With :math:`\gamma = 1` the LM adds only
what the context says about ``c`` (pointwise mutual information), not how
common ``c`` is: the recognizer learnt character frequencies already, and a
full prior would turn a rare hanzi read alone into a common look-alike.

The LM folds Latin case, so it cannot tell ``TaN`` from ``TAN``. Small print
can: its upper and lower case glyphs of c, o, s, w and the like differ only
in size. A letter that turns a word's case from a printed pattern (all
lower, all upper, or a capital then lower case) into a mix pays
``case_penalty`` once, so the search keeps a word's case consistent
wherever the recognizer is unsure of it and follows the recognizer wherever
it is sure (``iPhone``).
"""
import math
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import torch

from mmocr.models.common.dictionary import Dictionary
from mmocr.models.textrecog.postprocessors.base import \
    BaseTextRecogPostprocessor
from mmocr.registry import MODELS
from mmocr.structures import TextRecogDataSample
from .char_ngram_lm import CharNGramLM

_NEG_INF = -math.inf


def _logaddexp(a: float, b: float) -> float:
    if a == _NEG_INF:
        return b
    if b == _NEG_INF:
        return a
    if a < b:
        a, b = b, a
    return a + math.log1p(math.exp(b - a))


def _regular_case(word: str) -> bool:
    """Whether ASCII letters ``word`` are all lower, all upper or a
    capital followed by lower case."""
    return word.islower() or word.isupper() or (word[0].isupper()
                                                and word[1:].islower())


def breaks_case(text: str, char: str) -> bool:
    """Whether appending ``char`` mixes the case of the word it extends.

    Args:
        text (str): The text before ``char``; its trailing run of ASCII
            letters is the word ``char`` extends.
        char (str): The appended character.

    Returns:
        bool: True when ``char`` is an ASCII letter and the word's case was
        a printed pattern (see :func:`_regular_case`) before it and is not
        after it. A word already mixed breaks nothing more.

    Example:
        >>> breaks_case('GOODS SoL', 'D'), breaks_case('Ta', 'n')
        (False, False)
        >>> breaks_case('Ta', 'N'), breaks_case('TA', 'n')
        (True, True)
    """
    if not ('a' <= char <= 'z' or 'A' <= char <= 'Z'):
        return False
    start = len(text)
    while start and ('a' <= text[start - 1] <= 'z'
                     or 'A' <= text[start - 1] <= 'Z'):
        start -= 1
    word = text[start:]
    if not word or not _regular_case(word):
        return False
    return not _regular_case(word + char)


def valid_log_probs(probs: torch.Tensor,
                    valid_ratio: float = 1.) -> np.ndarray:
    """Float64 log-probabilities of a line's unpadded frames.

    Args:
        probs (Tensor): Character probabilities, shape :math:`(T, C)`.
        valid_ratio (float): The first ``ceil(T * valid_ratio)`` frames are
            kept, as MMOCR's ``CTCPostProcessor`` keeps them.

    Returns:
        ndarray: Shape :math:`(T', C)`, probabilities floored at 1e-30.
    """
    length = min(probs.size(0), math.ceil(probs.size(0) * valid_ratio))
    return np.log(np.clip(probs[:length].double().numpy(), 1e-30, None))


@MODELS.register_module()
class CTCBeamSearchPostProcessor(BaseTextRecogPostprocessor):
    r"""Decode CTC probabilities by prefix beam search with an n-gram LM.

    Drop-in for MMOCR's ``CTCPostProcessor`` (the blank is the dictionary's
    padding token; ``valid_ratio`` cuts padded frames the same way). With
    ``lm_weight=0`` and ``length_bonus=0`` it returns the most likely
    labelling within the beam, which greedy decoding approximates.
    Without an LM (``lm_file=None``) only ``length_bonus`` adds to the CTC
    score.

    Args:
        dictionary (dict or :obj:`Dictionary`): The recognizer's dictionary.
        lm_file (str, optional): A :class:`CharNGramLM` file (``.txt.gz``).
            None decodes without a language model.
        lm_weight (float): Weight :math:`\lambda` of the LM term. Defaults
            to 0.2.
        length_bonus (float): :math:`\beta`, added per character, against
            the bias of summed log-probabilities to short output. Defaults
            to 0.5.
        prior_weight (float): :math:`\gamma`, how much of the character's
            unigram log-probability the LM term leaves out. Defaults to 1.
        case_penalty (float): Subtracted from a prefix when a letter mixes
            its word's case (:func:`breaks_case`). Defaults to 0.
        beam_size (int): Prefixes kept per frame. Defaults to 8.
        min_prob (float): Characters below this probability at a frame are
            not tried there (the most likely one always is). Defaults to
            1e-3.
        max_candidates (int): At most this many characters tried per frame.
            Defaults to 5.
        ignore_chars (list[str]): Tokens never output. Defaults to
            ``['padding']``.
    """

    def __init__(self,
                 dictionary: Union[Dictionary, Dict],
                 lm_file: Optional[str] = None,
                 lm_weight: float = 0.2,
                 length_bonus: float = 0.5,
                 prior_weight: float = 1.,
                 case_penalty: float = 0.,
                 beam_size: int = 8,
                 min_prob: float = 1e-3,
                 max_candidates: int = 5,
                 ignore_chars: Sequence[str] = ('padding', ),
                 **kwargs) -> None:
        super().__init__(
            dictionary=dictionary,
            ignore_chars=list(ignore_chars),
            **kwargs)
        if self.dictionary.padding_idx is None:
            raise ValueError('CTC beam search needs a Dictionary with '
                             'with_padding=True: its padding token is the '
                             'CTC blank')
        if beam_size < 1 or max_candidates < 1:
            raise ValueError('beam_size and max_candidates must be >= 1, '
                             f'got {beam_size} and {max_candidates}')
        self.lm = CharNGramLM.load(
            lm_file, self.dictionary.num_classes) if lm_file else None
        self.lm_weight = lm_weight
        self.length_bonus = length_bonus
        self.prior_weight = prior_weight
        self.case_penalty = case_penalty
        self.beam_size = beam_size
        self.log_min_prob = math.log(min_prob)
        self.max_candidates = max_candidates
        self.blank = self.dictionary.padding_idx
        self.skip = set(self.ignore_indexes) | {self.blank}

    def get_single_prediction(self, probs: torch.Tensor,
                              data_sample: TextRecogDataSample
                              ) -> Tuple[List[int], List[float]]:
        """Beam-search one line.

        Args:
            probs (Tensor): Character probabilities, shape :math:`(T, C)`.
            data_sample (TextRecogDataSample): Its ``valid_ratio`` (default
                1) keeps the first ``ceil(T * valid_ratio)`` frames.

        Returns:
            tuple(list[int], list[float]): The indexes of the best prefix
            and, per character, its probability at the frame that first
            emitted it.
        """
        return self.search(
            valid_log_probs(probs, data_sample.get('valid_ratio', 1)))

    def __call__(self, probs: torch.Tensor,
                 data_samples: Sequence[TextRecogDataSample]
                 ) -> Sequence[TextRecogDataSample]:
        return super().__call__(probs.detach().cpu(), data_samples)

    def search(self, logp: np.ndarray) -> Tuple[List[int], List[float]]:
        """Prefix beam search over log-probabilities :math:`(T, C)`."""
        chars = self.dictionary.dict
        # The characters tried per frame: those above min_prob and the most
        # likely one, never the blank or an ignored token.
        tried = logp >= self.log_min_prob
        tried[np.arange(len(logp)), logp.argmax(1)] = True
        tried[:, sorted(self.skip)] = False
        # prefix -> [log P(paths ending in blank), log P(ending in a char)];
        # fusion: the LM and length terms are folded into both.
        beams: Dict[Tuple[int, ...], List[float]] = {(): [0.0, _NEG_INF]}
        texts: Dict[Tuple[int, ...], str] = {(): ''}
        emitted: Dict[Tuple[int, ...], Tuple[float, ...]] = {(): ()}
        for t, frame in enumerate(logp):
            blank = float(frame[self.blank])
            candidates = np.flatnonzero(tried[t])
            if not len(candidates):  # only the blank: the order stays
                beams = {
                    prefix: [_logaddexp(pb, pnb) + blank, _NEG_INF]
                    for prefix, (pb, pnb) in beams.items()
                }
                continue
            if len(candidates) > self.max_candidates:
                candidates = candidates[np.argsort(
                    -frame[candidates])[:self.max_candidates]]
            scores = frame[candidates].tolist()
            nxt: Dict[Tuple[int, ...], List[float]] = {}
            for prefix, (pb, pnb) in beams.items():
                total = _logaddexp(pb, pnb)
                entry = nxt.setdefault(prefix, [_NEG_INF, _NEG_INF])
                entry[0] = _logaddexp(entry[0], total + blank)
                last = prefix[-1] if prefix else None
                for c, p in zip(candidates.tolist(), scores):
                    if c == last:  # the same character, not yet collapsed
                        entry[1] = _logaddexp(entry[1], pnb + p)
                        source = pb  # a repeat needs a blank in between
                    else:
                        source = total
                    if source == _NEG_INF:
                        continue
                    new = prefix + (c, )
                    if new not in texts:
                        texts[new] = texts[prefix] + chars[c]
                        emitted[new] = emitted[prefix] + (math.exp(p), )
                    bonus = self.length_bonus
                    if self.lm is not None and self.lm_weight:
                        bonus += self.lm_weight * (
                            self.lm.logprob(texts[prefix], chars[c]) -
                            self.prior_weight * self.lm.log_prior(chars[c]))
                    if self.case_penalty and breaks_case(
                            texts[prefix], chars[c]):
                        bonus -= self.case_penalty
                    target = nxt.setdefault(new, [_NEG_INF, _NEG_INF])
                    target[1] = _logaddexp(target[1], source + p + bonus)
            beams = dict(
                sorted(nxt.items(), key=lambda kv: -_logaddexp(*kv[1]))
                [:self.beam_size])
        best = max(beams, key=lambda k: _logaddexp(*beams[k]))
        return list(best), list(emitted[best])
