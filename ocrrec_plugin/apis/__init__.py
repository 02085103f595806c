from .line_recognizer import LineRecognizer, LineResult, load_line_image

__all__ = ['LineRecognizer', 'LineResult', 'load_line_image']
