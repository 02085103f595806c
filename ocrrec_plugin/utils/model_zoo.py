"""The model zoo: named models resolved to a config and a weights file.

The zoo is MMOCR's model index: ``model-index.yml`` imports one
``metafile.yml`` per algorithm folder of ``configs/``, and each ``Models``
entry gives a ``Name``, a ``Config`` and ``Weights`` (paths relative to the
folder holding ``model-index.yml``).

That folder is the repository root in a checkout or an editable install,
and the package's ``.mim`` folder in an installed wheel (setup.py copies
``configs/``, ``dicts/``, ``weights/`` and ``model-index.yml`` there, as
MMOCR does). Weights are looked up in ``$OCRREC_MODELS_DIR`` when that is
set (by file name), so a user can keep them elsewhere; nothing is ever
downloaded.
"""
import os
import os.path as osp
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import yaml

#: Environment variable naming a folder that holds the zoo's weight files.
MODELS_DIR_ENV = 'OCRREC_MODELS_DIR'
_PACKAGE_DIR = osp.dirname(osp.dirname(osp.abspath(__file__)))


def zoo_root() -> str:
    """The folder holding ``model-index.yml``, ``configs/`` and
    ``weights/``: the checkout the package sits in, else the installed
    package's ``.mim`` copy (a build may leave a copy in a checkout too; the
    checkout's own files win).

    Raises:
        FileNotFoundError: If neither holds ``model-index.yml``.
    """
    for root in (osp.dirname(_PACKAGE_DIR), osp.join(_PACKAGE_DIR, '.mim')):
        if osp.isfile(osp.join(root, 'model-index.yml')):
            return root
    raise FileNotFoundError(
        f'model-index.yml not found in {osp.dirname(_PACKAGE_DIR)} nor in '
        f'{_PACKAGE_DIR}/.mim: reinstall ocrrec_plugin')


def resolve_file(relpath: str, root: Optional[str] = None) -> str:
    """The absolute path of a zoo file (``weights/...`` or another).

    A ``weights/`` file is taken from ``$OCRREC_MODELS_DIR`` when that is
    set, else from the zoo root.

    Raises:
        FileNotFoundError: Naming the file and where it was expected.
    """
    root = root or zoo_root()
    models_dir = os.environ.get(MODELS_DIR_ENV)
    if models_dir and relpath.startswith('weights/'):
        path = osp.join(models_dir, osp.basename(relpath))
        where = f'${MODELS_DIR_ENV} ({models_dir})'
    else:
        path = osp.join(root, relpath)
        where = osp.dirname(path)
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'{osp.basename(relpath)} not found: expected in {where}. Weights '
            'ship with the package under weights/; point '
            f'${MODELS_DIR_ENV} at a folder holding them to read them from '
            'elsewhere')
    return path


@dataclass
class ZooModel:
    """One model-zoo entry.

    Attributes:
        name (str): The entry's ``Name``.
        config (str): Absolute path of its config.
        weights (str, optional): Its weights file relative to the zoo root
            (``weights/...``), or None for an entry shipped without weights.
        task (str): 'Text Recognition' or 'Text Detection'.
        results (list[dict]): The metafile's ``Results``.
        metadata (dict): The metafile's ``Metadata``.
    """
    name: str
    config: str
    weights: Optional[str]
    task: str
    results: List[dict] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)

    def weights_path(self) -> str:
        """The weights file, resolved by :func:`resolve_file`.

        Raises:
            FileNotFoundError: For an entry without weights or a missing file.
        """
        if self.weights is None:
            note = self.metadata.get('Weights note', 'train or convert them')
            raise FileNotFoundError(
                f'model {self.name!r} ships without weights: {note}')
        return resolve_file(self.weights)


def load_model_index(root: Optional[str] = None) -> Dict[str, ZooModel]:
    """Every zoo entry by name, read from ``model-index.yml``.

    Raises:
        ValueError: For a metafile entry without Name or Config, a duplicate
            name, or a config file that does not exist.
    """
    root = root or zoo_root()
    with open(osp.join(root, 'model-index.yml'), encoding='utf-8') as f:
        index = yaml.safe_load(f)
    models: Dict[str, ZooModel] = {}
    for metafile in index.get('Import', []):
        with open(osp.join(root, metafile), encoding='utf-8') as f:
            meta = yaml.safe_load(f) or {}
        for entry in meta.get('Models', []):
            if 'Name' not in entry or 'Config' not in entry:
                raise ValueError(f'{metafile}: an entry lacks Name or Config: '
                                 f'{entry}')
            name = entry['Name']
            if name in models:
                raise ValueError(f'{metafile}: model {name!r} is listed twice')
            config = osp.join(root, entry['Config'])
            if not osp.isfile(config):
                raise ValueError(f'{metafile}: config of {name!r} not found: '
                                 f'{config}')
            models[name] = ZooModel(
                name=name,
                config=config,
                weights=entry.get('Weights'),
                task=('Text Detection' if '/textdet/' in entry['Config']
                      else 'Text Recognition'),
                results=entry.get('Results') or [],
                metadata=entry.get('Metadata') or {})
    return models


def get_model(name: str, root: Optional[str] = None) -> ZooModel:
    """The zoo entry called ``name``.

    Raises:
        KeyError: Listing the known names.
    """
    models = load_model_index(root)
    if name not in models:
        raise KeyError(f'no model {name!r} in the model zoo; known: '
                       f'{", ".join(sorted(models))}')
    return models[name]
