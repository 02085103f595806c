"""Write the Chinese+English character dictionary shipped with the plugin.

The list is derived from two standards, so anyone can rebuild and audit it:

* printable ASCII, code points 0x20-0x7E (space included), in code order;
* GB 2312-80 row 1 (CJK punctuation and symbols), row 2 (enumerated numerals),
  row 3 (full-width ASCII forms), and levels 1 and 2 of hanzi (rows 16-87,
  6,763 characters), read by decoding every valid GB 2312 code with Python's
  ``gb2312`` codec. The ideographic space (0xA1A1) is left out: a space is
  already in the list, and two invisible characters cannot be told apart;
* a few symbols common in receipts and Chinese text that GB 2312 lacks or
  that Python's codec maps elsewhere (GB 2312's middle dot decodes to the
  katakana U+30FB, while Chinese text uses U+00B7): ``EXTRA_SYMBOLS``.

Usage::

    python tools/misc/make_dict.py dicts/zh_en_gb2312.txt
    # the first part alone: the ASCII dictionary of the stage-1 recipe
    python tools/misc/make_dict.py dicts/ascii_printable.txt \
        --ascii-only
"""
import argparse
from typing import List

GB2312_SYMBOL_ROWS = (1, 2, 3)
GB2312_HANZI_ROWS = range(16, 88)
EXTRA_SYMBOLS = '\u00b7\u2014\u2013\u20ac\u00a3\u00a5\u00a9\u00ae\u2122\u2022'


def gb2312_row(row: int) -> List[str]:
    """Decode every valid code of one GB 2312 row (94 cells at most)."""
    chars = []
    for cell in range(1, 95):
        code = bytes([0xA0 + row, 0xA0 + cell])
        try:
            chars.append(code.decode('gb2312'))
        except UnicodeDecodeError:
            continue
    return chars


def printable_ascii() -> List[str]:
    """Code points 0x20-0x7E, space included, in code order."""
    return [chr(c) for c in range(0x20, 0x7F)]


def build_charset() -> List[str]:
    """Return the ordered, duplicate-free character list."""
    chars = printable_ascii()
    for row in (*GB2312_SYMBOL_ROWS, *GB2312_HANZI_ROWS):
        chars.extend(gb2312_row(row))
    chars.extend(EXTRA_SYMBOLS)
    seen = set()
    out = []
    for ch in chars:
        if ch == '\u3000' or ch in seen:
            continue
        seen.add(ch)
        out.append(ch)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('out', help='output dict file (one char per line)')
    parser.add_argument('--ascii-only', action='store_true',
                        help='printable ASCII only (the first 95 entries)')
    args = parser.parse_args()
    chars = printable_ascii() if args.ascii_only else build_charset()
    with open(args.out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(chars) + '\n')
    print(f'wrote {len(chars)} characters to {args.out}')


if __name__ == '__main__':
    main()
