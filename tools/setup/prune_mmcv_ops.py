"""Prune an unpacked mmcv 2.0.x source tree to the C++ ops MMOCR users call.

mmcv compiles about 80 C++ translation units for its CPU ops; on 2 cores that
takes over half an hour, while the recognizer calls none of them and MMOCR's
text detectors call eight (``info`` for the runner's environment log, ``nms``
and ``roi_align`` for Mask R-CNN, ``roi_align_rotated`` for DRRG,
``deform_conv`` and ``modulated_deform_conv`` for the DCN backbones of
DBNet++ and FCENet, ``contour_expand`` for PSENet, ``pixel_group`` for
PANet). This script, run by ``tools/setup_env.sh`` before ``pip wheel``:

1. deletes the sources of every other op from ``mmcv/ops/csrc/pytorch`` and
   ``mmcv/ops/csrc/pytorch/cpu`` (mmcv's ``setup.py`` globs those folders);
2. drops from ``pybind.cpp`` each ``m.def`` binding whose C++ function is no
   longer defined (the declarations stay: unused, they link to nothing);
3. makes ``mmcv.utils.ext_loader.load_ext`` bind every function it does not
   find in ``mmcv._ext`` to a stub that raises a ``RuntimeError`` naming the
   op and the command that builds all of them, so ``import mmcv.ops`` (which
   every op module runs) works and a call to a missing op says what to do.

Usage::

    python tools/setup/prune_mmcv_ops.py SRC_DIR [--ops OP ...]
"""
import argparse
import re
from pathlib import Path
from typing import Iterable, List, Sequence, Set

#: Op sources kept by default (file stems under ``mmcv/ops/csrc/pytorch``).
DEFAULT_OPS = ('info', 'nms', 'roi_align', 'roi_align_rotated', 'deform_conv',
               'modulated_deform_conv', 'contour_expand', 'pixel_group')
#: The command a stub's error names.
FULL_BUILD_HINT = 'OCRREC_MMCV_OPS=all bash tools/setup_env.sh'

_DEF_START = re.compile(r'^\s*m\.def\(\s*"(\w+)",\s*&(\w+)', re.M)
_LOADER_ANCHOR = (
    "        for fun in funcs:\n"
    "            assert hasattr(ext, fun), f'{fun} miss in module {name}'\n")


def select_sources(src_dir: Path, ops: Iterable[str]) -> List[Path]:
    """Delete the op sources not in ``ops``; return the deleted files.

    Raises:
        FileNotFoundError: if ``src_dir`` is no mmcv source tree or an op in
            ``ops`` has no source there.
    """
    csrc = src_dir / 'mmcv' / 'ops' / 'csrc' / 'pytorch'
    if not (csrc / 'pybind.cpp').is_file():
        raise FileNotFoundError(f'{csrc / "pybind.cpp"} not found: '
                                f'{src_dir} is not an mmcv source tree')
    keep = set(ops) | {'pybind'}
    unknown = sorted(op for op in keep if not (csrc / f'{op}.cpp').is_file())
    if unknown:
        raise FileNotFoundError(f'no source for op(s) {unknown} in {csrc}')
    removed = []
    for folder in (csrc, csrc / 'cpu'):
        for path in sorted(folder.glob('*.cpp')):
            # cpu/ names some kernels with a suffix (bbox_overlaps_cpu.cpp).
            stem = path.stem[:-4] if path.stem.endswith('_cpu') else path.stem
            if stem not in keep:
                path.unlink()
                removed.append(path)
    return removed


def defined_functions(sources: Iterable[Path]) -> Set[str]:
    """Names of the functions defined (with a body) in ``sources``."""
    pattern = re.compile(r'\b(\w+)\s*\([^;{)]*(?:\([^)]*\)[^;{)]*)*\)\s*\{')
    names = set()
    for path in sources:
        names.update(pattern.findall(path.read_text(encoding='utf-8')))
    return names


def filter_bindings(pybind: str, available: Set[str]) -> str:
    """Remove from ``pybind`` each ``m.def`` whose target is not available.

    A binding runs from ``m.def(`` to the ``;`` that closes it; bindings only
    ever appear as whole statements in mmcv's ``PYBIND11_MODULE`` block.
    """
    out, pos = [], 0
    for match in _DEF_START.finditer(pybind):
        end = pybind.index(';', match.end()) + 1
        if pybind[end:end + 1] == '\n':
            end += 1
        out.append(pybind[pos:match.start()])
        if match.group(2) in available:
            out.append(pybind[match.start():end])
        pos = end
    out.append(pybind[pos:])
    return ''.join(out)


def stub_missing_ops(ext_loader: str, kept: Sequence[str]) -> str:
    """Rewrite mmcv's ``load_ext`` to bind missing functions to stubs."""
    if _LOADER_ANCHOR not in ext_loader:
        raise ValueError('mmcv/utils/ext_loader.py has changed: '
                         'the load_ext loop to patch was not found')
    ops = ', '.join(kept)
    replacement = (
        "        for fun in funcs:\n"
        "            if not hasattr(ext, fun):\n"
        "                setattr(ext, fun, _not_built(fun))\n")
    stub = (
        "\n\n"
        "def _not_built(fun):\n"
        "    \"\"\"A stand-in for an op this build of mmcv left out.\"\"\"\n"
        "\n"
        "    def stub(*args, **kwargs):\n"
        "        raise RuntimeError(\n"
        f"            f'mmcv op {{fun!r}} was not compiled: this mmcv was '\n"
        f"            'built with the ops {ops} only. Build all '\n"
        f"            'of them with: {FULL_BUILD_HINT}')\n"
        "\n"
        "    stub.__name__ = fun\n"
        "    return stub\n")
    return ext_loader.replace(_LOADER_ANCHOR, replacement) + stub


def prune(src_dir: Path, ops: Sequence[str] = DEFAULT_OPS) -> List[str]:
    """Apply the three steps to ``src_dir``; return the kept bindings."""
    select_sources(src_dir, ops)
    csrc = src_dir / 'mmcv' / 'ops' / 'csrc' / 'pytorch'
    kept_sources = [p for p in [*csrc.glob('*.cpp'), *csrc.glob('cpu/*.cpp')]
                    if p.name != 'pybind.cpp']
    pybind_path = csrc / 'pybind.cpp'
    pybind = filter_bindings(
        pybind_path.read_text(encoding='utf-8'),
        defined_functions(kept_sources))
    pybind_path.write_text(pybind, encoding='utf-8')
    loader = src_dir / 'mmcv' / 'utils' / 'ext_loader.py'
    loader.write_text(
        stub_missing_ops(loader.read_text(encoding='utf-8'), ops),
        encoding='utf-8')
    return _DEF_START.findall(pybind)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('src_dir', type=Path, help='unpacked mmcv sdist')
    parser.add_argument(
        '--ops', nargs='+', default=list(DEFAULT_OPS),
        help='op sources to keep (default: %(default)s)')
    args = parser.parse_args(argv)
    kept = prune(args.src_dir, args.ops)
    print(f'kept {len(kept)} bindings: {" ".join(name for name, _ in kept)}')


if __name__ == '__main__':
    main()
