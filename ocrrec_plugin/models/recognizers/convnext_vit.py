"""DAMO Academy's ConvNextViT text-line recognizer.

ModelScope ``damo/cv_convnextTiny_ocr-recognition-general_damo``: a ConvNeXt
backbone, a ViT ("ConvTransformer") encoder over its columns, and a CTC head.
DAMO reads a line at 32x804 as three overlapping 300-px chunks; this module
holds that chunking as two pure functions and a recognizer that applies them
when ``chunk_width`` is set, so the same components also run on whole
variable-width lines.
"""
from typing import Dict, Optional, Tuple

import torch

from mmocr.models.textrecog.recognizers import EncoderDecoderRecognizer
from mmocr.registry import MODELS
from mmocr.utils.typing_utils import (OptConfigType, OptMultiConfig,
                                      OptRecSampleList, RecSampleList)


def split_line(lines: torch.Tensor, chunk_width: int,
               overlap: int) -> torch.Tensor:
    """Cut lines into overlapping chunks of equal width.

    Chunk ``i`` starts at ``i * (chunk_width - overlap)``; the line width must
    be ``chunk_width + k * (chunk_width - overlap)`` for some k >= 0.

    Args:
        lines (Tensor): Lines of shape :math:`(N, C, H, W)`.
        chunk_width (int): Chunk width in pixels.
        overlap (int): Pixels shared by neighbouring chunks.

    Returns:
        Tensor: Chunks of shape :math:`(N \\cdot n, C, H, chunk\\_width)`,
        line-major (the n chunks of line 0 first).
    """
    width = lines.size(-1)
    step = chunk_width - overlap
    if not 0 <= overlap < chunk_width:
        raise ValueError(f'need 0 <= overlap ({overlap}) < chunk_width '
                         f'({chunk_width})')
    if width < chunk_width or (width - chunk_width) % step:
        raise ValueError(
            f'line width {width} is not chunk_width {chunk_width} plus a '
            f'multiple of the step {step}: resize lines to that width first')
    num = (width - chunk_width) // step + 1
    chunks = torch.stack(
        [lines[..., i * step:i * step + chunk_width] for i in range(num)], 1)
    return chunks.flatten(0, 1)


def merge_chunk_tokens(tokens: torch.Tensor, num_chunks: int,
                       overlap_tokens: int) -> torch.Tensor:
    """Join per-chunk token sequences into one sequence per line.

    Each overlap of ``overlap_tokens`` is split in half: the left chunk keeps
    the first half, the right chunk the second, so every output token comes
    from the chunk where it is farthest from a chunk edge. For DAMO's three
    75-token chunks with 12 shared tokens that is
    ``c0[0:69] + c1[6:69] + c2[6:75]``, 201 tokens.

    Args:
        tokens (Tensor): Shape :math:`(N \\cdot n, T_c, D)`, line-major.
        num_chunks (int): Chunks per line, n.
        overlap_tokens (int): Tokens shared by neighbouring chunks (even).

    Returns:
        Tensor: Shape :math:`(N, n T_c - (n - 1) \\cdot overlap\\_tokens, D)`.
    """
    if overlap_tokens % 2:
        raise ValueError(f'overlap_tokens must be even, got {overlap_tokens}')
    trim = overlap_tokens // 2
    per_line = tokens.reshape(-1, num_chunks, *tokens.shape[1:])
    length = tokens.size(1)
    parts = []
    for i in range(num_chunks):
        start = 0 if i == 0 else trim
        end = length if i == num_chunks - 1 else length - trim
        parts.append(per_line[:, i, start:end])
    return torch.cat(parts, 1)


def _with_in_channels(cfg: Dict, source: Dict) -> Dict:
    """``cfg`` with ``in_channels`` set to the output width of ``source``.

    The width comes from the preset (``arch``) of ``source``'s class through
    its ``out_channels_of``; an ``in_channels`` given in ``cfg`` is kept (the
    layers then check it when they meet).
    """
    if 'in_channels' in cfg:
        return cfg
    module = MODELS.get(source['type'])
    if not hasattr(module, 'out_channels_of'):
        raise ValueError(f'{source["type"]} does not report its output '
                         'width: give in_channels explicitly')
    args = {'arch': source['arch']} if 'arch' in source else {}
    return dict(cfg, in_channels=module.out_channels_of(**args))


