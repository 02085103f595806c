from .ctc_linear_decoder import CTCLinearDecoder

__all__ = ['CTCLinearDecoder']
