from __future__ import annotations

from typing import Any

import pytest

from thaiyyal_nodes.parse import CSVError, detect, parse_cell, read_csv

from ._util import load_problems, run_nodes


def parse(text: str, input_type: str | None = "AUTO", **limits: Any) -> Any:
    data = {} if input_type is None else {"input_type": input_type}
    nodes = [
        {"id": "t", "type": "text_input", "data": {"text": text}},
        {"id": "p", "type": "parse", "data": data},
    ]
    result = run_nodes(nodes, [("t", "p")], **limits)
    return result.errors or result.node_results["p"]


def fails(text: str, input_type: str = "AUTO", **limits: Any) -> str:
    out = parse(text, input_type, **limits)
    assert isinstance(out, list) and len(out) == 1 and isinstance(out[0], str), out
    assert out[0].startswith("error executing node p: "), out
    return out[0].removeprefix("error executing node p: ")


# ------------------------------------------------------------------ input text


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        ({"type": "number", "data": {"value": 1e6}}, 1e6),  # "1e+06" parses back to the number
        ({"type": "number", "data": {"value": 42}}, 42.0),
        ({"type": "boolean_input", "data": {"boolean_value": True}}, True),
    ],
)
def test_non_text_inputs_are_turned_into_text_first(node: dict[str, Any], expected: Any) -> None:
    result = run_nodes(
        [{"id": "a", **node}, {"id": "p", "type": "parse", "data": {}}], [("a", "p")]
    )
    assert result.node_results["p"] == expected


def test_objects_are_read_back_from_their_json_text() -> None:
    nodes = [
        {"id": "a", "type": "number", "data": {"value": 1}},
        {"id": "j", "type": "join", "data": {}},
        {"id": "p", "type": "parse", "data": {}},
    ]
    result = run_nodes(nodes, [("a", "j"), ("j", "p")])
    assert result.node_results["p"] == {"count": 1.0, "strategy": "all", "values": [1.0]}


def test_the_text_of_an_object_input_is_bounded() -> None:
    # each to_array doubles the text while memory only grows by one small list
    nodes = [{"id": "n0", "type": "text_input", "data": {"text": "x" * 10}}]
    edges = []
    for i in range(1, 8):
        nodes.append({"id": f"n{i}", "type": "transform", "data": {"transform_type": "to_array"}})
        edges += [(f"n{i - 1}", f"n{i}"), (f"n{i - 1}", f"n{i}")]
    nodes.append({"id": "p", "type": "parse", "data": {}})
    edges.append(("n7", "p"))
    result = run_nodes(nodes, edges, max_string_length=1000)
    assert result.errors == [
        "error executing node p: parse node input too large: its JSON text exceeds 1000 bytes"
    ]


def test_no_input() -> None:
    assert run_nodes([{"id": "p", "type": "parse", "data": {}}]).errors == [
        "error executing node p: parse node requires input"
    ]


# ------------------------------------------------------------------ detection


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", "JSON"),
        ('{"a": 1}', "JSON"),
        ("[1, 2]", "JSON"),
        ("{not json}", "JSON"),  # not valid JSON, no other rule: JSON (and it fails there)
        ("[a]\n[b]", "JSON"),
        ("<a>1</a>", "XML"),
        ("{<x>}", "JSON"),
        ("a: 1\nb: 2", "YAML"),
        ("a:\nb: 2\nc: 3", "YAML"),
        ("a: 1\nb:2", "JSON"),  # only one line holds ": "
        ("a\tb\tc\n1\t2\t3", "TSV"),
        ("a,b\tc\td\n1", "TSV"),  # more tabs than commas on the first line
        ("a,b\n1,2", "CSV"),
        ("a\tb,c,d\n1", "CSV"),
        ("a,b", "JSON"),
        ("plain", "JSON"),
    ],
)
def test_auto_detection(text: str, kind: str) -> None:
    assert detect(text) == kind


# ------------------------------------------------------------------ JSON


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        (" false ", False),
        ("null", None),
        ("42", 42.0),
        ("1_000", 1000.0),
        ("0x1p3", 8.0),
        (".5", 0.5),
        ('{"a": 1, "b": [1, 2.5, "x", null, true]}', {"a": 1.0, "b": [1.0, 2.5, "x", None, True]}),
        ('{"a": 1} trailing text', {"a": 1.0}),
        ('"text"', "text"),
        ('{"big": 1e400, "huge": 1' + "0" * 400 + "}", {"big": "1e400", "huge": "1" + "0" * 400}),
        ('{"a": 1, "a": 2}', {"a": 2.0}),
    ],
)
def test_json(text: str, expected: Any) -> None:
    out = parse(text, "json")
    assert out == expected
    if isinstance(expected, float):
        assert type(out) is float


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "invalid JSON: EOF"),
        ("   ", "invalid JSON: EOF"),
        ("{bad", "invalid JSON: "),
        ("[1, 2", "invalid JSON: unexpected end of JSON input"),
        ("hello", "invalid JSON: invalid character 'h' looking for beginning of value"),
        ("[NaN]", "invalid JSON: "),
        ("NaN", "invalid JSON: NaN is not a finite number"),
        ("-Inf", "invalid JSON: -Inf is not a finite number"),
    ],
)
def test_json_errors(text: str, message: str) -> None:
    assert fails(text, "JSON").startswith(message)


