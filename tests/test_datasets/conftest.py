"""Fixtures for the synthetic-data tests: the generator's assets are built
once per session (corpus from the on-disk cache, fonts from fontconfig)."""
import shutil

import pytest

from ocrrec_plugin.datasets.synth import (Charset, FontPool,
                                          SynthLineGenerator, TextCorpus)


def _assets_or_skip():
    if shutil.which('fc-list') is None:
        pytest.skip('fontconfig is not installed: run '
                    'tools/setup_synth_assets.sh')
    try:
        return SynthLineGenerator(seed=0).setup()
    except (FileNotFoundError, RuntimeError) as e:
        pytest.skip(f'synthetic-data assets missing ({e}): run '
                    'tools/setup_synth_assets.sh')


@pytest.fixture(scope='session')
def synth_gen() -> SynthLineGenerator:
    """A ready generator (seed 0, height 32)."""
    return _assets_or_skip()


@pytest.fixture(scope='session')
def charset() -> Charset:
    return Charset()


@pytest.fixture(scope='session')
def corpus(synth_gen) -> TextCorpus:
    return synth_gen.corpus


@pytest.fixture(scope='session')
def font_pool(synth_gen) -> FontPool:
    return synth_gen.fonts
