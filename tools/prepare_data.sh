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
# The same receipts split by shop (receipts grouped by name and
# registration numbers; a fifth of the shops, about 38 receipts, held out):
# what the generalization suite and the end-to-end validation read, and
# what later stages train on, so that no validation shop is ever trained on.
if [[ -d "${SHARED}/sroie_train" && ! -f data/sroie_byshop/textrecog_val.json ]]; then
  log "converting SROIE split by shop"
  "${PY}" tools/dataset_converters/sroie_converter.py "${SHARED}/sroie_train" \
    data/sroie_byshop --split-by shop --val-percent 20
fi
if [[ -d "${SHARED}/sroie_train" && ! -f data/sroie_byshop_margin30/textrecog_train.json ]]; then
  log "cutting SROIE lines split by shop with margin 0.3"
  "${PY}" tools/dataset_converters/sroie_converter.py "${SHARED}/sroie_train" \
    data/sroie_byshop_margin30 --split-by shop --val-percent 20 \
    --tasks textrecog --crop-margin 0.3
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
"${PY}" tools/make_synth.py --num 1000 --seed 2 --max-chars 16 \
  --kinds zh_text --text-split heldout --font-split heldout \
  --format files --workers 1 --no-progress --if-changed \
  --out data/synth_zh_heldout
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
# Rendered in the held-out fonts (fonts.HELDOUT_FONTS) with seeds no
# training stage or other validation set uses. make_synth.py --if-changed
# renders a set again when its settings or the held-out fonts change.
render_heldout() {  # NAME NUM SEED MIN MAX "KIND..." TEXT_SPLIT [args]
  local name=$1 num=$2 seed=$3 lo=$4 hi=$5 kind=$6 split=$7
  shift 7
  "${PY}" tools/make_synth.py --num "${num}" --seed "${seed}" \
    --min-chars "${lo}" --max-chars "${hi}" --kinds ${kind} \
    --text-split "${split}" --font-split heldout --format files --workers 1 \
    --no-progress --if-changed --out "data/generalization/${name}" "$@"
}
# Held-out passages of the training corpora: mixed-case English, and long
# English and Chinese lines (40-120 characters) at their natural width.
render_heldout en_mixed_case 500 101 8 40 en_text heldout
render_heldout en_long 300 102 40 120 en_text heldout
render_heldout zh_long 300 103 40 120 zh_text heldout
# Text sources no training stage reads (datasets/synth/independent_text.py):
# Chinese reviews with the ASCII and full-width punctuation they were typed
# with, and English technical prose.
render_heldout zh_independent 500 104 8 40 zh_text independent
render_heldout en_independent 500 105 8 60 en_text independent
# Document lines: dark print on paper at a line height of 44 px, every other
# line binarised as a bilevel scanner does.
render_heldout doc_lines 400 106 10 60 "zh_text en_text" heldout --height 44 \
  --style document
# Scene words on curved and perspective baselines, coloured backgrounds.
render_heldout scene_words 400 107 3 14 en_words heldout --style scene
# Chinese licence plates at the 94x24 scale of real plate crops.
render_heldout plates 300 108 7 8 plate heldout
log "data ready under data/"
