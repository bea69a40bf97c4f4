"""``transpose``: rows become columns in a rectangular array of arrays."""

from __future__ import annotations

from typing import Any

from thaiyyal import EmptyConfig, NodeContext, NodeType, hookimpl

from ._arrays import check_length, not_an_array, resolve_array


class Transpose(NodeType[EmptyConfig]):
    """Transposes ``inputs[0]``; a non-rectangular input gives an error value (SOFT)."""

    type_name = "transpose"
    category = "array"
    array_key = "transposed"

    def run(self, config: EmptyConfig, inputs: list[Any], ctx: NodeContext) -> dict[str, Any]:
        matrix = resolve_array(inputs, ctx, self.type_name)
        if matrix is None:
            return not_an_array(inputs[0])
        if not matrix:
            return {"transposed": [], "rows": 0, "cols": 0}
        first = matrix[0]
        if type(first) is not list:
            return {
                "error": "input is not a 2D array (array of arrays)",
                "first_element": first,
                "expected": "array of arrays",
            }
        cols = len(first)
        for index, row in enumerate(matrix):
            if type(row) is not list:
                return {
                    "error": f"row {index} is not an array",
                    "row_index": index,
                    "row_value": row,
                }
            if len(row) != cols:
                return {
                    "error": "all rows must have the same length",
                    "expected_cols": cols,
                    "row_index": index,
                    "actual_cols": len(row),
                }
        rows = len(matrix)
        check_length(ctx, cols, "transposed array")
        check_length(ctx, rows, "transposed row")
        transposed = [list(column) for column in zip(*matrix, strict=True)] if cols else []
        return {
            "transposed": transposed,
            "rows": rows,
            "cols": cols,
            "transposed_rows": cols,
            "transposed_cols": rows,
        }


@hookimpl
def register_node_types(register: Any) -> None:
    register(Transpose)
