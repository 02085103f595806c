from .spotting import draw_spotting, find_cjk_font

__all__ = ['draw_spotting', 'find_cjk_font']
