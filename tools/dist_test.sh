#!/usr/bin/env bash
# Usage: bash tools/dist_test.sh CONFIG CHECKPOINT GPUS [args of tools/test.py]
# GPUS: the number of processes (one per GPU; without CUDA, CPU processes
# on the gloo backend, see ocrrec_plugin/utils/dist.py).
CONFIG=$1
CHECKPOINT=$2; shift
GPUS=$2
NNODES=${NNODES:-1}
NODE_RANK=${NODE_RANK:-0}
PORT=${PORT:-29500}
MASTER_ADDR=${MASTER_ADDR:-"127.0.0.1"}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# The environment's Python, first found of: $PYTHON; the activated virtualenv
# ($VIRTUAL_ENV); the repository's .venv (tools/setup_env.sh); python3, python.
if [ -z "${PYTHON:-}" ]; then
    for PYTHON in "${VIRTUAL_ENV:+$VIRTUAL_ENV/bin/python}" \
        "$ROOT/.venv/bin/python" "$(command -v python3)" "$(command -v python)"; do
        [ -n "$PYTHON" ] && [ -x "$PYTHON" ] && break
    done
    PYTHON=${PYTHON:-python}
fi
PYTHONPATH="$ROOT:${PYTHONPATH:-}" \
"$PYTHON" -m torch.distributed.run \
    --nnodes=$NNODES --node_rank=$NODE_RANK --master_addr=$MASTER_ADDR \
    --nproc_per_node=$GPUS --master_port=$PORT \
    "$ROOT/tools/test.py" "$CONFIG" "$CHECKPOINT" --launcher pytorch "${@:3}"
