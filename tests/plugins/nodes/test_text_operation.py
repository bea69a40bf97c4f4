from __future__ import annotations

import pytest

from ._util import feed, load_problems, run_nodes


@pytest.mark.parametrize(
    ("op", "text", "expected"),
    [
        ("uppercase", "hello ß", "HELLO ß"),
        ("lowercase", "HeLLo", "hello"),
        ("titlecase", "hello world from go", "Hello World From Go"),
        ("titlecase", "hello-world it's WILD", "Hello-World It's Wild"),
        ("camelcase", "hello world from go", "helloWorldFromGo"),
        ("camelcase", "  ", "  "),
        ("camelcase", "élan über alles", "élanÜberAlles"),
        ("inversecase", "HeLLo WoRLd", "hEllO wOrlD"),
    ],
)
def test_case_operations(op: str, text: str, expected: str) -> None:
    assert feed(text, {"type": "text_operation", "data": {"text_op": op}}).node_results["n"] == (
        expected
    )


def test_concat_joins_every_input_in_edge_order() -> None:
    nodes = [
        {"id": "a", "data": {"text": "x"}},
        {"id": "b", "data": {"text": "y"}},
        {"id": "c", "data": {"text_op": "concat", "separator": "-"}},
    ]
    assert run_nodes(nodes, [("b", "c"), ("a", "c")]).node_results["c"] == "y-x"
    nodes[1] = {"id": "b", "data": {"value": 1}}
    assert run_nodes(nodes, [("a", "c"), ("b", "c")]).errors == [
        "error executing node c: concat operation input 1 must be text/string"
    ]


def test_repeat() -> None:
    node = {"type": "text_operation", "data": {"text_op": "repeat", "repeat_n": 3}}
    assert feed("ab", node).node_results["n"] == "ababab"
    assert feed(1, node).errors == [
        "error executing node n: repeat operation input must be text/string"
    ]
    assert (
        feed(
            "ab", {"type": "text_operation", "data": {"text_op": "repeat", "repeat_n": 0}}
        ).node_results["n"]
        == ""
    )


def test_repeat_respects_the_string_limit() -> None:
    result = run_nodes(
        [
            {"id": "t", "data": {"text": "abc"}},
            {"id": "r", "data": {"text_op": "repeat", "repeat_n": 1000}},
        ],
        [("t", "r")],
        max_string_length=100,
    )
    assert result.errors == ["error executing node r: string too long: 3000 bytes (limit: 100)"]


def test_input_errors() -> None:
    assert feed(True, {"type": "text_operation", "data": {"text_op": "uppercase"}}).errors == [
        "error executing node n: text operation input must be text/string"
    ]
    assert run_nodes([{"id": "n", "data": {"text_op": "uppercase"}}]).errors == [
        "error executing node n: text operation needs at least 1 input"
    ]


def test_load_time_checks() -> None:
    assert "unknown text operation: trim" in load_problems(
        [{"id": "n", "data": {"text_op": "trim"}}]
    )
    assert "repeat operation requires repeat_n field" in load_problems(
        [{"id": "n", "data": {"text_op": "repeat"}}]
    )
    assert "repeat_n must be non-negative, got -1" in load_problems(
        [{"id": "n", "data": {"text_op": "repeat", "repeat_n": -1}}]
    )
    assert "expected an integer, got the number 2.0" in load_problems(
        [{"id": "n", "data": {"text_op": "repeat", "repeat_n": 2.0}}]
    )
