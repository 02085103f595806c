"""Group SROIE receipts by the shop that printed them, so that a
validation split holds shops no training receipt comes from."""
import os
import os.path as osp
import re
from typing import Dict, List, Sequence

from .sroie import read_sroie_csv

# A shop's name is one of the first lines: the first that carries a company
# suffix, else the first line of two or more words (SROIE's first line is
# sometimes 'TAX INVOICE', a receipt number or a stray letter).
_COMPANY_RE = re.compile(
    r'\b(SDN|BHD|S/B|ENTERPRISE|TRADING|RESTORAN|RESTAURANT|STORE|MART|'
    r'BOOKS?|STATIONERY|HARDWARE|PHARMACY|BAKERY|CAFE|KEDAI|PERNIAGAAN|'
    r'SYARIKAT|GALLERY|HANDEL|CO\.)\b')
_NOT_NAME_RE = re.compile(
    r'\b(INVOICE|RECEIPT|RECIEPT|ORDER|TABLE|CASHIER|WELCOME|THANK)\b')
# Registration and tax numbers identify a shop across spellings of its name:
# '(519537-X)', 'CO. REG: 12345-A', 'GST ID: 000123456789'.
_REG_RE = re.compile(r'\b(\d{5,7}-[A-Z])\b')
_GST_RE = re.compile(r'GST\s*(?:REG\.?\s*)?(?:ID|NO)\.?\s*:?\s*(\d{12})')
# Legal-form words and punctuation that differ between receipts of one shop.
_LEGAL_RE = re.compile(r'\(M\)|\bSDN\b|\bBHD\b|\bS/B\b|\([^)]*\)|[^A-Z0-9]')


def _normalise_name(line: str) -> str:
    return _LEGAL_RE.sub('', line.upper())


def shop_keys(texts: Sequence[str], head: int = 6) -> List[str]:
    """The keys that identify a receipt's shop: its name as printed at the
    top (legal form, brackets and punctuation removed) and any company
    registration or GST number on the receipt.

    Args:
        texts (Sequence[str]): The receipt's line texts in reading order.
        head (int): How many top lines may hold the name. Defaults to 6.

    Returns:
        list[str]: Keys such as ``'name:MRDIY'``, ``'reg:519537-X'`` and
        ``'gst:000306020352'``; empty when none is found.
    """
    keys = []
    top = [t.strip().upper() for t in texts[:head]]
    names = [t for t in top if _COMPANY_RE.search(t)]
    if not names:
        names = [t for t in top
                 if len(t.split()) >= 2 and not _NOT_NAME_RE.search(t)
                 and sum(c.isalpha() for c in t) >= 6]
    if names and _normalise_name(names[0]):
        keys.append('name:' + _normalise_name(names[0]))
    for text in texts:
        up = text.upper()
        keys += ['reg:' + m for m in _REG_RE.findall(up)]
        keys += ['gst:' + m for m in _GST_RE.findall(up)]
    return list(dict.fromkeys(keys))


def group_receipts_by_shop(box_dir: str) -> Dict[str, str]:
    """Group the receipts of an SROIE ``box/`` folder by shop: receipts
    that share any :func:`shop_keys` key are one shop (union-find), so one
    shop's receipts spelled differently still fall together.

    Args:
        box_dir (str): Folder of ``<stem>.csv`` annotation files.

    Returns:
        dict[str, str]: For each receipt stem, its shop's id: the smallest
        key of the group, or ``'receipt:<stem>'`` for a receipt without
        keys (a shop of its own).
    """
    stems = sorted(
        osp.splitext(f)[0] for f in os.listdir(box_dir) if f.endswith('.csv'))
    parent: Dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    receipt_keys = {}
    for stem in stems:
        anns = read_sroie_csv(osp.join(box_dir, stem + '.csv'))
        keys = shop_keys([text for _, text in anns]) or [f'receipt:{stem}']
        receipt_keys[stem] = keys
        for k in keys:
            parent.setdefault(k, k)
        for k in keys[1:]:
            a, b = find(keys[0]), find(k)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {stem: find(keys[0]) for stem, keys in receipt_keys.items()}
