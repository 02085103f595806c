from .checkpoint import (allow_mmengine_checkpoints, checkpoint_config,
                         interpolate_state_dicts, publish_checkpoint,
                         save_with_sha)
from .ckpt_convert import convert_modelscope_state_dict, read_vocab
from .ctc_head import copy_ctc_rows
from .dist import setup_cpu_distributed, teardown_distributed
from .quad import order_quad, pad_quad, quad_size, warp_quad
from .model_zoo import (MODELS_DIR_ENV, ZooModel, get_model, load_model_index,
                        resolve_file, zoo_root)

__all__ = [
    'MODELS_DIR_ENV', 'ZooModel', 'allow_mmengine_checkpoints',
    'checkpoint_config', 'convert_modelscope_state_dict', 'copy_ctc_rows',
    'get_model', 'interpolate_state_dicts', 'load_model_index', 'order_quad',
    'pad_quad', 'publish_checkpoint', 'quad_size', 'read_vocab',
    'resolve_file', 'save_with_sha', 'setup_cpu_distributed',
    'teardown_distributed', 'warp_quad', 'zoo_root'
]
