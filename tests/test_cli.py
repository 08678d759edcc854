"""``python -m assistant ask|check|eval`` as a user or a script runs it: real subprocesses on the corpus index.

Model loading dominates a CLI run (~10 s), so all processes are started at once by a module fixture
and each test then reads the output of its own.
"""

from __future__ import annotations

import json
import os
import re
import selectors
import subprocess
import sys
import time

import pytest

from assistant.config import PROJECT_ROOT
from assistant.prompts import GAP_MESSAGE
from assistant.language.sentences import split_sentences

ANSWER_KEYS = {"question", "answer", "abstained", "citations", "timings_ms"}
CITATION_KEYS = {"n", "title", "source", "url", "published", "page", "section", "text", "quote"}
CHECK_KEYS = {"claim", "verdict", "explanation", "evidence", "timings_ms"}
TIMEOUT_S = 300

SINGLE_QUESTION = "How much money was in the AI Diagnostic Fund?"
FOLLOW_UP = {
    "question": "when was that published?",
    "history": [
        {"role": "user", "content": "What did NICE's HTE12 say about AI chest X-ray software?"},
        {"role": "assistant", "content": "NICE's HTE12 early value assessment said AI chest X-ray software for suspected lung cancer in GP referrals should only be used in research for now."},
    ],
}
# (line written to stdin, what the one output line must be)
ASK_BATCH = [
    ("When was the AI Diagnostic Fund announced?", "answer"),
    (json.dumps(FOLLOW_UP), "answer"),
    (json.dumps({"question": ""}), "error"),
    ('{"question": "unterminated', "error"),
    (json.dumps({"question": 42}), "error"),
    (json.dumps({"question": "How many trusts?", "history": "not a list"}), "error"),
    ("What is the capital of Australia and who designed Canberra?", "answer"),
]
CHECK_BATCH = [
    "The AI Diagnostic Fund was worth £21 million.",
    json.dumps({"claim": "DHSC said the fund would go to 64 NHS trusts."}),
    "The AI Diagnostic Fund was worth £50 million. It was announced by Steve Barclay on 23 June 2023.",
    "{broken json",
    json.dumps({"claim": "   "}),
]
TINY_EVAL = [
    {"id": "t1", "kind": "answerable", "question": "How much money is in the AI Diagnostic Fund in total?",
     "expected_facts": ["£21 million|£21m"], "expected_sources": ["01-announcement-june-2023.md", "11-faq-for-trust-staff.md"]},
    {"id": "t2", "kind": "unanswerable", "question": "What is the email address of the AI Diagnostic Fund helpdesk?"},
    {"id": "t3", "kind": "claim", "claim": "The AI Diagnostic Fund was worth £50 million.", "verdict": "contradicted"},
]
METRIC_NAMES = [
    "answer_accuracy", "followup_accuracy", "retrieval_recall_at_5", "mrr", "citation_support",
    "abstention_precision", "abstention_recall", "false_abstention_rate", "answers_with_unsupported_figures",
    "factcheck_accuracy", "latency_ms_p50", "latency_ms_p95",
]


def cli_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False", PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="0")
    return env


def start(*args: str, stdin: bool = False) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", *args],
        cwd=PROJECT_ROOT,
        env=cli_env(),
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.fixture(scope="module")
def launched(corpus_settings, tmp_path_factory):
    db = str(corpus_settings.db)
    tmp = tmp_path_factory.mktemp("cli")
    eval_file = tmp / "tiny.jsonl"
    eval_file.write_text("".join(json.dumps(item) + "\n" for item in TINY_EVAL))
    processes = {
        "ask": start("ask", SINGLE_QUESTION, "--db", db, "--json"),
        "ask_batch": start("ask", "--db", db, stdin=True),
        "check": start("check", "The AI Diagnostic Fund was worth £50 million.", "--db", db, "--json"),
        "check_batch": start("check", "--db", db, stdin=True),
        "eval": start("eval", str(eval_file), "--db", db, "--out", str(tmp / "results.jsonl")),
    }
    processes["check_batch"].stdin.write("".join(line + "\n" for line in CHECK_BATCH).encode("utf-8"))
    processes["check_batch"].stdin.close()
    processes["check_batch"].stdin = None  # all input given; communicate() must not touch it
    yield {"processes": processes, "tmp": tmp}
    for process in processes.values():
        if process.poll() is None:
            process.kill()
            process.wait()


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=TIMEOUT_S)
    return process.returncode, out.decode("utf-8"), err.decode("utf-8", "replace")


