import random

import numpy as np
import pytest

from ocrrec_plugin.datasets.synth.fonts import (FontFace, FontPool,
                                                design_name,
                                                parse_fc_charset)


def _face(pool: FontPool, family: str) -> FontFace:
    for f in pool.faces:
        if f.family == family and f.style in ('Book', 'Regular'):
            return f
    pytest.skip(f'{family} not installed: run tools/setup_synth_assets.sh')


class TestFontPool:

    def test_parse_fc_charset(self):
        assert list(parse_fc_charset('20-22 41 4e00-4e01')) == [
            0x20, 0x21, 0x22, 0x41, 0x4E00, 0x4E01
        ]
        assert list(parse_fc_charset('')) == []

    def test_design_name(self):
        assert design_name('AR PL UKai TW MBE', cjk=True) == 'AR PL UKai'
        assert design_name('WenQuanYi Zen Hei Mono', cjk=True) == \
            'WenQuanYi Zen Hei'
        assert design_name('Noto Sans CJK SC') == 'Noto Sans CJK'
        assert design_name('DejaVu Sans Mono') == 'DejaVu Sans Mono'
        assert design_name('Nimbus Sans Narrow') == 'Nimbus Sans'

    def test_designs(self, font_pool):
        # Issue 3 asks for >= 10 CJK designs and >= 30 Latin families.
        assert len(font_pool.cjk_designs) >= 10, font_pool.cjk_designs
        assert len(font_pool.latin_designs) >= 30, font_pool.latin_designs
        # Every dictionary character can be drawn by some face.
        assert font_pool.union_coverage() >= (
            font_pool.faces[0].coverage.__class__(
                c for c in font_pool.union_coverage()))
        from ocrrec_plugin.datasets.synth.charset import Charset
        cs = Charset()
        missing = set(cs.chars) - set(font_pool.union_coverage()) - {' '}
        assert not missing

    def test_glyph_check_rejects_missing_character(self, font_pool):
        latin = _face(font_pool, 'DejaVu Sans')
        assert latin.covers('Hello, World 123')
        assert not latin.covers('Hello 中文')
        assert latin.missing('Hello 中文') == ['中', '文']
        # What the check prevents: both missing characters would be drawn as
        # the same .notdef box (tofu), while covered ones differ.
        size = 32
        font = font_pool.font(latin, size)
        tofu1 = np.asarray(font.getmask('中'))
        tofu2 = np.asarray(font.getmask('文'))
        assert tofu1.size and np.array_equal(tofu1, tofu2)
        assert not np.array_equal(
            np.asarray(font.getmask('A')), np.asarray(font.getmask('B')))
        # choose() never returns a face lacking a glyph of the line.
        rng = random.Random(0)
        for text in ('中文 abc', '≌∮', 'ＡＢＣ', '㈠①⒈', 'plain ascii', '龟鳖'):
            for _ in range(30):
                face = font_pool.choose(text, rng)
                assert face is not None and face.covers(text)

    def test_choose_none_when_nobody_draws(self, font_pool, charset):
        only_latin = FontPool([_face(font_pool, 'DejaVu Sans')], charset)
        assert only_latin.choose('中', random.Random(0)) is None
        assert only_latin.choose('abc', random.Random(0)).family == \
            'DejaVu Sans'

    def test_no_usable_font_raises(self, charset):
        empty = FontFace('/nonexistent.ttf', 0, 'Empty', 'Regular', 80,
                         frozenset('abc'))
        with pytest.raises(RuntimeError, match='no usable font'):
            FontPool([empty], charset)

    def test_glyph_cache(self, font_pool):
        face = _face(font_pool, 'Noto Sans CJK SC')
        g1 = font_pool.glyph(face, 26, '国')
        g2 = font_pool.glyph(face, 26, '国')
        assert g1 is g2
        bitmap, dx, dy, adv = g1
        assert bitmap.dtype == np.uint8 and bitmap.max() > 128
        assert dy < 0 < adv  # drawn above the baseline, advances the pen
        assert font_pool.glyph(face, 26, ' ')[0] is None

    def test_warm(self, font_pool):
        face = _face(font_pool, 'DejaVu Sans')
        n = font_pool.warm(23, 'xyz', '中')
        assert n >= 3
        key = (face.path, face.index, 23, 'x', 0)
        assert key in font_pool._glyph_cache
        # A Latin face is not asked for hanzi it lacks.
        assert (face.path, face.index, 23, '中', 0) not in \
            font_pool._glyph_cache
        assert font_pool.glyph(face, 23, 'x') is font_pool._glyph_cache[key]

    def test_bold_glyph_is_filled(self, font_pool):
        # Synthetic bold is the regular glyph grown by the stroke: every
        # pixel inked in the regular glyph stays inked (Pillow's stroker
        # alone gives a hollow outline), and the ink grows.
        for family, char in (('DejaVu Sans', 'H'), ('Noto Sans CJK SC', '国')):
            face = _face(font_pool, family)
            reg, rdx, rdy, radv = font_pool.glyph(face, 40, char)
            bold, bdx, bdy, badv = font_pool.glyph(face, 40, char, stroke=1)
            assert (bdx, bdy) == (rdx - 1, rdy - 1) and badv == radv
            h, w = reg.shape
            inner = bold[1:1 + h, 1:1 + w]
            assert (inner >= reg).all()
            assert (bold > 127).sum() > 1.1 * (reg > 127).sum()
