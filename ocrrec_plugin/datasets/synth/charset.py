"""The character dictionary seen by the synthesiser, and the normaliser that
keeps every emitted label inside it."""
import os.path as osp
import unicodedata
from typing import Dict, List, Optional

from ...utils.model_zoo import zoo_root

DEFAULT_DICT_FILE = osp.join(zoo_root(), 'dicts', 'zh_en_gb2312.txt')

# Look-alikes that NFKC does not fold onto a dictionary character.
_LOOKALIKES = {
    '\t': ' ',
    '\n': ' ',
    '\r': ' ',
    '\u00a0': ' ',  # no-break space
    '\u2002': ' ',
    '\u2003': ' ',
    '\u2009': ' ',
    '\u3000': ' ',  # ideographic space
    '\u2010': '-',  # hyphen
    '\u2011': '-',
    '\u2012': '-',
    '\u2212': '-',  # minus sign
    '\u00ad': '',  # soft hyphen
    '\u200b': '',  # zero-width space
    '\ufeff': '',
    '\u201a': '\u2018',
    '\u201e': '\u201c',
    '\u00ab': '\u300a',  # « -> 《
    '\u00bb': '\u300b',
    '\u2039': '<',
    '\u203a': '>',
    '\u2044': '/',
    '\u2022': '\u00b7',
    '\u00b4': "'",
    '\u02cb': '`',
    '\u2236': ':',
}


class Charset:
    """A character dictionary in MMOCR's format and a normaliser onto it.

    The file holds one character per line; a line holding a single space
    stands for the space character. :meth:`normalize` maps any string onto
    the dictionary: characters already in it are kept, look-alikes are
    folded (a small table, then NFKC, then stripping accents) and whatever is
    left is dropped, so no character outside the dictionary is ever emitted.

    Args:
        dict_file (str): Path of the dictionary. Defaults to the plugin's
            ``zh_en_gb2312.txt``.
    """

    def __init__(self, dict_file: Optional[str] = None) -> None:
        self.dict_file = dict_file or DEFAULT_DICT_FILE
        chars: List[str] = []
        with open(self.dict_file, encoding='utf-8') as f:
            for line in f:
                line = line.rstrip('\r\n')
                if len(line) != 1:
                    raise ValueError(
                        f'{self.dict_file}: expected one character per line, '
                        f'got {line!r}')
                chars.append(line)
        if len(set(chars)) != len(chars):
            raise ValueError(f'{self.dict_file} has duplicate characters')
        self.chars = chars
        self.char_set = frozenset(chars)
        self.index: Dict[str, int] = {c: i for i, c in enumerate(chars)}
        self._memo: Dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.chars)

    def __contains__(self, char: str) -> bool:
        return char in self.char_set

    @property
    def hanzi(self) -> List[str]:
        """list[str]: The CJK unified ideographs of the dictionary."""
        return [c for c in self.chars if is_cjk_ideograph(c)]

    def covers(self, text: str) -> bool:
        """Whether every character of ``text`` is in the dictionary."""
        return all(c in self.char_set for c in text)

    def map_char(self, char: str) -> str:
        """Map one character onto the dictionary.

        Args:
            char (str): A single character.

        Returns:
            str: ``char`` itself, its look-alike in the dictionary (possibly
            several characters, e.g. a ligature), or ``''`` when it has none.
        """
        if char in self.char_set:
            return char
        hit = self._memo.get(char)
        if hit is not None:
            return hit
        out = ''
        if char in _LOOKALIKES:
            cand = _LOOKALIKES[char]
            out = cand if self.covers(cand) else ''
        else:
            cand = unicodedata.normalize('NFKC', char)
            if cand and self.covers(cand):
                out = cand
            else:
                cand = ''.join(
                    c for c in unicodedata.normalize('NFKD', char)
                    if not unicodedata.combining(c))
                if cand and self.covers(cand):
                    out = cand
        self._memo[char] = out
        return out

    def normalize(self, text: str) -> str:
        """Map a string onto the dictionary and tidy its spaces.

        Args:
            text (str): Any text.

        Returns:
            str: Text whose characters are all in the dictionary, with runs
            of spaces collapsed and no leading or trailing space.
        """
        if not self.covers(text):
            text = ''.join(self.map_char(c) for c in text)
        if '  ' in text:
            text = ' '.join(text.split(' ')).strip()
            while '  ' in text:
                text = text.replace('  ', ' ')
        return text.strip(' ')


def is_cjk_ideograph(char: str) -> bool:
    """Whether ``char`` is a CJK unified ideograph (basic block or ext. A)."""
    o = ord(char)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF


def is_wide(char: str) -> bool:
    """Whether ``char`` belongs to the CJK / full-width part of Unicode,
    which a Latin font is not expected to carry."""
    return ord(char) >= 0x2E80
