"""Every case of the conformance corpus whose node types are installed, run in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from thaiyyal import PluginSet, default_plugins

from .corpus import case_files, checker, load_case, node_types, require_corpus, run_case
from .deviations import DIFFERS, LOAD_TIME

CASES = case_files("workflows")


@pytest.fixture(scope="module")
def plugins() -> PluginSet:
    return default_plugins()


def test_corpus_present() -> None:
    require_corpus()
    assert len(CASES) > 500


def test_deviation_lists_name_real_cases() -> None:
    require_corpus()
    names = {p.name for p in CASES}
    assert not (set(LOAD_TIME) | set(DIFFERS)) - names
    assert not set(LOAD_TIME) & set(DIFFERS)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name[:60])
def test_case(path: Path, plugins: PluginSet) -> None:
    case = load_case(path)
    missing = node_types(case) - {r.type_name for r in plugins.node_types}
    if missing:
        pytest.skip(f"node types not installed: {', '.join(sorted(missing))}")
    body = run_case(case, plugins)
    name = path.name
    problems = checker().check_case(case, body)
    if name in LOAD_TIME:
        deviation = LOAD_TIME[name]
        expect = case["expect"]
        assert expect["success"] is False, "load-time deviations are for failing cases"
        assert body["success"] is False
        assert body["error"] == "Failed to create engine", body
        wanted = deviation.contains or expect["error_contains"]
        assert wanted in body["details"], body["details"]
        return
    if name in DIFFERS:
        deviation_check = DIFFERS[name]
        assert problems, f"{name} is listed as a deviation but matches the reference"
        if deviation_check.check is not None:
            problem = deviation_check.check(body)
            assert problem is None, problem
        return
    assert not problems, "; ".join(problems)
