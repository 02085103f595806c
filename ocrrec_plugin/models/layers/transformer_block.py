from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn.bricks import DropPath


class MultiHeadSelfAttention(nn.Module):
    """Multi-head self-attention with a fused ``qkv`` projection.

    Args:
        dim (int): Token width D.
        num_heads (int): Number of heads; must divide ``dim``.
        attn_drop (float): Dropout on the attention weights. Defaults to 0.
        proj_drop (float): Dropout after the output projection. Defaults to 0.
    """

    def __init__(self,
                 dim: int,
                 num_heads: int,
                 attn_drop: float = 0.,
                 proj_drop: float = 0.) -> None:
        super().__init__()
        if dim % num_heads != 0:
            raise ValueError(
                f'dim ({dim}) must be divisible by num_heads ({num_heads})')
        self.num_heads = num_heads
        self.qkv = nn.Linear(dim, dim * 3)
        self.attn_drop = attn_drop
        self.proj = nn.Linear(dim, dim)
        self.proj_drop = nn.Dropout(proj_drop)

    def forward(self,
                x: torch.Tensor,
                key_mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        """
        Args:
            x (Tensor): Tokens of shape :math:`(N, T, D)`.
            key_mask (Tensor, optional): Bool mask of shape :math:`(N, T)`,
                True for keys that may be attended to (the unpadded part of
                a line). None attends to all. Defaults to None.

        Returns:
            Tensor: Shape :math:`(N, T, D)`.
        """
        n, t, d = x.shape
        qkv = self.qkv(x).reshape(n, t, 3, self.num_heads, d // self.num_heads)
        q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)  # 3 x (N, h, T, d/h)
        attn_mask = None if key_mask is None else key_mask[:, None, None, :]
        x = F.scaled_dot_product_attention(
            q,
            k,
            v,
            attn_mask=attn_mask,
            dropout_p=self.attn_drop if self.training else 0.)
        x = x.transpose(1, 2).reshape(n, t, d)
        return self.proj_drop(self.proj(x))


class PreNormTransformerBlock(nn.Module):
    """Pre-norm transformer block: ``x + MHSA(LN(x))``, ``x + MLP(LN(x))``.

    The layout (and parameter names) of the ViT blocks in DAMO's
    ConvNextViT, so its weights load without renaming inside the block.

    Args:
        dim (int): Token width D.
        num_heads (int): Number of attention heads.
        mlp_ratio (float): Hidden width of the MLP over D. Defaults to 4.
        drop (float): Dropout after attention and MLP. Defaults to 0.
        attn_drop (float): Dropout on attention weights. Defaults to 0.
        drop_path (float): Stochastic depth rate. Defaults to 0.
        norm_eps (float): LayerNorm epsilon. Defaults to 1e-6.
    """

    def __init__(self,
                 dim: int,
                 num_heads: int,
                 mlp_ratio: float = 4.,
                 drop: float = 0.,
                 attn_drop: float = 0.,
                 drop_path: float = 0.,
                 norm_eps: float = 1e-6) -> None:
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=norm_eps)
        self.attn = MultiHeadSelfAttention(dim, num_heads, attn_drop, drop)
        self.drop_path = (
            DropPath(drop_path) if drop_path > 0 else nn.Identity())
        self.norm2 = nn.LayerNorm(dim, eps=norm_eps)
        hidden = int(dim * mlp_ratio)
        self.mlp = nn.Sequential()
        self.mlp.add_module('fc1', nn.Linear(dim, hidden))
        self.mlp.add_module('act', nn.GELU())
        self.mlp.add_module('drop1', nn.Dropout(drop))
        self.mlp.add_module('fc2', nn.Linear(hidden, dim))
        self.mlp.add_module('drop2', nn.Dropout(drop))

    def forward(self,
                x: torch.Tensor,
                key_mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        """
        Args:
            x (Tensor): Tokens of shape :math:`(N, T, D)`.
            key_mask (Tensor, optional): Bool :math:`(N, T)`, True = valid.

        Returns:
            Tensor: Shape :math:`(N, T, D)`.
        """
        x = x + self.drop_path(self.attn(self.norm1(x), key_mask))
        return x + self.drop_path(self.mlp(self.norm2(x)))
