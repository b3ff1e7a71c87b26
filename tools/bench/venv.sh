# Sourced by the benchmark scripts: makes tools/bench/.venv (once) with the PyPI peers
# the benchmarks compare against, and sets $python to its interpreter.
venv="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import tantivy, jieba, icu, datasketch" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q tantivy jieba PyICU datasketch >&2
fi
python="$venv/bin/python"
