#!/usr/bin/env bash
# Tests the pytest plugin (python/) as users install it: the wheel `npm run package` builds (it
# carries the engine) is pip-installed into a throwaway venv made from Debian's Python
# (--system-site-packages for pytest, no PyPI needed), and pytest runs python/tests against it with
# the engine the wheel carries. Exits with pytest's status.
#
# Needs: Node 20 with the repo's node_modules (npm ci), and
#   apt-get install python3-pytest python3-pytest-xdist python3-venv python3-setuptools python3-wheel python3-boto3
# Environment: PYTHON (default /usr/bin/python3); STEPTHROUGH_ARTIFACTS, a folder holding the wheel
# (npm test sets it after packaging once); without it the wheel is built here.
# Extra arguments go to pytest, e.g. scripts/test-python.sh -k handlers -x
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/stepthrough-python.XXXXXX")"
trap 'rm -rf "$work"' EXIT

missing=()
"$python" -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
"$python" -c 'import pytest' 2>/dev/null || missing+=(python3-pytest)
"$python" -c 'import xdist' 2>/dev/null || missing+=(python3-pytest-xdist)
"$python" -c 'import setuptools' 2>/dev/null || missing+=(python3-setuptools)
"$python" -c 'import wheel' 2>/dev/null || missing+=(python3-wheel)
"$python" -c 'import boto3' 2>/dev/null || missing+=(python3-boto3)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test-python: $python lacks ${missing[*]}." >&2
  echo "Install them with: apt-get install -y python3-pytest python3-pytest-xdist python3-venv python3-setuptools python3-wheel python3-boto3" >&2
  # CI (.ci/run) installs them and sets STEPTHROUGH_PYTHON_REQUIRED=1; elsewhere the suite is skipped, loudly.
  if [ "${STEPTHROUGH_PYTHON_REQUIRED:-0}" = "1" ]; then exit 2; fi
  echo "test-python: SKIPPED the pytest plugin's tests (set STEPTHROUGH_PYTHON_REQUIRED=1 to make this an error)." >&2
  exit 0
fi
command -v node >/dev/null || { echo "test-python: node (Node.js 20+) is not on PATH." >&2; exit 2; }

artifacts="${STEPTHROUGH_ARTIFACTS:-}"
if [ -z "$artifacts" ]; then
  artifacts="$work/artifacts"
  echo "test-python: building the wheel (npm run package --only python)"
  PYTHON="$python" node "$repo/scripts/package.mjs" --out "$artifacts" --only python
fi
wheels=("$artifacts"/pytest_stepthrough-*.whl)
[ -f "${wheels[0]}" ] || { echo "test-python: no wheel in $artifacts" >&2; exit 2; }

echo "test-python: installing ${wheels[0]##*/} into a venv ($("$python" --version))"
"$python" -m venv --system-site-packages "$work/venv"
"$work/venv/bin/pip" install --quiet --no-index "${wheels[0]}"

cd "$repo"
export PYTHONDONTWRITEBYTECODE=1
# The engine is the one the wheel carries: nothing points elsewhere.
unset STEPTHROUGH_BIN STEPTHROUGH_NODE
status=0
"$work/venv/bin/python" -m pytest -p no:cacheprovider "$repo/python/tests" "$@" || status=$?
exit "$status"
