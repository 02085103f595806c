#!/usr/bin/env bash
# Creates .venv in the repository root with the whole stack (torch 2.14.1, mmengine,
# mmcv 2.0.1 built from source with CPU ops, mmdet 3.1.0, mmocr 1.0.1) and installs
# ocrrec_plugin in editable mode. Idempotent: a second run only checks and returns.
#
# mmcv has no wheel for this torch. By default only the C++ ops that MMOCR's models
# call are compiled (tools/setup/prune_mmcv_ops.py lists them; about 6 minutes on
# 2 cores instead of 33); any other op raises an error naming itself when called.
# OCRREC_MMCV_OPS=all compiles every op. The wheel is built once per flavour and
# cached under ${OCRREC_CACHE:-~/.cache/ocrrec_plugin}.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ROOT}/.venv"
CACHE="${OCRREC_CACHE:-${HOME}/.cache/ocrrec_plugin}"
PY="${PYTHON:-python3.11}"
command -v "${PY}" >/dev/null 2>&1 || PY=python3
MMCV_VERSION=2.0.1
MMCV_OPS="${OCRREC_MMCV_OPS:-lean}"
case "${MMCV_OPS}" in lean|all) ;; *)
  echo "[setup_env] OCRREC_MMCV_OPS must be 'lean' or 'all', not '${MMCV_OPS}'" >&2; exit 2;;
esac
STAMP="${VENV}/.ocrrec_setup_done"
STAMP_KEY="$(cat "${ROOT}/tools/setup_env.sh" "${ROOT}/tools/setup_synth_assets.sh" \
  "${ROOT}/tools/setup/prune_mmcv_ops.py" "${ROOT}/setup.py" | sha1sum | cut -c1-12)-${MMCV_OPS}"

log() { printf '[setup_env] %s\n' "$*" >&2; }

if [[ -f "${STAMP}" && "$(cat "${STAMP}")" == "${STAMP_KEY}" ]]; then
  if "${VENV}/bin/python" -c "import mmcv.ops, mmocr.models, ocrrec_plugin" 2>/dev/null; then
    log "environment up to date (${VENV})"
    exit 0
  fi
fi

if [[ ! -x "${VENV}/bin/python" ]]; then
  log "creating ${VENV} with $(${PY} --version)"
  "${PY}" -m venv "${VENV}"
fi
PIP=(pip_quiet "${VENV}/bin/python" -m pip --disable-pip-version-check)
# This image lists local wheel folders that may be missing: drop pip's notes about them.
pip_quiet() { "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }

# Pins: numpy<2 for imgaug, opencv<4.12 for numpy 1.x, setuptools<81 for pkg_resources.
PINS=(
  "torch==2.14.1" "torchvision==0.29.1"
  "numpy<2" "opencv-python<4.12" "setuptools<81" wheel ninja
  "mmengine==0.10.7"
)
log "installing torch and mmengine"
"${PIP[@]}" install -q "${PINS[@]}"

# --- mmcv 2.0.1 with CPU ops, built from the PyPI sdist and cached ----------------
TAG="$("${VENV}/bin/python" -c 'import sys, torch; v = torch.__version__.split("+")[0]; print("cp%d%d-torch%s" % (sys.version_info[0], sys.version_info[1], v))')"
PRUNE_KEY="$(sha1sum "${ROOT}/tools/setup/prune_mmcv_ops.py" | cut -c1-8)"
if [[ "${MMCV_OPS}" == all ]]; then FLAVOUR=all; else FLAVOUR="lean-${PRUNE_KEY}"; fi
WHEEL_DIR="${CACHE}/mmcv-${MMCV_VERSION}-${TAG}-${FLAVOUR}"
if ! ls "${WHEEL_DIR}"/mmcv-*.whl >/dev/null 2>&1; then
  log "building mmcv ${MMCV_VERSION} CPU ops (${MMCV_OPS}) for ${TAG}, once"
  BUILD="$(mktemp -d)"
  trap 'rm -rf "${BUILD}"' EXIT
  "${PIP[@]}" download -q --no-deps --no-binary :all: -d "${BUILD}" "mmcv==${MMCV_VERSION}"
  tar -xzf "${BUILD}"/mmcv-*.tar.gz -C "${BUILD}"
  SRC="$(ls -d "${BUILD}"/mmcv-${MMCV_VERSION})"
  # torch >= 2.x needs a newer C++ standard than the hard-coded c++14: let torch choose.
  sed -i -e "s/'-std=c++14'//g" -e 's/"-std=c++14"//g' -e 's/-std=c++14//g' "${SRC}/setup.py"
  if [[ "${MMCV_OPS}" == lean ]]; then
    "${VENV}/bin/python" "${ROOT}/tools/setup/prune_mmcv_ops.py" "${SRC}"
  fi
  mkdir -p "${WHEEL_DIR}"
  (cd "${SRC}" && CUDA_VISIBLE_DEVICES="" FORCE_CUDA=0 MMCV_WITH_OPS=1 \
     MAX_JOBS="$(nproc)" "${VENV}/bin/python" -m pip wheel -q --no-deps \
     --no-build-isolation -w "${WHEEL_DIR}" .)
fi
log "installing mmcv, mmdet, mmocr"
# --force-reinstall: both flavours are mmcv 2.0.1, and switching must swap them.
"${PIP[@]}" install -q --force-reinstall --no-deps "${WHEEL_DIR}"/mmcv-*.whl
"${PIP[@]}" install -q "mmcv==${MMCV_VERSION}" "numpy<2" "opencv-python<4.12"
"${PIP[@]}" install -q "mmdet==3.1.0" "mmocr==1.0.1" "numpy<2" "opencv-python<4.12" "setuptools<81"

log "installing ocrrec_plugin (editable) and test tools"
"${PIP[@]}" install -q --no-build-isolation -e "${ROOT}[tests,deploy,benchmark]" "numpy<2" \
  "opencv-python<4.12" "opencv-python-headless<4.12"

log "installing fonts and corpora for synthetic data"
PYTHON_BIN="${VENV}/bin/python" bash "${ROOT}/tools/setup_synth_assets.sh"

"${VENV}/bin/python" -c "import mmcv.ops, mmocr.models, ocrrec_plugin; print('mmcv', mmcv.__version__)"
echo "${STAMP_KEY}" > "${STAMP}"
log "done: activate with 'source .venv/bin/activate'"
