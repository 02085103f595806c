from .convnext_vit import ConvNeXtViT, merge_chunk_tokens, split_line

__all__ = ['ConvNeXtViT', 'split_line', 'merge_chunk_tokens']