def assert_answer_contract(data: dict) -> None:
    assert ANSWER_KEYS <= set(data), set(data)
    assert isinstance(data["question"], str) and isinstance(data["answer"], str) and data["answer"]
    assert isinstance(data["abstained"], bool)
    assert isinstance(data["timings_ms"], dict) and data["timings_ms"]["total"] > 0
    assert all(isinstance(v, (int, float)) for v in data["timings_ms"].values())
    assert isinstance(data["citations"], list)
    for citation in data["citations"]:
        assert CITATION_KEYS <= set(citation), set(citation)
        assert isinstance(citation["n"], int)
        assert citation["title"] and citation["source"] and citation["text"]
        assert citation["page"] is None or isinstance(citation["page"], int)
        for start, end in split_sentences(citation["quote"]):
            assert citation["quote"][start:end] in citation["text"], (citation["quote"][start:end], citation["source"])
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", data["answer"])}
    assert markers == {c["n"] for c in data["citations"]}, (markers, [c["n"] for c in data["citations"]])
    assert [c["n"] for c in data["citations"]] == list(range(1, len(data["citations"]) + 1))
    # every sentence the answer quotes is a substring of the citation its marker names
    body = data["answer"].removeprefix(GAP_MESSAGE).strip()  # a documented gap quotes after this lead-in
    for sentence, n in re.findall(r"(.+?) \[(\d+)\](?= |$)", body):
        citation = next(c for c in data["citations"] if c["n"] == int(n))
        assert sentence.strip() in citation["text"], (sentence, citation["source"])


def assert_check_contract(data: dict) -> None:
    assert CHECK_KEYS <= set(data), set(data)
    assert data["verdict"] in ("supported", "contradicted", "not_found")
    assert isinstance(data["explanation"], str) and data["explanation"]
    for citation in data["evidence"]:
        assert CITATION_KEYS <= set(citation)
        assert citation["quote"] in citation["text"]


# --- ask ---------------------------------------------------------------------------------------------
def test_ask_single_json(launched):
    code, out, err = finish(launched["processes"]["ask"])
    assert code == 0, err[-2000:]
    lines = out.splitlines()
    assert len(lines) == 1, out  # exactly one JSON object on stdout; logs go to stderr
    data = json.loads(lines[0])
    assert_answer_contract(data)
    assert data["question"] == SINGLE_QUESTION
    assert not data["abstained"]
    assert "£21 million" in data["answer"] or "£21m" in data["answer"]
    assert data["citations"]


