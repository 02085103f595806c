from .ctc_prior_init_hook import (CTCPriorInitHook, ctc_output_layer,
                                  ctc_prior_bias, sample_label_texts)

__all__ = [
    'CTCPriorInitHook', 'ctc_output_layer', 'ctc_prior_bias',
    'sample_label_texts'
]
