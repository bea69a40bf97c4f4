"""The corpus's quirks: reference behaviour that looks like a defect. Each test runs the
quirk's payload and checks the sensible outcome its ``quirk`` line describes (or, for the
two Go number renderings the spec keeps, that the reference behaviour is kept)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from thaiyyal import PluginSet, default_plugins

from .corpus import case_files, checker, load_case, require_corpus, run_case

Body = dict[str, Any]


def results(body: Body) -> dict[str, Any]:
    assert body["success"], body.get("details")
    out: dict[str, Any] = body["results"]["node_results"]
    return out


SENSIBLE: dict[str, Callable[[Body], None]] = {
    "001": lambda b: _eq(results(b)["switch"]["output_path"], "matched"),
    "002": lambda b: _eq(results(b)["switch"]["output_path"], "matched"),
    "003": lambda b: _eq(results(b)["switch"]["output_path"], "matched"),
    "004": lambda b: _eq(results(b)["reduce1"]["result"], 8),
    "005": lambda b: _eq(
        results(b)["format1"], "name,passed,score\nAlice,true,95\nCharlie,true,88\n"
    ),
    "006": lambda b: _eq(results(b)["get"]["found"], False),
    "007": lambda b: (_eq(results(b)["ok"], "ok"), _eq("bad" in results(b), False)),
    "008": lambda b: _eq(results(b)["tc"]["value"], -1),
    "009": lambda b: _eq(results(b)["p"], {"user": {"name": "Alice", "age": 30}}),
    "010": lambda b: _eq(results(b)["e"], None),
    "011": lambda b: _eq(results(b)["c"]["condition_met"], False),
    "014": lambda b: _eq(results(b)["foreach"]["iterations"], 100),
}
#: %v renderings of numbers that the spec keeps on purpose (nodes.md §1.9)
KEPT = {"012", "013"}


def _eq(actual: Any, expected: Any) -> None:
    assert actual == expected, f"expected {expected!r}, got {actual!r}"


@pytest.fixture(scope="module")
def plugins() -> PluginSet:
    return default_plugins()


def test_every_quirk_is_decided() -> None:
    require_corpus()
    names = {p.name[:3] for p in case_files("quirks")}
    assert names == set(SENSIBLE) | KEPT


@pytest.mark.parametrize("path", case_files("quirks"), ids=lambda p: p.name[:40])
def test_quirk(path: Any, plugins: PluginSet) -> None:
    case = load_case(path)
    body = run_case(case, plugins)
    key = path.name[:3]
    if key in KEPT:
        assert not checker().check_case(case, body)
        return
    assert checker().check_case(case, body), "a fixed quirk must differ from the reference"
    SENSIBLE[key](body)