@MODELS.register_module()
class ConvNeXtViT(EncoderDecoderRecognizer):
    """ConvNeXt + ConvTransformer + CTC recognizer (DAMO's ConvNextViT).

    Without ``chunk_width`` the whole (variable-width) line goes through
    backbone and encoder, and padding is masked by ``valid_ratio``. With it,
    each line (already resized to ``chunk_width + k * (chunk_width -
    chunk_overlap)`` pixels) is cut by :func:`split_line`, every chunk runs
    through backbone and encoder on its own and unmasked (as DAMO trained
    it), and :func:`merge_chunk_tokens` joins the tokens before the decoder.
    The merged sequence has one token per ``backbone.width_stride`` pixels of
    the line, so ``valid_ratio`` still trims CTC decoding to the unpadded
    part.

    Args:
        backbone (dict): Backbone config (``LineConvNeXt``).
        encoder (dict): Encoder config (``ConvTransformerEncoder``); its
            ``in_channels`` defaults to the backbone preset's output width.
        decoder (dict): Decoder config (``CTCLinearDecoder``); its
            ``in_channels`` defaults to the encoder preset's token width.
        chunk_width (int, optional): Chunk width in pixels; None reads
            whole lines. Defaults to None.
        chunk_overlap (int): Pixels shared by neighbouring chunks; a
            multiple of twice the backbone's width stride. Defaults to 0.
        preprocessor (dict, optional): Rectifier config. Defaults to None.
        data_preprocessor (dict, optional): Data preprocessor config.
        init_cfg (dict or list[dict], optional): Initialization configs.
    """

    def __init__(self,
                 backbone: Dict,
                 encoder: Dict,
                 decoder: Dict,
                 chunk_width: Optional[int] = None,
                 chunk_overlap: int = 0,
                 preprocessor: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None) -> None:
        encoder = _with_in_channels(encoder, backbone)
        decoder = _with_in_channels(decoder, encoder)
        super().__init__(
            preprocessor=preprocessor,
            backbone=backbone,
            encoder=encoder,
            decoder=decoder,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        self.chunk_width = chunk_width
        self.chunk_overlap = chunk_overlap
        if chunk_width is not None:
            stride = self.width_stride
            if chunk_width % stride or chunk_overlap % (2 * stride):
                raise ValueError(
                    f'chunk_width ({chunk_width}) must be a multiple of the '
                    f'width stride {stride} and chunk_overlap '
                    f'({chunk_overlap}) a multiple of {2 * stride}')
            max_len = getattr(self.encoder, 'max_len', None)
            if max_len is not None and max_len < chunk_width // stride:
                raise ValueError(
                    f'encoder.max_len ({max_len}) is shorter than a chunk '
                    f'({chunk_width // stride} tokens)')

    def _load_from_state_dict(self, state_dict, prefix, *args,
                              **kwargs) -> None:
        """Refuse checkpoints of another architecture.

        mmengine loads with ``strict=False`` and only warns about tensors of
        the wrong shape, or about checkpoint tensors the model lacks (a
        deeper preset's blocks, say micro weights under a nano config), and
        either way the model reads (garbage) text. Raise instead, naming the
        first mismatches. Tensors the checkpoint lacks stay allowed: that is
        how a preset is grown (nano weights under a micro config).
        """
        own = self.state_dict()
        theirs = {
            k[len(prefix):]: v
            for k, v in state_dict.items() if k.startswith(prefix)
        }
        extra = [key for key in theirs if key not in own]
        if extra:
            raise ValueError(
                f'the checkpoint does not fit this model: it has '
                f'{len(extra)} tensors the model lacks (was it trained with '
                'a deeper or another config?): ' + ', '.join(extra[:3]))
        mismatched = [
            f'{key}: {tuple(value.shape)} in the checkpoint, '
            f'{tuple(own[key].shape)} in the model'
            for key, value in theirs.items()
            if key in own and hasattr(value, 'shape')
            and value.shape != own[key].shape
            # the decoder names a wrong dictionary better than a shape can
            and not key.startswith('decoder.classifier.')
            and key != 'decoder.dictionary_tokens'
        ]
        if mismatched:
            raise ValueError(
                f'the checkpoint does not fit this model ({len(mismatched)} '
                'tensors differ in shape; was it trained with another '
                'config?): ' + '; '.join(mismatched[:3]))
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    @property
    def width_stride(self) -> int:
        """Input pixels per output time step."""
        return self.backbone.width_stride

    def encode(
        self,
        inputs: torch.Tensor,
        data_samples: OptRecSampleList = None
    ) -> Tuple[torch.Tensor, torch.Tensor]:
        """Run backbone and encoder, chunk by chunk when configured.

        Args:
            inputs (Tensor): Lines of shape :math:`(N, C, H, W)`.
            data_samples (list[TextRecogDataSample], optional): Samples whose
                ``valid_ratio`` masks padding on whole lines.

        Returns:
            tuple(Tensor, Tensor): The backbone features (per chunk when
            chunked, :math:`(N \\cdot n, C', 1, T_c)`) and the encoder tokens
            :math:`(N, T, D)`, :math:`T = W / width\\_stride`.
        """
        if self.chunk_width is None:
            feat = self.extract_feat(inputs)
            return feat, self.encoder(feat, data_samples)
        chunks = split_line(inputs, self.chunk_width, self.chunk_overlap)
        feat = self.extract_feat(chunks)
        tokens = self.encoder(feat, None)
        num_chunks = chunks.size(0) // inputs.size(0)
        return feat, merge_chunk_tokens(
            tokens, num_chunks, self.chunk_overlap // self.width_stride)

    def loss(self, inputs: torch.Tensor, data_samples: RecSampleList,
             **kwargs) -> Dict:
        feat, out_enc = self.encode(inputs, data_samples)
        return self.decoder.loss(feat, out_enc, data_samples)

    def predict(self, inputs: torch.Tensor, data_samples: RecSampleList,
                **kwargs) -> RecSampleList:
        feat, out_enc = self.encode(inputs, data_samples)
        return self.decoder.predict(feat, out_enc, data_samples)

    def _forward(self,
                 inputs: torch.Tensor,
                 data_samples: OptRecSampleList = None,
                 **kwargs) -> torch.Tensor:
        feat, out_enc = self.encode(inputs, data_samples)
        return self.decoder(feat, out_enc, data_samples)
