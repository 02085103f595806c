from . import (backbones, data_preprocessors, decoders, encoders, layers,
               recognizers)  # noqa: F401