def test_deeply_nested_json_is_refused_cleanly() -> None:
    text = "[" * 100_000 + "]" * 100_000
    message = fails(text, "JSON", max_string_length=0)
    assert "value too deeply nested" in message


# ------------------------------------------------------------------ cells


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", ""),
        ("  ", ""),
        (" 42 ", 42.0),
        ("true", True),
        ("True", "True"),
        ("null", None),
        ("1e5", 1e5),
        ("+3", 3.0),
        ("0x10", "0x10"),
        ("NaN", "NaN"),
        ("Nan", "Nan"),
        ("inf", "inf"),
        ("1e400", "1e400"),
        ('"quoted"', '"quoted"'),
        ("Alice", "Alice"),
        ("\x1ctext", "\x1ctext"),  # Go's TrimSpace does not trim file separators
    ],
)
def test_cells(cell: str, expected: Any) -> None:
    assert parse_cell(cell) == expected


# ------------------------------------------------------------------ CSV / TSV


def test_csv_is_an_ordinary_list_of_typed_objects() -> None:
    out = parse("name,age,active,score\nAlice,30,true,95.5\n Bob , null,false,", "CSV")
    assert out == [
        {"name": "Alice", "age": 30.0, "active": True, "score": 95.5},
        {"name": "Bob", "age": None, "active": False, "score": ""},
    ]
    assert type(out) is list


def test_csv_header_only_and_empty() -> None:
    assert parse("a,b,c", "CSV") == []
    assert parse("", "CSV") == []


def test_csv_quotes_and_multiline_fields() -> None:
    text = 'name,quote\n"Smith, J","He said ""hi"""\n"multi\nline",  "lead"\r\nx,y\n\n'
    assert parse(text, "CSV") == [
        {"name": "Smith, J", "quote": 'He said "hi"'},
        {"name": "multi\nline", "quote": "lead"},
        {"name": "x", "quote": "y"},
    ]


def test_csv_duplicate_headers_later_column_wins() -> None:
    assert parse("a,b,a\n1,2,3", "CSV") == [{"a": 3.0, "b": 2.0}]


def test_tsv() -> None:
    assert parse("product\tprice\niPhone\t999.99\niPad\t799.99", "TSV") == [
        {"product": "iPhone", "price": 999.99},
        {"product": "iPad", "price": 799.99},
    ]


def test_tsv_keeps_empty_cells() -> None:
    # thaiyyal: Go's reader trimmed the tab delimiter as leading white space, so any empty
    # TSV cell made the record one field short
    assert parse("a\tb\tc\n1\t\t3\n\t\t\nx\ty\t", "TSV") == [
        {"a": 1.0, "b": "", "c": 3.0},
        {"a": "", "b": "", "c": ""},
        {"a": "x", "b": "y", "c": ""},
    ]
    # blank lines around the text are dropped, white space inside the last row is kept
    assert parse("\n  \na,b\n1,2\n \n", "CSV") == [{"a": 1.0, "b": 2.0}]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,b\n1,2,3", "invalid CSV/TSV: record on line 2: wrong number of fields"),
        ("a,b\n1\n\n2,3", "invalid CSV/TSV: record on line 2: wrong number of fields"),
        (
            'a,b\n1,x"y',
            'invalid CSV/TSV: parse error on line 2, column 4: bare " in non-quoted-field',
        ),
        (
            'a,b\n1,"x"y',
            "invalid CSV/TSV: parse error on line 2, column 5: "
            'extraneous or missing " in quoted-field',
        ),
        ('a,b\n1,"open\nstill open', "invalid CSV/TSV: record on line 2; parse error on line 3"),
    ],
)
def test_csv_errors(text: str, message: str) -> None:
    assert fails(text, "CSV").startswith(message)


def test_csv_reader_matches_go_on_edge_cases() -> None:
    assert read_csv('a,"b",\n', ",") == [["a", "b", ""]]
    assert read_csv("   \n", ",") == [[""]]
    assert read_csv('"a\r\nb"', ",") == [["a\nb"]]
    with pytest.raises(CSVError):
        read_csv('"never closed', ",")


