"""``python ingest.py`` as an admin or a cron job runs it: a real subprocess, its stdout, its exit status.

The first (embedding) run happens once per module; every other test copies that index and runs
ingest.py on it without anything to embed, so the model is never loaded again and each run takes
about a second.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from assistant.config import PROJECT_ROOT
from assistant.store import IndexStore
from tests import docfactory as factory
from tests.conftest import make_settings

REPORT_KEYS = {"added", "updated", "removed", "unchanged", "older_rules", "failed", "chunks_embedded", "chunks_total", "seconds",
               "index_version", "dry_run"}
DOCS = {
    "alpha.md": "# Alpha network\n\nThe Alpha imaging network received £2 million for AI lung nodule detection.\n",
    "beta.txt": "Beta trust uses AI to prioritise head CT scans after falls in care homes.",
    "gamma.md": "# Gamma pilot\n\nThe Gamma pilot reads knee X-rays with AI and reports within the hour.\n",
}


def run_cli(*args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ASSISTANT_")}
    env.update(HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False", PYTHONWARNINGS="ignore")
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "ingest.py"), *args],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )


def one_json_object(result: subprocess.CompletedProcess) -> dict:
    """stdout must hold exactly one JSON object on one line, and nothing else."""
    lines = result.stdout.splitlines()
    assert len(lines) == 1, f"expected one line of JSON, got: {result.stdout!r} (stderr: {result.stderr[-2000:]})"
    data = json.loads(lines[0])
    assert isinstance(data, dict) and set(data) == REPORT_KEYS
    return data


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A source folder and an index built from it by one real ``ingest.py --json`` run."""
    root = tmp_path_factory.mktemp("cli")
    src = root / "src"
    for name, text in DOCS.items():
        factory.make_text(src, name, text)
    result = run_cli("--json", "--db", str(root / "index"), "--source", str(src))
    assert result.returncode == 0, result.stderr[-3000:]
    return root, one_json_object(result), result


@pytest.fixture
def workspace(built, tmp_path):
    """A private copy of the built source folder and index."""
    root, _, _ = built
    shutil.copytree(root / "src", tmp_path / "src")
    shutil.copytree(root / "index", tmp_path / "index")
    return tmp_path / "src", tmp_path / "index"


def test_json_twice_second_run_embeds_nothing(built):
    root, first, first_result = built
    assert first["added"] == sorted(DOCS) and first["failed"] == [] and not first["dry_run"]
    assert first["chunks_embedded"] == first["chunks_total"] >= len(DOCS)
    assert first["index_version"] == "v000001"
    assert "Traceback" not in first_result.stderr

    second_result = run_cli("--json", "--db", str(root / "index"), "--source", str(root / "src"))
    assert second_result.returncode == 0, second_result.stderr
    second = one_json_object(second_result)
    assert second["chunks_embedded"] == 0
    assert second["unchanged"] == sorted(DOCS) and second["older_rules"] == []
    assert second["added"] == second["updated"] == second["removed"] == second["failed"] == []
    assert second["index_version"] == first["index_version"]
    assert second["chunks_total"] == first["chunks_total"]
    assert second["seconds"] < first["seconds"]
    assert second_result.stderr == ""


def test_corrupt_file_gives_exit_status_1_and_a_per_file_error(workspace):
    src, index = workspace
    factory.make_corrupt_pdf(src, "broken.pdf")
    result = run_cli("--json", "--db", str(index), "--source", str(src))
    assert result.returncode == 1
    data = one_json_object(result)
    assert [failure["path"] for failure in data["failed"]] == ["broken.pdf"]
    assert "PDF" in data["failed"][0]["error"]
    assert data["unchanged"] == sorted(DOCS) and data["chunks_embedded"] == 0
    assert "Traceback" not in result.stderr


def test_dry_run_reports_and_writes_nothing(workspace):
    src, index = workspace
    pointer_before = (index / "CURRENT").read_bytes()
    versions_before = sorted(p.name for p in (index / "versions").iterdir())
    factory.make_text(src, "beta.txt", "Beta trust now also uses AI to prioritise chest CT scans.")
    (src / "gamma.md").unlink()
    factory.make_text(src, "delta.md", "# Delta\n\nDelta hospital trialled AI to spot fractures in wrist X-rays.\n")

    result = run_cli("--json", "--dry-run", "--db", str(index), "--source", str(src))
    assert result.returncode == 0, result.stderr
    data = one_json_object(result)
    assert data["dry_run"] is True
    assert (data["added"], data["updated"], data["removed"], data["unchanged"]) == (
        ["delta.md"], ["beta.txt"], ["gamma.md"], ["alpha.md"])
    assert data["chunks_embedded"] == 0
    assert (index / "CURRENT").read_bytes() == pointer_before
    assert sorted(p.name for p in (index / "versions").iterdir()) == versions_before

    human = run_cli("--dry-run", "--db", str(index), "--source", str(src))
    assert human.returncode == 0
    assert human.stdout.startswith("Dry run: index version")
    assert "added would be 1, updated would be 1, removed would be 1, unchanged 1, failed 0" in human.stdout


def test_human_summary_without_json(workspace):
    src, index = workspace
    result = run_cli("--db", str(index), "--source", str(src))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "index version v000001"
    assert lines[1].strip() == "added 0, updated 0, removed 0, unchanged 3, failed 0"
    assert lines[2].strip().startswith("chunks embedded 0, chunks in index ")
    with pytest.raises(ValueError):
        json.loads(result.stdout)

    (src / "notes.xlsx").write_bytes(b"not a document")
    failed = run_cli("--db", str(index), "--source", str(src))
    assert failed.returncode == 1
    assert "failed 1" in failed.stdout
    assert "FAILED notes.xlsx: unsupported file type '.xlsx'" in failed.stdout


def test_ingest_while_another_holds_the_lock_exits_2_with_a_clear_message(workspace):
    src, index = workspace
    store = IndexStore(make_settings(index.parent, db=index))
    with store.ingest_lock():
        result = run_cli("--json", "--db", str(index), "--source", str(src))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "another ingest is running" in result.stderr and "Traceback" not in result.stderr
    after = run_cli("--json", "--db", str(index), "--source", str(src))
    assert after.returncode == 0 and one_json_object(after)["unchanged"] == sorted(DOCS)


def test_unreadable_index_pointer_exits_2(workspace):
    src, index = workspace
    (index / "CURRENT").write_text("{not json")
    result = run_cli("--json", "--db", str(index), "--source", str(src))
    assert result.returncode == 2 and result.stdout == ""
    assert "index pointer" in result.stderr and "unreadable" in result.stderr
    assert "Traceback" not in result.stderr
