from .conv_transformer_encoder import ConvTransformerEncoder

__all__ = ['ConvTransformerEncoder']
