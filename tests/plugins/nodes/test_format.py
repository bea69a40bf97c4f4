from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiyyal import Engine, EngineConfig, NodeContext, NodeType, node_config
from thaiyyal_nodes.format import csv_cell, csv_field, format_csv
from thaiyyal_nodes.parse import read_csv

from ...helpers import plugin_set
from ._util import load_problems, run_nodes


def fmt(json_text: str | None, raw: Any = None, **data: Any) -> Any:
    """Format the value parsed from ``json_text`` (or the text ``raw`` itself)."""
    limits = data.pop("limits", {})
    if json_text is None:
        nodes = [{"id": "t", "type": "text_input", "data": {"text": raw}}]
        edges = [("t", "f")]
    else:
        nodes = [
            {"id": "t", "type": "text_input", "data": {"text": json_text}},
            {"id": "p", "type": "parse", "data": {"input_type": "JSON"}},
        ]
        edges = [("t", "p"), ("p", "f")]
    nodes.append({"id": "f", "type": "format", "data": data})
    result = run_nodes(nodes, edges, **limits)
    return result.errors or result.node_results["f"]


# ------------------------------------------------------------------ JSON


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"name": "John", "age": 30.0}', '{"age":30,"name":"John"}'),
        (
            "[1.0, 2.5, 1e21, 1e-7, 100000000000000000000]",
            "[1,2.5,1e+21,1e-7,100000000000000000000]",
        ),
        ('"<b>&</b>"', '"\\u003cb\\u003e\\u0026\\u003c/b\\u003e"'),
        ("null", "null"),
        ('{"é": "ü", "a": "\\u2028"}', '{"a":"\\u2028","é":"ü"}'),
    ],
)
def test_json_compact(text: str, expected: str) -> None:
    assert fmt(text, output_type="JSON") == expected


def test_json_of_text_and_case_insensitive_type() -> None:
    assert fmt(None, "hello world", output_type="json") == '"hello world"'


def test_json_pretty() -> None:
    assert fmt('[{"id": 1.0, "t": []}, {}]', output_type="JSON", pretty_print=True) == (
        '[\n  {\n    "id": 1,\n    "t": []\n  },\n  {}\n]'
    )


def test_json_keeps_array_node_wrappers() -> None:
    plugins = plugin_set(Rows, builtin=["node-format"])
    body = {
        "nodes": [
            {"id": "r", "type": "rows", "data": {}},
            {"id": "f", "type": "format", "data": {"output_type": "JSON"}},
        ],
        "edges": [{"source": "r", "target": "f"}],
    }
    result = Engine(EngineConfig(), plugins=plugins).run_sync(body)
    assert result.node_results["f"] == '{"count":2,"rows":[{"a":1},{"b":"x"}]}'


def many_strings(output_type: str) -> Any:
    """Format ten 50-character strings (each within a 100-byte limit, together not)."""
    nodes: list[dict[str, Any]] = []
    edges: list[tuple[str, str]] = []
    for i in range(10):
        nodes.append({"id": f"s{i}", "type": "text_input", "data": {"text": "x" * 50}})
        if output_type == "JSON":
            edges.append((f"s{i}", "all"))
        else:  # CSV needs objects: a split result per string
            nodes.append({"id": f"o{i}", "type": "split", "data": {"paths": ["p"]}})
            edges += [(f"s{i}", f"o{i}"), (f"o{i}", "all")]
    nodes.append({"id": "all", "type": "transform", "data": {"transform_type": "to_array"}})
    nodes.append({"id": "f", "type": "format", "data": {"output_type": output_type}})
    edges.append(("all", "f"))
    return run_nodes(nodes, edges, max_string_length=100).errors


def test_json_output_is_bounded_while_built() -> None:
    assert many_strings("JSON") == [
        "error executing node f: node result validation failed: "
        "string too long: more than 100 bytes (limit: 100)"
    ]


# ------------------------------------------------------------------ CSV / TSV


def test_csv_with_headers() -> None:
    text = '[{"name": "Alice", "age": 30.0}, {"name": "Bob", "city": "LA"}]'
    assert fmt(text, output_type="CSV") == "age,city,name\n30,,Alice\n,LA,Bob\n"
    assert fmt(text, output_type="CSV", include_headers=False) == "30,,Alice\n,LA,Bob\n"


def test_csv_single_object_and_empty_array() -> None:
    assert fmt('{"b": true, "a": null}', output_type="CSV") == "a,b\n,true\n"
    assert fmt("[]", output_type="CSV") == ""


def test_tsv_ignores_the_delimiter() -> None:
    text = '[{"a": "x y", "b": "t\\tab"}]'
    assert fmt(text, output_type="TSV", delimiter=";") == 'a\tb\nx y\t"t\tab"\n'


def test_custom_delimiter_uses_its_first_byte() -> None:
    assert fmt('[{"a": 1, "b": "x;y"}]', output_type="CSV", delimiter=";;") == 'a;b\n1;"x;y"\n'
    assert fmt('[{"a": 1, "b": 2}]', output_type="CSV", delimiter="") == "a,b\n1,2\n"
    # "é" is the bytes C3 A9: only C3 counts, as the character U+00C3
    assert fmt('[{"a": 1, "b": 2}]', output_type="CSV", delimiter="é") == "a\u00c3b\n1\u00c32\n"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, ""),
        ("text", "text"),
        (30.0, "30"),
        (-0.0, "0"),
        (0.5, "0.5"),
        (1e18, "1000000000000000000"),
        (1e20, "1e+20"),
        (9.3e18, "9.3e+18"),
        (1.5e-7, "1.5e-07"),
        (3, "3"),
        (True, "true"),
        ([1.0, "a"], '[1,"a"]'),
        ({"k": "<v>"}, '{"k":"\\u003cv\\u003e"}'),
    ],
)
def test_cells(value: Any, cell: str) -> None:
    assert csv_cell(value) == cell


