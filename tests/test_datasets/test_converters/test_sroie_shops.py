import json

import cv2
import numpy as np

from ocrrec_plugin.datasets.converters import (convert_sroie,
                                               group_receipts_by_shop,
                                               shop_keys)


def test_shop_keys_skip_headings_and_drop_legal_form():
    keys = shop_keys([
        'TAX INVOICE', 'MR. D.I.Y. (M) SDN BHD', '(860671-D)',
        'GST ID : 000306020352', 'TOTAL 12.00'
    ])
    assert keys == ['name:MRDIY', 'reg:860671-D', 'gst:000306020352']
    # Without a company suffix, the first name-like line of two words.
    assert shop_keys(['R', '3180303', 'TAN WOON YANN', 'KUALA LUMPUR']) == [
        'name:TANWOONYANN'
    ]
    assert shop_keys(['12.00', 'X']) == []


def _receipt(root, stem, lines):
    (root / 'img').mkdir(exist_ok=True)
    (root / 'box').mkdir(exist_ok=True)
    cv2.imwrite(str(root / 'img' / f'{stem}.jpg'),
                np.full((200, 200, 3), 255, np.uint8))
    rows = [f'10,{10 + 20 * k},150,{10 + 20 * k},150,{25 + 20 * k},10,'
            f'{25 + 20 * k},{text}' for k, text in enumerate(lines)]
    (root / 'box' / f'{stem}.csv').write_text('\n'.join(rows) + '\n')


def test_receipts_of_one_shop_group_across_spellings(tmp_path):
    # 000 and 001 share a name spelled two ways, 001 and 002 a GST number:
    # one shop of three receipts. 003 has no key: a shop of its own.
    _receipt(tmp_path, '000', ['MR. D.I.Y. (M) SDN BHD', 'TOTAL 1.00'])
    _receipt(tmp_path, '001', ['MR D.I.Y. SDN. BHD.', 'GST NO: 000306020352'])
    _receipt(tmp_path, '002', ['TAX INVOICE', 'GST ID: 000306020352'])
    _receipt(tmp_path, '003', ['12.00'])
    _receipt(tmp_path, '004', ['KEDAI ABC', 'TOTAL 2.00'])
    shops = group_receipts_by_shop(str(tmp_path / 'box'))
    assert shops['000'] == shops['001'] == shops['002']
    assert len({shops['000'], shops['003'], shops['004']}) == 3
    assert shops['003'] == 'receipt:003'


def test_shop_split_keeps_each_shop_on_one_side(tmp_path):
    src = tmp_path / 'src'
    src.mkdir()
    for k in range(40):
        shop = f'SHOP {chr(65 + k % 8)}{chr(65 + k % 8)} SDN BHD'
        _receipt(src, f'{k:03d}', [shop, f'TOTAL {k}.00'])
    convert_sroie(str(src), str(tmp_path / 'out'), val_percent=30,
                  tasks=('textrecog', ), split_by='shop')
    shops = {}
    for split in ('train', 'val'):
        with open(tmp_path / 'out' / f'textrecog_{split}.json') as f:
            for item in json.load(f)['data_list']:
                text = item['instances'][0]['text']
                if 'SDN BHD' in text:
                    shops.setdefault(text, set()).add(split)
    assert len(shops) == 8
    assert all(len(sides) == 1 for sides in shops.values())
    assert {s for sides in shops.values() for s in sides} == {'train', 'val'}
