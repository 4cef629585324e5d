"""The README's example test file runs as written against the repository's examples/order."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def readme_example() -> str:
    text = (REPO / "python" / "README.md").read_text()
    match = re.search(r"## Example\n.*?```python\n(.*?)```", text, re.DOTALL)
    assert match, "the README has an example test file"
    return match.group(1)


def test_readme_example_passes(pytester: pytest.Pytester) -> None:
    shutil.copytree(REPO / "examples" / "order", pytester.path / "examples" / "order")
    (pytester.path / "tests").mkdir()
    (pytester.path / "tests" / "test_order.py").write_text(readme_example())
    result = pytester.runpytest_subprocess("-v", "tests", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=9)
