# Sourced by tools/dist_train.sh and tools/dist_test.sh (ROOT set): PYTHON
# becomes the environment's Python, the first found of $PYTHON, the
# activated virtualenv ($VIRTUAL_ENV), the repository's .venv
# (tools/setup_env.sh), python3, python.
if [ -z "${PYTHON:-}" ]; then
    for PYTHON in "${VIRTUAL_ENV:+$VIRTUAL_ENV/bin/python}" \
        "$ROOT/.venv/bin/python" "$(command -v python3)" "$(command -v python)"; do
        [ -n "$PYTHON" ] && [ -x "$PYTHON" ] && break
    done
    PYTHON=${PYTHON:-python}
fi
