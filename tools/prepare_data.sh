#!/usr/bin/env bash
# Converts the labelled sets in ../shared/data (when present) into what the
# configs read under data/: SROIE line quads and crops with a fixed
# validation split, and fixed 10% validation splits of IIIT5K, SVT and LPR.
# Idempotent: a converted set is left alone.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${ROOT}"
PY="${ROOT}/.venv/bin/python"
SHARED="${OCRREC_SHARED_DATA:-../shared/data}"
log() { printf '[prepare_data] %s\n' "$*" >&2; }

if [[ ! -d "${SHARED}" ]]; then
  log "${SHARED} not found: nothing to convert (data tests will skip)"
  exit 0
fi
if [[ -d "${SHARED}/sroie_train" && ! -f data/sroie/textrecog_val.json ]]; then
  log "converting SROIE"
  "${PY}" tools/dataset_converters/sroie_converter.py "${SHARED}/sroie_train" data/sroie
fi
# The training lines again, cut with a margin that RandomLineMargin re-cuts
# at random (configs that train for any detector's outlines).
if [[ -d "${SHARED}/sroie_train" && ! -f data/sroie_margin30/textrecog_train.json ]]; then
  log "cutting SROIE lines with margin 0.3"
  "${PY}" tools/dataset_converters/sroie_converter.py "${SHARED}/sroie_train" \
    data/sroie_margin30 --tasks textrecog --crop-margin 0.3
fi
sets=()
for name in iiit5k svt lpr; do
  if [[ -d "${SHARED}/${name}_train" && ! -f "data/${name}/textrecog_val.json" ]]; then
    sets+=("${name}=${SHARED}/${name}_train")
  fi
done
if (( ${#sets[@]} )); then
  log "splitting ${sets[*]}"
  "${PY}" tools/dataset_converters/split_recog_labels.py "${sets[@]}"
fi
# The held-out synthetic Chinese set of the model zoo, as files: Chinese
# running text from held-out corpus passages in held-out fonts (the same
# lines as synth_zh_heldout_textrecog_val in the configs).
if [[ ! -f data/synth_zh_heldout/labels.json ]]; then
  log "rendering the held-out synthetic Chinese set"
  "${PY}" tools/make_synth.py --num 1000 --seed 2 --max-chars 16 \
    --kinds zh_text --text-split heldout --font-split heldout \
    --format files --workers 1 --no-progress --out data/synth_zh_heldout
fi
# The generalization suite (docs/benchmark.md): what no training stage reads.
# IIIT5K and SVT split by word, so no validation word is a training word
# (the configs' splits above are by image, and words recur across images).
gen_sets=()
for name in iiit5k svt; do
  if [[ -d "${SHARED}/${name}_train" && ! -f "data/byword/${name}/textrecog_val.json" ]]; then
    gen_sets+=("${name}=${SHARED}/${name}_train")
  fi
done
if (( ${#gen_sets[@]} )); then
  log "splitting ${gen_sets[*]} by word"
  "${PY}" tools/dataset_converters/split_recog_labels.py --by word \
    --out data/byword "${gen_sets[@]}"
fi
# Rendered in the held-out fonts from held-out passages, with seeds no
# training stage or other validation set uses: mixed-case English lines,
# and long English and Chinese lines (40-120 characters) that the 480-px
# configs squeeze.
render_heldout() {  # NAME NUM SEED MIN MAX KIND
  [[ -f "data/generalization/$1/labels.json" ]] && return
  log "rendering data/generalization/$1"
  "${PY}" tools/make_synth.py --num "$2" --seed "$3" --min-chars "$4" \
    --max-chars "$5" --kinds "$6" --text-split heldout --font-split heldout \
    --format files --workers 1 --no-progress --out "data/generalization/$1"
}
render_heldout en_mixed_case 500 101 8 40 en_text
render_heldout en_long 300 102 40 120 en_text
render_heldout zh_long 300 103 40 120 zh_text
log "data ready under data/"
