import os.path as osp

import pytest

# MMOCR registers its modules lazily: import them before the plugin so both
# sets of names are in the registries.
import mmocr.datasets  # noqa: F401,E402
import mmocr.evaluation  # noqa: F401,E402
import mmocr.models  # noqa: F401,E402
import ocrrec_plugin  # noqa: F401,E402

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
DICT_FILE = osp.join(REPO_ROOT, 'dicts', 'zh_en_gb2312.txt')
TOY_DIR = osp.join(REPO_ROOT, 'tests', 'data', 'toy_lines')
TOY_CONFIG = osp.join(REPO_ROOT, 'configs', 'textrecog', 'convnextvit',
                      'convnextvit-test_ctc_5e_toy.py')


def pytest_configure(config):
    config.addinivalue_line(
        'markers', 'slow: end-to-end training runs (tools/train.py, '
        'torchrun, overfitting); CI runs them, -m "not slow" skips them')


@pytest.fixture(autouse=True)
def _mmocr_scope():
    """Build everything in MMOCR's registry scope, as configs do."""
    from mmengine.registry import DefaultScope
    name = 'ocrrec_test'
    if not DefaultScope.check_instance_created(name):
        DefaultScope.get_instance(name, scope_name='mmocr')
    yield
