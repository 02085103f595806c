"""tools/infer.py on a folder of bad inputs among good ones: no batch lost
to one bad input, no output silently lost or overwritten."""
import importlib.util
import json
import os
import os.path as osp
import re
import subprocess
import sys
from typing import Dict, List

import cv2
import numpy as np
import pytest
from PIL import Image

from ..conftest import REPO_ROOT

DEMO = osp.join(REPO_ROOT, 'docs', 'demo', 'demo_page.jpg')
SCRIPT = osp.join(REPO_ROOT, 'tools', 'infer.py')


def load_infer_tool():
    """tools/infer.py as a module, for its helpers."""
    spec = importlib.util.spec_from_file_location('infer_tool', SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def text_line(text: str, shape=(64, 360)) -> np.ndarray:
    """Black text on white, grey ``uint8``."""
    img = np.full(shape, 255, np.uint8)
    cv2.putText(img, text, (10, shape[0] * 2 // 3), cv2.FONT_HERSHEY_SIMPLEX,
                1.1, 0, 2, cv2.LINE_AA)
    return img


def build_corpus(folder) -> Dict[str, List[str]]:
    """Write the corpus; return the file names by expected outcome: 'read'
    (an output JSON), 'failed' (named as failed), 'skipped' (not images)."""
    page = cv2.imread(DEMO)
    small = cv2.resize(page, None, fx=0.5, fy=0.5,
                       interpolation=cv2.INTER_AREA)
    grey = text_line('TOTAL 12.50')

    def w(name, img):
        assert cv2.imwrite(str(folder / name), img), name

    w('good_1.jpg', small)
    w('good_2.jpg', small)
    w('tiny_1x1.png', np.zeros((1, 1, 3), np.uint8))  # no text, no error
    w('grey.png', grey)
    w('deep_16bit.png', grey.astype(np.uint16) * 257)
    Image.fromarray(grey).convert('CMYK').save(folder / 'cmyk.jpg')
    # The text is in the alpha channel only: black pixels everywhere.
    alpha = 255 - text_line('INVOICE 42')
    w('rgba_text.png', np.dstack([np.zeros(alpha.shape + (3, ), np.uint8),
                                  alpha]))
    Image.fromarray(grey).save(
        folder / 'anim.gif', save_all=True,
        append_images=[Image.fromarray(255 - grey)])
    w('a.jpg', text_line('FIRST 1'))
    w('a.png', text_line('SECOND 2'))
    w('wide_1x5000.png', np.full((1, 5000, 3), 255, np.uint8))
    w('tall_5000x1.png', np.full((5000, 1, 3), 255, np.uint8))
    (folder / 'empty.jpg').write_bytes(b'')
    data = (folder / 'good_1.jpg').read_bytes()
    (folder / 'truncated.jpg').write_bytes(data[:len(data) // 2])
    (folder / 'random.jpg').write_bytes(
        np.random.default_rng(0).integers(0, 256, 4096, np.uint8).tobytes())
    (folder / 'notes.txt').write_text('not an image\n')
    (folder / 'doc.pdf').write_bytes(b'%PDF-1.4\n%stub\n')
    return dict(
        read=['good_1.jpg', 'good_2.jpg', 'tiny_1x1.png', 'grey.png',
              'deep_16bit.png', 'cmyk.jpg', 'rgba_text.png', 'anim.gif',
              'a.jpg', 'a.png'],
        failed=['wide_1x5000.png', 'tall_5000x1.png', 'empty.jpg',
                'truncated.jpg', 'random.jpg'],
        skipped=['notes.txt', 'doc.pdf'])


def test_infer_reports_every_bad_input_and_keeps_every_output(tmp_path):
    src, out = tmp_path / 'in', tmp_path / 'out'
    src.mkdir()
    expected = build_corpus(src)
    proc = subprocess.run(
        [sys.executable, SCRIPT, str(src), '--out-dir', str(out), '--quiet'],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    log = proc.stderr
    assert proc.returncode == 1, log[-3000:]
    summary = re.search(
        r'(\d+) image\(s\) read in [\d.]+ s, (\d+) failed, (\d+) skipped',
        log)
    assert summary, log[-3000:]
    assert tuple(map(int, summary.groups())) == (len(expected['read']),
                                                 len(expected['failed']),
                                                 len(expected['skipped']))
    failed = [line for line in log.splitlines() if line.startswith('failed: ')]
    skipped = [
        line for line in log.splitlines() if line.startswith('skipped: ')
    ]
    for name in expected['failed']:
        assert sum(osp.join(str(src), name) + ':' in line
                   for line in failed) == 1, (name, failed)
        assert not (out / 'preds' / f'{name}.json').exists()
    for name in expected['skipped']:
        assert any(osp.join(str(src), name) + ':' in line
                   for line in skipped), (name, skipped)
    assert 'PDF' in next(line for line in skipped if 'doc.pdf' in line)
    # Every image read has its own outputs, extension kept in the name.
    preds = {}
    for name in expected['read']:
        with open(out / 'preds' / f'{name}.json', encoding='utf-8') as f:
            preds[name] = [line['text'] for line in json.load(f)['lines']]
        assert (out / 'vis' / f'{name}.jpg').is_file(), name
        assert not any(name in line for line in failed + skipped)
    assert sorted(os.listdir(out / 'preds')) == sorted(
        f'{name}.json' for name in expected['read'])  # no temporary files
    assert preds['tiny_1x1.png'] == []
    # Read, not merely survived: grey, 16-bit, CMYK, GIF and alpha-only
    # text come out as text (the shipped models read them exactly).
    for name, word in [('grey.png', 'TOTAL'), ('deep_16bit.png', 'TOTAL'),
                       ('cmyk.jpg', 'TOTAL'), ('anim.gif', 'TOTAL'),
                       ('rgba_text.png', 'INVOICE'), ('a.jpg', 'FIRST'),
                       ('a.png', 'SECOND')]:
        assert any(word in t.upper() for t in preds[name]), (name, preds)
    assert preds['good_1.jpg'] == preds['good_2.jpg'] and len(
        preds['good_1.jpg']) >= 10


class FakeSpotter:
    """Stands in for TextSpotter in ``main``: one line per image, and a
    RuntimeError (not a ValueError) for images 3 px tall."""
    decode_min_side = None

    def __init__(self, **kwargs) -> None:
        pass

    def __call__(self, image: str, name: str = None) -> list:
        from ocrrec_plugin.apis import SpottedLine, load_line_image
        img = load_line_image(image)
        if img.shape[0] == 3:
            raise RuntimeError('model blew up')
        h, w = img.shape[:2]
        return [SpottedLine([0, 0, w, 0, w, h, 0, h], 'x', 1., 1., 0)]

    def spot_pages(self, images: list, names: list = None) -> list:
        out = []
        for image in images:
            try:
                out.append(self(image))
            except Exception as e:  # per page, as TextSpotter.spot_pages
                out.append(e)
        return out


def run_main(tool, monkeypatch, *argv: str) -> int:
    monkeypatch.setattr(tool, 'TextSpotter', FakeSpotter)
    monkeypatch.setattr(sys, 'argv', ['infer.py', *argv])
    return tool.main()


def test_infer_counts_failed_writes_and_writes_wide_vis_as_png(
        tmp_path, monkeypatch, capsys):
    tool = load_infer_tool()
    src, out = tmp_path / 'in', tmp_path / 'out'
    src.mkdir()
    for name, shape in [('ok.png', (20, 30)), ('boom.png', (3, 30)),
                        ('nodisk.png', (20, 30)), ('wide.png', (4, 40000))]:
        assert cv2.imwrite(str(src / name), np.full(shape, 255, np.uint8))
    real_write = tool.write_atomic

    def full_disk(path: str, data: bytes) -> None:
        if 'nodisk' in path:
            raise OSError(f'{path}: cannot write: No space left on device')
        real_write(path, data)

    monkeypatch.setattr(tool, 'write_atomic', full_disk)
    assert run_main(tool, monkeypatch, str(src), '--out-dir', str(out),
                    '--quiet') == 1
    log = capsys.readouterr().err
    assert f'{src / "boom.png"}: RuntimeError: model blew up' in log
    assert f'{out / "preds" / "nodisk.png.json"}: cannot write' in log
    assert '2 image(s) read' in log and '2 failed' in log
    assert (out / 'preds' / 'ok.png.json').is_file()
    assert (out / 'vis' / 'ok.png.jpg').is_file()
    # 80,000 px wide (image and text panel): too wide for JPEG.
    assert not (out / 'vis' / 'wide.png.jpg').exists()
    vis = cv2.imread(str(out / 'vis' / 'wide.png.png'))
    assert vis.shape == (4, 80000, 3)


def test_write_atomic_leaves_nothing_behind_on_failure(tmp_path,
                                                       monkeypatch):
    tool = load_infer_tool()
    path = str(tmp_path / 'sub' / 'a.jpg.json')
    tool.write_atomic(path, b'old')

    def no_space(fd: int) -> None:
        raise OSError(28, 'No space left on device')

    monkeypatch.setattr(tool.os, 'fsync', no_space)
    with pytest.raises(OSError, match=r'a\.jpg\.json: cannot write: No space'):
        tool.write_atomic(path, b'new and longer')
    # The old file is whole, and no temporary file is left.
    assert open(path, 'rb').read() == b'old'
    assert os.listdir(tmp_path / 'sub') == ['a.jpg.json']
    monkeypatch.undo()
    tool.write_atomic(path, b'new')
    assert open(path, 'rb').read() == b'new'
    assert oct(os.stat(path).st_mode & 0o777) != oct(0o600)  # not private


def test_encode_vis_falls_back_to_png_past_the_jpeg_limit():
    tool = load_infer_tool()
    assert tool.encode_vis(np.zeros((4, 65500, 3), np.uint8))[0] == '.jpg'
    ext, data = tool.encode_vis(np.zeros((65501, 4, 3), np.uint8))
    assert ext == '.png' and data.startswith(b'\x89PNG')


def test_list_inputs_reads_images_by_content_and_lists_the_rest(tmp_path):
    tool = load_infer_tool()
    cv2.imwrite(str(tmp_path / 'scan.png'), np.zeros((4, 4), np.uint8))
    (tmp_path / 'scan.dat').write_bytes((tmp_path / 'scan.png').read_bytes())
    (tmp_path / 'doc.pdf').write_bytes(b'%PDF-1.7\n')
    (tmp_path / 'README').write_text('hello')
    (tmp_path / 'sub').mkdir()
    files, skipped = tool.list_inputs(str(tmp_path))
    assert [osp.basename(f) for f in files] == ['scan.dat', 'scan.png']
    reasons = {osp.basename(p): r for p, r in skipped}
    assert set(reasons) == {'doc.pdf', 'README'}
    assert 'PDF' in reasons['doc.pdf']
    assert 'not an image' in reasons['README']
    # A file named alone is read whatever it is (and fails if it must).
    assert tool.list_inputs(str(tmp_path / 'README')) == (
        [str(tmp_path / 'README')], [])


def test_output_names_are_unique_across_extensions_and_folders(tmp_path):
    tool = load_infer_tool()
    assert tool.output_names(['d/a.jpg', 'd/a.png']) == ['a.jpg', 'a.png']
    assert tool.output_names(['x/a.jpg', 'y/a.jpg']) == [
        osp.join('x', 'a.jpg'), osp.join('y', 'a.jpg')
    ]
    assert tool.output_names(['/p/q/a.jpg']) == ['a.jpg']
