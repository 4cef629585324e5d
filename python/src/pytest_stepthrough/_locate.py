"""Finds the Stepthrough CLI: ``STEPTHROUGH_BIN`` (a command, or the CLI's ``.js`` entry run with
Node), else ``stepthrough`` on ``PATH``; explains what to install when Node or the CLI is missing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import List, Mapping, Optional

from .errors import StepthroughSetupError

JS_SUFFIXES = (".js", ".cjs", ".mjs")

INSTALL_CLI = (
    "Install the Stepthrough CLI (it needs Node.js 20 or later): in a checkout of the repository run\n"
    "  npm ci && npm run build\n"
    "then either `npm link` (puts `stepthrough` on PATH) or\n"
    "  export STEPTHROUGH_BIN=/path/to/stepthrough/dist/cli.js"
)

INSTALL_NODE = (
    "Install Node.js 20 or later (https://nodejs.org/, or e.g. `apt-get install nodejs`) "
    "and make sure `node` is on PATH."
)


def _node(env: Mapping[str, str], needed_for: str) -> str:
    node = shutil.which("node", path=env.get("PATH"))
    if node is None:
        raise StepthroughSetupError(
            f"Node.js was not found on PATH; it is needed to run {needed_for}.\n{INSTALL_NODE}"
        )
    return node


def _needs_node(path: Path) -> bool:
    """Whether a script starts with a `#!... node` line (npm's installed `stepthrough` does)."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(200)
    except OSError:
        return False
    return first.startswith(b"#!") and b"node" in first


def server_command(env: Optional[Mapping[str, str]] = None) -> List[str]:
    """The command line that starts ``stepthrough serve``.

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
                    "to use `stepthrough` from PATH.\n" + INSTALL_CLI
                )
            path = Path(resolved)
        if path.suffix in JS_SUFFIXES:
            return [_node(env, f"STEPTHROUGH_BIN ({configured})"), str(path), "serve"]
        if not os.access(str(path), os.X_OK):
            raise StepthroughSetupError(
                f"STEPTHROUGH_BIN names {str(path)!r}, which is not executable.\n"
                "Make it executable (chmod +x) or point STEPTHROUGH_BIN at the CLI's .js entry."
            )
        if _needs_node(path):
            _node(env, str(path))
        return [str(path), "serve"]
    found = shutil.which("stepthrough", path=env.get("PATH"))
    if found is None:
        raise StepthroughSetupError(
            "The Stepthrough CLI was not found: STEPTHROUGH_BIN is not set and `stepthrough` is not on PATH.\n"
            + INSTALL_CLI
        )
    if _needs_node(Path(found)):
        _node(env, f"the Stepthrough CLI ({found})")
    return [found, "serve"]
