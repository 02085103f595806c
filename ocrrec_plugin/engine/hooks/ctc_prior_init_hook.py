"""Start a CTC head at the label prior of its training set.

With thousands of classes, a CTC head initialised near uniform spends its
first thousands of updates pushing the mass of characters that never occur
down and the blank up (the "blank plateau") before the image starts to
matter. Setting the classifier bias to the log of the label distribution
(the usual last-layer bias init for classification, here with the blank as
one more class) starts training where that phase would end.
"""
import random
from collections import Counter
from typing import Iterable, List

import torch
import torch.nn as nn
from mmengine.dataset import ConcatDataset
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmocr.models.common.dictionary import Dictionary
from mmocr.registry import HOOKS


def ctc_prior_bias(texts: Iterable[str],
                   dictionary: Dictionary,
                   blank_prob: float = 0.5,
                   smoothing: float = 0.5) -> torch.Tensor:
    """Log-prior logits of a CTC head over ``dictionary``.

    The blank (the dictionary's padding token) gets probability
    ``blank_prob``; characters share the rest in proportion to their count
    in ``texts`` plus ``smoothing``, so characters never seen keep a small
    probability. Characters outside the dictionary count for the unknown
    token when there is one; start, end and other special tokens get only
    ``smoothing``.

    Args:
        texts (Iterable[str]): Training labels.
        dictionary (Dictionary): The head's dictionary, with padding.
        blank_prob (float): Prior of the blank, in (0, 1). Defaults to 0.5.
        smoothing (float): Count added to every non-blank class, > 0.
            Defaults to 0.5.

    Returns:
        Tensor: Logits of shape :math:`(K,)` whose softmax is the prior.
    """
    if not 0 < blank_prob < 1:
        raise ValueError(f'blank_prob must be in (0, 1), got {blank_prob}')
    if smoothing <= 0:
        raise ValueError(f'smoothing must be > 0, got {smoothing}')
    if dictionary.padding_idx is None:
        raise ValueError('a CTC dictionary needs with_padding=True: its '
                         'padding token is the blank')
    counts = torch.full((dictionary.num_classes, ), float(smoothing),
                        dtype=torch.float64)
    for char, n in Counter(''.join(texts)).items():
        idx = dictionary.char2idx(char, strict=False)
        if idx is not None:
            counts[idx] += n
    counts[dictionary.padding_idx] = 0
    prior = counts / counts.sum() * (1 - blank_prob)
    prior[dictionary.padding_idx] = blank_prob
    return prior.log().float()


def sample_label_texts(dataset, num_samples: int, seed: int = 0) -> List[str]:
    """Draw the labels of ``num_samples`` random items of a dataset without
    loading any image.

    Reads ``get_text(idx)`` where a dataset has it (rendered datasets) and
    ``get_data_info(idx)['instances']`` otherwise (MMOCR's ``OCRDataset``);
    a :class:`ConcatDataset` is sampled in proportion to its parts' sizes,
    as a shuffled sampler draws them.

    Args:
        dataset: The training dataset.
        num_samples (int): Items to draw (all of them when the dataset is
            smaller).
        seed (int): Seed of the draw. Defaults to 0.

    Returns:
        list[str]: One label per text instance of the drawn items.
    """
    size = len(dataset)
    if size == 0:
        raise ValueError('the training dataset is empty')
    rng = random.Random(seed)
    indices = (range(size) if num_samples >= size else sorted(
        rng.sample(range(size), num_samples)))
    texts = []
    for idx in indices:
        part, local = dataset, idx
        while isinstance(part, ConcatDataset):
            part_idx, local = part._get_ori_dataset_idx(local)
            part = part.datasets[part_idx]
        if hasattr(part, 'get_text'):
            texts.append(part.get_text(local))
        else:
            texts.extend(instance['text']
                         for instance in part.get_data_info(local)
                         ['instances'])
    return texts


