"""The command line: output shapes and exit status."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from thaiyyal.cli import main

ADD = {
    "workflow_id": "wf-1",
    "nodes": [
        {"id": "1", "data": {"value": 10}},
        {"id": "2", "data": {"value": 20}},
        {"id": "3", "data": {"op": "add"}},
    ],
    "edges": [{"source": "1", "target": "3"}, {"source": "2", "target": "3"}],
}


def write(tmp_path: Path, body: Any, name: str = "wf.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(body) if not isinstance(body, str) else body)
    return str(path)


def call(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_json_success(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "run", write(tmp_path, ADD), "--json")
    assert code == 0
    body = json.loads(out)
    assert out.count("\n") == 1
    assert body["success"] is True and body["execution_time"].endswith("s")
    results = body["results"]
    assert results["workflow_id"] == "wf-1"
    assert results["node_results"] == {"1": 10, "2": 20, "3": 30}
    assert results["final_output"] == 30
    assert "errors" not in results and results["skipped"] == []
    assert len(results["execution_id"]) == 16


def test_run_json_failed_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = json.loads(json.dumps(ADD))
    body["nodes"][1]["data"]["value"] = 0
    body["nodes"][2]["data"]["op"] = "divide"
    code, out, _ = call(capsys, "run", write(tmp_path, body), "--json")
    parsed = json.loads(out)
    assert code == 1
    assert parsed["success"] is False and parsed["error"] == "Workflow execution failed"
    assert parsed["details"] == "error executing node 3: division by zero"
    assert parsed["results"]["node_results"] == {"1": 10, "2": 0}


def test_run_json_invalid_workflow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(
        capsys, "run", write(tmp_path, {"nodes": [{"id": "a", "type": "warp"}]}), "--json"
    )
    parsed = json.loads(out)
    assert code == 2
    assert parsed["error"] == "Failed to create engine"
    assert "no executor registered for type: warp" in parsed["details"]
    assert parsed["problems"][0]["node_id"] == "a"


def test_run_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(ADD).encode())))
    code, out, _ = call(capsys, "run", "-", "--json")
    assert code == 0 and json.loads(out)["results"]["final_output"] == 30


def test_run_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "run", "/nonexistent/wf.json", "--json")
    assert code == 2 and json.loads(out)["error"] == "Failed to read request body"


def test_run_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "run", write(tmp_path, ADD))
    assert code == 0
    assert out.startswith("ok: workflow wf-1 ran 3 node(s), skipped 0")
    assert "final output: 30" in out


def test_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "validate", write(tmp_path, ADD))
    assert code == 0 and out.startswith("valid: 3 node(s)")
    bad = {"nodes": [{"id": "a", "type": "number", "data": {}}, {"id": "a", "type": "zz"}]}
    code, out, _ = call(capsys, "validate", write(tmp_path, bad), "--json")
    parsed = json.loads(out)
    assert code == 2 and parsed["valid"] is False and len(parsed["problems"]) == 2


def test_nodes_and_plugins(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = call(capsys, "nodes", "--json")
    rows = {row["type"]: row for row in json.loads(out)}
    assert code == 0
    assert rows["operation"]["plugin"] == "node-operation"
    assert rows["operation"]["config"] == [{"name": "op", "type": "str", "required": True}]
    monkeypatch.setenv("THAIYYAL_DISABLE_PLUGINS", "node-operation")
    code, out, _ = call(capsys, "nodes")
    listed = [line.split()[0] for line in out.splitlines()[:-1]]
    assert "operation" not in listed and "text_operation" in listed
    code, out, _ = call(capsys, "plugins", "--json")
    assert "node-operation" not in json.loads(out) and "node-number" in json.loads(out)


def test_disabled_node_type_fails_validation_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THAIYYAL_DISABLE_PLUGINS", "node-operation")
    code, out, _ = call(capsys, "run", write(tmp_path, ADD), "--json")
    assert code == 2
    assert "no executor registered for type: operation" in json.loads(out)["details"]


def test_bench_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "bench", write(tmp_path, ADD), "-n", "5", "--json")
    figures = json.loads(out)
    assert code == 0
    assert figures["runs"] == 5
    for key in ("min_us", "median_us", "mean_us", "max_us"):
        assert figures[key] > 0
    assert figures["min_us"] <= figures["median_us"] <= figures["max_us"]
    assert {n["id"] for n in figures["nodes"]} == {"1", "2", "3"}


def test_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(tmp_path, {"max_nodes": 2}, "limits.json")
    code, out, _ = call(capsys, "run", write(tmp_path, ADD), "--json", "--config", config)
    assert code == 2 and "workflow has 3 nodes, exceeds limit of 2" in json.loads(out)["details"]
    toml = tmp_path / "limits.toml"
    toml.write_text("max_nodes = 2\n")
    code, out, _ = call(capsys, "run", write(tmp_path, ADD), "--json", "--config", str(toml))
    assert code == 2
    code, _, err = call(
        capsys,
        "run",
        write(tmp_path, ADD),
        "--config",
        write(tmp_path, {"max_nodes": "x"}, "bad.json"),
    )
    assert code == 2 and "invalid config" in err


def test_a_closed_pipe_ends_quietly() -> None:
    """``thaiyyal nodes | head -1`` prints one line and no traceback."""
    done = subprocess.run(
        f"'{sys.executable}' -m thaiyyal.cli nodes | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert len(done.stdout.splitlines()) == 1
    assert "Traceback" not in done.stderr, done.stderr
