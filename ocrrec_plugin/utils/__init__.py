from .checkpoint import allow_mmengine_checkpoints, publish_checkpoint
from .ckpt_convert import convert_modelscope_state_dict, read_vocab
from .ctc_head import copy_ctc_rows

__all__ = [
    'allow_mmengine_checkpoints', 'convert_modelscope_state_dict',
    'copy_ctc_rows', 'publish_checkpoint', 'read_vocab'
]
