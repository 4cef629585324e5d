"""pytest refuses what AWS would refuse, as every other surface does: the machines of the repository's
``test/rejected`` folder raise ``DefinitionError`` from ``sfn.execute`` with the diagnostics
``expected.json`` pins (the ones ``stepthrough validate`` prints), and a ``*.sfn-test.yaml`` case
against one is an ERROR, not a pass or a failure. ``validate=False`` runs such a machine anyway."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REJECTED = Path(__file__).resolve().parents[2] / "test" / "rejected"
EXPECTED = json.loads((REJECTED / "expected.json").read_text())


def test_sfn_execute_raises_with_the_diagnostics(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        import json
        from pathlib import Path

        import pytest
        from pytest_stepthrough import DefinitionError, StepthroughError

        REJECTED = Path({str(REJECTED)!r})
        EXPECTED = json.loads((REJECTED / "expected.json").read_text())

        @pytest.mark.parametrize("name", sorted(EXPECTED))
        def test_refused(sfn, name):
            with pytest.raises(DefinitionError) as info:
                sfn.execute(REJECTED / name, mocks={{}})
            error = info.value
            assert isinstance(error, StepthroughError)
            assert error.code == "E_INVALID_DEFINITION"
            got = [f"{{d['line']}}:{{d['column']}} {{d['code']}}" for d in error.diagnostics]
            assert got == EXPECTED[name]
            assert all(d["file"] == str(REJECTED / name) for d in error.diagnostics)
            first = error.diagnostics[0]
            assert f"{{first['file']}}:{{first['line']}}:{{first['column']}} {{first['code']}} {{first['message']}}" in str(error)

        def test_inline_definition_is_refused_too(sfn):
            definition = json.loads((REJECTED / "unknown-action.asl.json").read_text())
            with pytest.raises(DefinitionError) as info:
                sfn.execute(definition)
            assert [d["code"] for d in info.value.diagnostics] == ["ASL114"]
            assert info.value.diagnostics[0]["path"] == ["States", "Reserve", "Resource"]

        def test_validate_false_runs_it_anyway(sfn):
            result = sfn.execute(REJECTED / "unknown-action.asl.json", mocks={{"Reserve": {{"Return": 1}}}}, validate=False)
            assert result.status == "SUCCEEDED"
        """
    )
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=len(EXPECTED) + 2)


def test_a_yaml_case_against_a_rejected_machine_is_an_error(pytester: pytest.Pytester) -> None:
    machine = REJECTED / "field-typo.asl.json"
    pytester.makefile(
        ".sfn-test.yaml",
        order=f"stateMachine: {json.dumps(str(machine))}\ncases:\n  - name: would pass\n",
    )
    result = pytester.runpytest_subprocess("-v", "--junitxml=report.xml")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*AWS would reject the state machine (3 errors: ASL110, ASL102, ASL203)*"])
    for entry in EXPECTED["field-typo.asl.json"]:
        result.stdout.fnmatch_lines([f"*{machine}:{entry}*"])
    assert "<error" in (pytester.path / "report.xml").read_text()
