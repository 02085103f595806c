"""Reading awkward images (alpha, grey, 16-bit, CMYK, multi-frame) and
keeping a batch going past bad ones: loaders, LineRecognizer, TextSpotter
and the benchmark."""
import json
from typing import List, Sequence

import cv2
import numpy as np
import pytest
from PIL import Image

from ocrrec_plugin.apis import LineRecognizer, RecogEngine, TextSpotter
from ocrrec_plugin.apis import line_recognizer as lr
from ocrrec_plugin.apis.benchmark import load_set, read_all, run_benchmark
from ocrrec_plugin.apis.line_recognizer import (composite_alpha,
                                                load_line_image,
                                                load_line_images)


def glyphs(shape=(40, 160)) -> np.ndarray:
    """A mask (255 on the strokes) of some text."""
    mask = np.zeros(shape, np.uint8)
    cv2.putText(mask, 'Ab 12', (5, 30), cv2.FONT_HERSHEY_SIMPLEX, 1, 255, 2)
    return mask


def test_black_text_on_transparency_reads_dark_on_white(tmp_path):
    mask = glyphs()
    # Black everywhere; only the alpha channel holds the text.
    bgra = np.dstack([np.zeros(mask.shape + (3, ), np.uint8), mask])
    path = str(tmp_path / 'text.png')
    assert cv2.imwrite(path, bgra)
    for img in (load_line_image(path), load_line_image(bgra)):
        assert img.shape == mask.shape + (3, ) and img.dtype == np.uint8
        assert img[mask == 255].max() == 0  # the text: black
        assert img[mask == 0].min() == 255  # around it: white


def test_white_text_on_transparency_reads_light_on_black():
    mask = glyphs()
    bgra = np.dstack([np.full(mask.shape + (3, ), 255, np.uint8), mask])
    img = load_line_image(bgra)
    assert img[mask == 255].min() == 255 and img[mask == 0].max() == 0


def test_composite_alpha_blends_and_leaves_opaque_images_alone():
    color = np.full((2, 2, 3), 40, np.uint8)  # dark: white background
    alpha = np.array([[255, 0], [128, 255]], np.uint8)
    out = composite_alpha(color, alpha)
    assert out[0, 0, 0] == 40 and out[0, 1, 0] == 255
    assert out[1, 0, 0] == round((40 * 128 + 255 * 127) / 255)
    opaque = np.full((2, 2), 255, np.uint8)
    assert composite_alpha(color, opaque) is color
    # An alpha channel left at 0 by its writer carries nothing.
    assert composite_alpha(color, np.zeros((2, 2), np.uint8)) is color


def test_single_channel_and_grey_alpha_arrays():
    grey = np.arange(12, dtype=np.uint8).reshape(3, 4) * 20
    img = load_line_image(grey[..., None])  # (H, W, 1): grey
    assert img.shape == (3, 4, 3) and (img == grey[..., None]).all()
    mask = glyphs()
    grey_alpha = np.dstack([np.zeros_like(mask), mask])  # (H, W, 2)
    img = load_line_image(grey_alpha)
    assert img.shape == mask.shape + (3, )
    assert img[mask == 255].max() == 0 and img[mask == 0].min() == 255
    deep = (grey.astype(np.uint16) * 257)
    assert (load_line_image(deep)[..., 0] == grey).all()  # 16 to 8 bits


def test_a_batch_survives_any_bad_array_or_file(tmp_path, monkeypatch):
    good = np.full((8, 16, 3), 255, np.uint8)
    locked = tmp_path / 'locked.png'
    assert cv2.imwrite(str(locked), good)
    real_open = open

    def no_permission(path, *args, **kwargs):
        if str(path) == str(locked):
            raise PermissionError(13, 'Permission denied', str(path))
        return real_open(path, *args, **kwargs)

    # As root nothing is unreadable: simulate a file without permission.
    monkeypatch.setattr(lr, 'open', no_permission, raising=False)
    pdf = tmp_path / 'doc.pdf'
    pdf.write_bytes(b'%PDF-1.5\n')
    inputs = [
        good,
        np.zeros((8, 16, 5), np.uint8),
        str(locked),
        np.zeros((8, 16), np.float32),
        str(pdf),
        np.zeros((8, 0, 3), np.uint8),
        good[..., :1],
    ]
    results, loaded, where = load_line_images(inputs)
    assert where == [0, 6] and len(loaded) == 2
    errors = [r.error if r else None for r in results]
    assert errors[0] is None and errors[6] is None
    assert errors[1].startswith('input 1: ') and 'channels' in errors[1]
    assert errors[2] == f'{locked}: cannot read: Permission denied'
    assert errors[3].startswith('input 3: ') and 'float32' in errors[3]
    assert errors[4].startswith(f'{pdf}: a PDF document')
    assert errors[5].startswith('input 5: zero-size')


def test_files_in_awkward_formats_read_as_bgr(tmp_path):
    mask = glyphs()
    grey = 255 - mask
    expected = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    Image.fromarray(grey).save(
        tmp_path / 'anim.gif', save_all=True,
        append_images=[Image.fromarray(mask)])
    Image.fromarray(grey).save(
        tmp_path / 'pages.tif', save_all=True,
        append_images=[Image.fromarray(mask)])
    Image.fromarray(grey).convert('CMYK').save(tmp_path / 'cmyk.jpg',
                                               quality=100)
    Image.fromarray(grey).convert('CMYK').save(tmp_path / 'cmyk.tif')
    cv2.imwrite(str(tmp_path / 'deep.png'), grey.astype(np.uint16) * 257)
    # Opaque white text on transparency: light on black.
    Image.fromarray(mask).convert('P').save(
        tmp_path / 'palette.png', transparency=0)
    for name in ('anim.gif', 'pages.tif', 'cmyk.jpg', 'cmyk.tif', 'deep.png',
                 'palette.png'):
        img = load_line_image(str(tmp_path / name))
        assert img.shape == expected.shape and img.dtype == np.uint8, name
        # The first frame; JPEG within its loss.
        want = 255 - expected if name == 'palette.png' else expected
        diff = np.abs(img.astype(int) - want).mean()
        assert diff <= (10 if name.endswith('.jpg') else 0), (name, diff)


