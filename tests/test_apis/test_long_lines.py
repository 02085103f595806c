"""Long lines are read at their natural width, not squeezed: a printed
150-character line reads as well as its two halves read alone, through the
shipped recognizer's own config."""
import subprocess

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocrrec_plugin.apis import LineRecognizer
from ocrrec_plugin.evaluation import score_predictions
from ocrrec_plugin.utils import get_model

HALVES = ('文字识别演示：本系统可以识别中文与英文混排的长文本行，包括收据、发票和扫描文档中的内容。'
          'The receipt lists three items',
          'Green Tea x2 12.00, Beef Noodles 28.50, total 40.50, paid by card '
          'at 14:35. 谢谢惠顾，欢迎再次光临！')


def render(text: str, font: ImageFont.FreeTypeFont) -> np.ndarray:
    """Black text on white, 48 px high, as a BGR array."""
    width = int(font.getlength(text)) + 24
    img = Image.new('RGB', (width, 48), 'white')
    ImageDraw.Draw(img).text((12, 6), text, font=font, fill='black')
    return np.asarray(img)[..., ::-1].copy()


def test_a_150_character_line_reads_as_well_as_its_halves():
    path = subprocess.run(['fc-match', '-f', '%{file}', 'Noto Sans CJK SC'],
                          capture_output=True, text=True).stdout
    if 'NotoSansCJK' not in path:
        pytest.skip('Noto Sans CJK (fonts-noto-cjk, installed by '
                    'tools/setup_env.sh) is missing')
    font = ImageFont.truetype(path, 32)
    full = ' '.join(HALVES)
    assert len(full) >= 150
    model = get_model('convnextvit-micro_ctc_curriculum_zh-en')
    reader = LineRecognizer(model.config, model.weights_path())
    images = [render(t, font) for t in (full, *HALVES)]
    # over 2,000 px at height 32: four times the widest training line
    assert images[0].shape[1] * 32 / 48 > 2000
    read = [r.text for r in reader(images)]
    whole = score_predictions(read[:1], [full])['line_1-NED']
    halves = score_predictions(read[1:], list(HALVES))['line_1-NED']
    assert halves > 0.75, read  # case errors aside, the halves read
    assert whole >= halves - 0.03, (whole, halves, read)
