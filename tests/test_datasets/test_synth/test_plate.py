import pickle
import random
import re
from collections import Counter

import numpy as np
import pytest

from ocrrec_plugin.datasets.synth import Charset, SynthLineGenerator
from ocrrec_plugin.datasets.synth.degrade import LineDegrader
from ocrrec_plugin.datasets.synth.plate import (DEFAULT_PLATE_KINDS,
                                                PLATE_DEGRADE_PROBS,
                                                PLATE_PATTERNS, PROVINCES,
                                                PlateRenderer,
                                                PlateTextSampler,
                                                is_valid_plate, plate_kind_of)

# Independent spellings of the plate formats (not PLATE_PATTERNS).
_P = f'[{PROVINCES}]'
_A = '[A-HJ-NP-Z]'  # no I, no O
_N = '[0-9A-HJ-NP-Z]'
_REGEXES = dict(
    blue=f'{_P}{_A}{_N}{{5}}',
    yellow=f'{_P}{_A}{_N}{{5}}',
    trailer=f'{_P}{_A}{_N}{{4}}挂',
    learner=f'{_P}{_A}{_N}{{4}}学',
    nev_small=f'{_P}{_A}[DF]{_N}[0-9]{{4}}',
    nev_large=f'{_P}{_A}[0-9]{{5}}[DF]',
    police=f'{_P}{_A}{_N}{{4}}警',
)


@pytest.fixture(scope='module')
def plates(font_pool, charset) -> PlateRenderer:
    return PlateRenderer(font_pool, charset,
                         degrader=LineDegrader(PLATE_DEGRADE_PROBS))


class TestPlateText:

    def test_only_valid_plates(self, charset):
        assert len(PROVINCES) == 31 and len(set(PROVINCES)) == 31
        s = PlateTextSampler(charset)
        rng = random.Random(0)
        kinds = Counter()
        for _ in range(5000):
            text, kind = s.sample(rng)
            kinds[kind] += 1
            assert re.fullmatch(_REGEXES[kind], text), (kind, text)
            assert re.fullmatch(PLATE_PATTERNS[kind], text)
            assert is_valid_plate(text) and is_valid_plate(text, kind)
            assert plate_kind_of(text) is not None
            assert charset.covers(text)
            assert len(text) == (8 if kind.startswith('nev') else 7)
            if kind in ('blue', 'yellow'):
                # Serials are mostly digits: at most 3 letters of 5.
                assert sum(c.isalpha() for c in text[2:]) <= 3
        assert set(kinds) == set(DEFAULT_PLATE_KINDS)
        assert kinds['blue'] == max(kinds.values())

    def test_invalid_plates_rejected(self):
        for bad in ('皖A1234O', '皖I12345', '港A12345', '皖A·12345',
                    '皖A1234', '皖AD1234F', '皖A12345警'):
            assert not is_valid_plate(bad), bad
        assert plate_kind_of('皖A12345') == 'blue'
        assert plate_kind_of('粤BD12345') == 'nev_small'
        assert plate_kind_of('粤B12345F') == 'nev_large'
        assert plate_kind_of('京A1234警') == 'police'

    def test_kind_weights(self, charset):
        with pytest.raises(KeyError, match='unknown plate kinds'):
            PlateTextSampler(charset, dict(diplomat=1.0))
        with pytest.raises(ValueError, match='zero weight'):
            PlateTextSampler(charset, dict(blue=0))
        s = PlateTextSampler(charset, dict(police=1.0))
        rng = random.Random(1)
        assert all(s.sample(rng)[1] == 'police' for _ in range(50))
        assert s.sample(rng, 'nev_large')[1] == 'nev_large'

    def test_kind_without_dictionary_character_skipped(self, tmp_path):
        full = Charset()
        dict_file = tmp_path / 'no_police.txt'
        dict_file.write_text(
            ''.join(f'{c}\n' for c in full.chars if c != '警'),
            encoding='utf-8')
        with pytest.warns(UserWarning, match="'police' skipped"):
            s = PlateTextSampler(Charset(str(dict_file)))
        assert 'police' not in s.kinds
        rng = random.Random(0)
        assert all('警' not in s.sample(rng)[0] for _ in range(500))


