from mmocr.registry import DATASETS, METRICS, MODELS, TRANSFORMS

NAMES = {
    MODELS: ('LineConvNeXt', 'ConvTransformerEncoder', 'CTCLinearDecoder',
             'ConvNeXtViT', 'TextRecogGrayDataPreprocessor'),
    TRANSFORMS: ('RescaleToHeightAndPad', ),
    METRICS: ('LineMetric', ),
}


def test_plugin_names_resolve_to_plugin_classes():
    for registry, names in NAMES.items():
        for name in names:
            cls = registry.get(name)
            assert cls is not None, name
            assert cls.__module__.startswith('ocrrec_plugin.'), name


def test_mmocr_names_still_resolve_to_mmocr():
    for registry, name in ((MODELS, 'CTCModuleLoss'),
                           (MODELS, 'CTCPostProcessor'),
                           (TRANSFORMS, 'PadToWidth'),
                           (METRICS, 'WordMetric'), (DATASETS, 'OCRDataset')):
        assert registry.get(name).__module__.startswith('mmocr.'), name
