"""The "ConvTransformer" encoder of DAMO's ConvNextViT recognizer.

A ViTSTR-style transformer (Atienza, "Vision Transformer for Fast and
Efficient Scene Text Recognition", ICDAR 2021,
https://arxiv.org/abs/2105.08582) over the columns of a CNN feature map: a
1x1 conv projects each column to the model width, a learned positional
embedding is added, pre-norm blocks run, and a final LayerNorm closes.
Parameter names follow DAMO's checkpoint (``patch_embed.proj``,
``pos_embed``, ``blocks``, ``norm``).
"""
from typing import Dict, Optional, Sequence, Union

import torch
import torch.nn as nn
from mmengine.model.weight_init import trunc_normal_

from mmocr.models.textrecog.encoders.base import BaseEncoder
from mmocr.registry import MODELS
from mmocr.structures import TextRecogDataSample
from mmocr.utils.typing_utils import InitConfigType
from ..layers import PreNormTransformerBlock


class ColumnEmbed(nn.Module):
    """1x1 conv projection of every feature-map column to a token.

    Args:
        in_channels (int): Channels C of the backbone output.
        embed_dims (int): Token width D.

    Shapes:
        Input :math:`(N, C, 1, W')`; output :math:`(N, W', D)`.
    """

    def __init__(self, in_channels: int, embed_dims: int) -> None:
        super().__init__()
        self.proj = nn.Conv2d(in_channels, embed_dims, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.size(2) != 1:
            raise ValueError(
                f'expected a feature map of height 1, got {tuple(x.shape)}: '
                'feed lines whose height is the backbone height stride')
        return self.proj(x).flatten(2).transpose(1, 2)


@MODELS.register_module()
class ConvTransformerEncoder(BaseEncoder):
    """Transformer encoder over CNN columns, for any line width.

    The positional embedding is learned for ``max_len`` tokens (one token per
    ``width_stride`` input pixels). A line of T <= ``max_len`` tokens takes the
    first T embeddings, so a token's position means the same pixel offset at
    every width; a longer line gets the table linearly interpolated to T
    (positions then stretch, so train with ``max_len`` covering the widths you
    use). Padding is masked: with ``valid_ratio`` in the data samples (set by
    MMOCR's ``PadToWidth`` or our ``RescaleToHeightAndPad``) only the first
    ``ceil(T * valid_ratio)`` tokens serve as attention keys.

    Args:
        in_channels (int): Channels of the backbone output. Defaults to 512.
        arch (str | dict): A name from ``arch_settings`` or a dict with
            ``embed_dims``, ``num_layers`` and ``num_heads``. Defaults to
            'tiny' (DAMO: width 192, 12 blocks, 3 heads).
        max_len (int): Positional embedding length. Defaults to 75, DAMO's
            300-px chunk.
        mlp_ratio (float): MLP hidden width over D. Defaults to 4.
        drop_rate (float): Dropout on tokens, after attention and in the MLP.
            Defaults to 0.1 (DAMO).
        attn_drop_rate (float): Dropout on attention weights. Defaults to 0.1.
        drop_path_rate (float): Stochastic depth, linear over blocks.
            Defaults to 0.
        init_cfg (dict or list[dict], optional): Initialization configs.
            Defaults to None (truncated normal 0.02 for linears and the
            positional embedding).
    """
    arch_settings: Dict[str, Dict[str, int]] = {
        'tiny': dict(embed_dims=192, num_layers=12, num_heads=3),
        'small': dict(embed_dims=192, num_layers=6, num_heads=3),
        'nano': dict(embed_dims=128, num_layers=2, num_heads=4),
        'test': dict(embed_dims=16, num_layers=1, num_heads=2),
    }

    @classmethod
    def resolve_arch(cls, arch: Union[str, Dict[str, int]]) -> Dict[str, int]:
        """The ``embed_dims``, ``num_layers`` and ``num_heads`` of a preset
        name or an arch dict."""
        if isinstance(arch, str):
            if arch not in cls.arch_settings:
                raise ValueError(f'Unknown arch {arch!r}; choose from '
                                 f'{sorted(cls.arch_settings)} or give a '
                                 'dict with embed_dims, num_layers, '
                                 'num_heads')
            arch = cls.arch_settings[arch]
        missing = {'embed_dims', 'num_layers', 'num_heads'} - set(arch)
        if missing:
            raise ValueError(f'arch dict lacks {sorted(missing)}: {arch}')
        return arch

    @classmethod
    def out_channels_of(cls, arch: Union[str, Dict[str, int]] = 'tiny') -> int:
        """Token width D of ``arch``, without building."""
        return cls.resolve_arch(arch)['embed_dims']

    def __init__(self,
                 in_channels: int = 512,
                 arch: Union[str, Dict[str, int]] = 'tiny',
                 max_len: int = 75,
                 mlp_ratio: float = 4.,
                 drop_rate: float = 0.1,
                 attn_drop_rate: float = 0.1,
                 drop_path_rate: float = 0.,
                 init_cfg: Optional[InitConfigType] = None) -> None:
        super().__init__(
            init_cfg=init_cfg or dict(
                type='TruncNormal', layer='Linear', std=.02, bias=0.))
        arch = self.resolve_arch(arch)
        dims = arch['embed_dims']
        self.embed_dims = dims
        self.max_len = max_len
        self.patch_embed = ColumnEmbed(in_channels, dims)
        self.pos_embed = nn.Parameter(
            trunc_normal_(torch.zeros(1, max_len, dims), std=.02))
        self.pos_drop = nn.Dropout(drop_rate)
        rates = torch.linspace(0, drop_path_rate, arch['num_layers']).tolist()
        self.blocks = nn.ModuleList([
            PreNormTransformerBlock(
                dims,
                arch['num_heads'],
                mlp_ratio=mlp_ratio,
                drop=drop_rate,
                attn_drop=attn_drop_rate,
                drop_path=rate) for rate in rates
        ])
        self.norm = nn.LayerNorm(dims, eps=1e-6)

    def position_embedding(self, length: Union[int,
                                               torch.Tensor]) -> torch.Tensor:
        """Positional embeddings for ``length`` tokens, shape (1, T, D).

        Up to ``max_len`` tokens take the first rows of the table, so a
        position means the same pixel offset at every width; longer lines
        get the table linearly interpolated to their length (as
        ``F.interpolate(mode='linear', align_corners=False)`` would). One
        formula covers both, in tensor operations, so an ONNX export keeps
        the width dynamic: token i reads the table at
        ``(i + 0.5) / s - 0.5`` with ``s = max(T / max_len, 1)``.
        """
        length = torch.as_tensor(length, device=self.pos_embed.device)
        steps = torch.arange(
            length, device=self.pos_embed.device, dtype=torch.float32)
        scale = torch.clamp(length.float() / self.max_len, min=1.0)
        coord = ((steps + 0.5) / scale - 0.5).clamp(0, self.max_len - 1)
        low = coord.floor().long()
        high = (low + 1).clamp(max=self.max_len - 1)
        weight = (coord - low.float())[None, :, None]
        table = self.pos_embed
        return table[:, low] * (1 - weight) + table[:, high] * weight

    @staticmethod
    def valid_mask(valid_ratios: torch.Tensor, length: int) -> torch.Tensor:
        """Bool mask :math:`(N, T)` of the first ``ceil(T * ratio)`` tokens
        (at least one). Traceable. Give float64 ratios: then it counts the
        same frames as MMOCR's CTC loss and postprocessor do on Python
        floats (float32 0.6 times 10 rounds up to 7)."""
        valid = torch.ceil(valid_ratios.double() * length).clamp(1, length)
        steps = torch.arange(length, device=valid_ratios.device)
        return steps[None] < valid[:, None]

    @classmethod
    def key_mask(cls, data_samples: Optional[Sequence[TextRecogDataSample]],
                 length: int,
                 device: torch.device) -> Optional[torch.Tensor]:
        """Bool mask :math:`(N, T)` of unpadded tokens, or None if every
        sample is full width (or no samples are given)."""
        if not data_samples:
            return None
        ratios = [float(s.get('valid_ratio', 1.0)) for s in data_samples]
        if all(r >= 1.0 for r in ratios):
            return None
        return cls.valid_mask(
            torch.tensor(ratios, dtype=torch.float64, device=device), length)

    def forward(
        self,
        feat: torch.Tensor,
        data_samples: Optional[Sequence[TextRecogDataSample]] = None
    ) -> torch.Tensor:
        """
        Args:
            feat (Tensor): Backbone output of shape :math:`(N, C, 1, T)`.
            data_samples (list[TextRecogDataSample], optional): Their
                ``valid_ratio`` masks padded tokens. Defaults to None.

        Returns:
            Tensor: Tokens of shape :math:`(N, T, D)`.
        """
        mask = self.key_mask(data_samples, feat.size(-1), feat.device)
        return self.encode_tokens(feat, mask)

    def encode_tokens(self,
                      feat: torch.Tensor,
                      key_mask: Optional[torch.Tensor] = None
                      ) -> torch.Tensor:
        """The encoder on a tensor mask (the traceable part of forward).

        Args:
            feat (Tensor): Backbone output of shape :math:`(N, C, 1, T)`.
            key_mask (Tensor, optional): Bool :math:`(N, T)`, True for
                unpadded tokens. None attends to all. Defaults to None.

        Returns:
            Tensor: Tokens of shape :math:`(N, T, D)`.
        """
        x = self.patch_embed(feat)
        x = self.pos_drop(x + self.position_embedding(x.size(1)))
        for block in self.blocks:
            x = block(x, key_mask)
        return self.norm(x)