class LineReader:
    """Reads a child's stdout line by line with a deadline, while the child keeps running."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.buffer = b""
        self.selector = selectors.DefaultSelector()
        self.selector.register(process.stdout, selectors.EVENT_READ)

    def readline(self, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            if not self.selector.select(remaining):
                continue
            data = os.read(self.process.stdout.fileno(), 65536)
            if not data:
                break
            self.buffer += data
        if b"\n" not in self.buffer:
            return None
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode("utf-8")


def test_ask_batch_streams_one_flushed_json_line_per_request(launched):
    process = launched["processes"]["ask_batch"]
    reader = LineReader(process)
    outputs = []
    for index, (line, kind) in enumerate(ASK_BATCH):
        process.stdin.write((line + "\n").encode("utf-8"))
        process.stdin.flush()
        if index == 2:
            process.stdin.write(b"   \n")  # a blank line is skipped, not answered
            process.stdin.flush()
        # The reply arrives while stdin is still open: each request is answered and flushed at once.
        first = TIMEOUT_S if index == 0 else 60
        reply = reader.readline(first)
        assert reply is not None, f"no output for request {index} ({line!r}) while the process runs"
        assert process.poll() is None
        outputs.append((json.loads(reply), kind, line))
    process.stdin.close()
    rest = (reader.buffer + process.stdout.read()).decode("utf-8")
    process.wait(timeout=60)
    assert rest.strip() == "", f"unexpected extra output: {rest!r}"
    assert process.returncode == 1, "a batch with bad requests exits 1 after answering the rest"

    for data, kind, line in outputs:
        if kind == "error":
            assert set(data) == {"error"}, data
            assert isinstance(data["error"], str) and data["error"]
        else:
            assert_answer_contract(data)
    plain, follow_up, empty, broken, wrong_type, bad_history, unanswerable = (d for d, _, _ in outputs)
    assert plain["question"] == ASK_BATCH[0][0]
    assert "23 June 2023" in plain["answer"]
    assert follow_up["question"] == FOLLOW_UP["question"]
    assert "28 September 2023" in follow_up["answer"], follow_up["answer"]
    assert "empty" in empty["error"]
    assert "invalid JSON" in broken["error"]
    assert "text" in wrong_type["error"]
    assert "history" in bad_history["error"]
    assert unanswerable["abstained"] and unanswerable["citations"] == []


# --- check -------------------------------------------------------------------------------------------
def test_check_single_json(launched):
    code, out, err = finish(launched["processes"]["check"])
    assert code == 0, err[-2000:]
    lines = out.splitlines()
    assert len(lines) == 1, out
    data = json.loads(lines[0])
    assert_check_contract(data)
    assert data["claim"] == "The AI Diagnostic Fund was worth £50 million."
    assert data["verdict"] == "contradicted"
    assert "£21 million" in data["explanation"]
    assert data["evidence"]


def test_check_batch(launched):
    code, out, err = finish(launched["processes"]["check_batch"])
    lines = out.splitlines()
    assert len(lines) == len(CHECK_BATCH), out
    results = [json.loads(line) for line in lines]
    assert code == 1, "bad lines make the exit status 1"
    supported, json_claim, paragraph, broken, blank = results
    assert_check_contract(supported)
    assert supported["verdict"] == "supported"
    assert_check_contract(json_claim)
    assert json_claim["claim"] == "DHSC said the fund would go to 64 NHS trusts."
    # a paragraph: one verdict per sentence, under "claims"
    assert paragraph["claim"] == CHECK_BATCH[2]
    assert [c["claim"] for c in paragraph["claims"]] == [
        "The AI Diagnostic Fund was worth £50 million.",
        "It was announced by Steve Barclay on 23 June 2023.",
    ]
    for claim in paragraph["claims"]:
        assert_check_contract(claim)
    assert paragraph["claims"][0]["verdict"] == "contradicted"
    assert set(broken) == {"error"} and "invalid JSON" in broken["error"]
    assert set(blank) == {"error"} and "empty" in blank["error"]


# --- eval --------------------------------------------------------------------------------------------
def test_eval_prints_metric_names(launched):
    code, out, err = finish(launched["processes"]["eval"])
    assert code == 0, err[-2000:]
    for name in METRIC_NAMES:
        assert re.search(rf"^{name}\s+\S", out, re.M), f"{name} missing from:\n{out}"
    assert re.search(r"^items\s+3$", out, re.M)
    assert re.search(r"^answer_accuracy\s+1\.0$", out, re.M), out
    assert re.search(r"^factcheck_accuracy\s+1\.0$", out, re.M), out
    results = [json.loads(line) for line in (launched["tmp"] / "results.jsonl").read_text().splitlines()]
    assert [r["id"] for r in results] == ["t1", "t2", "t3"]
    assert all("correct" in r and "ms" in r for r in results)