def test_csv_rows_are_bounded_while_parsing() -> None:
    text = "n\n" + "\n".join(str(i) for i in range(20))
    assert fails(text, "CSV", max_array_length=10) == (
        "node result validation failed: array too large: 20 elements (limit: 10)"
    )


# ------------------------------------------------------------------ YAML


def test_flat_yaml() -> None:
    text = (
        "# comment\nname: Bob\nage: 42\nurl: http://x:80\nempty:\nlist:\n  - a\n"
        '  nested: yes\nquoted: "hi"\nname: Again'
    )
    assert parse(text, "YAML") == {
        "name": "Again",
        "age": 42.0,
        "url": "http://x:80",
        "empty": "",
        "list": "",
        "nested": "yes",
        "quoted": '"hi"',
    }


def test_yaml_without_pairs_fails() -> None:
    assert fails("no colon separator here", "YAML") == "no valid YAML key-value pairs found"


# ------------------------------------------------------------------ XML


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<name>John</name>", {"name": "John"}),
        ("<price> 42 </price>", {"price": 42.0}),
        ("<empty/>", {"empty": ""}),
        ("<user><name>Alice</name><age>30</age></user>", {"user": {"name": "Alice", "age": 30.0}}),
        (
            "<list><item>1</item><item>two</item><other>x</other><item/></list>",
            {"list": {"item": [1.0, "two", ""], "other": "x"}},
        ),
        (
            '<user id="7" active="true">Ann</user>',
            {"user": {"@id": 7.0, "@active": True, "#text": "Ann"}},
        ),
        ("<a>x<b>y</b>z</a>", {"a": {"b": "y", "#text": "xz"}}),
        ("<a>\n  <b>1</b>\n</a>", {"a": {"b": 1.0}}),
        ('<?xml version="1.0"?><!-- c --><r>&lt;&amp;&#65;</r>', {"r": "<&A"}),
        ('<x:r xmlns:x="urn:x" x:k="v"><x:c>1</x:c></x:r>', {"r": {"@k": "v", "c": 1.0}}),
        ("<r><![CDATA[<raw>]]></r>", {"r": "<raw>"}),
        ("<first>1</first><second>2</second>", {"first": 1.0}),
        ('<!DOCTYPE r><r a="1"/>', {"r": {"@a": 1.0}}),
    ],
)
def test_xml_mapping(text: str, expected: Any) -> None:
    assert parse(text, "XML") == expected


def test_xml_is_detected() -> None:
    assert parse("<root>test</root>") == {"root": "test"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<unclosed>", "invalid XML: "),
        ("<a></b>", "invalid XML: mismatched tag"),
        ("not xml at all", "invalid XML: "),
        ("<a>&undefined;</a>", "invalid XML: undefined entity"),
    ],
)
def test_xml_errors(text: str, message: str) -> None:
    assert fails(text, "XML").startswith(message)


def test_entity_expansion_payloads_fail_cleanly() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
            for i in range(1, 10)
        )
        + "]><lolz>&lol9;</lolz>"
    )
    assert fails(bomb, "XML") == "invalid XML: entity declarations are not allowed (lol)"
    external = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY ext SYSTEM "file:///etc/passwd">]><r>&ext;</r>'
    )
    assert fails(external, "XML").startswith("invalid XML: entity declarations are not allowed")


def test_xml_nesting_is_bounded_while_parsing() -> None:
    text = "<a>" * 50 + "x" + "</a>" * 50
    assert fails(text, "XML", max_context_depth=32) == (
        "node result validation failed: value too deeply nested: more than 32 levels (limit: 32)"
    )
    deep = "<a>" * 20_000 + "</a>" * 20_000
    message = fails(deep, "XML", max_context_depth=0)
    assert "too deeply nested" in message


# ------------------------------------------------------------------ config


def test_input_type_is_case_insensitive_and_checked_at_load() -> None:
    assert parse("a,b\n1,2", "csv") == [{"a": 1.0, "b": 2.0}]
    message = load_problems([{"id": "p", "type": "parse", "data": {"input_type": "invalid"}}])
    assert "unsupported input type: INVALID (supported: AUTO, JSON, CSV, TSV, YAML, XML)" in message
    assert "input_type" in message


def test_format_key_of_the_docs_is_ignored() -> None:
    nodes = [
        {"id": "t", "type": "text_input", "data": {"text": "a: 1\nb: 2"}},
        {"id": "p", "type": "parse", "data": {"format": "CSV"}},
    ]
    assert run_nodes(nodes, [("t", "p")]).node_results["p"] == {"a": 1.0, "b": 2.0}
    assert parse("true", None) is True
