"""ConvNeXt for text lines.

ConvNeXt (Liu et al., "A ConvNet for the 2020s", CVPR 2022,
https://arxiv.org/abs/2201.03545) as DAMO Academy adapted it for the
ConvNextViT recognizer on ModelScope
(``damo/cv_convnextTiny_ocr-recognition-general_damo``): a stride-4 stem, then
downsampling by ``(2, 1)`` between stages, so a line's height shrinks to 1
while its width keeps a quarter of its pixels. Written from the papers and the
published architecture; parameter names follow DAMO's checkpoint
(``downsample_layers``, ``stages``, ``dwconv``, ``pwconv1``, ``gamma``).
"""
from typing import Dict, Optional, Sequence, Union

import torch
import torch.nn as nn
from mmcv.cnn.bricks import DropPath
from mmengine.model import BaseModule

from mmocr.registry import MODELS
from mmocr.utils.typing_utils import InitConfigType
from ..layers import LayerNorm2d


class ConvNeXtBlock(nn.Module):
    """ConvNeXt block: 7x7 depthwise conv, LayerNorm, Linear 4x, GELU, Linear,
    layer scale, drop path, residual.

    The two pointwise convs are ``nn.Linear`` on channels-last tensors, the
    faster of the two equivalent forms in PyTorch.

    Args:
        dim (int): Channels C.
        drop_path (float): Stochastic depth rate. Defaults to 0.
        layer_scale_init (float): Initial layer scale gamma. Defaults to 1e-6.

    Shapes:
        Input and output: :math:`(N, C, H, W)`.
    """

    def __init__(self,
                 dim: int,
                 drop_path: float = 0.,
                 layer_scale_init: float = 1e-6) -> None:
        super().__init__()
        self.dwconv = nn.Conv2d(dim, dim, 7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.pwconv1 = nn.Linear(dim, 4 * dim)
        self.act = nn.GELU()
        self.pwconv2 = nn.Linear(4 * dim, dim)
        self.gamma = nn.Parameter(layer_scale_init * torch.ones(dim))
        self.drop_path = (
            DropPath(drop_path) if drop_path > 0 else nn.Identity())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.dwconv(x).permute(0, 2, 3, 1)  # (N, H, W, C)
        y = self.pwconv2(self.act(self.pwconv1(self.norm(y))))
        y = (self.gamma * y).permute(0, 3, 1, 2)  # (N, C, H, W)
        return x + self.drop_path(y)


@MODELS.register_module()
class LineConvNeXt(BaseModule):
    """ConvNeXt backbone for text lines (height / 32, width / 4).

    Stage ``i`` is preceded by ``downsample_layers[i]``: the stem (4x4 conv,
    stride 4, then channels-first LayerNorm) for ``i = 0``, and LayerNorm +
    conv with kernel and stride (2, 1) otherwise.

    Args:
        arch (str | dict): A name from ``arch_settings`` or a dict with
            ``depths`` and ``dims`` (one entry per stage). Defaults to 'tiny',
            DAMO's preset.
        in_channels (int): Input channels (1 for DAMO's grey lines).
            Defaults to 1.
        drop_path_rate (float): Stochastic depth rate, growing linearly over
            the blocks. Defaults to 0.
        layer_scale_init (float): Initial layer scale. Defaults to 1e-6.
        init_cfg (dict or list[dict], optional): Initialization configs.
            Defaults to None: PyTorch's default initialisation, as DAMO's
            code trained with (ConvNeXt's truncated normal with std 0.02
            shrinks the features at every (2, 1) downsampling, and on small
            presets the positional embedding then drowns them).

    Shapes:
        Input :math:`(N, C_{in}, H, W)`; output :math:`(N, C_{out}, H/2^{k+1},
        W/4)` with k+1 stages and :math:`C_{out}` = ``dims[-1]``. A 32x300
        line through 'tiny' gives :math:`(N, 512, 1, 75)`.
    """
    arch_settings: Dict[str, Dict[str, Sequence[int]]] = {
        'tiny': dict(depths=(3, 3, 8, 3), dims=(96, 192, 256, 512)),
        'small': dict(depths=(2, 2, 6, 2), dims=(64, 128, 192, 256)),
        'micro': dict(depths=(2, 2, 6, 2), dims=(32, 64, 96, 128)),
        'nano': dict(depths=(2, 2, 2, 2), dims=(32, 64, 96, 128)),
        'test': dict(depths=(1, 1, 1, 1), dims=(8, 16, 16, 32)),
    }
    #: Input pixels per output column: the stem's stride.
    width_stride: int = 4

    @classmethod
    def resolve_arch(
        cls, arch: Union[str, Dict[str, Sequence[int]]]
    ) -> Dict[str, Sequence[int]]:
        """The ``depths`` and ``dims`` of a preset name or an arch dict."""
        if isinstance(arch, str):
            if arch not in cls.arch_settings:
                raise ValueError(f'Unknown arch {arch!r}; choose from '
                                 f'{sorted(cls.arch_settings)} or give a '
                                 'dict with depths and dims')
            arch = cls.arch_settings[arch]
        if not {'depths', 'dims'} <= set(arch):
            raise ValueError(f'arch dict needs depths and dims, got {arch}')
        return arch

    @classmethod
    def out_channels_of(
            cls, arch: Union[str, Dict[str, Sequence[int]]] = 'tiny') -> int:
        """Channels of the output features of ``arch``, without building."""
        return cls.resolve_arch(arch)['dims'][-1]

    def __init__(self,
                 arch: Union[str, Dict[str, Sequence[int]]] = 'tiny',
                 in_channels: int = 1,
                 drop_path_rate: float = 0.,
                 layer_scale_init: float = 1e-6,
                 init_cfg: Optional[InitConfigType] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        arch = self.resolve_arch(arch)
        depths, dims = tuple(arch['depths']), tuple(arch['dims'])
        if len(depths) != len(dims) or not depths:
            raise ValueError(f'depths {depths} and dims {dims} must be '
                             'non-empty and of equal length')
        self.depths, self.dims = depths, dims
        self.out_channels = dims[-1]

        self.downsample_layers = nn.ModuleList([
            nn.Sequential(
                nn.Conv2d(in_channels, dims[0], 4, stride=4),
                LayerNorm2d(dims[0]))
        ])
        for i in range(1, len(dims)):
            self.downsample_layers.append(
                nn.Sequential(
                    LayerNorm2d(dims[i - 1]),
                    nn.Conv2d(dims[i - 1], dims[i], (2, 1), stride=(2, 1))))

        rates = torch.linspace(0, drop_path_rate, sum(depths)).tolist()
        self.stages = nn.ModuleList()
        for i, (depth, dim) in enumerate(zip(depths, dims)):
            start = sum(depths[:i])
            self.stages.append(
                nn.Sequential(*[
                    ConvNeXtBlock(dim, rates[start + j], layer_scale_init)
                    for j in range(depth)
                ]))

    @property
    def height_stride(self) -> int:
        """Input rows per output row: 4 x 2^(stages - 1)."""
        return 4 * 2**(len(self.dims) - 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """
        Args:
            x (Tensor): Lines of shape :math:`(N, C_{in}, H, W)`, H and W
                multiples of ``height_stride`` and ``width_stride``.

        Returns:
            Tensor: Features of shape :math:`(N, C_{out}, H', W/4)`.
        """
        for down, stage in zip(self.downsample_layers, self.stages):
            x = stage(down(x))
        return x
