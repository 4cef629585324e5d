"""The ``stepthrough`` console command the wheel installs: the engine's CLI this package carries, run
on the Node.js found as for the plugin (see _locate), with the same arguments, streams and exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import List, Optional

from ._locate import bundled_engine, find_node
from .errors import StepthroughSetupError


def command(argv: List[str]) -> List[str]:
    """The node command line for ``stepthrough <argv>``; raises StepthroughSetupError when it cannot run."""
    engine = bundled_engine()
    if engine is None:
        raise StepthroughSetupError(
            "this installation of pytest-stepthrough carries no engine (it was installed from a source "
            "checkout): install it from a wheel or sdist, or use the npm package (npm install -g stepthrough)."
        )
    return [find_node(), str(engine), *argv]


def main(argv: Optional[List[str]] = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    try:
        line = command(args)
    except StepthroughSetupError as error:
        print(f"stepthrough: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execv(line[0], line)  # the engine takes over this process: signals and stdio are its own
    raise SystemExit(subprocess.call(line))