class TestPlateRenderer:

    def test_faces(self, plates):
        assert plates.hanzi_faces and plates.alnum_faces
        rng = random.Random(0)
        for _ in range(50):
            text, _ = plates.sample_text(rng)
            face = plates.choose_face(text, rng)
            assert face is not None and face.covers(text)

    @pytest.mark.parametrize('kind', sorted(DEFAULT_PLATE_KINDS))
    def test_render(self, plates, kind):
        for seed in range(3):
            rng = random.Random(f'{kind}/{seed}')
            text, _ = plates.texts.sample(rng, kind)
            face = plates.choose_face(text, rng)
            img = plates.render(text, face, rng, kind)
            h, w = img.shape[:2]
            assert img.dtype == np.uint8 and img.ndim == 3
            assert img.shape[2] == 3
            assert h == 24 and 86 <= w <= 102, img.shape
            assert img.std() > 5  # not a flat patch

    def test_deterministic(self, plates):
        text, face = '皖A12B34', plates.hanzi_faces[0]
        a = plates.render(text, face, random.Random(7))
        b = plates.render(text, face, random.Random(7))
        c = plates.render(text, face, random.Random(8))
        assert np.array_equal(a, b)
        assert a.shape != c.shape or not np.array_equal(a, c)
        # The kind is read from the text when not given.
        assert plates.render('粤BD12345', face, random.Random(0)).shape[0] \
            == 24

    def test_out_size(self, font_pool, charset):
        r = PlateRenderer(font_pool, charset, out_size=(188, 48),
                          aspect_jitter=0.0)
        img = r.render('京A12345', r.hanzi_faces[0], random.Random(0))
        assert img.shape == (48, 188, 3)

    def test_warm(self, plates):
        assert plates.warm() > 0


class TestGeneratorPlates:

    def test_plates_only(self, synth_gen):
        gen = SynthLineGenerator(kind_weights=dict(plate=1.0), seed=3)
        for idx in range(20):
            out = gen(idx)
            text, face = gen.text_and_font(idx)
            assert out['text'] == text and out['font'] == face.name
            assert is_valid_plate(text), text
            img = out['img']
            assert img.dtype == np.uint8 and img.ndim == 3
            assert img.shape[0] == gen.height and img.shape[2] == 3
            # About the 94 x 24 crops brought to the line height.
            assert 110 <= img.shape[1] <= 140, img.shape
        # Deterministic, also through pickling (dataloader workers).
        clone = pickle.loads(pickle.dumps(gen))
        a, b = gen(5), clone(5)
        assert a['text'] == b['text'] and np.array_equal(a['img'], b['img'])
        assert SynthLineGenerator(
            kind_weights=dict(plate=1.0), seed=3)(5)['text'] == a['text']
        # Pages still work: they draw the default text mixture.
        assert gen.page(0)['instances']

    def test_mixture(self, synth_gen):
        gen = SynthLineGenerator(
            kind_weights=dict(plate=1.0, zh_text=1.0, en_words=1.0), seed=0)
        texts = [gen.text_and_font(i)[0] for i in range(300)]
        n_plate = sum(is_valid_plate(t) for t in texts)
        assert 60 <= n_plate <= 140, n_plate  # weight 1/3
        for idx in range(12):
            out = gen(idx)
            assert out['text'] == texts[idx]
            assert out['img'].shape[0] == gen.height
        assert gen.plate_prob == pytest.approx(1 / 3)

    def test_no_plate_weight_keeps_text_samples(self, synth_gen):
        ref = SynthLineGenerator(kind_weights=dict(zh_text=1.0), seed=0)
        zero = SynthLineGenerator(
            kind_weights=dict(zh_text=1.0, plate=0.0), seed=0)
        for idx in range(10):
            assert ref.text_and_font(idx)[0] == zero.text_and_font(idx)[0]
        assert zero.setup().plates is None
        with pytest.raises(ValueError, match='zero weight'):
            SynthLineGenerator(kind_weights=dict(plate=0.0)).setup()

    def test_plate_cfg(self, synth_gen):
        gen = SynthLineGenerator(
            kind_weights=dict(plate=1.0),
            plate_cfg=dict(kind_weights=dict(nev_small=1.0),
                           degrade_probs=dict(jpeg=0.0)))
        for idx in range(5):
            assert is_valid_plate(gen(idx)['text'], 'nev_small')
        clone = pickle.loads(pickle.dumps(gen))
        assert clone.plate_cfg == gen.plate_cfg
        assert np.array_equal(clone(2)['img'], gen(2)['img'])
