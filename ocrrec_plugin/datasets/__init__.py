"""Datasets: synthetic lines and pages rendered on the fly, the LMDB writer,
real-data converters, and (in ``transforms``) the line transforms."""
from . import transforms  # noqa: F401
from .recog_lmdb_writer import RecogLMDBWriter, encode_image
from .synth_line_dataset import SynthLineDataset
from .synth_page_dataset import SynthPageDataset

__all__ = [
    'RecogLMDBWriter', 'encode_image', 'SynthLineDataset', 'SynthPageDataset'
]
