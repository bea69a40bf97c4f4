"""``switch`` (nodes.md §3.6): first match, the default case, routing by ``output_path``,
the reference's load-time case rules, syntax and run-time errors, node references."""

from __future__ import annotations

from typing import Any

import pytest

from thaiyyal.converter import structure
from thaiyyal_nodes.switch import Switch

from .control_support import const, error_on, load_error, n, result_on, run

GRADES: list[dict[str, Any]] = [
    {"when": "input >= 90", "output_path": "a"},
    {"when": ">= 80", "output_path": "b"},
    {"when": "input.missing == null && input >= 70", "output_path": "c"},
    {"when": "anything at all ((", "output_path": "", "is_default": True},
]


def switch(cases: list[Any]) -> dict[str, Any]:
    return {"cases": cases}


@pytest.mark.parametrize(
    ("score", "path", "index", "case"),
    [
        (95, "a", 0, "input >= 90"),
        (90, "a", 0, "input >= 90"),
        (85, "b", 1, ">= 80"),
        (70, "c", 2, "input.missing == null && input >= 70"),
    ],
)
def test_first_matching_case_wins(score: float, path: str, index: int, case: str) -> None:
    assert result_on("switch", switch(GRADES), score) == {
        "value": float(score),
        "matched": True,
        "case": case,
        "output_path": path,
        "case_index": index,
    }


def test_default_case_and_its_output_path() -> None:
    # the default's ``when`` is never parsed or evaluated
    result = result_on("switch", switch(GRADES), 10)
    assert result == {
        "value": 10.0,
        "matched": False,
        "case": "default",
        "output_path": "default",
        "case_index": 3,
    }
    cases = [GRADES[0], {"output_path": "fallback", "is_default": True}]
    assert result_on("switch", switch(cases), 1)["output_path"] == "fallback"


def test_case_index_is_an_integer() -> None:
    assert type(result_on("switch", switch(GRADES), 85)["case_index"]) is int


def test_routes_by_output_path() -> None:
    nodes = [
        const("x", 85),
        n("s", "switch", cases=GRADES),
        const("to_a", "A"),
        const("to_b", "B"),
        const("to_default", "F"),
        const("true_edge", "never"),
        const("always", "runs"),
    ]
    edges = [
        ("x", "s"),
        ("s", "to_a", "a"),
        ("s", "to_b", "b"),
        ("s", "to_default", "default"),
        ("s", "true_edge", "true"),
        ("s", "always"),
    ]
    result = run(nodes, edges)
    assert result.node_results["to_b"] == "B"
    assert result.node_results["always"] == "runs"
    assert set(result.skipped) == {"to_a", "to_default", "true_edge"}


def test_case_keys_match_case_insensitively() -> None:
    cases = [{"When": "input == 1", "Output_Path": "one"}, {"IS_DEFAULT": True}]
    assert result_on("switch", switch(cases), 1)["output_path"] == "one"


@pytest.mark.parametrize(
    ("cases", "message"),
    [
        ([], "field cases: missing required field: cases"),
        (
            [{"is_default": True}, {"is_default": True}],
            "field cases[0].is_default: default case must be the last case in the array "
            "(found at index 0, but last index is 1)",
        ),
        (
            [{"is_default": True}, {"when": "true", "output_path": "x"}],
            "default case must be the last case in the array (found at index 0, but last "
            "index is 1)",
        ),
        (
            [{"when": "true"}, {"is_default": True}],
            "field cases[0].output_path: case at index 0 must have output_path "
            "(non-default cases require output_path)",
        ),
        (
            [{"when": "true", "output_path": "x"}],
            "field cases: switch node must have exactly one default case (found 0)",
        ),
    ],
)
def test_reference_case_rules_are_load_time_errors(
    cases: list[dict[str, Any]], message: str
) -> None:
    error = load_error([const("x", 1), n("s", "switch", cases=cases)], [("x", "s")])
    assert error.startswith("invalid config for node s (type switch): ")
    assert message in error


def test_missing_cases_is_a_parse_error() -> None:
    assert "missing required field: cases" in load_error([n("s", "switch")])


def test_a_syntax_error_in_a_when_names_the_case_and_column() -> None:
    cases = [{"when": "input >= 1", "output_path": "a"}, {"when": "input >", "output_path": "b"}]
    error = load_error([n("s", "switch", cases=[*cases, {"is_default": True}])])
    assert error == (
        "invalid config for node s (type switch): field cases[1].when: "
        "unexpected end of expression at column 8"
    )


def test_an_empty_when_on_a_non_default_case_is_a_load_time_error() -> None:
    error = load_error([n("s", "switch", cases=[{"output_path": "a"}, {"is_default": True}])])
    assert "field cases[0].when: empty expression at column 1" in error


def test_no_input_fails() -> None:
    result = run([n("s", "switch", cases=GRADES)])
    assert result.errors == ["error executing node s: switch node requires at least one input"]


def test_a_run_time_evaluation_error_fails_the_node() -> None:
    cases = [{"when": "10 / input > 1", "output_path": "a"}, {"is_default": True}]
    assert error_on("switch", switch(cases), 0) == (
        "error executing node n: switch case at index 0: evaluation failed: division by zero"
    )


def test_when_can_read_node_results_and_variables() -> None:
    cases: list[dict[str, Any]] = [
        {"when": "input > node.limit", "output_path": "over"},
        {"when": "variables.flag", "output_path": "flag"},
        {"is_default": True},
    ]
    nodes = [const("limit", 5), const("x", 3), n("s", "switch", cases=cases)]
    assert run(nodes, [("x", "s")]).node_results["s"]["output_path"] == "default"
    error = load_error([const("x", 3), n("s", "switch", cases=[{**cases[0]}, cases[2]])])
    assert "field cases[0].when reads node.limit, which is not a node of this workflow" in error


def test_declares_state_and_references_of_evaluated_cases_only() -> None:
    node = Switch()
    config = structure(
        {
            "cases": [
                {"when": "node.a > 1", "output_path": "x"},
                {"when": "variables.v", "output_path": "y"},
                {"when": "node.never && variables.never", "is_default": True},
            ]
        },
        Switch.Config,
    )
    assert list(node.node_references(config)) == [("cases[0].when", "a")]
    assert node.is_stateful(config) is True
    pure = structure(
        {"cases": [{"when": "input > 1", "output_path": "x"}, {"is_default": True}]},
        Switch.Config,
    )
    assert node.is_stateful(pure) is False
