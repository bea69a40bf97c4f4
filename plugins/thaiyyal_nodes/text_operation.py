"""``text_operation``: case changes, concatenation and repetition of text."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from thaiyyal import ConfigError, NodeContext, NodeError, NodeType, hookimpl, node_config


def _simple_upper(text: str) -> str:
    """Upper case one character at a time; characters whose upper case is longer
    (``ß`` → ``SS``) stay as they are, as with per-character simple case mapping."""
    if text.isascii():
        return text.upper()
    return "".join(u if len(u := c.upper()) == 1 else c for c in text)


def _simple_lower(text: str) -> str:
    if text.isascii():
        return text.lower()
    return "".join(lo if len(lo := c.lower()) == 1 else c for c in text)


def _simple_title(char: str) -> str:
    titled = char.title()
    return titled if len(titled) == 1 else char


def _is_word_char(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char) in ("Mn", "Mc", "Pc")


_MID_WORD = frozenset("'’.:·")  # joins letters within one word ("it's", "e.g")


def _titlecase(text: str) -> str:
    """Lower-case everything, then title-case the first character of each word.

    Words follow the Unicode word rules closely enough for text: letters, digits and marks
    form words, and an apostrophe, period or colon between two letters does not end one
    (``it's`` → ``It's``, ``hello-world`` → ``Hello-World``).
    """
    lowered = _simple_lower(text)
    out = []
    in_word = False
    n = len(lowered)
    for i, char in enumerate(lowered):
        if _is_word_char(char):
            out.append(char if in_word else _simple_title(char))
            in_word = True
        elif (
            in_word
            and char in _MID_WORD
            and i + 1 < n
            and lowered[i + 1].isalpha()
            and lowered[i - 1].isalpha()
        ):
            out.append(char)
        else:
            out.append(char)
            in_word = False
    return "".join(out)


def _camelcase(text: str) -> str:
    """Words split on white space: the first lower-cased, each later one capitalised."""
    words = text.split()
    if not words:
        return text
    first, rest = words[0], words[1:]
    return _simple_lower(first) + "".join(_simple_upper(w[0]) + _simple_lower(w[1:]) for w in rest)


def _inversecase(text: str) -> str:
    out = []
    for char in text:
        if char.isupper():
            out.append(_simple_lower(char))
        elif char.islower():
            out.append(_simple_upper(char))
        else:
            out.append(char)
    return "".join(out)


_CASE_OPS: Mapping[str, Callable[[str], str]] = {
    "uppercase": _simple_upper,
    "lowercase": _simple_lower,
    "titlecase": _titlecase,
    "camelcase": _camelcase,
    "inversecase": _inversecase,
}
_OPS = frozenset(_CASE_OPS) | {"concat", "repeat"}


@node_config
class TextOperationConfig:
    #: ``uppercase``, ``lowercase``, ``titlecase``, ``camelcase``, ``inversecase``,
    #: ``concat`` (all inputs joined by ``separator``) or ``repeat`` (``repeat_n`` times).
    text_op: str
    separator: str = ""
    repeat_n: int | None = None


class TextOperation(NodeType[TextOperationConfig]):
    """Transforms the text of its first input (``concat`` joins all inputs)."""

    type_name = "text_operation"
    category = "operation"
    Config = TextOperationConfig

    def check_config(self, config: TextOperationConfig) -> Iterable[ConfigError]:
        if config.text_op not in _OPS:
            yield ConfigError(f"unknown text operation: {config.text_op}", field="text_op")
        elif config.text_op == "repeat":
            if config.repeat_n is None:
                yield ConfigError("repeat operation requires repeat_n field", field="repeat_n")
            elif config.repeat_n < 0:
                yield ConfigError(
                    f"repeat_n must be non-negative, got {config.repeat_n}", field="repeat_n"
                )

    def run(self, config: TextOperationConfig, inputs: list[Any], ctx: NodeContext) -> str:
        if not inputs:
            raise NodeError("text operation needs at least 1 input")
        op = config.text_op
        if op == "concat":
            for i, value in enumerate(inputs):
                if type(value) is not str:
                    raise NodeError(f"concat operation input {i} must be text/string")
            return config.separator.join(inputs)
        text = inputs[0]
        if op == "repeat":
            if type(text) is not str:
                raise NodeError("repeat operation input must be text/string")
            count = config.repeat_n or 0
            limit = ctx.config.max_string_length
            if limit and len(text.encode()) * count > limit:
                raise NodeError(
                    f"string too long: {len(text.encode()) * count} bytes (limit: {limit})"
                )
            return text * count
        if type(text) is not str:
            raise NodeError("text operation input must be text/string")
        return _CASE_OPS[op](text)


@hookimpl
def register_node_types(register: Any) -> None:
    register(TextOperation)
