"""Convert ModelScope ConvNextViT checkpoints to this plugin's ConvNeXtViT.

ModelScope's ``pytorch_model.pt`` is a flat state dict with keys
``cnn_model.*`` (ConvNeXt) and ``vitstr.*`` (ViT + head), sometimes behind a
``recognizer.`` or ``module.`` prefix. Its ``vocab.txt`` lists one character
per line; class ``i + 2`` is line ``i``, class 0 the CTC blank and class 1 is
never emitted. MMOCR's ``Dictionary(with_padding=True, with_unknown=True)``
puts the characters first, then ``<PAD>`` (our blank) and ``<UKN>``, so the
head's rows are permuted to ``[2, ..., K + 1, 0, 1]``.
"""
import re
from collections import OrderedDict
from typing import Dict, List, Tuple

import torch

#: (pattern, replacement) applied in order to every ModelScope key.
KEY_RULES: Tuple[Tuple[str, str], ...] = (
    (r'^cnn_model\.', 'backbone.'),
    (r'^vitstr\.head\.', 'decoder.classifier.'),
    (r'^vitstr\.', 'encoder.'),
)
#: ModelScope keys that hold no used weights.
UNUSED_KEYS = ('vitstr.cls_token', )
NATIVE_PREFIXES = ('backbone.', 'encoder.', 'decoder.')
#: ModelScope classes before the first character (blank, unused).
NUM_LEADING_CLASSES = 2


def read_vocab(path: str) -> List[str]:
    """Read a ModelScope ``vocab.txt`` (one character per line).

    Raises:
        ValueError: If a line is empty or longer than one character, or a
            character repeats, naming the line.
    """
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    seen: Dict[str, int] = {}
    for num, line in enumerate(lines, 1):
        line = line.rstrip('\r')
        if len(line) != 1:
            raise ValueError(f'{path}:{num}: expected one character per '
                             f'line, got {line!r}')
        if line in seen:
            raise ValueError(f'{path}:{num}: {line!r} repeats line '
                             f'{seen[line]}')
        seen[line] = num
    return list(seen)


def _strip_prefixes(key: str) -> str:
    return key.replace('recognizer.', '').replace('module.', '')


def convert_modelscope_state_dict(
        state_dict: Dict[str, torch.Tensor],
        num_chars: int) -> 'OrderedDict[str, torch.Tensor]':
    """Map a ModelScope ConvNextViT state dict onto :class:`ConvNeXtViT`.

    Idempotent: a state dict that already has this plugin's keys is
    returned unchanged (as a new ``OrderedDict``).

    Args:
        state_dict (dict[str, Tensor]): ModelScope weights.
        num_chars (int): Characters in ``vocab.txt``.

    Returns:
        OrderedDict[str, Tensor]: Weights for a ``ConvNeXtViT`` whose
        dictionary holds the same characters with padding and unknown
        tokens (``num_chars + 2`` classes).

    Raises:
        ValueError: On keys no rule maps, or a head whose class count is not
            ``num_chars + 2``; the message lists them.
    """
    if state_dict and all(k.startswith(NATIVE_PREFIXES) for k in state_dict):
        return OrderedDict(state_dict)
    out: 'OrderedDict[str, torch.Tensor]' = OrderedDict()
    unmapped = []
    for key, value in state_dict.items():
        key = _strip_prefixes(key)
        if key in UNUSED_KEYS:
            continue
        for pattern, repl in KEY_RULES:
            if re.match(pattern, key):
                out[re.sub(pattern, repl, key)] = value
                break
        else:
            unmapped.append(key)
    if unmapped:
        raise ValueError(f'{len(unmapped)} ModelScope keys have no mapping: '
                         f'{unmapped[:10]}')
    for name in ('decoder.classifier.weight', 'decoder.classifier.bias'):
        if name not in out:
            raise ValueError(f'the checkpoint has no CTC head ({name})')
        head = out[name]
        if head.shape[0] != num_chars + NUM_LEADING_CLASSES:
            raise ValueError(
                f'the checkpoint head has {head.shape[0]} classes but the '
                f'vocab has {num_chars} characters (expected '
                f'{num_chars + NUM_LEADING_CLASSES} classes): is this the '
                'vocab.txt of this checkpoint?')
        order = torch.cat([
            torch.arange(NUM_LEADING_CLASSES,
                         num_chars + NUM_LEADING_CLASSES),
            torch.arange(NUM_LEADING_CLASSES)
        ])
        out[name] = head[order].clone()
    return out
