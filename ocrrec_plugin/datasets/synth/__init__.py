"""Seeded renderer pieces for synthetic Chinese + English text lines and
pages: dictionary, corpus, line texts, fonts, backgrounds, degradations,
line and page rendering."""
from .backgrounds import BackgroundBank
from .charset import Charset
from .corpus import TextCorpus
from .degrade import LineDegrader
from .fonts import FontFace, FontPool
from .generator import SynthLineGenerator
from .page import PageRenderer
from .render import LineRenderer
from .text_sampler import LineTextSampler

__all__ = [
    'BackgroundBank', 'Charset', 'TextCorpus', 'LineDegrader', 'FontFace',
    'FontPool', 'SynthLineGenerator', 'PageRenderer', 'LineRenderer',
    'LineTextSampler'
]
