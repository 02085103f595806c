"""Every component the plugin registers, found by scanning MMOCR's
registries: the list below must match what is registered (a new component
needs a line here), each name resolves to a class under ocrrec_plugin, and
MMOCR's own names still resolve to MMOCR's classes."""
from mmengine.registry import Registry

from mmocr import registry as mmocr_registry
from mmocr.registry import DATASETS, METRICS, MODELS, TRANSFORMS

EXPECTED = {
    'DATASETS': {'SynthLineDataset', 'SynthPageDataset'},
    'HOOKS': {'CTCPriorInitHook'},
    'METRICS': {'LineMetric'},
    'MODELS': {
        'LineConvNeXt', 'ConvTransformerEncoder', 'CTCLinearDecoder',
        'ConvNeXtViT', 'TextRecogGrayDataPreprocessor',
        'CTCBeamSearchPostProcessor', 'CaseInsensitiveCTCModuleLoss'
    },
    'TRANSFORMS': {
        'RescaleToHeightAndPad', 'RandomCropSides', 'RandomLineMargin',
        'MarkCaseInsensitive'
    },
}


def registered_by_plugin() -> dict:
    found = {}
    for name in dir(mmocr_registry):
        registry = getattr(mmocr_registry, name)
        if not isinstance(registry, Registry):
            continue
        ours = {
            key
            for key, cls in registry.module_dict.items()
            if getattr(cls, '__module__', '').startswith('ocrrec_plugin.')
        }
        if ours:
            found[name] = ours
    return found


def test_every_plugin_name_is_listed_and_resolves_to_the_plugin():
    assert registered_by_plugin() == EXPECTED
    for registry_name, names in EXPECTED.items():
        registry = getattr(mmocr_registry, registry_name)
        for name in names:
            cls = registry.get(name)
            assert cls is not None, name
            assert cls.__module__.startswith('ocrrec_plugin.'), name


def test_mmocr_names_still_resolve_to_mmocr():
    for registry, name in ((MODELS, 'CTCModuleLoss'),
                           (MODELS, 'CTCPostProcessor'),
                           (TRANSFORMS, 'PadToWidth'),
                           (METRICS, 'WordMetric'), (DATASETS, 'OCRDataset'),
                           (DATASETS, 'RecogLMDBDataset')):
        assert registry.get(name).__module__.startswith('mmocr.'), name