def ctc_output_layer(decoder: nn.Module) -> nn.Module:
    """The layer of a CTC decoder that emits the class logits: its last
    ``nn.Linear`` or ``nn.Conv2d`` with ``dictionary.num_classes`` outputs
    and a bias (our ``CTCLinearDecoder.classifier``, the last linear of
    MMOCR's ``CRNNDecoder``, ...).

    Args:
        decoder (nn.Module): A decoder with a ``dictionary``.

    Returns:
        nn.Module: The output layer.
    """
    num_classes = decoder.dictionary.num_classes
    layers = [
        m for m in decoder.modules()
        if (isinstance(m, nn.Linear) and m.out_features == num_classes) or (
            isinstance(m, nn.Conv2d) and m.out_channels == num_classes)
    ]
    if not layers or layers[-1].bias is None:
        raise TypeError(
            f'{type(decoder).__name__} has no linear or 1x1 conv layer with '
            f'a bias and {num_classes} outputs: CTCPriorInitHook needs a CTC '
            'head that ends in one')
    return layers[-1]


def set_ctc_prior(decoder: nn.Module,
                  texts: Iterable[str],
                  blank_prob: float = 0.5,
                  smoothing: float = 0.5) -> torch.Tensor:
    """Set the bias of a CTC decoder's output layer to the log label prior.

    Args:
        decoder (nn.Module): A CTC decoder with a ``dictionary``; its output
            layer is found by :func:`ctc_output_layer`.
        texts (Iterable[str]): Training labels.
        blank_prob (float): Prior of the blank. Defaults to 0.5.
        smoothing (float): Count added to every non-blank class.
            Defaults to 0.5.

    Returns:
        Tensor: The bias set, of shape :math:`(K,)` (see
        :func:`ctc_prior_bias`).
    """
    layer = ctc_output_layer(decoder)
    bias = ctc_prior_bias(texts, decoder.dictionary, blank_prob, smoothing)
    with torch.no_grad():
        layer.bias.copy_(bias.to(layer.bias))
    return bias


@HOOKS.register_module()
class CTCPriorInitHook(Hook):
    """Set the CTC classifier's bias to the log label prior before training.

    The bias is set by :func:`set_ctc_prior`. Runs once, before the first
    iteration of a run that starts from scratch: it leaves weights alone
    when they were loaded (``load_from``) or resumed.
    The prior is counted over ``num_samples`` labels drawn from the training
    dataset (:func:`sample_label_texts`), see :func:`ctc_prior_bias`.

    Args:
        blank_prob (float): Prior of the blank. Defaults to 0.5.
        num_samples (int): Training items whose labels are counted.
            Defaults to 20000.
        smoothing (float): Count added to every class. Defaults to 0.5.
        seed (int): Seed of the draw. Defaults to 0.
    """

    priority = 'LOW'

    def __init__(self,
                 blank_prob: float = 0.5,
                 num_samples: int = 20000,
                 smoothing: float = 0.5,
                 seed: int = 0) -> None:
        self.blank_prob = blank_prob
        self.num_samples = num_samples
        self.smoothing = smoothing
        self.seed = seed

    def before_train(self, runner) -> None:
        if runner.iter > 0 or getattr(runner, '_has_loaded', False):
            runner.logger.info('CTCPriorInitHook: weights were loaded, '
                               'the head keeps them')
            return
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        texts = sample_label_texts(runner.train_dataloader.dataset,
                                   self.num_samples, self.seed)
        bias = set_ctc_prior(model.decoder, texts, self.blank_prob,
                             self.smoothing)
        chars = torch.ones_like(bias, dtype=torch.bool)
        chars[model.decoder.dictionary.padding_idx] = False
        seen = int((bias[chars] > bias[chars].min()).sum())
        runner.logger.info(
            f'CTCPriorInitHook: head bias set to the log prior of '
            f'{len(texts)} labels ({seen} of {int(chars.sum())} non-blank '
            f'classes seen, blank {self.blank_prob})')
