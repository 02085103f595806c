import pytest
import torch

from mmocr.models.common.dictionary import Dictionary
from ocrrec_plugin.models.decoders import CTCLinearDecoder
from ocrrec_plugin.utils import copy_ctc_rows


def _decoder(tmp_path, name, chars, in_channels=4):
    path = tmp_path / name
    path.write_text(''.join(c + '\n' for c in chars), encoding='utf-8')
    return CTCLinearDecoder(
        in_channels=in_channels,
        dictionary=dict(
            type='Dictionary',
            dict_file=str(path),
            with_padding=True,
            with_unknown=True))


def test_shared_tokens_are_copied_by_token_not_index(tmp_path):
    src = _decoder(tmp_path, 'src.txt', 'ab')  # a b <PAD> <UKN>
    dst = _decoder(tmp_path, 'dst.txt', 'b中a')  # b 中 a <PAD> <UKN>
    before = dst.classifier.weight.detach().clone()
    copied = copy_ctc_rows(dst, src.classifier.weight, src.classifier.bias,
                           src.dictionary)
    assert copied == ['a', 'b', '<PAD>', '<UKN>']
    for token in copied:
        i, j = src.dictionary.dict.index(token), dst.dictionary.dict.index(
            token)
        assert torch.equal(dst.classifier.weight[j],
                           src.classifier.weight[i])
        assert dst.classifier.bias[j] == src.classifier.bias[i]
    # The new character keeps its own row.
    new = dst.dictionary.char2idx('中')
    assert torch.equal(dst.classifier.weight[new], before[new])


def test_errors(tmp_path):
    src = _decoder(tmp_path, 'src.txt', 'ab')
    dst = _decoder(tmp_path, 'dst.txt', 'abc')
    with pytest.raises(ValueError, match='does not match the dictionary'):
        copy_ctc_rows(dst, src.classifier.weight[:3], src.classifier.bias,
                      src.dictionary)
    wide = _decoder(tmp_path, 'wide.txt', 'ab', in_channels=8)
    with pytest.raises(ValueError, match='different widths'):
        copy_ctc_rows(dst, wide.classifier.weight, wide.classifier.bias,
                      wide.dictionary)
    plain = Dictionary(str(tmp_path / 'src.txt'))  # no blank, no unknown
    other = _decoder(tmp_path, 'other.txt', 'xyz')
    with pytest.raises(ValueError, match='share no token'):
        copy_ctc_rows(other, torch.zeros(2, 4), torch.zeros(2), plain)
