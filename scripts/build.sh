#!/usr/bin/env bash
# Set up and build the sample portal:
#   bash scripts/build.sh
# Creates the Python virtualenv .venv (requirements.txt) when needed, builds
# Vietnamese at output/ and English at output/en/, then says how to view it.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    echo "==> creating .venv"
    python3 -m venv .venv
fi
echo "==> installing Python requirements (requirements.txt)"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
echo "==> building the portal"
.venv/bin/invoke build
cat <<'MSG'

To view it: .venv/bin/invoke serve
then open http://127.0.0.1:8000/ (Vietnamese) or http://127.0.0.1:8000/en/ (English).
MSG
