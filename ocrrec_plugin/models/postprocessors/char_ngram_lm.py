"""A character n-gram language model for CTC beam search.

Witten-Bell interpolated n-grams over characters (Witten and Bell, "The
zero-frequency problem", IEEE Trans. Inf. Theory 37(4), 1991; the
interpolated form of Chen and Goodman, "An empirical study of smoothing
techniques for language modeling", 1998). Latin letters are folded to lower
case, so the model judges which character comes next and leaves its case to
the recognizer: SROIE's receipts label every line in upper case whatever
was printed.

The file format is plain text, gzip-compressed: a header line
``#char-ngram order=N vocab=V``, then one ``<count>\\t<n-gram>`` line per
n-gram kept. It is read without pickle, so a model file is data, never
code.
"""
import gzip
import math
from collections import Counter
from typing import Dict, Iterable, Optional, Tuple

#: Marks the start of a line in n-gram contexts (not a dictionary char).
BOS = '\x02'


def fold_case(text: str) -> str:
    """Lower-case ASCII letters only (full-width and other scripts kept)."""
    return ''.join(chr(ord(c) + 32) if 'A' <= c <= 'Z' else c for c in text)


class CharNGramLM:
    """Interpolated Witten-Bell character n-grams.

    .. math::
        P(c \\mid h) = \\frac{C(hc) + T(h) P(c \\mid h')}{C(h) + T(h)}

    where :math:`h'` drops the oldest character of the context :math:`h`,
    :math:`C(h)` counts the kept n-grams that extend :math:`h` and
    :math:`T(h)` the distinct characters that follow it. The unigram level
    is add-one smoothed over ``vocab_size`` characters, so every character
    of the dictionary has a probability.

    Args:
        counts (dict[str, int]): Counts of every kept n-gram, orders 1 to
            ``order``; contexts may start with :data:`BOS`.
        order (int): The longest n-gram (context ``order - 1`` chars).
        vocab_size (int): Characters the unigram level smooths over (the
            recognizer dictionary's size).
    """

    def __init__(self, counts: Dict[str, int], order: int,
                 vocab_size: int) -> None:
        if order < 1:
            raise ValueError(f'order must be >= 1, got {order}')
        if vocab_size < 1:
            raise ValueError(f'vocab_size must be >= 1, got {vocab_size}')
        self.order = order
        self.vocab_size = vocab_size
        self.counts = counts
        # Per context: (total count of its extensions, distinct followers).
        self.contexts: Dict[str, Tuple[int, int]] = {}
        unigram_total = 0
        for gram, n in counts.items():
            if len(gram) > order:
                raise ValueError(f'n-gram {gram!r} is longer than the '
                                 f'order {order}')
            if len(gram) == 1:
                unigram_total += n
            total, distinct = self.contexts.get(gram[:-1], (0, 0))
            self.contexts[gram[:-1]] = (total + n, distinct + 1)
        self.unigram_total = unigram_total
        self._cache: Dict[Tuple[str, str], float] = {}

    @classmethod
    def train(cls,
              lines: Iterable[str],
              order: int,
              vocab_size: int,
              min_count: int = 1) -> 'CharNGramLM':
        """Count the n-grams of ``lines`` (each a text line or passage).

        Args:
            lines (Iterable[str]): Training text; Latin case is folded.
            order (int): The longest n-gram.
            vocab_size (int): See the class.
            min_count (int): N-grams of order 2 and up seen fewer times are
                dropped (unigrams are all kept). Defaults to 1.

        Returns:
            CharNGramLM: The model.
        """
        counts: Counter = Counter()
        for line in lines:
            text = BOS * (order - 1) + fold_case(line)
            for i in range(order - 1, len(text)):
                for n in range(1, order + 1):
                    counts[text[i - n + 1:i + 1]] += 1
        kept = {
            g: c
            for g, c in counts.items() if c >= min_count or len(g) == 1
        }
        return cls(kept, order, vocab_size)

    def logprob(self, context: str, char: str) -> float:
        """Natural log of :math:`P(char \\mid context)`.

        Args:
            context (str): The text before ``char`` (unfolded; only its last
                ``order - 1`` characters count). Shorter contexts are padded
                with :data:`BOS`, the start of a line.
            char (str): One character.
        """
        context = fold_case(context[-(self.order - 1):] if self.order > 1
                            else '')
        context = BOS * (self.order - 1 - len(context)) + context
        char = fold_case(char)
        key = (context, char)
        cached = self._cache.get(key)
        if cached is None:
            cached = math.log(self._prob(context, char))
            if len(self._cache) > 1_000_000:
                self._cache.clear()
            self._cache[key] = cached
        return cached

    def log_prior(self, char: str) -> float:
        """Natural log of the unigram probability of ``char`` (add-one
        smoothed): how common it is, whatever comes before."""
        return math.log(self._unigram(fold_case(char)))

    def _unigram(self, char: str) -> float:
        return (self.counts.get(char, 0) + 1) / (
            self.unigram_total + self.vocab_size)

    def _prob(self, context: str, char: str) -> float:
        p = self._unigram(char)
        for k in range(1, len(context) + 1):  # shortest context first
            h = context[-k:]
            stats = self.contexts.get(h)
            if stats is None:
                break  # no longer context was seen either
            total, distinct = stats
            p = (self.counts.get(h + char, 0) + distinct * p) / (
                total + distinct)
        return p

    def save(self, path: str) -> None:
        """Write the model as gzip-compressed text (see the module); the
        same counts always give the same bytes."""
        lines = [f'#char-ngram order={self.order} vocab={self.vocab_size}']
        lines += [
            f'{self.counts[g]}\t{g}'
            for g in sorted(self.counts, key=lambda g: (len(g), g))
        ]
        # mtime 0 and no file name in the header: the same model, the same
        # bytes.
        with open(path, 'wb') as raw, gzip.GzipFile(
                filename='', fileobj=raw, mode='wb', compresslevel=9,
                mtime=0) as f:
            f.write(('\n'.join(lines) + '\n').encode('utf-8'))

    @classmethod
    def load(cls, path: str, vocab_size: Optional[int] = None
             ) -> 'CharNGramLM':
        """Read a model written by :meth:`save`.

        Args:
            path (str): The ``.txt.gz`` file.
            vocab_size (int, optional): Override the stored vocabulary size.

        Raises:
            FileNotFoundError: No such file.
            ValueError: The file is not a character n-gram model.
        """
        try:
            with gzip.open(path, 'rt', encoding='utf-8') as f:
                header = f.readline().split()
                if not header or header[0] != '#char-ngram':
                    raise ValueError(f'{path} is not a character n-gram '
                                     'model (no #char-ngram header)')
                meta = dict(item.split('=', 1) for item in header[1:])
                counts: Dict[str, int] = {}
                for lineno, line in enumerate(f, 2):
                    line = line.rstrip('\n')
                    count, sep, gram = line.partition('\t')
                    if not sep or not gram or not count.isdigit():
                        raise ValueError(
                            f'{path}:{lineno}: expected "<count>\\t<n-gram>"'
                            f', got {line[:40]!r}')
                    counts[gram] = int(count)
        except (OSError, EOFError, UnicodeDecodeError) as e:
            if isinstance(e, FileNotFoundError):
                raise
            raise ValueError(f'{path} is not a gzip-compressed character '
                             f'n-gram model: {e}') from e
        return cls(counts, int(meta['order']),
                   vocab_size or int(meta['vocab']))
