"""Line texts for the synthesiser: running text, words, mixed lines,
numbers and codes, receipt lines and rare-character lines."""
import hashlib
import random
import re
import string
from itertools import accumulate
from typing import Callable, Dict, List, Optional, Tuple

from .charset import Charset, is_cjk_ideograph
from .corpus import TextCorpus, sample_cum
from .independent_text import load_independent_passages

# Default mixture of line kinds (relative weights).
DEFAULT_KIND_WEIGHTS: Dict[str, float] = dict(
    zh_text=0.22,
    zh_words=0.08,
    en_text=0.10,
    en_words=0.08,
    mixed=0.10,
    numeric=0.10,
    receipt=0.08,
    rare=0.24,
)

_ZH_SEPS = ('', '', '', ' ', '，', '、', '：', '；', '·')
_EN_SEPS = (' ', ' ', ' ', ' ', ', ', ' - ', '/', ': ', ' & ')
_ZH_PUNCT = '，。、；：？！…—'
_SPACE_BEFORE_CLOSE = re.compile(r' ([,.:;?!)])')
# Full-width punctuation and the ASCII that technical and web Chinese prints
# in its place (a comma or colon followed by a space as often as not).
_ASCII_PUNCT = {
    '，': (',', ', '),
    '。': ('.', '. '),
    '：': (':', ': '),
    '；': (';', '; '),
    '？': ('?', '? '),
    '！': ('!', '! '),
    '（': ('(', ' ('),
    '）': (')', ') '),
    '“': ('"', ' "'),
    '”': ('"', '" '),
}
_BRACKETS = ('（）', '()', '【】', '《》', '“”', '「」', '[]', '〔〕', '『』',
             '〖〗', '""', "''", '‘’', '〈〉', '<>', '{}')
_UNITS = ('kg', 'g', 'mm', 'cm', 'm', 'km', 'ml', 'L', 'GB', 'MB', 'TB',
          'Hz', 'kHz', 'V', 'W', 'kW', 'mAh', 'km/h', 'm²', '%', '°C',
          '℃', 'pcs', 'ft', 'in', 'oz', 'lb')
_ZH_UNITS = ('元', '角', '分', '个', '件', '张', '台', '公斤', '千克', '克',
             '米', '厘米', '公里', '平方米', '吨', '瓶', '盒', '包', '次',
             '人', '岁', '天', '小时', '分钟', '年', '月', '日', '号', '层',
             '室', '页', '条', '份', '%', '倍')
_CURRENCIES = ('¥', '￥', '$', '€', '£', 'RM', 'RM ', 'USD ', 'HK$', 'S$',
               'CNY ', '＄', '￡', '￠')
_MONTHS = ('JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP',
           'OCT', 'NOV', 'DEC')
_TLDS = ('com', 'cn', 'com.cn', 'net', 'org', 'edu.cn', 'gov.cn', 'io',
         'co.uk', 'de', 'my', 'com.my', 'info')
_PLATE_PROV = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'
_RECEIPT_WORDS = ('TOTAL', 'SUBTOTAL', 'SUB-TOTAL', 'CASH', 'CHANGE', 'TAX',
                  'GST', 'SST', 'VAT', 'QTY', 'AMOUNT', 'DISCOUNT',
                  'ROUNDING', 'INVOICE', 'RECEIPT', 'TABLE', 'CASHIER',
                  'ITEM', 'PRICE', 'BALANCE', 'VISA', 'MASTER', 'DEBIT',
                  'CREDIT', 'TEL', 'FAX', 'DATE', 'TIME', 'NO', 'REF',
                  'THANK YOU', 'PLEASE COME AGAIN', 'GOODS SOLD ARE NOT '
                  'RETURNABLE', 'SDN BHD', 'ENTERPRISE', 'TRADING',
                  'RESTAURANT', 'HARDWARE', 'MART', 'STORE', 'BILL')
_ZH_RECEIPT = ('合计', '小计', '总计', '应收', '实收', '找零', '现金', '微信支付',
               '支付宝', '单价', '数量', '金额', '商品名称', '收银员', '流水号',
               '发票代码', '发票号码', '开票日期', '税额', '优惠', '会员卡号',
               '门店', '电话', '地址', '谢谢惠顾', '欢迎再次光临', '交易时间')
