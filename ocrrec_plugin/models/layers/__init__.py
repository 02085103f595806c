from .layer_norm_2d import LayerNorm2d
from .transformer_block import PreNormTransformerBlock

__all__ = ['LayerNorm2d', 'PreNormTransformerBlock']
