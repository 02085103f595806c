import math
import string
from typing import Dict, List, Sequence, Union

import torch

from mmocr.models.common.dictionary import Dictionary
from mmocr.models.textrecog.module_losses import CTCModuleLoss
from mmocr.registry import MODELS
from mmocr.structures import TextRecogDataSample


@MODELS.register_module()
class CaseInsensitiveCTCModuleLoss(CTCModuleLoss):
    """MMOCR's ``CTCModuleLoss``, with a case-insensitive target for the
    samples whose labels do not tell the letter case (SROIE's receipt lines
    are labelled in upper case whatever the print).

    A sample whose metainfo has ``case_insensitive=True`` (set by the
    ``MarkCaseInsensitive`` transform) counts every letter of its target in
    either case: for each ASCII letter pair with both cases in the
    dictionary, the CTC loss of that sample reads the upper-case column as
    ``logsumexp(log p(upper), log p(lower))``, the probability of the letter
    in either case, and its target uses the upper-case index for both
    cases. Letters whose other case is not in the dictionary, and every
    other character, are left as they are.

    Every other sample (no ``case_insensitive`` key, or False) gets the
    ordinary case-sensitive CTC loss, the same numbers as
    ``CTCModuleLoss``; a batch without a flagged sample goes through
    ``CTCModuleLoss.forward`` itself. ``letter_case``, ``flatten``,
    ``reduction`` and ``zero_infinity`` mean what they mean there.

    Args:
        dictionary (dict or :obj:`Dictionary`): The config for `Dictionary` or
            the instance of `Dictionary`.
        letter_case (str): 'unchanged', 'upper' or 'lower': how gt texts are
            altered before indexing. Defaults to 'unchanged'.
        flatten (bool): If True, use flattened targets, else padded targets.
            Defaults to True.
        reduction (str): 'none', 'mean' or 'sum', as ``nn.CTCLoss``.
            Defaults to 'mean'.
        zero_infinity (bool): Whether to zero infinite losses and the
            associated gradients. Defaults to False.
    """

    def __init__(self,
                 dictionary: Union[Dict, Dictionary],
                 letter_case: str = 'unchanged',
                 flatten: bool = True,
                 reduction: str = 'mean',
                 zero_infinity: bool = False,
                 **kwargs) -> None:
        super().__init__(
            dictionary=dictionary,
            letter_case=letter_case,
            flatten=flatten,
            reduction=reduction,
            zero_infinity=zero_infinity,
            **kwargs)
        index = {c: i for i, c in enumerate(self.dictionary.dict)}
        pairs = [(index[u], index[u.lower()]) for u in string.ascii_uppercase
                 if u in index and u.lower() in index]
        self.upper_indexes: List[int] = [u for u, _ in pairs]
        self.lower_indexes: List[int] = [lo for _, lo in pairs]
        # Target index -> its case-insensitive (upper-case) index; identity
        # for everything that is no lower-case letter of a pair.
        canonical = torch.arange(self.dictionary.num_classes)
        for u, lo in pairs:
            canonical[lo] = u
        self.canonical_index = canonical

    @staticmethod
    def case_insensitive_mask(
            data_samples: Sequence[TextRecogDataSample]) -> torch.Tensor:
        """Which samples are flagged ``case_insensitive``.

        Args:
            data_samples (list[TextRecogDataSample]): N data samples; a
                missing ``case_insensitive`` key reads as False.

        Returns:
            Tensor: A bool tensor of shape :math:`(N, )`.
        """
        flags = [
            bool(ds.metainfo.get('case_insensitive', False))
            for ds in data_samples
        ]
        return torch.tensor(flags, dtype=torch.bool)

    def merge_cases(self, log_probs: torch.Tensor,
                    mask: torch.Tensor) -> torch.Tensor:
        """Log-probabilities with each letter pair's upper-case column
        holding the letter in either case, for the samples in ``mask``.

        Args:
            log_probs (Tensor): Log-probabilities of shape :math:`(N, T, C)`.
            mask (Tensor): A bool tensor of shape :math:`(N, )`: the samples
                to merge.

        Returns:
            Tensor: Log-probabilities of shape :math:`(N, T, C)`: the rows
            outside ``mask`` and every column but the upper-case letters of
            the pairs are those of ``log_probs``, unchanged.
        """
        if not self.upper_indexes:
            return log_probs
        upper = torch.as_tensor(self.upper_indexes, device=log_probs.device)
        lower = torch.as_tensor(self.lower_indexes, device=log_probs.device)
        upper_lp = log_probs.index_select(2, upper)  # N * T * P
        merged = torch.logaddexp(upper_lp, log_probs.index_select(2, lower))
        mask = mask.to(log_probs.device).view(-1, 1, 1)
        return log_probs.index_copy(2, upper,
                                    torch.where(mask, merged, upper_lp))

    def forward(self, outputs: torch.Tensor,
                data_samples: Sequence[TextRecogDataSample]) -> Dict:
        """
        Args:
            outputs (Tensor): A raw logit tensor of shape :math:`(N, T, C)`.
            data_samples (list[TextRecogDataSample]): List of N
                ``TextRecogDataSample`` which are processed by
                ``get_targets``.

        Returns:
            dict: The loss dict with key ``loss_ctc``.
        """
        if data_samples is None:
            return super().forward(outputs, data_samples)
        mask = self.case_insensitive_mask(data_samples)
        if not mask.any():
            return super().forward(outputs, data_samples)

        # CTCModuleLoss.forward, with the merge and the canonical targets
        # for the flagged samples.
        valid_ratios = [
            img_meta.get('valid_ratio', 1.0) for img_meta in data_samples
        ]
        outputs = torch.log_softmax(outputs, dim=2)
        outputs = self.merge_cases(outputs, mask)
        bsz, seq_len = outputs.size(0), outputs.size(1)
        outputs_for_loss = outputs.permute(1, 0, 2).contiguous()  # T * N * C
        targets = []
        for flagged, data_sample in zip(mask.tolist(), data_samples):
            target = data_sample.gt_text.indexes[:seq_len]
            if flagged:
                target = self.canonical_index[target.long()].to(target.dtype)
            targets.append(target)
        target_lengths = torch.IntTensor([len(t) for t in targets])
        target_lengths = torch.clamp(target_lengths, max=seq_len).long()
        input_lengths = torch.full(
            size=(bsz, ), fill_value=seq_len, dtype=torch.long)
        if self.flatten:
            targets = torch.cat(targets)
        else:
            padded_targets = torch.full(
                size=(bsz, seq_len),
                fill_value=self.dictionary.padding_idx,
                dtype=torch.long)
            for idx, valid_len in enumerate(target_lengths):
                padded_targets[idx, :valid_len] = targets[idx][:valid_len]
            targets = padded_targets
            input_lengths = torch.Tensor([
                math.ceil(valid_ratio * seq_len)
                for valid_ratio in valid_ratios
            ]).long()
        loss_ctc = self.ctc_loss(outputs_for_loss, targets, input_lengths,
                                 target_lengths)
        return dict(loss_ctc=loss_ctc)
