#!/usr/bin/env python3
"""The baseline a Python developer would build: bm25s with the Snowball Dutch stemmer.

Blank-line paragraphs of the corpus texts (front matter stripped) are indexed with bm25s,
tokenized with bm25s' default pattern, its Dutch stop words and PyStemmer's Dutch stemmer. Each
question of a question file (the format of tests/fixtures/dev.toml) retrieves the top 3
paragraphs. Scoring follows `normwijzer eval`: a hit at rank r when the r-th paragraph comes from
the expected document and, with case and whitespace folded, contains the expected snippet.
Abstain questions are not answerable and do not count in recall (the baseline never abstains).

Prints one JSON object: recall, per-query latency (p50/p99/max in microseconds, measured
in-process around tokenize + retrieve), build time and peak RSS.

Usage: baseline.py --home DIR --questions FILE [--repeat N]
"""

import argparse
import json
import re
import resource
import sys
import time
import tomllib
from pathlib import Path

import bm25s
import Stemmer

FRONT_MATTER = re.compile(r"\A\ufeff?\+\+\+[ \t]*\r?\n(.*?)^\+\+\+[ \t]*\r?\n", re.S | re.M)
BLANK_LINES = re.compile(r"\n[ \t\r]*\n")


def fold(s: str) -> str:
    return " ".join(s.split()).lower()


def load_paragraphs(corpus: Path):
    """(doc id, paragraph) for every non-empty blank-line paragraph of every document."""
    out = []
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        m = FRONT_MATTER.match(text)
        if not m:
            continue
        doc = tomllib.loads(m.group(1))["id"]
        for para in BLANK_LINES.split(text[m.end():]):
            if para.strip():
                out.append((doc, para.strip()))
    return out


def percentile(sorted_values, p):
    if not sorted_values:
        return 0
    return sorted_values[round((len(sorted_values) - 1) * p)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", required=True, type=Path, help="project dir with corpus/")
    ap.add_argument("--questions", required=True, type=Path, help="question file (dev.toml)")
    ap.add_argument("--repeat", type=int, default=20, help="runs per question for latency")
    args = ap.parse_args()

    t0 = time.perf_counter()
    paragraphs = load_paragraphs(args.home / "corpus")
    corpus_bytes = sum(p.stat().st_size for p in (args.home / "corpus").glob("*.txt"))
    stemmer = Stemmer.Stemmer("dutch")
    tokens = bm25s.tokenize(
        [p for _, p in paragraphs], stopwords="nl", stemmer=stemmer, show_progress=False
    )
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    build_s = time.perf_counter() - t0

    questions = tomllib.loads(args.questions.read_text(encoding="utf-8"))["q"]
    latencies = []
    answerable = r1 = r3 = 0
    mrr = 0.0
    misses = []
    for q in questions:
        for _ in range(max(1, args.repeat)):
            t = time.perf_counter_ns()
            qt = bm25s.tokenize(
                q["ask"], stopwords="nl", stemmer=stemmer, return_ids=False, show_progress=False
            )
            docs, _scores = retriever.retrieve(qt, k=3, show_progress=False, n_threads=0)
            latencies.append((time.perf_counter_ns() - t) // 1000)
        if q.get("abstain"):
            continue
        answerable += 1
        expect = [(e["doc"], fold(e["text"])) for e in q.get("expect", [])]
        rank = None
        for r, i in enumerate(docs[0], start=1):
            doc, para = paragraphs[int(i)]
            text = fold(para)
            if any(doc == d and snippet in text for d, snippet in expect):
                rank = r
                break
        if rank == 1:
            r1 += 1
        if rank is not None and rank <= 3:
            r3 += 1
            mrr += 1.0 / rank
        if rank != 1:
            misses.append({"id": q["id"], "rank": rank})
    latencies.sort()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    json.dump(
        {
            "system": "bm25s + PyStemmer (dutch), blank-line paragraphs",
            "bm25s": bm25s.__version__,
            "python": sys.version.split()[0],
            "paragraphs": len(paragraphs),
            "corpus_bytes": corpus_bytes,
            "questions": len(questions),
            "answerable": answerable,
            "recall_at_1": r1 / answerable if answerable else 0.0,
            "recall_at_3": r3 / answerable if answerable else 0.0,
            "mrr_at_3": mrr / answerable if answerable else 0.0,
            "latency_us": {
                "p50": percentile(latencies, 0.5),
                "p99": percentile(latencies, 0.99),
                "max": latencies[-1] if latencies else 0,
            },
            "build_s": build_s,
            "max_rss_kb": rss_kb,
            "misses": misses,
        },
        sys.stdout,
        indent=2,
    )
    print()


if __name__ == "__main__":
    main()
