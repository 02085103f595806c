"""ocrrec_plugin: DAMO's ConvNeXt-ViT CTC text-line recognizer for MMOCR 1.x.

Importing this package registers every component into ``mmocr.registry``, so
one ``custom_imports = dict(imports=['ocrrec_plugin'])`` in a config is enough.
"""
from . import (apis, datasets, engine, evaluation, models, utils,  # noqa: F401
               visualization)
from .utils import allow_mmengine_checkpoints
from .version import __version__  # noqa: F401

allow_mmengine_checkpoints()
