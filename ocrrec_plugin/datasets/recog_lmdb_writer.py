"""Write text-recognition samples to an LMDB that MMOCR's
``RecogLMDBDataset`` reads."""
import os
from typing import List, Optional, Tuple, Union

import cv2
import numpy as np


def encode_image(img: np.ndarray, ext: str = '.jpg',
                 quality: int = 95) -> bytes:
    """Encode an image for storage.

    Args:
        img (np.ndarray): uint8 image of shape (H, W) or (H, W, 3), BGR.
        ext (str): ``.jpg`` or ``.png``. Defaults to ``.jpg``.
        quality (int): JPEG quality. Defaults to 95.

    Returns:
        bytes: The encoded file.

    Raises:
        ValueError: When OpenCV cannot encode the image.
    """
    params = [cv2.IMWRITE_JPEG_QUALITY, quality] if ext == '.jpg' else []
    ok, buf = cv2.imencode(ext, img, params)
    if not ok:
        raise ValueError(f'cannot encode an image of shape {img.shape} as '
                         f'{ext}')
    return buf.tobytes()


class RecogLMDBWriter:
    """Append ``(image, text)`` pairs to an LMDB in MMOCR's recognition
    layout: keys ``image-%09d`` (encoded image) and ``label-%09d`` (UTF-8
    text), numbered from 1, and ``num-samples`` written on close.

    Use it as a context manager::

        with RecogLMDBWriter('data/synth/textrecog_train.lmdb') as w:
            w.add(img, 'text')

    Args:
        path (str): LMDB folder; created if missing.
        map_size (int): Largest size the database may grow to. Defaults to
            64 GiB (sparse on Linux).
        commit_every (int): Samples per write transaction. Defaults to 1000.
        ext (str): Encoding of ndarray images, ``.jpg`` or ``.png``.
            Defaults to ``.jpg``.
        quality (int): JPEG quality. Defaults to 95.
        overwrite (bool): Allow writing into a non-empty LMDB (its samples
            are replaced from index 1). Defaults to False.
    """

    def __init__(self,
                 path: str,
                 map_size: int = 64 << 30,
                 commit_every: int = 1000,
                 ext: str = '.jpg',
                 quality: int = 95,
                 overwrite: bool = False) -> None:
        import lmdb
        if ext not in ('.jpg', '.png'):
            raise ValueError(f'ext must be .jpg or .png, got {ext!r}')
        os.makedirs(path, exist_ok=True)
        self.path = path
        self.env = lmdb.open(path, map_size=map_size)
        with self.env.begin() as txn:
            if txn.get(b'num-samples') is not None and not overwrite:
                self.env.close()
                raise FileExistsError(
                    f'{path} already holds an LMDB dataset; pass '
                    'overwrite=True to replace it')
        self.commit_every = commit_every
        self.ext = ext
        self.quality = quality
        self.count = 0
        self._cache: List[Tuple[bytes, bytes]] = []

    def add(self, img: Union[np.ndarray, bytes], text: str) -> int:
        """Append one sample.

        Args:
            img (np.ndarray | bytes): uint8 BGR image, or already encoded
                bytes.
            text (str): Its label.

        Returns:
            int: The sample's 1-based index in the LMDB.
        """
        if isinstance(img, np.ndarray):
            img = encode_image(img, self.ext, self.quality)
        self.count += 1
        self._cache.append((b'image-%09d' % self.count, bytes(img)))
        self._cache.append((b'label-%09d' % self.count, text.encode('utf-8')))
        if len(self._cache) >= 2 * self.commit_every:
            self._flush()
        return self.count

    def _flush(self, extra: Optional[List[Tuple[bytes, bytes]]] = None):
        items = self._cache + (extra or [])
        if items:
            with self.env.begin(write=True) as txn:
                cursor = txn.cursor()
                cursor.putmulti(items, dupdata=False, overwrite=True)
        self._cache = []

    def close(self) -> None:
        """Write the pending samples and ``num-samples``, then close."""
        if self.env is None:
            return
        self._flush([(b'num-samples', str(self.count).encode('utf-8'))])
        self.env.sync()
        self.env.close()
        self.env = None

    def __enter__(self) -> 'RecogLMDBWriter':
        return self

    def __exit__(self, *exc) -> None:
        self.close()
