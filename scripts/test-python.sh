#!/usr/bin/env bash
# Tests the pytest plugin (python/): installs it with pip into a throwaway venv made from Debian's
# Python (--system-site-packages, --no-build-isolation: no PyPI needed), bundles the CLI so the
# plugin can start `stepthrough serve`, and runs pytest on python/tests. Exits with pytest's status.
#
# Needs: Node 20 with the repo's node_modules (npm ci), and
#   apt-get install python3-pytest python3-venv python3-setuptools python3-wheel python3-boto3
# Environment: PYTHON (default /usr/bin/python3), STEPTHROUGH_BIN (default: a fresh bundle of the CLI).
# Extra arguments go to pytest, e.g. scripts/test-python.sh -k handlers -x
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/stepthrough-python.XXXXXX")"
trap 'rm -rf "$work"' EXIT

missing=()
"$python" -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
"$python" -c 'import pytest' 2>/dev/null || missing+=(python3-pytest)
"$python" -c 'import setuptools' 2>/dev/null || missing+=(python3-setuptools)
"$python" -c 'import wheel' 2>/dev/null || missing+=(python3-wheel)
"$python" -c 'import boto3' 2>/dev/null || missing+=(python3-boto3)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test-python: $python lacks ${missing[*]}." >&2
  echo "Install them with: apt-get install -y python3-pytest python3-venv python3-setuptools python3-wheel python3-boto3" >&2
  # CI (.ci/run) installs them and sets STEPTHROUGH_PYTHON_REQUIRED=1; elsewhere the suite is skipped, loudly.
  if [ "${STEPTHROUGH_PYTHON_REQUIRED:-0}" = "1" ]; then exit 2; fi
  echo "test-python: SKIPPED the pytest plugin's tests (set STEPTHROUGH_PYTHON_REQUIRED=1 to make this an error)." >&2
  exit 0
fi
command -v node >/dev/null || { echo "test-python: node (Node.js 20+) is not on PATH." >&2; exit 2; }

echo "test-python: installing python/ into a venv ($("$python" --version))"
cp -R "$repo/python" "$work/package"
rm -rf "$work/package/build" "$work/package"/src/*.egg-info
"$python" -m venv --system-site-packages "$work/venv"
"$work/venv/bin/pip" install --quiet --no-index --no-build-isolation "$work/package"

if [ -z "${STEPTHROUGH_BIN:-}" ]; then
  esbuild="$repo/node_modules/.bin/esbuild"
  [ -x "$esbuild" ] || { echo "test-python: $esbuild is missing; run npm ci first." >&2; exit 2; }
  bundle() {
    (cd "$repo" && "$esbuild" "$1" --bundle --platform=node --target=node20 --format=cjs \
      --main-fields=module,main --external:@cdktf/hcl2json --log-level=warning --outfile="$work/stepthrough.js")
  }
  bundle cli/main.ts
  if ! node "$work/stepthrough.js" help serve 2>/dev/null | grep -q 'stepthrough serve'; then
    # cli/main.ts does not list `serve` yet: use the command's own entry.
    bundle cli/serve-main.ts
  fi
  export STEPTHROUGH_BIN="$work/stepthrough.js"
fi
echo "test-python: STEPTHROUGH_BIN=$STEPTHROUGH_BIN"

cd "$repo"
export PYTHONDONTWRITEBYTECODE=1
status=0
"$work/venv/bin/python" -m pytest -p no:cacheprovider "$repo/python/tests" "$@" || status=$?
exit "$status"
