"""Carry a trained CTC head over to another dictionary.

A recognizer trained over a small alphabet (the 95 printable ASCII
characters) already knows how the blank and those characters look; widening
it to the 7,129-class Chinese+English dictionary should keep that knowledge
and start only the new characters afresh. :func:`copy_ctc_rows` copies the
output-layer rows of every token the two dictionaries share, matched by the
token itself (characters, the blank and the unknown token), not by index.
"""
from typing import List

import torch
import torch.nn as nn

from mmocr.models.common.dictionary import Dictionary
from ..engine.hooks.ctc_prior_init_hook import ctc_output_layer


def copy_ctc_rows(decoder: nn.Module, src_weight: torch.Tensor,
                  src_bias: torch.Tensor,
                  src_dictionary: Dictionary) -> List[str]:
    """Copy the output rows of shared tokens from a source CTC head.

    Rows of tokens only ``decoder`` has keep their values (for a widened
    head: the initialisation, with the bias at the label prior).

    Args:
        decoder (nn.Module): The target CTC decoder with a ``dictionary``;
            its output layer is found by :func:`ctc_output_layer`.
        src_weight (Tensor): Source output weight, :math:`(K_s, C)` for a
            linear layer or :math:`(K_s, C, 1, 1)` for a 1x1 conv, laid out
            as the target's.
        src_bias (Tensor): Source output bias, :math:`(K_s,)`.
        src_dictionary (Dictionary): The source head's dictionary,
            :math:`K_s` = ``src_dictionary.num_classes``.

    Returns:
        list[str]: The tokens copied, in source order.
    """
    layer = ctc_output_layer(decoder)
    num_src = src_dictionary.num_classes
    if src_weight.shape[0] != num_src or src_bias.shape != (num_src, ):
        raise ValueError(
            f'the source head has {src_weight.shape[0]} outputs and a bias '
            f'of shape {tuple(src_bias.shape)}, its dictionary '
            f'{num_src} classes: the checkpoint does not match the '
            'dictionary')
    if src_weight.shape[1:] != layer.weight.shape[1:]:
        raise ValueError(
            f'source output weight {tuple(src_weight.shape)} and target '
            f'{tuple(layer.weight.shape)} differ beyond the class axis: the '
            'heads read features of different widths')
    dst_index = {token: i for i, token in enumerate(decoder.dictionary.dict)}
    pairs = [(i, dst_index[token])
             for i, token in enumerate(src_dictionary.dict)
             if token in dst_index]
    if not pairs:
        raise ValueError('the two dictionaries share no token')
    src_idx = torch.tensor([i for i, _ in pairs])
    dst_idx = torch.tensor([j for _, j in pairs])
    with torch.no_grad():
        layer.weight[dst_idx] = src_weight[src_idx].to(layer.weight)
        layer.bias[dst_idx] = src_bias[src_idx].to(layer.bias)
    return [src_dictionary.dict[i] for i, _ in pairs]
