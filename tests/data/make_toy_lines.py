"""Render the 32 toy lines of tests/data/toy_lines (run once; output is
committed). Needs DejaVu Sans and a CJK font (fonts-wqy-zenhei or
fonts-noto-cjk).

    python tests/data/make_toy_lines.py
"""
import json
import os
import os.path as osp
import random

from PIL import Image, ImageDraw, ImageFont

OUT = osp.join(osp.dirname(osp.abspath(__file__)), 'toy_lines')
LATIN = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'
CJK_CANDIDATES = (
    '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
    '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
)
TEXTS = [
    'TOTAL 12.50', 'CASH', 'CHANGE 0.00', 'GST 6%', 'QTY 2', 'RM 3.90',
    'THANK YOU', 'INVOICE NO', 'ABC-123', 'SDN BHD', '2018-03-15', 'TEL 03',
    '合计', '发票号码', '中文识别', '收银员', '金额 25.80', '谢谢惠顾',
    '北京市', '上海', '京A12345', '现金', '找零 0.50', '日期',
    'hello world', 'OCR', 'Line 7', 'x = 42', 'MMOCR', 'rice 1kg',
    '价格 9.9', '客户',
]


def main() -> None:
    cjk = next((p for p in CJK_CANDIDATES if osp.exists(p)), None)
    if cjk is None:
        raise SystemExit('no CJK font found: install fonts-wqy-zenhei')
    os.makedirs(osp.join(OUT, 'imgs'), exist_ok=True)
    rng = random.Random(0)
    data_list = []
    for i, text in enumerate(TEXTS):
        is_cjk = any(ord(c) > 0x2e80 for c in text)
        font = ImageFont.truetype(cjk if is_cjk else LATIN, 26)
        left, top, right, bottom = font.getbbox(text)
        img = Image.new('RGB', (right - left + 12, 36),
                        (rng.randint(200, 255), ) * 3)
        ImageDraw.Draw(img).text((6 - left, (36 - bottom - top) // 2), text,
                                 font=font, fill=(rng.randint(0, 60), ) * 3)
        name = f'imgs/{i:03d}.png'
        img.save(osp.join(OUT, name))
        data_list.append(dict(img_path=name, instances=[dict(text=text)]))
    with open(osp.join(OUT, 'labels.json'), 'w', encoding='utf-8') as f:
        json.dump(
            dict(
                metainfo=dict(
                    dataset_type='TextRecogDataset', task_name='textrecog'),
                data_list=data_list),
            f,
            ensure_ascii=False,
            indent=1)
    print(f'wrote {len(data_list)} lines to {OUT}')


if __name__ == '__main__':
    main()
