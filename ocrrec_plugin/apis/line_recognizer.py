"""Batch text-line recognition that reports bad inputs one by one."""
import io
import os.path as osp
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple, Union

import cv2
import numpy as np

from mmocr.apis import TextRecInferencer
from ..utils.checkpoint import checkpoint_config

ImageLike = Union[str, np.ndarray]


@dataclass
class LineResult:
    """What was read from one line image.

    Attributes:
        text (str): The text ('' when nothing was read or on error).
        score (float): Mean character confidence; 0 for an empty text or on
            error.
        error (str, optional): Why the image could not be read, else None.
    """
    text: str
    score: float
    error: Optional[str] = None


#: A JPEG file's first bytes; a JPEG holds no alpha channel.
_JPEG_MAGIC = b'\xff\xd8\xff'
#: A JPEG file's end-of-image marker: a file without one was cut short.
_JPEG_EOI = b'\xff\xd9'
_PDF_MAGIC = b'%PDF-'


def composite_alpha(color: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Flatten an image with an alpha channel onto a background that
    contrasts with its opaque pixels.

    Text stored in the alpha channel (black glyphs on transparency, as many
    renderers write) is invisible once the alpha channel is dropped, so the
    background is chosen from the opaque pixels' mean luminance, weighted
    by their opacity: white behind dark content, black behind light
    content.

    Args:
        color (np.ndarray): BGR ``uint8`` pixels of shape (H, W, 3).
        alpha (np.ndarray): ``uint8`` opacity of shape (H, W), 255 opaque.

    Returns:
        np.ndarray: BGR ``uint8`` of shape (H, W, 3). ``color`` itself when
        every pixel is opaque, or when none is (an alpha channel left at 0
        by its writer carries nothing, so it is ignored).
    """
    if alpha.min() == 255 or alpha.max() == 0:
        return color
    lum = cv2.cvtColor(color, cv2.COLOR_BGR2GRAY)
    weight = alpha.sum(dtype=np.float64)
    mean = float(np.multiply(lum, alpha, dtype=np.float64).sum()) / weight
    background = 255 if mean < 128 else 0
    # Integer blend in uint16: 255 * 255 + 127 still fits.
    a = alpha.astype(np.uint16)[..., None]
    out = (color.astype(np.uint16) * a + background * (255 - a) + 127) // 255
    return out.astype(np.uint8)


def _to_uint8(img: np.ndarray, name: str) -> np.ndarray:
    """8-bit pixels from 8-bit, 16-bit or boolean ones."""
    if img.dtype == np.uint8:
        return img
    if img.dtype == np.uint16:
        # Rounded v / 257: 65535 maps to 255, as 255 does in 8 bits.
        return ((img.astype(np.uint32) + 128) // 257).astype(np.uint8)
    if img.dtype == np.bool_:
        return img.astype(np.uint8) * 255
    raise ValueError(f'{name}: expected uint8 or uint16 pixels, '
                     f'got {img.dtype}')


def to_bgr(img: np.ndarray, name: str = 'array') -> np.ndarray:
    """Normalise decoded pixels to BGR ``uint8`` of shape (H, W, 3).

    Args:
        img (np.ndarray): (H, W) or (H, W, 1) grey, (H, W, 2) grey and
            alpha, (H, W, 3) BGR or (H, W, 4) BGRA; ``uint8``, ``uint16``
            (scaled to 8 bits) or ``bool``.
        name (str): What to call the image in errors.

    Returns:
        np.ndarray: Contiguous BGR ``uint8`` pixels; alpha is flattened by
        :func:`composite_alpha`.

    Raises:
        ValueError: For a zero-size image, another number of channels or
            another pixel type, naming the image.
    """
    if img.ndim not in (2, 3) or img.size == 0 or min(img.shape[:2]) == 0:
        raise ValueError(f'{name}: zero-size image of shape {img.shape}')
    channels = 1 if img.ndim == 2 else img.shape[2]
    if channels not in (1, 2, 3, 4):
        raise ValueError(f'{name}: expected 1 to 4 channels, got shape '
                         f'{img.shape}')
    img = _to_uint8(img, name)
    if img.ndim == 2:
        img = img[..., None]
    # Grey (and alpha) or BGR (and alpha): the alpha channel comes last.
    alpha = img[..., -1] if channels in (2, 4) else None
    color = np.ascontiguousarray(img[..., :3 if channels > 2 else 1])
    if channels < 3:
        color = cv2.cvtColor(color, cv2.COLOR_GRAY2BGR)
    if alpha is not None:
        color = composite_alpha(color, np.ascontiguousarray(alpha))
    return color


def _decode_with_pillow(data: bytes) -> Optional[np.ndarray]:
    """The first frame of what OpenCV cannot decode (GIF, for one), as BGR
    or BGRA (``uint16`` grey for 16-bit files); None when Pillow cannot
    decode it either."""
    from PIL import Image
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.seek(0)  # the first frame of an animation or a multi-page file
            if im.mode.startswith('I;16') or im.mode == 'I':
                grey = np.asarray(im)
                return np.clip(grey, 0, 65535).astype(np.uint16)
            alpha = 'A' in im.mode or 'transparency' in im.info
            rgb = np.asarray(im.convert('RGBA' if alpha else 'RGB'))
    except Exception:  # Pillow raises many kinds on bad data
        return None
    return np.ascontiguousarray(rgb[..., [2, 1, 0, 3] if alpha else [2, 1, 0]])


#: OpenCV's flags for decoding a JPEG at 1/1, 1/2, 1/4 and 1/8 scale
#: (libjpeg scales in the DCT, so a reduced decode is also a faster one).
_JPEG_REDUCED = {
    1: cv2.IMREAD_COLOR,
    2: cv2.IMREAD_REDUCED_COLOR_2,
    4: cv2.IMREAD_REDUCED_COLOR_4,
    8: cv2.IMREAD_REDUCED_COLOR_8
}


def decode_image(data: bytes, name: str = 'image',
                 reduce: int = 1) -> np.ndarray:
    """Decode the bytes of an image file, keeping its alpha channel.

    OpenCV decodes with ``IMREAD_UNCHANGED`` (alpha, 16 bits and CMYK as
    stored), except JPEG, which holds no alpha and is decoded with
    ``IMREAD_COLOR`` so that its EXIF orientation applies as before; what
    OpenCV cannot decode (GIF; the first frame) goes to Pillow.

    Args:
        data (bytes): The file's contents.
        name (str): What to call the image in errors.
        reduce (int): Decode a JPEG at 1/2, 1/4 or 1/8 of its size (1:
            full size); other formats are decoded at full size. Defaults
            to 1.

    Returns:
        np.ndarray: The decoded pixels, for :func:`to_bgr`.

    Raises:
        ValueError: For empty data, a PDF, a truncated JPEG or data
            neither library decodes, naming the image.
    """
    if not data:
        raise ValueError(f'{name}: empty file')
    if data.startswith(_PDF_MAGIC):
        raise ValueError(f'{name}: a PDF document, not an image: convert its '
                         'pages to images first (e.g. pdftoppm -png)')
    jpeg = data.startswith(_JPEG_MAGIC)
    if jpeg and _JPEG_EOI not in data:
        # libjpeg would return the part it read, grey below, with a warning
        # that names no file: a silently incomplete result.
        raise ValueError(f'{name}: truncated JPEG (no end-of-image marker)')
    if reduce not in _JPEG_REDUCED:
        raise ValueError(f'reduce must be one of {sorted(_JPEG_REDUCED)}, '
                         f'got {reduce}')
    buf = np.frombuffer(data, np.uint8)
    try:
        img = cv2.imdecode(
            buf, _JPEG_REDUCED[reduce] if jpeg else cv2.IMREAD_UNCHANGED)
    except cv2.error:
        img = None
    if img is None:
        img = _decode_with_pillow(data)
    if img is None:
        raise ValueError(f'{name}: not a decodable image')
    return img


def _read_file(path: str, name: str) -> bytes:
    """The bytes of ``path``; a ValueError naming it when it cannot be
    read."""
    if not osp.isfile(path):
        raise ValueError(f'{name}: no such file')
    try:
        with open(path, 'rb') as f:
            return f.read()
    except OSError as e:
        raise ValueError(f'{name}: cannot read: {e.strerror or e}') from e


def load_line_image(image: ImageLike,
                    name: Optional[str] = None) -> np.ndarray:
    """Read a line image as a BGR ``uint8`` array of shape (H, W, 3).

    Files are decoded by :func:`decode_image` (alpha kept, GIF and
    multi-page TIFF read at their first frame); files and arrays alike are
    normalised by :func:`to_bgr`: grey and 16-bit pixels converted, alpha
    flattened onto a background that contrasts with the content.

    Args:
        image (str | np.ndarray): A path, or pixels as :func:`to_bgr`
            takes them.
        name (str, optional): What to call the image in errors. Defaults
            to the path, or 'array'.

    Returns:
        np.ndarray: Contiguous BGR ``uint8`` pixels.

    Raises:
        ValueError: For a missing, unreadable, empty, undecodable or
            zero-size image, or an unsupported array, naming the file.
    """
    if isinstance(image, str):
        name = name or image
        return to_bgr(decode_image(_read_file(image, name), name), name)
    if isinstance(image, np.ndarray):
        return to_bgr(image, name or 'array')
    raise ValueError(f'expected a path or an array, got {type(image)}')


def _jpeg_long_side(data: bytes) -> Optional[int]:
    """The longer side of the JPEG image in ``data`` from its header; None
    for other formats and unreadable headers."""
    if not data.startswith(_JPEG_MAGIC):
        return None
    from PIL import Image
    try:
        with Image.open(io.BytesIO(data)) as im:  # reads the header only
            return max(im.size)
    except Exception:  # decode_image names the problem
        return None


def jpeg_reduction(data: bytes, min_side: int) -> int:
    """The largest JPEG decoding reduction (1, 2, 4 or 8) that keeps the
    longer side of the image in ``data`` at ``min_side`` pixels or more;
    1 for other formats and unreadable headers."""
    return _reduction(_jpeg_long_side(data), min_side)


def _reduction(long_side: Optional[int], min_side: int) -> int:
    """:func:`jpeg_reduction` of an image whose longer side is known."""
    return max(f for f in _JPEG_REDUCED
               if f == 1 or (long_side or 0) >= f * min_side)


def load_page(image: ImageLike,
              name: Optional[str] = None,
              min_side: Optional[int] = None) -> Tuple[np.ndarray, float]:
    """Read a page as :func:`load_line_image` does, a large JPEG file at a
    reduced size.

    A 7000 px scan holds far more pixels than its print needs: decoding it
    at half size takes a third of the time and a quarter of the memory,
    and every later stage works on fewer pixels.

    Args:
        image (str | np.ndarray): A path or an array.
        name (str, optional): What to call the image in errors.
        min_side (int, optional): A JPEG file is decoded at the largest of
            1/2, 1/4 and 1/8 of its size whose longer side keeps at least
            this many pixels. None (and arrays) decode at full size.

    Returns:
        tuple(np.ndarray, float): BGR ``uint8`` pixels, and the factor
        from their coordinates to the file's (1 at full size).
    """
    if min_side is None or not isinstance(image, str):
        return load_line_image(image, name), 1.
    name = name or image
    data = _read_file(image, name)
    long_side = _jpeg_long_side(data)
    reduce = _reduction(long_side, min_side)
    img = to_bgr(decode_image(data, name, reduce), name)
    if reduce == 1:
        return img, 1.
    return img, long_side / max(img.shape[:2])


def error_text(error: BaseException) -> str:
    """The first line of an exception's message; its type is added when it
    is not a ValueError (one of ours, which says what went wrong)."""
    msg = str(error).strip().splitlines()[0] if str(error).strip() else ''
    if not isinstance(error, ValueError):
        kind = type(error).__qualname__
        if type(error).__module__ not in ('builtins', '__main__'):
            kind = f'{type(error).__module__}.{kind}'  # cv2.error
        msg = f'{kind}: {msg}' if msg else kind
    return msg


def describe_error(name: str, error: BaseException) -> str:
    """A one-line report of a failure on one input, naming the input once.

    Args:
        name (str): The input's path or label.
        error (BaseException): What was raised.

    Returns:
        str: ``'NAME: message'`` (see :func:`error_text`).
    """
    msg = error_text(error)
    return msg if msg.startswith(f'{name}:') else f'{name}: {msg}'


def input_name(image: ImageLike, index: int) -> str:
    """What errors call the ``index``-th input: its path, or its place."""
    return image if isinstance(image, str) else f'input {index}'


def load_line_images(
    images: Sequence[ImageLike]
) -> Tuple[List[Optional[LineResult]], List[np.ndarray], List[int]]:
    """Load what can be read; report the rest.

    Any exception while reading one input (not only ValueError: a
    permission error, a decoder error) becomes that input's error, so one
    bad input never costs the others.

    Args:
        images (Sequence[str | np.ndarray]): Paths or arrays.

    Returns:
        tuple: Results with a :class:`LineResult` carrying ``error`` for
        every bad input and None elsewhere, the loaded images, and their
        positions in ``images``.
    """
    results: List[Optional[LineResult]] = [None] * len(images)
    loaded, where = [], []
    for i, image in enumerate(images):
        name = input_name(image, i)
        try:
            loaded.append(load_line_image(image, name))
            where.append(i)
        except Exception as e:  # any kind: see the docstring
            results[i] = LineResult('', 0.0, describe_error(name, e))
    return results, loaded, where


class LineRecognizer:
    """Read text lines with any MMOCR recognizer, one result per input.

    The pipeline and postprocessing are the config's own (through MMOCR's
    ``TextRecInferencer``); this class adds per-image validation, so a
    missing, corrupt or empty image yields a :class:`LineResult` with
    ``error`` set instead of failing the batch it came in.

    Args:
        config (str, optional): Recognizer config; None reads the config
            embedded in ``weights`` as data, never running code (see
            :func:`~ocrrec_plugin.utils.checkpoint_config`).
        weights (str): Checkpoint path.
        device (str): 'cpu', 'cuda' or 'cuda:N'. Defaults to 'cpu'.
        batch_size (int): Lines per forward pass. Defaults to 32.
        trust_config (bool): With ``config`` None, also read a config that
            ``weights`` holds as Python source (what mmengine's runner
            writes; reading runs it). Only for checkpoints you made.
            Defaults to False.

    Example:
        >>> rec = LineRecognizer('configs/.../x.py', 'x.pth')
        >>> [r.text for r in rec(['line1.jpg', 'line2.png'])]
    """

    def __init__(self,
                 config: Optional[str],
                 weights: str,
                 device: str = 'cpu',
                 batch_size: int = 32,
                 trust_config: bool = False) -> None:
        # MMOCR's inferencer would execute the config source stored in the
        # checkpoint; read it here, as data unless trusted.
        model = config if config is not None else checkpoint_config(
            weights, trust_python=trust_config)
        self.inferencer = TextRecInferencer(
            model=model, weights=weights, device=device)
        self.batch_size = batch_size

    def _predict(self, images: List[np.ndarray]) -> List[LineResult]:
        preds = self.inferencer(
            images, batch_size=self.batch_size,
            progress_bar=False)['predictions']
        # MMOCR averages the scores of no characters to NaN.
        return [
            LineResult(p['text'],
                       float(p['scores']) if p['text'] else 0.)
            for p in preds
        ]

    def __call__(self, images: Sequence[ImageLike]) -> List[LineResult]:
        """Read each image.

        Args:
            images (Sequence[str | np.ndarray]): Paths or arrays (see
                :func:`load_line_image`).

        Returns:
            list[LineResult]: One per input, in order; a bad input's has
            ``error`` set. When a batch fails in the model, its images are
            read one by one, so the error stays with the image that
            caused it.
        """
        results, loaded, where = load_line_images(images)
        if not loaded:
            return results  # type: ignore[return-value]
        try:
            read = self._predict(loaded)
        except Exception:  # retried one by one below
            read = []
            for i, img in zip(where, loaded):
                try:
                    read += self._predict([img])
                except Exception as e:
                    read.append(
                        LineResult('', 0.,
                                   describe_error(input_name(images[i], i),
                                                  e)))
        for i, r in zip(where, read):
            results[i] = r
        return results  # type: ignore[return-value]
