# Sourced by the benchmark scripts: makes tools/bench/.venv (once) with the PyPI peers
# the benchmarks compare against, at fixed versions so that runs months apart compare
# the same peers, and sets $python to its interpreter.
venv="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.venv"
peers="tantivy==0.27.0 jieba==0.42.1 PyICU==2.17 datasketch==2.0.0"
installed() {
    "$venv/bin/python" - $peers <<'PY' 2>/dev/null
import importlib.metadata, sys
sys.exit(any(importlib.metadata.version(name) != version for name, version in (peer.split("==") for peer in sys.argv[1:])))
PY
}
if [ ! -x "$venv/bin/python" ] || ! installed; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q $peers >&2
fi
python="$venv/bin/python"
