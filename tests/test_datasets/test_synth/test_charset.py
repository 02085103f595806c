from unittest import TestCase

import pytest

from ocrrec_plugin.datasets.synth.charset import (Charset, is_cjk_ideograph,
                                                  is_wide)


class TestCharset(TestCase):

    @classmethod
    def setUpClass(cls):
        cls.cs = Charset()

    def test_init(self):
        self.assertEqual(len(self.cs), 7127)
        self.assertIn(' ', self.cs)
        self.assertIn('中', self.cs)
        self.assertEqual(len(self.cs.hanzi), 6763)

    def test_bad_dict_file(self):
        import os
        import tempfile
        with tempfile.NamedTemporaryFile('w', suffix='.txt', delete=False,
                                         encoding='utf-8') as f:
            f.write('a\nbc\n')
        try:
            with pytest.raises(ValueError, match='one character per line'):
                Charset(f.name)
        finally:
            os.unlink(f.name)

    def test_normalize_keeps_dictionary_text(self):
        text = '合计：￥１２.５０ TOTAL RM 12.50【特价】'
        self.assertEqual(self.cs.normalize(text), text)

    def test_normalize_folds_lookalikes(self):
        # NBSP and ideographic space -> space, accents stripped, soft hyphen
        # and zero-width space dropped, ligature expanded, en quad folded.
        self.assertEqual(self.cs.normalize('caf\u00e9\u00a0na\u00efve'),
                         'cafe naive')
        self.assertEqual(self.cs.normalize('co\u00adop\u200b'), 'coop')
        self.assertEqual(self.cs.normalize('\ufb01le'), 'file')
        self.assertEqual(self.cs.normalize('a\u3000\u3000b'), 'a b')
        self.assertEqual(self.cs.normalize('\u2212 5'), '- 5')

    def test_normalize_drops_unknown(self):
        # Traditional-only, emoji and kana are not in the GB2312 dictionary.
        out = self.cs.normalize('體育😀かな中文')
        self.assertTrue(self.cs.covers(out))
        self.assertTrue(out.endswith('中文'))
        self.assertNotIn('😀', out)

    def test_normalize_tidies_spaces(self):
        self.assertEqual(self.cs.normalize('  a \t b  '), 'a b')

    def test_script_helpers(self):
        self.assertTrue(is_cjk_ideograph('龟'))
        self.assertFalse(is_cjk_ideograph('Ａ'))
        self.assertTrue(is_wide('Ａ'))
        self.assertFalse(is_wide('€'))
