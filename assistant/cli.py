"""Command lines: ``python ingest.py`` and ``python -m assistant ask|check|eval|documents``.

Only argument parsing and output formatting live here; the work is done by ``Assistant`` and the
ingester, exactly as for the web app.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from .config import Settings
from .store import StoreError
from .types import InvalidRequest


def _settings(db: str | None) -> Settings:
    return Settings(db=Path(db)) if db else Settings()


# --- ingest ----------------------------------------------------------------------------------------
def ingest_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ingest.py", description="Embed the documents into the Chroma index.")
    parser.add_argument("--source", action="append", metavar="DIR", help="folder to ingest (repeatable; default corpus/)")
    parser.add_argument("--db", help="index folder (default: data/index, or ASSISTANT_DB)")
    parser.add_argument("--json", action="store_true", help="print exactly one JSON object on stdout")
    parser.add_argument("--rebuild", action="store_true", help="re-embed everything from scratch")
    parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")

    from .ingestion import run_ingest

    settings = _settings(args.db)
    sources = [Path(s) for s in args.source] if args.source else None
    try:
        report = run_ingest(settings, sources, rebuild=args.rebuild, dry_run=args.dry_run)
    except StoreError as exc:
        print(f"ingest failed: {exc}", file=sys.stderr)
        return 2
    if args.json:
        data = report.to_dict()
        json.dump({key: data[key] for key in ("added", "updated", "removed", "unchanged", "older_rules", "failed", "chunks_embedded", "chunks_total", "seconds")}
                  | {"index_version": report.index_version, "dry_run": report.dry_run}, sys.stdout)
        sys.stdout.write("\n")
    else:
        print(format_report(report))
    return 1 if report.failed else 0


def format_report(report) -> str:
    verb = "would be " if report.dry_run else ""
    lines = [
        f"{'Dry run: ' if report.dry_run else ''}index version {report.index_version or '(none)'}",
        f"  added {verb}{len(report.added)}, updated {verb}{len(report.updated)}, removed {verb}{len(report.removed)}, "
        f"unchanged {len(report.unchanged)}, failed {len(report.failed)}",
        f"  chunks embedded {report.chunks_embedded}, chunks in index {report.chunks_total}, {report.seconds:.2f} s",
    ]
    for label, items in (("added", report.added), ("updated", report.updated), ("removed", report.removed)):
        lines.extend(f"  {label}: {item}" for item in items)
    lines.extend(f"  FAILED {failure.path}: {failure.error}" for failure in report.failed)
    if report.older_rules:
        lines.append(f"  {len(report.older_rules)} unchanged documents were read by older answer rules: questions are slower "
                     "until `python ingest.py --rebuild`")
    return "\n".join(lines)


# --- ask / check / eval -----------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="Ask the AI Diagnostic Fund assistant.")
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="answer a question (or one request per line on stdin)")
    ask.add_argument("question", nargs="?")
    check = commands.add_parser("check", help="fact-check a claim (or one per line on stdin)")
    check.add_argument("claim", nargs="?")
    evaluate = commands.add_parser("eval", help="run a JSONL evaluation set and print the metrics")
    evaluate.add_argument("file", help="a JSONL set, or a collection folder (questions.jsonl and its docs/)")
    evaluate.add_argument("--out", help="also write per-item results as JSONL here")
    evaluate.add_argument("--variants", action="store_true", help="also run every item lower-cased, without apostrophes and with a typo")
    commands.add_parser("fit", help="fit the answer scorer and answerability model on the development collections")
    documents = commands.add_parser("documents", help="list the indexed documents, how each is dated, and the index version")
    for sub in (ask, check, evaluate, documents):
        sub.add_argument("--db", help="index folder (default: the one ingest.py builds)")
        sub.add_argument("--json", action="store_true", help="JSON output")
    ingest = commands.add_parser("ingest", help="same as python ingest.py", add_help=False)
    ingest.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.command == "ingest":
        return ingest_main(args.rest)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")

    if args.command == "fit":
        from .answer.fit import fit

        print(json.dumps(fit(_settings(None)), indent=1))
        return 0
    from .service import Assistant

    assistant = Assistant(_settings(args.db))
    try:
        if args.command == "documents":
            library = assistant.documents()
            return _print_json(library, 0) if args.json else _print_text(format_documents(library, assistant.settings.db), 0)
        if args.command == "eval":
            from .evaluation import VARIANTS, format_metrics, run_collection, run_evaluation

            target, out = Path(args.file), Path(args.out) if args.out else None
            variants = VARIANTS if args.variants else VARIANTS[:1]
            if target.is_dir():
                metrics = run_collection(assistant.settings, target, out, variants)
            else:
                metrics = run_evaluation(assistant, target, out, variants)
            print(json.dumps(metrics, indent=1) if args.json else format_metrics(metrics))
            return 0
        single = args.question if args.command == "ask" else args.claim
        if single is not None:
            return _emit(assistant, args.command, single, None, args.json)
        status = 0
        for line in sys.stdin:  # batch mode: one request per line, one JSON object out per line
            if line.strip():
                status |= _emit_line(assistant, args.command, line)
        return status
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _emit_line(assistant, command: str, line: str) -> int:
    text, history = line.strip(), None
    if text.startswith("{"):
        try:
            request = json.loads(text)
        except ValueError as exc:
            return _print_json({"error": f"invalid JSON request: {exc}"}, 1)
        key = "question" if command == "ask" else "claim"
        text, history = request.get(key), request.get("history")
    return _emit(assistant, command, text, history, True)


def _emit(assistant, command: str, text, history, as_json: bool) -> int:
    try:
        if command == "ask":
            result = assistant.ask(text, history).to_dict()
        else:
            results = [r.to_dict() for r in assistant.check(text)]
            result = {**results[0], "claim": text, "claims": results} if len(results) > 1 else results[0]
    except InvalidRequest as exc:
        return _print_json({"error": str(exc)}, 1) if as_json else _print_text(f"error: {exc}", 1)
    if as_json:
        return _print_json(result, 0)
    return _print_text(_human(command, result), 0)


def _human(command: str, result: dict) -> str:
    if command == "ask":
        lines = [result["answer"], ""]
        lines += [_citation_line(c) for c in result["citations"]]
        lines += [f"note: {note}" for note in result.get("notes", [])]
        lines += [f"nearest: {d['title']} ({d['source']})" for d in result.get("nearest", [])]
        return "\n".join(lines).rstrip()
    items = result.get("claims") or [result]
    out = []
    for item in items:
        out.append(f"{item['verdict'].upper()}: {item['claim']}\n  {item['explanation']}")
        out += [f"  evidence: \"{e['quote']}\" ({e['title']}, {e.get('published') or 'undated'})" for e in item["evidence"]]
    return "\n".join(out)


def _citation_line(c: dict) -> str:
    """A quote from a summary names the public source of its fact; the summary follows as "in ..."."""
    where = f"{' p.' + str(c['page']) if c.get('page') else ''}"
    if c.get("primary_sources"):
        primary = c["primary_sources"][0]
        return (f"[{c['n']}] Summary of {primary['title']} ({primary.get('publisher') or 'unknown'}, "
                f"{primary.get('published') or 'undated'}) {primary.get('url') or ''} - in {c['title']} ({c['source']}){where}")
    return (f"[{c['n']}] {c['title']} ({c.get('publisher') or 'unknown'}, {c.get('published') or 'undated'}){where} "
            f"{c.get('url') or c['source']}")


def format_documents(library: dict, db) -> str:
    if library["index_version"] is None:
        return f"no index at {db}; run `python ingest.py` first"
    documents = library["documents"]
    lines = [
        f"index version {library['index_version']} (built {library['created_at']}), {len(documents)} documents, "
        f"documents as of {library['documents_as_of'] or 'undated'}",
        "",
    ]
    width = max([len(d["source"]) for d in documents] + [6])
    lines.append(f"{'source':<{width}}  {'type':<12}  {'published':<10}  {'chunks':>6}  {'ingested':<25}  title / publisher")
    for d in documents:
        lines.append(
            f"{d['source']:<{width}}  {d['doc_type']:<12}  {d['published'] or 'undated':<10}  {d['chunks']:>6}  "
            f"{d['ingested_at']:<25}  {d['title']} / {d['publisher'] or 'unknown publisher'}"
        )
    return "\n".join(lines)


def _print_json(data: dict, status: int) -> int:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return status


def _print_text(text: str, status: int) -> int:
    print(text, flush=True)
    return status