def test_truncated_jpeg_and_unreadable_bytes_are_named(tmp_path):
    ok, buf = cv2.imencode('.jpg', np.full((64, 64, 3), 128, np.uint8))
    data = buf.tobytes()
    (tmp_path / 'cut.jpg').write_bytes(data[:len(data) // 2])
    (tmp_path / 'noise.jpg').write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ValueError, match=r'cut\.jpg: truncated JPEG'):
        load_line_image(str(tmp_path / 'cut.jpg'))
    with pytest.raises(ValueError, match=r'noise\.jpg: not a decodable'):
        load_line_image(str(tmp_path / 'noise.jpg'))


class FakeInferencer:
    """TextRecInferencer's interface; fails any batch holding an image
    3 px tall."""

    def __call__(self, images, batch_size, progress_bar):
        if any(img.shape[0] == 3 for img in images):
            raise RuntimeError('shape mismatch in the model')
        return dict(predictions=[
            dict(text=f'w{img.shape[1]}', scores=0.5) for img in images
        ])


def test_line_recognizer_keeps_a_model_failure_with_its_image():
    rec = LineRecognizer.__new__(LineRecognizer)  # no model to load
    rec.inferencer, rec.batch_size = FakeInferencer(), 32
    images = [np.zeros((8, w, 3), np.uint8) for w in (10, 11)]
    images.insert(1, np.zeros((3, 12, 3), np.uint8))
    results = rec(images)
    assert [r.text for r in results] == ['w10', '', 'w11']
    assert results[0].error is None and results[2].error is None
    assert results[1].error == (
        'input 1: RuntimeError: shape mismatch in the model')


def test_text_spotter_names_the_image_whatever_fails():

    class Detector:

        def __call__(self, img, progress_bar):
            # What the detector's resize raises on a 1 x 5000 px image.
            raise cv2.error('inv_scale_x > 0 in function resize')

    spotter = TextSpotter.__new__(TextSpotter)  # no model to load
    spotter.detector = Detector()
    spotter.decode_min_side = None
    with pytest.raises(ValueError, match=r'^line\.png: spotting failed: '
                       r'cv2\.error: inv_scale_x') as info:
        spotter(np.full((1, 5000, 3), 255, np.uint8), name='line.png')
    assert isinstance(info.value.__cause__, cv2.error)
    with pytest.raises(ValueError, match='^array: zero-size'):
        spotter(np.zeros((0, 4), np.uint8))


TEXTS = ['ab', 'cd', 'ef']


class FlakyEngine(RecogEngine):
    """Reads the label back from the image width (40 + index); fails on
    any batch holding the line 41 px wide."""

    def read(self, images: Sequence[np.ndarray]) -> List[str]:
        if any(img.shape[1] == 41 for img in images):
            raise RuntimeError('engine crashed')
        return [TEXTS[img.shape[1] - 40] for img in images]


def test_benchmark_counts_bad_items_and_read_errors(tmp_path):
    root = tmp_path / 'set'
    root.mkdir()
    data_list = []
    for i, text in enumerate(TEXTS):
        cv2.imwrite(str(root / f'{i}.png'),
                    np.full((32, 40 + i, 3), 255, np.uint8))
        data_list.append(
            dict(img_path=f'{i}.png', instances=[dict(text=text)]))
    (root / 'bad.png').write_bytes(b'not a png')
    data_list += [
        dict(img_path='0.png', instances=[]),  # no label
        dict(img_path='1.png'),  # no instances at all
        dict(img_path='bad.png', instances=[dict(text='x')]),
        dict(img_path='missing.png', instances=[dict(text='y')]),
    ]
    labels = root / 'labels.json'
    labels.write_text(json.dumps(dict(metainfo={}, data_list=data_list)))
    bad: List[str] = []
    keys, texts, images = load_set(str(labels), bad)
    assert texts == TEXTS and len(images) == 3 and len(bad) == 4
    assert 'item 3: no text label (empty instances)' in bad[0]
    assert "item 4: no text label (KeyError: 'instances')" in bad[1]
    assert bad[2].endswith('bad.png: not a decodable image')
    assert bad[3].endswith('missing.png: no such file')

    failed = {}
    assert read_all(FlakyEngine(), images, 32, keys, failed) == [
        'ab', '', 'ef'
    ]
    assert list(failed) == [1] and 'RuntimeError: engine crashed' in failed[1]

    rows = run_benchmark({'flaky': FlakyEngine()}, {'set': str(labels)},
                         str(tmp_path / 'out'), warmup=1, timed_lines=2)
    row = rows[0]
    assert (row['lines'], row['bad_items'], row['read_errors']) == (3, 4, 1)
    assert row['line_acc'] == pytest.approx(2 / 3)
    assert row['latency_ms_b1'] > 0  # timed on the lines it could read
    errors = json.loads((tmp_path / 'out' / 'errors.json').read_text())
    assert len(errors['bad_items']['set']) == 4
    assert errors['read_errors']['flaky__set'] == [failed[1]]