@pytest.mark.parametrize(
    ("field", "written"),
    [
        ("", ""),
        ("plain", "plain"),
        ("a,b", '"a,b"'),
        ('say "hi"', '"say ""hi"""'),
        ("two\nlines", '"two\nlines"'),
        ("cr\rhere", '"cr\rhere"'),
        (" lead", '" lead"'),
        ("\u00a0nbsp", '"\u00a0nbsp"'),
        ("trail ", "trail "),
        ("\\.", '"\\."'),
        ("\\.x", "\\.x"),
    ],
)
def test_field_quoting(field: str, written: str) -> None:
    assert csv_field(field, ",") == written


def test_csv_errors() -> None:
    assert fmt('["a", "b"]', output_type="CSV") == [
        "error executing node f: "
        "CSV formatting requires array of objects, got array element of type string"
    ]
    assert fmt(None, "just text", output_type="CSV") == [
        "error executing node f: "
        "CSV formatting requires array of objects or single object, got string"
    ]
    assert fmt("[[1]]", output_type="TSV") == [
        "error executing node f: CSV formatting requires array of objects, "
        "got array element of type []interface {}"
    ]


def test_csv_output_is_bounded_while_built() -> None:
    assert many_strings("CSV") == [
        "error executing node f: node result validation failed: "
        "string too long: more than 100 bytes (limit: 100)"
    ]
    with pytest.raises(Exception, match="longer than 10"):
        format_csv([{"a": "x" * 20}], ",", True, 10)


@node_config
class NoConfig:
    pass


class Rows(NodeType[NoConfig]):
    """A stand-in array node whose result wraps its rows under ``rows``."""

    type_name = "rows"
    category = "array"
    array_key = "rows"
    Config = NoConfig

    def run(self, config: NoConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        return {"rows": [{"a": 1}, {"b": "x"}], "count": 2}


def test_csv_unwraps_array_node_results() -> None:
    plugins = plugin_set(Rows, builtin=["node-format"])
    body = {
        "nodes": [
            {"id": "r", "type": "rows", "data": {}},
            {"id": "f", "type": "format", "data": {"output_type": "CSV"}},
        ],
        "edges": [{"source": "r", "target": "f"}],
    }
    result = Engine(EngineConfig(), plugins=plugins).run_sync(body)
    assert result.node_results["f"] == "a,b\n1,\n,x\n"


# ------------------------------------------------------------------ config


def test_no_input() -> None:
    assert run_nodes([{"id": "f", "type": "format", "data": {"output_type": "JSON"}}]).errors == [
        "error executing node f: format node requires input"
    ]


def test_load_time_checks() -> None:
    assert "missing required field: output_type" in load_problems(
        [{"id": "f", "type": "format", "data": {}}]
    )
    message = load_problems([{"id": "f", "type": "format", "data": {"output_type": "xml"}}])
    assert "unsupported output type: XML (supported: JSON, CSV, TSV)" in message
    message = load_problems(
        [{"id": "f", "type": "format", "data": {"output_type": "CSV", "delimiter": '"'}}]
    )
    assert "failed to write CSV headers: csv: invalid field or comment delimiter" in message
    assert "delimiter" in message
    message = load_problems(
        [
            {
                "id": "f",
                "type": "format",
                "data": {"output_type": "CSV", "delimiter": "\n", "include_headers": False},
            }
        ]
    )
    assert "failed to write CSV row: csv: invalid field or comment delimiter" in message
    # the delimiter only matters for CSV
    assert run_nodes(
        [
            {"id": "t", "type": "text_input", "data": {"text": "x"}},
            {"id": "f", "type": "format", "data": {"output_type": "TSV", "delimiter": '"'}},
        ],
        [("t", "f")],
    ).errors == [
        "error executing node f: "
        "CSV formatting requires array of objects or single object, got string"
    ]


def test_round_trip_through_parse() -> None:
    nodes = [
        {
            "id": "t",
            "type": "text_input",
            "data": {"text": '[{"name": "Alice, A.", "age": 30}, {"name": "Bob", "age": 25.5}]'},
        },
        {"id": "p", "type": "parse", "data": {"input_type": "JSON"}},
        {"id": "f", "type": "format", "data": {"output_type": "CSV"}},
        {"id": "q", "type": "parse", "data": {"input_type": "CSV"}},
    ]
    result = run_nodes(nodes, [("t", "p"), ("p", "f"), ("f", "q")])
    assert result.node_results["q"] == result.node_results["p"]


@given(
    st.integers(min_value=2, max_value=4).flatmap(
        lambda width: st.lists(
            st.lists(
                st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r")),
                min_size=width,
                max_size=width,
            ),
            max_size=5,
        )
    ),
    st.sampled_from([",", "\t", ";", "\u00c3"]),
)
def test_written_csv_reads_back_exactly(rows: list[list[str]], delimiter: str) -> None:
    text = "".join(delimiter.join(csv_field(f, delimiter) for f in row) + "\n" for row in rows)
    assert read_csv(text, delimiter) == rows
