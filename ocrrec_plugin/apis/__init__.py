from .engines import (ENGINES, MMOCREngine, ONNXEngine, RecogEngine,
                      SpotEngine, build_engine, register_engine)
from .line_recognizer import (LineRecognizer, LineResult, load_line_image,
                              load_page)
from .text_spotter import SpottedLine, TextSpotter
from .onnx_recognizer import (ExportableRecognizer, ONNXLineRecognizer,
                              export_onnx)

__all__ = [
    'LineRecognizer', 'LineResult', 'load_line_image', 'load_page',
    'ExportableRecognizer',
    'ONNXLineRecognizer', 'export_onnx', 'ENGINES', 'RecogEngine',
    'MMOCREngine', 'ONNXEngine', 'SpotEngine', 'build_engine',
    'register_engine',
    'SpottedLine', 'TextSpotter'
]
