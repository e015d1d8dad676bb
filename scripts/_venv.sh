# Sourced by the scripts: make .venv (Python 3.11+) and install a requirements file when it changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found $("$PYTHON" --version))" >&2; exit 1; }
  "$PYTHON" -m venv .venv
fi
install_requirements() {
  local file=$1 stamp=".venv/.installed-$(basename "$1")"
  local sum
  sum=$(cat "$file" requirements*.txt | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    .venv/bin/python -m pip install --disable-pip-version-check -q -r "$file"
    echo "$sum" > "$stamp"
  fi
}
