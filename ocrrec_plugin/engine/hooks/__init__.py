from .ctc_prior_init_hook import (CTCPriorInitHook, ctc_output_layer,
                                  ctc_prior_bias, sample_label_texts,
                                  set_ctc_prior)

__all__ = [
    'CTCPriorInitHook', 'ctc_output_layer', 'ctc_prior_bias',
    'sample_label_texts', 'set_ctc_prior'
]
