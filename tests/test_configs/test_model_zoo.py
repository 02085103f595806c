"""The model zoo as a user meets it: model-index.yml and the metafiles name
every shipped file, each weights file loads into its config, user-facing
configs stand apart from the training history, and an installed wheel finds
its models from any folder."""
import ast
import glob
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch
from mmengine.config import Config

from mmocr.registry import MODELS
from ocrrec_plugin.utils import (MODELS_DIR_ENV, get_model, load_model_index,
                                 resolve_file)

from ..conftest import REPO_ROOT

ZOO = load_model_index(REPO_ROOT)
USER_CONFIG_DIRS = [
    osp.join(REPO_ROOT, 'configs', 'textrecog', 'convnextvit'),
    osp.join(REPO_ROOT, 'configs', 'textrecog', 'crnn'),
    osp.join(REPO_ROOT, 'configs', 'textdet', 'dbnet'),
]


def base_files(path: str) -> list:
    """Every file ``path`` inherits from, through ``_base_`` recursively
    (``mmocr::`` bases are MMOCR's and end the walk)."""
    tree = ast.parse(open(path, encoding='utf-8').read())
    bases = []
    for node in tree.body:
        if (isinstance(node, ast.Assign)
                and any(getattr(t, 'id', '') == '_base_'
                        for t in node.targets)):
            value = ast.literal_eval(node.value)
            bases = [value] if isinstance(value, str) else list(value)
    out = []
    for base in bases:
        if base.startswith('mmocr::'):
            continue
        base = osp.normpath(osp.join(osp.dirname(path), base))
        out += [base, *base_files(base)]
    return out


def leaf_configs(folder: str) -> list:
    return sorted(p for p in glob.glob(osp.join(folder, '*.py'))
                  if not osp.basename(p).startswith('_base_'))


def test_user_facing_configs_do_not_inherit_training_history():
    leaves = leaf_configs(USER_CONFIG_DIRS[0])
    assert 0 < len(leaves) <= 8
    for folder in USER_CONFIG_DIRS:
        for path in leaf_configs(folder):
            for base in base_files(path):
                assert osp.isfile(base), (path, base)
                assert (osp.basename(base).startswith('_base_')
                        or '/_base_/' in base), (path, base)
                assert '/curriculum/' not in base, (path, base)


def test_every_zoo_entry_names_an_existing_config():
    assert {osp.relpath(m.config, REPO_ROOT)
            for m in ZOO.values()} == {
                osp.relpath(p, REPO_ROOT)
                for p in leaf_configs(USER_CONFIG_DIRS[0]) +
                leaf_configs(USER_CONFIG_DIRS[2])
            }
    for model in ZOO.values():
        assert model.task in ('Text Recognition', 'Text Detection')


def test_weights_folder_holds_only_what_the_zoo_names():
    named = {m.weights for m in ZOO.values() if m.weights}
    named |= {m.metadata['Language Model'] for m in ZOO.values()
              if 'Language Model' in m.metadata}
    shipped = {f'weights/{f}' for f in os.listdir(
        osp.join(REPO_ROOT, 'weights'))}
    assert shipped == named
    for name in named - {m.weights for m in ZOO.values()}:
        # The LM file is the one the config reads.
        assert any(name.split('/')[-1] in open(m.config).read()
                   for m in ZOO.values())


@pytest.mark.parametrize(
    'name', sorted(n for n, m in ZOO.items() if m.weights))
def test_zoo_weights_load_into_their_config_exactly(name):
    model_entry = ZOO[name]
    cfg = Config.fromfile(model_entry.config)
    model = MODELS.build(cfg.model)
    ckpt = torch.load(model_entry.weights_path(), map_location='cpu',
                      weights_only=True)
    state_dict = ckpt['state_dict']
    missing, unexpected = model.load_state_dict(
        {k: v.float() if v.is_floating_point() else v
         for k, v in state_dict.items()}, strict=False)
    # Only non-persistent bookkeeping may be absent from a checkpoint.
    assert not unexpected
    assert not [k for k in missing if 'num_batches_tracked' not in k]


def test_unknown_model_names_the_known_ones():
    with pytest.raises(KeyError, match='convnextvit-micro_ctc-5gram'):
        get_model('no-such-model', REPO_ROOT)


def test_models_dir_variable_and_missing_weights(tmp_path, monkeypatch):
    weights = ZOO['convnextvit-nano_ctc_curriculum_zh-en'].weights
    monkeypatch.setenv(MODELS_DIR_ENV, str(tmp_path))
    with pytest.raises(FileNotFoundError) as err:
        resolve_file(weights, REPO_ROOT)
    message = str(err.value)
    assert osp.basename(weights) in message and str(tmp_path) in message
    assert MODELS_DIR_ENV in message
    (tmp_path / osp.basename(weights)).write_bytes(b'x')
    assert resolve_file(weights, REPO_ROOT) == str(
        tmp_path / osp.basename(weights))
    # Other zoo files (configs, dicts) still come from the zoo root.
    assert resolve_file('model-index.yml', REPO_ROOT) == osp.join(
        REPO_ROOT, 'model-index.yml')
    with pytest.raises(FileNotFoundError, match='ships without weights'):
        ZOO['convnextvit-tiny_ctc_30e_zh-en'].weights_path()


def test_installed_wheel_spots_the_demo_page_from_another_folder(tmp_path):
    """``pip install .`` (not editable): the wheel carries configs, dicts,
    weights and the model index, and TextSpotter() reads the demo page from
    a folder outside the checkout as it does inside it."""
    wheel_dir, site = tmp_path / 'wheel', tmp_path / 'site'
    subprocess.run([
        sys.executable, '-m', 'pip', 'wheel', '-q', '--no-deps',
        '--no-build-isolation', '-w',
        str(wheel_dir), REPO_ROOT
    ], check=True, capture_output=True, cwd=tmp_path, timeout=300)
    wheel, = glob.glob(str(wheel_dir / '*.whl'))
    subprocess.run([
        sys.executable, '-m', 'pip', 'install', '-q', '--no-deps',
        '--target',
        str(site), wheel
    ], check=True, capture_output=True, timeout=300)
    script = ('import ocrrec_plugin\n'
              'from ocrrec_plugin.apis import TextSpotter\n'
              "print('FILE', ocrrec_plugin.__file__)\n"
              f'for line in TextSpotter()({REPO_ROOT!r} + '
              "'/docs/demo/demo_page.jpg'):\n"
              "    print('LINE', line.text)\n")
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop(MODELS_DIR_ENV, None)
    proc = subprocess.run([sys.executable, '-c', script],
                          cwd=tmp_path,
                          env=env,
                          capture_output=True,
                          text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout.splitlines()
    assert [o for o in out if o.startswith('FILE ')] == [
        f'FILE {site}/ocrrec_plugin/__init__.py'
    ]
    read = [o[len('LINE '):] for o in out if o.startswith('LINE ')]
    from ocrrec_plugin.apis import TextSpotter
    here = [line.text for line in TextSpotter()(
        osp.join(REPO_ROOT, 'docs', 'demo', 'demo_page.jpg'))]
    assert read == here and len(here) == 12
