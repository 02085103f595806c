from .line_convnext import LineConvNeXt

__all__ = ['LineConvNeXt']
