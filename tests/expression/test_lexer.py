"""The lexer: token kinds, segment names after '.', strings, numbers, bad characters."""

from __future__ import annotations

import pytest

from thaiyyal.expression import ExpressionSyntaxError
from thaiyyal.expression.lexer import EOF, NAME, NUMBER, SEGMENT, STRING, Token, tokenize


def kinds(source: str) -> list[tuple[str, str]]:
    return [(token.kind, token.text) for token in tokenize(source)][:-1]


def test_mixed_expression() -> None:
    assert kinds("item.age >= 18 && !x") == [
        (NAME, "item"),
        (".", "."),
        (SEGMENT, "age"),
        (">=", ">="),
        (NUMBER, "18"),
        ("&&", "&&"),
        ("!", "!"),
        (NAME, "x"),
    ]


def test_positions_and_end_token() -> None:
    tokens = tokenize("  a +\tb")
    assert [token.position for token in tokens] == [2, 4, 6, 7]
    assert tokens[-1].kind == EOF


@pytest.mark.parametrize(
    ("source", "segment"),
    [
        ("node.threshold-node.value", "threshold-node"),
        ("item.zip-code", "zip-code"),
        ("variables.x-1", "x-1"),
        ("item.0", "0"),
        ("item. a", "a"),
        ("(x).5", "5"),
    ],
)
def test_segment_names_after_a_dot(source: str, segment: str) -> None:
    assert (SEGMENT, segment) in kinds(source)


def test_minus_outside_a_segment_is_an_operator() -> None:
    assert kinds("variables.x - 1")[-2:] == [("-", "-"), (NUMBER, "1")]
    assert kinds("a-b") == [(NAME, "a"), ("-", "-"), (NAME, "b")]


@pytest.mark.parametrize(
    ("source", "value"),
    [("5", 5.0), ("5.", 5.0), (".5", 0.5), ("1e3", 1000.0), ("2.5E-3", 0.0025), ("007", 7.0)],
)
def test_numbers_are_floats(source: str, value: float) -> None:
    (token,) = tokenize(source)[:-1]
    assert token.kind == NUMBER
    assert token.value == value
    assert isinstance(token.value, float)


def test_dot_after_an_operator_starts_a_number() -> None:
    assert kinds("1 + .5") == [(NUMBER, "1"), ("+", "+"), (NUMBER, ".5")]


def test_number_out_of_range() -> None:
    with pytest.raises(ExpressionSyntaxError, match=r"number out of range: 1e400 at column 3"):
        tokenize("1 1e400")


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("'plain'", "plain"),
        ('"double"', "double"),
        (r"'it\'s'", "it's"),
        (r'"say \"hi\""', 'say "hi"'),
        (r"'back\\slash'", "back\\slash"),
        (r"'a\nb'", "a\\nb"),  # other backslashes stay literal
        ("'a && b || c == d ? e : f'", "a && b || c == d ? e : f"),
        ("'\"'", '"'),
        ("''", ""),
    ],
)
def test_strings(source: str, value: str) -> None:
    (token,) = tokenize(source)[:-1]
    assert token.kind == STRING
    assert token.value == value


@pytest.mark.parametrize("source", ["'", '"abc', "'abc\\'", "x == 'open"])
def test_unterminated_string(source: str) -> None:
    with pytest.raises(ExpressionSyntaxError, match="unterminated string") as raised:
        tokenize(source)
    assert source[raised.value.position] in "'\""


@pytest.mark.parametrize(
    ("source", "message", "column"),
    [
        ("5 # 3", "unexpected character '#'", 3),
        ("a = b", "compare with '=='", 3),
        ("a & b", "use '&&'", 3),
        ("a | b", "use '||'", 3),
        ("a @", "unexpected character '@'", 3),
        ("x\u00a0y", "unexpected character", 2),
        ("été", "unexpected character", 1),
    ],
)
def test_bad_characters(source: str, message: str, column: int) -> None:
    with pytest.raises(ExpressionSyntaxError, match=message) as raised:
        tokenize(source)
    assert raised.value.column == column
    assert raised.value.position == column - 1
    assert f"at column {column}" in str(raised.value)


def test_a_backslash_just_before_the_end_is_an_unterminated_string() -> None:
    with pytest.raises(ExpressionSyntaxError) as raised:
        tokenize("'abc\\")
    assert raised.value.reason == "unterminated string"
    assert raised.value.position == 0


def test_string_token_keeps_its_source_text_with_quotes() -> None:
    (token,) = tokenize(r"'it\'s'")[:-1]
    assert token == Token(STRING, r"'it\'s'", 0, "it's")


def test_names_starting_with_a_capital_x_are_names() -> None:
    assert kinds("Xy + X") == [(NAME, "Xy"), ("+", "+"), (NAME, "X")]


def test_end_token_has_empty_text_at_the_end_offset() -> None:
    assert tokenize("ab ")[-1] == Token(EOF, "", 3)
    assert tokenize("")[-1] == Token(EOF, "", 0)


def test_dot_after_a_number_is_member_access_not_a_new_number() -> None:
    # A literal can be accessed, so ".5" after "1 " is a segment, not the number 0.5.
    assert kinds("1 .5") == [(NUMBER, "1"), (".", "."), (SEGMENT, "5")]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1" + "0" * 19 + "e400", "1" + "0" * 19 + "e400"),  # 24 characters: shown whole
        ("1" + "0" * 20 + "e400", "1" + "0" * 20 + "..."),  # 25: cut to 21 and "..."
    ],
)
def test_out_of_range_number_is_cut_in_the_message(text: str, shown: str) -> None:
    with pytest.raises(ExpressionSyntaxError) as raised:
        tokenize(text)
    assert raised.value.reason == f"number out of range: {shown}"


@pytest.mark.parametrize(
    ("token", "description"),
    [
        (Token(EOF, "", 3), "end of expression"),
        (Token(STRING, "'a'", 0, "a"), "string"),
        (Token(NAME, "abc", 0), "name 'abc'"),
        (Token(SEGMENT, "zip-code", 0), "name 'zip-code'"),
        (Token(NUMBER, "1.5", 0, 1.5), "number 1.5"),
        (Token("&&", "&&", 0), "'&&'"),
    ],
)
def test_token_descriptions_for_error_messages(token: Token, description: str) -> None:
    assert token.describe() == description