_SYMBOL_TEMPLATES: Tuple[Callable[[random.Random, str, str], str], ...] = (
    lambda r, s, w: f'{s}{w}',
    lambda r, s, w: f'{w}{s}',
    lambda r, s, w: f'{s} {w}',
    lambda r, s, w: f'{r.randint(1, 99)}{s}',
    lambda r, s, w: f'{w}{s}{r.randint(0, 999)}',
)


def is_heldout_passage(passage: str, heldout_percent: int = 5) -> bool:
    """Whether a corpus passage belongs to the held-out text split: a stable
    hash of its text, the same on every machine and in every process.

    Args:
        passage (str): One passage (a People's Daily line, a fortune).
        heldout_percent (int): Share of passages held out. Defaults to 5.

    Returns:
        bool: True for held-out passages.
    """
    h = int(hashlib.sha1(passage.encode('utf-8')).hexdigest()[:8], 16)
    return h % 100 < heldout_percent


class LineTextSampler:
    """Draw one line of text from a mixture of line kinds.

    Every returned line is normalised onto the dictionary and is 1 to
    ``max_chars`` characters long. Kinds (see
    :data:`DEFAULT_KIND_WEIGHTS`): ``zh_text`` (People's Daily spans),
    ``zh_words`` (jieba / wordfreq words), ``en_text`` (fortunes spans),
    ``en_words`` (wordfreq / word-list words, mixed case), ``mixed``
    (Chinese with English, numbers and units), ``numeric`` (dates, times,
    prices, phone numbers, codes, URLs, e-mails, plates), ``receipt``
    (upper-case receipt lines, Chinese receipt lines) and ``rare`` (words
    built around characters drawn with weights that favour characters rare in
    running text, so every dictionary character is seen). Some lines are then
    turned into full-width forms or wrapped in brackets.

    Args:
        corpus (TextCorpus): Loaded text sources.
        charset (Charset): The dictionary.
        min_chars (int): Shortest line. Defaults to 1.
        max_chars (int): Longest line. Defaults to 48.
        kind_weights (dict[str, float], optional): Mixture weights by kind;
            missing kinds get weight 0. Defaults to
            :data:`DEFAULT_KIND_WEIGHTS`.
        rare_power (float): Rare-character weights are
            ``(1 + count) ** -rare_power`` over running-text counts.
            Defaults to 0.75.
        rare_uniform (float): Share of the rare-character draws made
            uniformly over the dictionary, so that characters of middling
            frequency are not starved either. Defaults to 0.3.
        fullwidth_prob (float): Probability of turning the ASCII of a line
            into full-width forms. Defaults to 0.04.
        ascii_punct_prob (float): Probability of printing a line's
            full-width punctuation (，。：；？！（）“”) in ASCII, as
            technical and web Chinese does. Defaults to 0.
        text_split (str, optional): ``'train'`` or ``'heldout'``: draw
            running text only from the passages (People's Daily lines,
            fortunes) of that split, a fixed ``heldout_percent`` share chosen
            by a stable hash of each passage, so that a validation set can
            hold text never drawn in training. ``'independent'``: running
            text from sources the training corpus never reads (see
            :mod:`.independent_text`). Words, numbers and codes are not
            split. Defaults to None (all passages).
        heldout_percent (int): Share of passages in the held-out split.
            Defaults to 5.
    """

    def __init__(self,
                 corpus: TextCorpus,
                 charset: Charset,
                 min_chars: int = 1,
                 max_chars: int = 48,
                 kind_weights: Optional[Dict[str, float]] = None,
                 rare_power: float = 0.75,
                 rare_uniform: float = 0.3,
                 fullwidth_prob: float = 0.04,
                 ascii_punct_prob: float = 0.,
                 text_split: Optional[str] = None,
                 heldout_percent: int = 5) -> None:
        if not 1 <= min_chars <= max_chars:
            raise ValueError('need 1 <= min_chars <= max_chars, got '
                             f'{min_chars}, {max_chars}')
        weights = dict(DEFAULT_KIND_WEIGHTS if kind_weights is None else
                       kind_weights)
        unknown = set(weights) - set(DEFAULT_KIND_WEIGHTS)
        if unknown:
            raise KeyError(f'unknown line kinds {sorted(unknown)}; valid: '
                           f'{sorted(DEFAULT_KIND_WEIGHTS)}')
        self.corpus = corpus
        self.charset = charset
        if text_split is None:
            self.zh_passages = corpus.zh_lines
            self.en_passages = corpus.en_passages
        elif text_split in ('train', 'heldout'):
            keep = text_split == 'heldout'
            self.zh_passages = [
                p for p in corpus.zh_lines
                if is_heldout_passage(p, heldout_percent) == keep
            ]
            self.en_passages = [
                p for p in corpus.en_passages
                if is_heldout_passage(p, heldout_percent) == keep
            ]
        elif text_split == 'independent':
            self.zh_passages, self.en_passages = load_independent_passages(
                charset)
        else:
            raise ValueError('text_split must be None, "train", "heldout" '
                             f'or "independent", got {text_split!r}')
        self.min_chars = min_chars
        self.max_chars = max_chars
        self.fullwidth_prob = fullwidth_prob
        self.ascii_punct_prob = ascii_punct_prob
        self.kinds = [k for k in DEFAULT_KIND_WEIGHTS if weights.get(k, 0) > 0]
        if not self.kinds:
            raise ValueError('all line kinds have zero weight')
        self.kind_cum = list(accumulate(weights[k] for k in self.kinds))
        self._gen = {k: getattr(self, f'_gen_{k}') for k in self.kinds}
        # Rare-character weights over the whole dictionary (space excluded).
        counts = corpus.char_counts
        self.rare_chars = [c for c in charset.chars if c != ' ']
        inv = [(1.0 + counts.get(c, 0))**-rare_power for c in self.rare_chars]
        total = sum(inv)
        n = len(self.rare_chars)
        self.rare_cum = list(
            accumulate(rare_uniform / n + (1 - rare_uniform) * v / total
                       for v in inv))
        self._symbols = [
            c for c in charset.chars
            if not c.isalnum() and c != ' ' and not is_cjk_ideograph(c)
        ]
        self._fullwidth = {
            c: chr(ord(c) + 0xFEE0)
            for c in string.ascii_letters + string.digits + '!#%&()*+,-./:;'
            '<=>?@[]_{|}' if chr(ord(c) + 0xFEE0) in charset
        }

    # ---------------------------------------------------------------- public
    def sample_length(self, rng: random.Random) -> int:
        """Draw a target length: short, medium and long lines.

        Args:
            rng (random.Random): Source of randomness.

        Returns:
            int: A length in ``[min_chars, max_chars]``.
        """
        u = rng.random()
        if u < 0.2:
            lo, hi = 1, 5
        elif u < 0.75:
            lo, hi = 6, 20
        else:
            lo, hi = 21, self.max_chars
        lo, hi = max(lo, self.min_chars), min(hi, self.max_chars)
        if lo > hi:
            lo, hi = self.min_chars, self.max_chars
        return rng.randint(lo, hi)

    def sample(self, rng: random.Random, kind: Optional[str] = None) -> str:
        """Draw one line.

        Args:
            rng (random.Random): Source of randomness.
            kind (str, optional): Force a line kind. Defaults to None (draw
                from the mixture).

        Returns:
            str: A line of ``min_chars`` to ``max_chars`` dictionary
            characters that does not start or end with a space.
        """
        for _ in range(20):
            k = kind or self.kinds[self._pick(self.kind_cum, rng.random())]
            length = self.sample_length(rng)
            text = self._gen[k](rng, length)
            if rng.random() < self.fullwidth_prob:
                text = ''.join(self._fullwidth.get(c, c) for c in text)
            # No draw when disabled: seeded sets render as before.
            elif (self.ascii_punct_prob
                  and rng.random() < self.ascii_punct_prob):
                text = self.ascii_punctuation(text, rng)
            text = self._fit(self.charset.normalize(text), length, rng)
            if len(text) >= self.min_chars:
                return text
        return self.charset.normalize(rng.choice(self.corpus.zh_words or
                                                 ['0']))[:self.max_chars]

    @staticmethod
    def ascii_punctuation(text: str, rng: random.Random) -> str:
        """Print a line's full-width punctuation in ASCII, with or without
        the space that follows it in Latin typesetting (one choice per
        line, as one document keeps one style).

        Args:
            text (str): A line.
            rng (random.Random): Source of randomness.

        Returns:
            str: The line with ASCII punctuation.
        """
        spaced = rng.random() < 0.5
        out = ''.join(_ASCII_PUNCT[c][spaced] if c in _ASCII_PUNCT else c
                      for c in text)
        if not spaced:
            return out
        out = ' '.join(out.split())
        # No space before closing marks or after an opening bracket.
        return _SPACE_BEFORE_CLOSE.sub(r'\1', out).replace('( ', '(')

    # --------------------------------------------------------------- helpers
    @staticmethod
    def _pick(cum: List[float], u: float) -> int:
        from bisect import bisect_right
        return min(bisect_right(cum, u * cum[-1]), len(cum) - 1)

    def _fit(self, text: str, length: int, rng: random.Random) -> str:
        """Cut ``text`` to at most ``max_chars`` (and about ``length``)."""
        limit = min(self.max_chars, max(length, self.min_chars))
        if len(text) > limit:
            text = text[:limit]
        return text.strip(' ')

    def _span(self, passages: List[str], length: int, rng: random.Random,
              word_aligned: bool) -> str:
        if not passages:
            return ''
        text = passages[rng.randrange(len(passages))]
        if len(text) <= length:
            return text
        start = rng.randrange(len(text) - length + 1)
        if word_aligned:
            if start > 0:
                sp = text.find(' ', start)
                start = sp + 1 if 0 <= sp < start + 12 else start
            end = start + length
            sp = text.rfind(' ', start, end + 1)
            if sp > start + length // 2 and end < len(text):
                end = sp
            return text[start:end]
        if rng.random() < 0.5:  # often start after punctuation
            for i in range(start, min(start + 15, len(text) - 1)):
                if text[i] in _ZH_PUNCT:
                    start = i + 1
                    break
        return text[start:start + length]

    def _zh_word(self, rng: random.Random) -> str:
        return sample_cum(self.corpus.zh_words, self.corpus.zh_word_cum,
                          rng.random()) if self.corpus.zh_words else '中文'

    def _en_word(self, rng: random.Random, case: Optional[str] = None) -> str:
        if not self.corpus.en_words:
            return 'text'
        w = sample_cum(self.corpus.en_words, self.corpus.en_word_cum,
                       rng.random())
        case = case or rng.choice(('lower', 'lower', 'title', 'upper'))
        return w.upper() if case == 'upper' else (
            w.capitalize() if case == 'title' else w)

    def _number(self, rng: random.Random) -> str:
        u = rng.random()
        if u < 0.4:
            return str(rng.randint(0, 99))
        if u < 0.7:
            return str(rng.randint(100, 99999))
        if u < 0.9:
            return f'{rng.uniform(0, 1000):.{rng.randint(1, 2)}f}'
        return f'{rng.randint(1, 999)},{rng.randint(0, 999):03d}'

    def _price(self, rng: random.Random) -> str:
        v = rng.choice((rng.uniform(0.1, 20), rng.uniform(1, 500),
                        rng.uniform(10, 20000)))
        s = f'{v:,.2f}' if v >= 1000 and rng.random() < 0.6 else f'{v:.2f}'
        u = rng.random()
        if u < 0.5:
            return rng.choice(_CURRENCIES) + s
        if u < 0.7:
            return s + rng.choice(('元', '元', ' USD', ' RM', '円'))
        return s

    def _date(self, rng: random.Random) -> str:
        y, m, d = rng.randint(1950, 2035), rng.randint(1, 12), rng.randint(
            1, 28)
        fmt = rng.randrange(9)
        if fmt == 0:
            return f'{y}-{m:02d}-{d:02d}'
        if fmt == 1:
            return f'{y}/{m}/{d}'
        if fmt == 2:
            return f'{d:02d}/{m:02d}/{y}'
        if fmt == 3:
            return f'{y}年{m}月{d}日'
        if fmt == 4:
            return f'{d} {_MONTHS[m - 1]} {y}'
        if fmt == 5:
            return f'{d:02d}.{m:02d}.{y % 100:02d}'
        if fmt == 6:
            return f'{m}月{d}日'
        if fmt == 7:
            return f'{_MONTHS[m - 1].capitalize()} {d}, {y}'
        return f'{y}.{m:02d}.{d:02d}'

    def _time(self, rng: random.Random) -> str:
        h, mi, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
        fmt = rng.randrange(4)
        if fmt == 0:
            return f'{h:02d}:{mi:02d}'
        if fmt == 1:
            return f'{h:02d}:{mi:02d}:{s:02d}'
        if fmt == 2:
            return f'{h % 12 or 12}:{mi:02d} {"AM" if h < 12 else "PM"}'
        return f'{h}时{mi}分'

    def _code(self, rng: random.Random) -> str:
        alnum = string.ascii_uppercase + string.digits
        fmt = rng.randrange(8)
        if fmt == 0:  # invoice / order number
            pre = rng.choice(('INV', 'NO.', 'ORD', 'SN', 'REF', 'CS', 'TX',
                              'PO', 'DOC'))
            return f'{pre}{rng.choice(("", "-", ": ", "#"))}' + ''.join(
                rng.choice(string.digits) for _ in range(rng.randint(4, 10)))
        if fmt == 1:  # product key
            return '-'.join(''.join(rng.choice(alnum) for _ in range(4))
                            for _ in range(rng.randint(2, 4)))
        if fmt == 2:  # barcode
            return ''.join(
                rng.choice(string.digits) for _ in range(rng.choice((8, 12,
                                                                     13))))
        if fmt == 3:  # phone
            return rng.choice((
                f'+86 1{rng.randint(30, 99)}-{rng.randint(1000, 9999)}-'
                f'{rng.randint(1000, 9999)}',
                f'0{rng.randint(10, 999)}-{rng.randint(1000000, 99999999)}',
                f'({rng.randint(200, 999)}) {rng.randint(200, 999)}-'
                f'{rng.randint(1000, 9999)}',
                f'03-{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}',
                f'1{rng.randint(3000000000, 9999999999)}'))
        if fmt == 4:  # licence plate
            return rng.choice(_PLATE_PROV) + rng.choice(
                string.ascii_uppercase) + ''.join(
                    rng.choice(alnum) for _ in range(5))
        if fmt == 5:  # company reg. no. / id
            return f'{rng.randint(100000, 999999)}-{rng.choice(alnum)}'
        if fmt == 6:  # ISBN / long id
            return (f'ISBN 978-{rng.randint(0, 9)}-{rng.randint(100, 999)}-'
                    f'{rng.randint(10000, 99999)}-{rng.randint(0, 9)}')
        return ''.join(rng.choice(alnum) for _ in range(rng.randint(3, 18)))

    def _url(self, rng: random.Random) -> str:
        w1 = self._en_word(rng, 'lower')
        w2 = self._en_word(rng, 'lower')
        fmt = rng.randrange(4)
        if fmt == 0:
            return f'www.{w1}{rng.choice(("", "-"))}{w2}.{rng.choice(_TLDS)}'
        if fmt == 1:
            return (f'{rng.choice(("http", "https"))}://{w1}.'
                    f'{rng.choice(_TLDS)}/{w2}'
                    f'{rng.choice(("", "?id=" + str(rng.randint(1, 9999)), "/", ".html"))}'  # noqa: E501
                    )
        if fmt == 2:
            return (f'{w1}{rng.choice(("", ".", "_"))}'
                    f'{rng.randint(0, 99) if rng.random() < 0.5 else ""}@'
                    f'{w2}.{rng.choice(_TLDS)}')
        return f'{w1}.{rng.choice(_TLDS)}'

    # ------------------------------------------------------------ generators
    def _gen_zh_text(self, rng: random.Random, length: int) -> str:
        return self._span(self.zh_passages, length, rng, False)

    def _gen_zh_words(self, rng: random.Random, length: int) -> str:
        sep = rng.choice(_ZH_SEPS)
        words: List[str] = []
        n = 0
        while n < length:
            w = self._zh_word(rng)
            words.append(w)
            n += len(w) + len(sep)
        return sep.join(words)

    def _gen_en_text(self, rng: random.Random, length: int) -> str:
        return self._span(self.en_passages, max(length, 2), rng, True)

    def _gen_en_words(self, rng: random.Random, length: int) -> str:
        case = rng.choice((None, None, 'lower', 'title', 'upper'))
        sep = rng.choice(_EN_SEPS) if rng.random() < 0.3 else ' '
        words: List[str] = []
        n = 0
        while n < length:
            w = self._en_word(rng, case)
            words.append(w)
            n += len(w) + len(sep)
        return sep.join(words)

    def _gen_mixed(self, rng: random.Random, length: int) -> str:
        parts: List[str] = []
        n = 0
        while n < length:
            u = rng.random()
            if u < 0.45:
                p = self._span(self.zh_passages, rng.randint(2, 10), rng,
                               False) if rng.random() < 0.6 else self._zh_word(
                                   rng)
            elif u < 0.7:
                p = self._en_word(rng, rng.choice(('title', 'upper', None)))
                if rng.random() < 0.5:
                    p = f' {p} '
            elif u < 0.9:
                p = self._number(rng) + (rng.choice(_ZH_UNITS) if rng.random(
                ) < 0.6 else rng.choice(_UNITS))
            else:
                p = rng.choice((self._date, self._time, self._price))(rng)
            parts.append(p)
            n += len(p)
        return ''.join(parts)

    def _gen_numeric(self, rng: random.Random, length: int) -> str:
        makers = (self._date, self._time, self._price, self._code, self._url,
                  self._number)
        parts = [rng.choice(makers)(rng)]
        while sum(map(len, parts)) < length and rng.random() < 0.6:
            u = rng.random()
            if u < 0.3:
                parts.append(rng.choice(makers)(rng))
            elif u < 0.6:
                parts.append(
                    rng.choice(('日期', '时间', '价格', '编号', '电话', 'Tel',
                                'Date', 'No.', 'Total', 'Price', '网址', '邮箱',
                                'Email', 'ID', '单号', '金额')) +
                    rng.choice((':', '：', ' ', '')))
                parts.append(rng.choice(makers)(rng))
            else:
                parts.append(self._en_word(rng) if rng.random() < 0.5 else
                             self._zh_word(rng))
        return rng.choice((' ', ' ', '  ', ', ', '')).join(parts)

    def _gen_receipt(self, rng: random.Random, length: int) -> str:
        if rng.random() < 0.3:  # Chinese receipt line
            head = rng.choice(_ZH_RECEIPT)
            tail = rng.choice((self._price(rng), self._number(rng),
                               self._date(rng) + ' ' + self._time(rng),
                               self._zh_word(rng)))
            return f'{head}{rng.choice(("：", ":", " ", "  "))}{tail}'
        u = rng.random()
        if u < 0.35:  # item line
            name = ' '.join(
                self._en_word(rng, 'upper')
                for _ in range(rng.randint(1, 4)))
            qty = rng.randint(1, 12)
            price = rng.uniform(0.5, 80)
            return rng.choice(
                (f'{name} {qty} X {price:.2f} {qty * price:.2f}',
                 f'{qty} {name} {qty * price:.2f}', f'{name} {price:.2f}',
                 f'{name}  {self._code(rng)}'))
        if u < 0.7:
            word = rng.choice(_RECEIPT_WORDS)
            return f'{word}{rng.choice((" ", ": ", " (RM) ", "  "))}' + (
                rng.choice((self._price(rng), self._number(rng),
                            self._code(rng), self._date(rng))))
        words = [
            rng.choice(_RECEIPT_WORDS) if rng.random() < 0.4 else
            self._en_word(rng, 'upper') for _ in range(max(1, length // 6))
        ]
        return ' '.join(words)

    def _gen_rare(self, rng: random.Random, length: int) -> str:
        """Pieces built around characters that running text rarely shows."""
        pieces: List[str] = []
        n = 0
        target = max(length, 2)
        while n < target:
            c = self.rare_chars[self._pick(self.rare_cum, rng.random())]
            if is_cjk_ideograph(c):
                words = self.corpus.char_words.get(c)
                p = rng.choice(words) if words and rng.random() < 0.85 else c
            elif c.isalnum():
                p = c if rng.random() < 0.5 else self._en_word(rng) + c
            else:
                p = rng.choice(_SYMBOL_TEMPLATES)(rng, c,
                                                  self._zh_word(rng)
                                                  if rng.random() < 0.5 else
                                                  self._number(rng))
            if rng.random() < 0.1 and _BRACKETS:
                b = rng.choice(_BRACKETS)
                p = b[0] + p + b[1]
            pieces.append(p)
            n += len(p)
        sep = rng.choice(('', '', ' ', '，', '、'))
        text = sep.join(pieces)
        return text
