from mmocr.registry import DATASETS
from .synth_line_dataset import SynthLineDataset


@DATASETS.register_module()
class SynthPageDataset(SynthLineDataset):
    """Synthetic pages (documents, receipts, signs) for the line detector,
    rendered on the fly with one quadrilateral per text line.

    Page ``i`` is a deterministic function of ``(seed, i)``. Items follow
    MMOCR's text-detection format, so a detection pipeline starting with
    ``LoadImageFromNDArray`` and ``LoadOCRAnnotations(with_polygon=True,
    with_bbox=True, with_label=True)`` reads them:

        - img (np.ndarray): uint8 BGR page of shape (H, W, 3).
        - height, width (int): Page size.
        - instances (list[dict]): ``polygon`` (8 floats), ``bbox``
          (x1, y1, x2, y2), ``bbox_label`` (0), ``ignore`` (False) and the
          line's ``text``.

    Args:
        num_samples (int): Number of pages. Defaults to 10000.
        **kwargs: See :class:`SynthLineDataset` (``height`` does not apply).
    """
    METAINFO: dict = dict(
        dataset_type='TextDetDataset',
        task_name='textdet',
        category=[dict(id=0, name='text')])

    def __init__(self, num_samples: int = 10000, **kwargs) -> None:
        super().__init__(num_samples=num_samples, **kwargs)

    def get_data_info(self, idx: int) -> dict:
        """Render page ``idx``.

        Args:
            idx (int): Index in ``[-len, len)``.

        Returns:
            dict: ``img``, ``height``, ``width``, ``instances``, ``img_key``
            and ``sample_idx``.
        """
        idx = self._check_index(idx)
        out = self.generator.page(idx)
        h, w = out['img'].shape[:2]
        return dict(
            img=out['img'],
            height=h,
            width=w,
            instances=out['instances'],
            img_key=f'synth-page-{self.seed}-{idx:09d}',
            sample_idx=idx)
