"""``*.sfn-test.yaml`` files as pytest items: one per case, failures with the engine's message and
the path taken, skips, -k and -x, JUnit XML, files with problems as collection errors."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

SUITE = """\
stateMachine: ./order.asl.json
mocks:
  Reserve: { return: { StatusCode: 200, Payload: { reserved: true } } }
  Charge: { return: { id: ch-1 } }
cases:
  - name: ships
    input: { sku: book, qty: 1 }
    expect:
      status: SUCCEEDED
      output: { status: SHIPPED, sku: book, chargeId: ch-1 }
  - name: rejects empty orders
    input: { sku: book, qty: 0 }
    expect: { status: FAILED, error: Order.Invalid }
  - name: wrong charge id
    input: { sku: book, qty: 1 }
    expect:
      output: { status: SHIPPED, sku: book, chargeId: ch-2 }
  - name: not yet
    skip: true
    input: {}
  - name: reserve alone
    state: Reserve
    input: { sku: pen }
    expect: { status: SUCCEEDED, nextState: Charge }
"""


def test_cases_become_items(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makefile(".sfn-test.yaml", order=SUITE)
    result = pytester.runpytest_subprocess("-v", "--junitxml=report.xml")
    result.assert_outcomes(passed=3, failed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*order.sfn-test.yaml::ships PASSED*",
            "*order.sfn-test.yaml::rejects empty orders PASSED*",
            "*order.sfn-test.yaml::wrong charge id FAILED*",
            "*order.sfn-test.yaml::not yet SKIPPED*",
            "*order.sfn-test.yaml::reserve alone PASSED*",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "output differs at $.chargeId: expected \"ch-2\", got \"ch-1\"*",
            "*- expected \"ch-2\"*",
            "*+ actual   \"ch-1\"*",
            "*path taken: Validate -> Reserve -> Charge -> Done*",
        ]
    )
    report = ElementTree.parse(str(project / "report.xml")).getroot()
    cases = {case.get("name"): case for case in report.iter("testcase")}
    assert set(cases) == {"ships", "rejects empty orders", "wrong charge id", "not yet", "reserve alone"}
    failure = cases["wrong charge id"].find("failure")
    assert failure is not None
    assert "expected \"ch-2\", got \"ch-1\"" in (failure.text or "")
    assert cases["not yet"].find("skipped") is not None


def test_keyword_selection_and_exit_first(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makefile(".sfn-test.yaml", order=SUITE)
    selected = pytester.runpytest_subprocess("-v", "-k", "ships or alone")
    selected.assert_outcomes(passed=2, deselected=3)
    stopped = pytester.runpytest_subprocess("-x", "-k", "not ships")
    stopped.assert_outcomes(passed=1, failed=1)


def test_yml_and_json_test_files_and_the_opt_out(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makefile(".sfn-test.yml", a="stateMachine: ./order.asl.json\ncases:\n  - name: empty\n    input: {qty: 0}\n    expect: {status: FAILED}\n")
    pytester.makefile(
        ".sfn-test.json",
        b='{"stateMachine": "./order.asl.json", "cases": [{"name": "json case", "input": {"qty": -1}, "expect": {"error": "Order.Invalid"}}]}',
    )
    pytester.runpytest_subprocess().assert_outcomes(passed=2)
    pytester.makeini("[pytest]\nsfn_collect_test_files = false\n")
    result = pytester.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_a_file_with_problems_is_a_collection_error(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makefile(
        ".sfn-test.yaml",
        broken="stateMachine: ./order.asl.json\ncases:\n  - name: typo\n    mocks: { Reserv: { return: 1 } }\n",
    )
    result = pytester.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        ["*ERROR collecting broken.sfn-test.yaml*", "*the test file has problems:*", "*broken.sfn-test.yaml:4:*Reserv*"]
    )
