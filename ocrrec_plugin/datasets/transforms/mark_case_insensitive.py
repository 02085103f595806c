from typing import Dict

from mmcv.transforms.base import BaseTransform

from mmocr.registry import TRANSFORMS
from mmocr.structures import TextRecogDataSample


@TRANSFORMS.register_module()
class MarkCaseInsensitive(BaseTransform):
    """Mark a dataset's samples as labelled without the letter case, for
    ``CaseInsensitiveCTCModuleLoss``.

    Put it in the pipeline of a dataset whose labels do not tell the case
    (SROIE's lines are labelled in upper case whatever the print). Before
    ``PackTextRecogInputs`` it sets ``results['case_insensitive'] = True``,
    which reaches the data sample's metainfo through
    ``PackTextRecogInputs(meta_keys=(..., 'case_insensitive'))``. MMOCR's
    ``PackTextRecogInputs`` reads every meta key with ``results[key]`` and
    raises a ``KeyError`` for one that is missing, so only the pipelines
    that hold this transform may list the key. After
    ``PackTextRecogInputs`` (on its output, ``inputs`` and
    ``data_samples``) it sets ``case_insensitive=True`` in the packed data
    sample's metainfo directly, and no ``meta_keys`` need change: the way
    to mark one dataset whose pipeline shares its packing step with others.
    Samples without the key read as case-sensitive in the loss.

    Added Keys:

    - case_insensitive (before packing; in ``data_samples.metainfo``
      after it)
    """

    def transform(self, results: Dict) -> Dict:
        data_sample = results.get('data_samples')
        if isinstance(data_sample, TextRecogDataSample):
            # Already packed: a new top-level key would not reach the model
            # (and would break collating it with unmarked samples).
            data_sample.set_metainfo(dict(case_insensitive=True))
        else:
            results['case_insensitive'] = True
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}()'
