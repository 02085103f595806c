from .line_transforms import RescaleToHeightAndPad

__all__ = ['RescaleToHeightAndPad']
