"""``extract``: pick top-level keys out of an object.

``field`` gives ``{"field": name, "value": <value>}`` and fails when the key is missing;
``fields`` gives a new object holding the listed keys that exist. Keys are exact top-level
keys (no dotted paths). ``field`` wins when both are given.

Unlike the array nodes, ``extract`` does not unwrap the result of an array node: it reads
objects, and the wrapper object *is* the object (``{"field": "sorted"}`` on a ``sort``
result picks its array).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from thaiyyal import NodeContext, NodeError, NodeType, hookimpl, node_config
from thaiyyal.converter import match_keys
from thaiyyal.values import go_type_name


@node_config
class ExtractConfig:
    #: One key to extract.
    field: str | None = None
    #: Several keys to extract (ignored when ``field`` is given).
    fields: list[str] | None = None


class Extract(NodeType[ExtractConfig]):
    """Extract one field (``field``) or several (``fields``) from an object."""

    type_name = "extract"
    category = "state"
    Config = ExtractConfig

    def check_data(self, data: Mapping[str, Any]) -> Iterable[str]:
        matched = match_keys(data, ExtractConfig)
        fields = matched.get("fields")
        if "field" not in matched and (fields is None or fields == []):
            yield "missing required field: field or fields"

    def run(self, config: ExtractConfig, inputs: list[Any], ctx: NodeContext) -> Any:
        if not inputs:
            raise NodeError("extract node requires input")
        source = inputs[0]
        if not isinstance(source, Mapping):
            raise NodeError(f"extract node requires object input, got {go_type_name(source)}")
        if config.field is not None:
            if config.field not in source:
                raise NodeError(f"field '{config.field}' not found in input object")
            return {"field": config.field, "value": source[config.field]}
        return {name: source[name] for name in config.fields or () if name in source}


@hookimpl
def register_node_types(register: Any) -> None:
    register(Extract)
