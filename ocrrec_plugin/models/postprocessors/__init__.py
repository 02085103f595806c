from .char_ngram_lm import CharNGramLM
from .ctc_beam_search_postprocessor import CTCBeamSearchPostProcessor

__all__ = ['CharNGramLM', 'CTCBeamSearchPostProcessor']
