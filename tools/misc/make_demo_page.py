"""Render the README's demo page: a receipt-like Chinese + English page with
known text, drawn with an installed CJK font (no downloads).

Example::

    python tools/misc/make_demo_page.py  # docs/demo/demo_page.{jpg,txt,json}

The ``.txt`` file holds the rendered lines, one per line, top to bottom;
the ``.json`` file holds each line's text and box as
``{"lines": [{"text": ..., "poly": [x1, y1, ..., x4, y4]}]}``.
"""
import argparse
import json
import os
import os.path as osp

from PIL import Image, ImageDraw, ImageFont

from ocrrec_plugin.visualization import find_cjk_font

# (text, x offset in em, font size in px): one line each.
LINES = [
    ('文字识别演示 OCR Demo', 0, 40),
    ('中文与英文混排的文本行识别', 0, 30),
    ('Recognize Chinese and English text lines', 0, 26),
    ('日期 Date: 2026-11-23 时间 14:35', 0, 26),
    ('商品 Item', 0, 26),
    ('绿茶 Green Tea x2', 0, 26),
    ('¥12.00', 14, 26),
    ('牛肉面 Beef Noodles', 0, 26),
    ('¥28.50', 14, 26),
    ('合计 TOTAL: ¥40.50', 0, 30),
    ('谢谢惠顾，欢迎再次光临！', 0, 30),
    ('Thank you, please come again!', 0, 26),
]


def render(font_path: str, width: int = 760) -> tuple:
    margin, gap = 40, 22
    fonts = {s: ImageFont.truetype(font_path, s) for _, _, s in LINES}
    height = margin * 2 + sum(s + gap for _, _, s in LINES)
    page = Image.new('RGB', (width, height), (250, 248, 242))
    draw = ImageDraw.Draw(page)
    y, rows, boxes, prev = margin, [], [], None
    for text, x_em, size in LINES:
        x = margin + x_em * 26 * 1.5
        if x_em and prev is not None:  # a price on its item's row
            y = prev
        draw.text((x, y), text, fill=(30, 30, 30), font=fonts[size])
        x0, y0, x1, y1 = draw.textbbox((x, y), text, font=fonts[size])
        boxes.append([x0, y0, x1, y0, x1, y1, x0, y1])
        prev = y
        y += size + gap
        rows.append(text)
    return page.crop((0, 0, width, y - gap + margin)), rows, boxes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--out', default='docs/demo/demo_page.jpg')
    args = parser.parse_args()
    font_path = find_cjk_font()
    if font_path is None:
        raise SystemExit('no CJK font installed: run '
                         'tools/setup_synth_assets.sh')
    page, rows, boxes = render(font_path)
    os.makedirs(osp.dirname(args.out) or '.', exist_ok=True)
    page.save(args.out, quality=92)
    with open(osp.splitext(args.out)[0] + '.txt', 'w', encoding='utf-8') as f:
        f.write('\n'.join(rows) + '\n')
    with open(osp.splitext(args.out)[0] + '.json', 'w', encoding='utf-8') as f:
        json.dump(
            dict(lines=[
                dict(text=t, poly=[float(v) for v in b])
                for t, b in zip(rows, boxes)
            ]),
            f,
            ensure_ascii=False,
            indent=1)
    print(f'{args.out}: {page.size[0]}x{page.size[1]}, {len(rows)} lines, '
          f'font {font_path}')


if __name__ == '__main__':
    main()
