from typing import Dict, List, Optional, Sequence, Union

import torch
import torch.nn as nn

from mmocr.models.common.dictionary import Dictionary
from mmocr.models.textrecog.decoders.base import BaseDecoder
from mmocr.registry import MODELS, TASK_UTILS
from mmocr.structures import TextRecogDataSample
from mmocr.utils.typing_utils import InitConfigType


def encode_tokens(tokens: Sequence[str]) -> torch.Tensor:
    """A dictionary's tokens (characters and special tokens, in order) as an
    int32 tensor of the code points of their text, one token per line.

    Integers, not bytes: mmengine's SyncBuffersHook averages buffers across
    processes (a sum, then a true division), which keeps an integer code
    point exact but wraps the sum of two bytes above 127.
    """
    return torch.tensor([ord(c) for c in '\n'.join(tokens)],
                        dtype=torch.int32)


def decode_tokens(data: torch.Tensor) -> List[str]:
    """The inverse of :func:`encode_tokens`."""
    return ''.join(chr(c) for c in data.tolist()).split('\n')


@MODELS.register_module()
class CTCLinearDecoder(BaseDecoder):
    """CTC head: one linear classifier per time step.

    Works with MMOCR's ``CTCModuleLoss`` and ``CTCPostProcessor``; the CTC
    blank is the dictionary's padding token, so build the ``Dictionary`` with
    ``with_padding=True``. The class count K is always
    ``dictionary.num_classes``, never a constant.

    The dictionary's tokens travel with the weights (the ``dictionary_tokens``
    buffer), so a checkpoint read under another dictionary fails instead of
    reading confident garbage: another class count raises a ``ValueError``
    naming both sizes, and the same count in another order or with other
    tokens one naming the first entries that differ. Checkpoints written
    before the buffer existed load unchecked.

    Args:
        in_channels (int): Width D of the encoder tokens.
        dictionary (dict or :obj:`Dictionary`): The character set.
        module_loss (dict, optional): Loss config. Defaults to None.
        postprocessor (dict, optional): Postprocessor config.
            Defaults to None.
        init_cfg (dict or list[dict], optional): Initialization configs.
            Defaults to ``dict(type='Xavier', layer='Linear')``.
    """

    def __init__(self,
                 in_channels: int,
                 dictionary: Union[Dict, Dictionary],
                 module_loss: Optional[Dict] = None,
                 postprocessor: Optional[Dict] = None,
                 init_cfg: Optional[InitConfigType] = None) -> None:
        if isinstance(dictionary, dict):
            dictionary = TASK_UTILS.build(dictionary)
        if dictionary.padding_idx is None:
            raise ValueError('CTCLinearDecoder needs a Dictionary with '
                             'with_padding=True: its padding token is the '
                             'CTC blank')
        super().__init__(
            dictionary=dictionary,
            module_loss=module_loss,
            postprocessor=postprocessor,
            init_cfg=init_cfg or dict(type='Xavier', layer='Linear'))
        self.classifier = nn.Linear(in_channels, self.dictionary.num_classes)
        self.register_buffer('dictionary_tokens',
                             encode_tokens(self.dictionary.dict))

    @property
    def num_special(self) -> int:
        """Tokens of the dictionary that are no characters (blank, ...)."""
        d = self.dictionary
        return sum(i is not None for i in {d.start_idx, d.end_idx,
                                           d.padding_idx, d.unknown_idx})

    def forward_train(
        self,
        feat: Optional[torch.Tensor] = None,
        out_enc: Optional[torch.Tensor] = None,
        data_samples: Optional[Sequence[TextRecogDataSample]] = None
    ) -> torch.Tensor:
        """
        Args:
            feat (Tensor, optional): Unused; the backbone feature map.
            out_enc (Tensor): Encoder tokens of shape :math:`(N, T, D)`.
            data_samples (list[TextRecogDataSample], optional): Unused.

        Returns:
            Tensor: Raw logits of shape :math:`(N, T, K)`.
        """
        if out_enc is None:
            raise ValueError('CTCLinearDecoder classifies encoder tokens; '
                             'the recognizer has no encoder')
        return self.classifier(out_enc)

    def forward_test(
        self,
        feat: Optional[torch.Tensor] = None,
        out_enc: Optional[torch.Tensor] = None,
        data_samples: Optional[Sequence[TextRecogDataSample]] = None
    ) -> torch.Tensor:
        """
        Returns:
            Tensor: Class probabilities (softmax over K) of shape
            :math:`(N, T, K)`.
        """
        return self.forward_train(feat, out_enc, data_samples).softmax(-1)

    def _load_from_state_dict(self, state_dict, prefix, *args,
                              **kwargs) -> None:
        weight = state_dict.get(prefix + 'classifier.weight')
        expected = self.classifier.weight.shape[0]
        if weight is not None and weight.shape[0] != expected:
            raise ValueError(
                f'The checkpoint was trained for {weight.shape[0]} classes '
                f'but the dictionary gives {expected} '
                f'({expected - self.num_special} characters and '
                f'{self.num_special} special tokens): pair the checkpoint '
                'with the dictionary file it was trained with.')
        key = prefix + 'dictionary_tokens'
        if key not in state_dict:
            # A checkpoint from before the fingerprint: nothing to compare.
            state_dict[key] = self.dictionary_tokens
        elif not torch.equal(state_dict[key].to(self.dictionary_tokens),
                             self.dictionary_tokens):
            theirs = decode_tokens(state_dict[key])
            ours = self.dictionary.dict
            diffs = [(i, a, b) for i, (a, b) in enumerate(zip(theirs, ours))
                     if a != b]
            diffs += [(i, theirs[i] if i < len(theirs) else None,
                       ours[i] if i < len(ours) else None)
                      for i in range(min(len(theirs), len(ours)),
                                     max(len(theirs), len(ours)))]
            shown = '; '.join(f'entry {i}: {a!r} in the checkpoint, {b!r} '
                              'in the config' for i, a, b in diffs[:3])
            raise ValueError(
                f'The checkpoint was trained with another dictionary '
                f'({len(diffs)} of {len(ours)} entries differ: {shown}): '
                'pair the checkpoint with the dictionary file it was '
                'trained with.')
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)
