from .gray_data_preprocessor import TextRecogGrayDataPreprocessor

__all__ = ['TextRecogGrayDataPreprocessor']
