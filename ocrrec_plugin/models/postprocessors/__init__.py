from .char_ngram_lm import CharNGramLM
from .ctc_beam_search_postprocessor import (CTCBeamSearchPostProcessor,
                                            valid_log_probs)

__all__ = ['CharNGramLM', 'CTCBeamSearchPostProcessor', 'valid_log_probs']
