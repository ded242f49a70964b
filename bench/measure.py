#!/usr/bin/env python3
"""Runs the benchmarks of BENCHMARKS.md and writes bench/out/. Called by bench/run.

For each corpus size (generated with `normwijzer bench corpus`): index build time and size,
peak memory, cold start of `normwijzer ask` with and without an index, in-process answer
latency from `normwijzer eval`, the phases of opening the engine (benches/phases.rs) and the
bm25s baseline (bench/baseline.py). Then HTTP throughput of `normwijzer serve http` under wrk,
and the criterion benches (benches/answer.rs). Everything is a release build; nothing here
asserts on time.
"""

import argparse
import csv
import glob
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "normwijzer"
DEV = ROOT / "tests" / "fixtures" / "dev.toml"
VENV_PY = ROOT / "bench" / ".venv" / "bin" / "python"
TODAY = "2026-11-22"
QUESTION = "wanneer moet een OPP?"
BIG = 2_000_000  # corpora above this many bytes get fewer repetitions of the slow parts


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def loadavg():
    return Path("/proc/loadavg").read_text().split()[:3]


def run(cmd, **kw):
    kw.setdefault("check", True)
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    return subprocess.run([str(c) for c in cmd], **kw)


def gnu_time(cmd):
    """Wall seconds and peak RSS (KB) of one process, from /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as f:
        out = run(["/usr/bin/time", "-f", "%e %M", "-o", f.name, *cmd])
        wall, rss = f.read().split()[-2:]
    return float(wall), int(rss), out


def hyperfine(cmd, runs, warmup=0, prepare=None, export=None):
    args = ["hyperfine", "--style", "none", "--runs", str(runs), "--warmup", str(warmup)]
    if prepare:
        args += ["--prepare", prepare]
    args += ["--export-json", str(export), shlex.join(str(c) for c in cmd)]
    run(args)
    r = json.loads(Path(export).read_text())["results"][0]
    return {
        "median_ms": r["median"] * 1e3,
        "mean_ms": r["mean"] * 1e3,
        "stddev_ms": (r.get("stddev") or 0.0) * 1e3,
        "min_ms": r["min"] * 1e3,
        "max_ms": r["max"] * 1e3,
        "runs": len(r["times"]),
    }


def dir_bytes(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def spread(values):
    values = sorted(values)
    return {"median": statistics.median(values), "min": values[0], "max": values[-1], "all": values}


def machine():
    cpu = next(
        (l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")),
        platform.processor(),
    )
    mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    os_name = next(
        (l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release") if l.startswith("PRETTY_NAME")),
        platform.system(),
    )
    rev = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).stdout.strip()
    dirty = run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"]).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "os": os_name,
        "rustc": run(["rustc", "-V"]).stdout.strip(),
        "python": platform.python_version(),
        "hyperfine": run(["hyperfine", "--version"]).stdout.strip(),
        "wrk": run(["wrk", "-v"], check=False).stdout.splitlines()[0].strip() if shutil.which("wrk") else None,
        "commit": rev + ("-dirty" if dirty else ""),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "loadavg_start": loadavg(),
    }


def generate(label, out, seed):
    d = out / "corpora" / label
    if d.exists():
        shutil.rmtree(d)
    r = run([BIN, "bench", "corpus", "--size", label, "--out", d, "--seed", seed])
    log(r.stdout.strip())
    return d


def index_facts(home):
    ready = next((home / "index").glob("*/ready.json"))
    info = json.loads(ready.read_text())
    return info["documents"], info["passages"]


def measure_size(label, args, out, cfg):
    log(f"== {label} (load {' '.join(loadavg())})")
    home = generate(label, out, args.seed)
    corpus_files = list((home / "corpus").glob("*.txt"))
    corpus_bytes = sum(p.stat().st_size for p in corpus_files)
    big = corpus_bytes > BIG
    res = {"label": label, "corpus_bytes": corpus_bytes, "loadavg_start": loadavg()}

    # The corpus size is known only now; the phases of a big corpus take minutes, so run once.
    log("phases (benches/phases.rs)")
    r = run(["cargo", "bench", "-q", "--bench", "phases", "--", home, "--runs",
             1 if big else cfg["phase_runs"]], cwd=ROOT)
    res["phases"] = json.loads(r.stdout.strip().splitlines()[-1])

    log("index build: normwijzer index on an empty index/")
    walls, rsss = [], []
    for _ in range(cfg["build_runs"]):
        shutil.rmtree(home / "index", ignore_errors=True)
        wall, rss, _ = gnu_time([BIN, "--home", home, "index"])
        walls.append(wall)
        rsss.append(rss)
    res["build_s"] = spread(walls)
    res["build_rss_kb"] = spread(rsss)
    res["index_bytes"] = dir_bytes(home / "index")
    res["documents"], res["passages"] = index_facts(home)

    log("cold ask with an index (hyperfine)")
    ask = [BIN, "--home", home, "ask", "--today", TODAY, QUESTION]
    res["cold_ask"] = hyperfine(
        ask, cfg["cold_runs_big"] if big else cfg["cold_runs"], warmup=1 if big else 3,
        export=out / f"hyperfine-{label}-ask.json",
    )
    res["ask_rss_kb"] = spread([gnu_time(ask)[1] for _ in range(3)])

    log("first ask that builds the index (hyperfine --prepare 'rm -rf index')")
    res["first_ask"] = hyperfine(
        ask, cfg["first_runs_big"] if big else cfg["first_runs"],
        prepare=f"rm -rf {shlex.quote(str(home / 'index'))}",
        export=out / f"hyperfine-{label}-first.json",
    )

    log(f"in-process latency: normwijzer eval --repeat {cfg['eval_repeat']}")
    evals = []
    for _ in range(cfg["eval_runs"]):
        r = run([BIN, "--home", home, "eval", DEV, "--json", "--repeat", cfg["eval_repeat"], "--today", TODAY])
        evals.append(json.loads(r.stdout))
    (out / f"eval-{label}.json").write_text(json.dumps(evals, indent=2))
    res["eval"] = {
        "p50_us": spread([e["latency_us"]["p50"] for e in evals]),
        "p99_us": spread([e["latency_us"]["p99"] for e in evals]),
        "max_us": spread([e["latency_us"]["max"] for e in evals]),
        "recall_at_1": evals[0]["recall_at_1"],
        "recall_at_3": evals[0]["recall_at_3"],
        "mrr_at_3": evals[0]["mrr_at_3"],
        "abstain_ok": f"{evals[0]['abstain_ok']}/{evals[0]['abstain_total']}",
        "region_ok": f"{evals[0]['region_ok']}/{evals[0]['region_total']}",
    }

    # Each question once in a fresh process: what a chat user meets (nothing warmed by repeats).
    log("first asks: normwijzer eval --repeat 1")
    firsts = []
    for _ in range(1 if big else cfg["eval_runs"]):
        r = run([BIN, "--home", home, "eval", DEV, "--json", "--repeat", 1, "--today", TODAY])
        firsts.append(json.loads(r.stdout))
    res["eval_first"] = {
        "p50_us": spread([e["latency_us"]["p50"] for e in firsts]),
        "max_us": spread([e["latency_us"]["max"] for e in firsts]),
    }

    log("baseline: bm25s + PyStemmer")
    bls = []
    for _ in range(cfg["eval_runs"]):
        r = run([VENV_PY, ROOT / "bench" / "baseline.py", "--home", home, "--questions", DEV,
                 "--repeat", cfg["eval_repeat"]])
        bls.append(json.loads(r.stdout))
    (out / f"baseline-{label}.json").write_text(json.dumps(bls, indent=2))
    res["baseline"] = {
        "p50_us": spread([b["latency_us"]["p50"] for b in bls]),
        "p99_us": spread([b["latency_us"]["p99"] for b in bls]),
        "build_s": spread([b["build_s"] for b in bls]),
        "max_rss_kb": spread([b["max_rss_kb"] for b in bls]),
        "paragraphs": bls[0]["paragraphs"],
        "recall_at_1": bls[0]["recall_at_1"],
        "recall_at_3": bls[0]["recall_at_3"],
        "mrr_at_3": bls[0]["mrr_at_3"],
    }
    res["loadavg_end"] = loadavg()
    return res


WRK_LUA = """-- Generated by bench/measure.py: POSTs the dev questions to /api/ask in turn.
local bodies = {
%s
}
local i = 0
request = function()
  i = i %% #bodies + 1
  return wrk.format("POST", "/api/ask", {["Content-Type"] = "application/json"}, bodies[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests":%%d,"duration_us":%%d,"bytes":%%d,"errors":{"connect":%%d,"read":%%d,"write":%%d,"status":%%d,"timeout":%%d},' ..
    '"latency_us":{"p50":%%d,"p90":%%d,"p99":%%d,"max":%%d,"mean":%%.1f}}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
"""


def wrk_script(out):
    questions = tomllib.loads(DEV.read_text())["q"]
    bodies = ",\n".join(
        "  [==[" + json.dumps({"question": q["ask"], "today": TODAY}) + "]==]" for q in questions
    )
    path = out / "wrk-ask.lua"
    path.write_text(WRK_LUA % bodies)
    return path


def proc_status(pid):
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        k, _, v = line.partition(":")
        if k in ("VmHWM", "VmRSS", "Threads"):
            fields[k] = int(v.split()[0])
    return fields


def proc_cpu_s(pid):
    parts = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_http(label, out, cfg):
    home = out / "corpora" / label
    log(f"== HTTP {label} (load {' '.join(loadavg())})")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("TEAMS_HMAC_SECRET", "DISCORD_PUBLIC_KEY")}
    logf = open(out / f"serve-{label}.log", "w")
    started = time.monotonic()
    server = subprocess.Popen(
        [str(BIN), "--home", str(home), "serve", "http", "--addr", f"127.0.0.1:{port}"],
        stdout=logf, stderr=logf, env=env,
    )
    res = {"label": label, "loadavg_start": loadavg(), "runs": []}
    try:
        url = f"http://127.0.0.1:{port}"
        while True:
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() - started > 600:
                    raise RuntimeError(f"server did not start; see {out}/serve-{label}.log")
                time.sleep(0.05)
        res["ready_s"] = time.monotonic() - started
        res["idle"] = proc_status(server.pid)
        script = wrk_script(out)
        for threads, conns, secs in cfg["wrk"]:
            cpu0 = proc_cpu_s(server.pid)
            r = run(["wrk", "-t", threads, "-c", conns, "-d", f"{secs}s", "--timeout", "10s",
                     "-s", script, url + "/api/ask"])
            cpu = proc_cpu_s(server.pid) - cpu0
            line = next(l for l in r.stdout.splitlines() if l.startswith("JSON "))
            w = json.loads(line[5:])
            w.update({"threads": threads, "connections": conns, "seconds": secs,
                      "rps": w["requests"] / (w["duration_us"] / 1e6),
                      "server_cpu_cores": cpu / (w["duration_us"] / 1e6),
                      "errors_total": sum(w["errors"].values())})
            res["runs"].append(w)
            log(f"wrk -c{conns}: {w['rps']:.0f} req/s, p99 {w['latency_us']['p99']} µs, "
                f"{w['errors_total']} errors")
        res["after"] = proc_status(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        logf.close()
    res["loadavg_end"] = loadavg()
    return res


def measure_criterion(out, scaled_home):
    log("criterion: cargo bench --bench answer" + (f" (scaled: {scaled_home})" if scaled_home else ""))
    env = dict(os.environ)
    if scaled_home:
        env["NORMWIJZER_BENCH_HOME"] = str(scaled_home)
    crit = ROOT / "target" / "criterion"
    # Old results of benches that are not run again would be read as new ones.
    for sub in ("ask", "open"):
        shutil.rmtree(crit / sub, ignore_errors=True)
    with open(out / "criterion.log", "w") as f:
        subprocess.run(["cargo", "bench", "--bench", "answer"], cwd=ROOT, env=env, stdout=f,
                       stderr=subprocess.STDOUT, check=True)
    rows = []
    for bj in sorted(glob.glob(str(crit / "**" / "new" / "benchmark.json"), recursive=True)):
        b = json.loads(Path(bj).read_text())
        est = json.loads((Path(bj).parent / "estimates.json").read_text())
        rows.append({
            "id": b["full_id"],
            "median_us": est["median"]["point_estimate"] / 1e3,
            "low_us": est["median"]["confidence_interval"]["lower_bound"] / 1e3,
            "high_us": est["median"]["confidence_interval"]["upper_bound"] / 1e3,
        })
    with open(out / "criterion.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "median_us", "low_us", "high_us"])
        w.writeheader()
        w.writerows(rows)
    return rows


def crit_summary(rows, prefix):
    per_q = [r["median_us"] for r in rows if r["id"].startswith(prefix) and not r["id"].endswith("all-dev")]
    if not per_q:
        return None
    per_q.sort()
    return {"questions": len(per_q), "median_of_medians_us": statistics.median(per_q),
            "slowest_question_us": per_q[-1], "fastest_question_us": per_q[0]}


def mb(b):
    return b / 1e6


def table(results):
    m = results["machine"]
    lines = []
    add = lines.append
    add(f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, {m['os']}, "
        f"kernel {m['kernel']}; {m['rustc']}; commit {m['commit']}; {m['date']}.")
    add(f"Load average (1/5/15 min) at start {'/'.join(m['loadavg_start'])}, "
        f"at end {'/'.join(results.get('loadavg_end', ['?']))}.")
    add("")
    add("### Scale")
    add("")
    add("| corpus | MB | docs | passages | build s (min–max) | MB/s | index MB | cold ask ms (min–max) "
        "| first ask ms | p50 µs | p99 µs (min–max) | once: p50 / max µs | RSS ask MB | RSS build MB | bm25s p50 µs | bm25s p99 µs |")
    add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in results["sizes"]:
        b, e, bl = s["build_s"], s["eval"], s["baseline"]
        add(f"| {s['label']} | {mb(s['corpus_bytes']):.2f} | {s['documents']} | {s['passages']} "
            f"| {b['median']:.2f} ({b['min']:.2f}–{b['max']:.2f}) "
            f"| {mb(s['corpus_bytes']) / b['median']:.2f} | {mb(s['index_bytes']):.1f} "
            f"| {s['cold_ask']['median_ms']:.0f} ({s['cold_ask']['min_ms']:.0f}–{s['cold_ask']['max_ms']:.0f}) "
            f"| {s['first_ask']['median_ms']:.0f} "
            f"| {e['p50_us']['median']:.0f} | {e['p99_us']['median']:.0f} ({e['p99_us']['min']:.0f}–{e['p99_us']['max']:.0f}) "
            f"| {s['eval_first']['p50_us']['median']:.0f} / {s['eval_first']['max_us']['median']:.0f} "
            f"| {s['ask_rss_kb']['median'] / 1024:.0f} | {s['build_rss_kb']['median'] / 1024:.0f} "
            f"| {bl['p50_us']['median']:.0f} | {bl['p99_us']['median']:.0f} |")
    add("")
    add("### Where opening and building go (benches/phases.rs, median ms)")
    add("")
    names = ["load_corpus", "fingerprint", "split", "index_build", "index_open", "planner", "checks",
             "checks_validity", "engine_open"]
    add("| phase | " + " | ".join(s["label"] for s in results["sizes"]) + " |")
    add("|---|" + "---:|" * len(results["sizes"]))
    for n in names:
        add(f"| {n} | " + " | ".join(f"{s['phases']['phases'][n]['median_ms']:.1f}" for s in results["sizes"]) + " |")
    add("")
    add("### Accuracy on tests/fixtures/dev.toml (bundled corpus)")
    add("")
    first = results["sizes"][0]
    e, bl = first["eval"], first["baseline"]
    add("| system | Recall@1 | Recall@3 | MRR@3 | abstains right | p50 µs | p99 µs |")
    add("|---|---:|---:|---:|---:|---:|---:|")
    add(f"| normwijzer | {e['recall_at_1']:.3f} | {e['recall_at_3']:.3f} | {e['mrr_at_3']:.3f} | {e['abstain_ok']} "
        f"| {e['p50_us']['median']:.0f} | {e['p99_us']['median']:.0f} |")
    add(f"| bm25s + PyStemmer ({bl['paragraphs']} paragraphs) | {bl['recall_at_1']:.3f} | {bl['recall_at_3']:.3f} "
        f"| {bl['mrr_at_3']:.3f} | never abstains | {bl['p50_us']['median']:.0f} | {bl['p99_us']['median']:.0f} |")
    if results.get("http"):
        add("")
        add("### HTTP /api/ask under wrk (loopback, same 2 cores)")
        add("")
        add("| corpus | connections | req/s | p50 µs | p99 µs | max µs | errors | server CPU cores "
            "| server RSS idle MB | server VmHWM MB | threads after |")
        add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for h in results["http"]:
            for w in h["runs"]:
                lat = w["latency_us"]
                add(f"| {h['label']} | {w['connections']} | {w['rps']:.0f} | {lat['p50']} | {lat['p99']} | {lat['max']} "
                    f"| {w['errors_total']} | {w['server_cpu_cores']:.2f} | {h['idle']['VmRSS'] / 1024:.0f} "
                    f"| {h['after']['VmHWM'] / 1024:.0f} | {h['after'].get('Threads', '?')} |")
    if results.get("criterion"):
        add("")
        add("### Criterion (benches/answer.rs), median per bench")
        add("")
        add("| bench | median µs |")
        add("|---|---:|")
        for key, c in results["criterion_summary"].items():
            if c:
                add(f"| {key}: median over {c['questions']} questions | {c['median_of_medians_us']:.0f} |")
                add(f"| {key}: slowest question | {c['slowest_question_us']:.0f} |")
        for r in results["criterion"]:
            if r["id"].startswith("open/") or r["id"].endswith("all-dev"):
                add(f"| {r['id']} | {r['median_us']:.0f} |")
    return "\n".join(lines) + "\n"


def plot(results, out):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib not installed: no plot")
        return
    sizes = results["sizes"]
    x = [mb(s["corpus_bytes"]) for s in sizes]
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
    ax = axes[0]
    ax.plot(x, [s["eval"]["p50_us"]["median"] / 1e3 for s in sizes], "o-", label="normwijzer p50")
    ax.plot(x, [s["eval"]["p99_us"]["median"] / 1e3 for s in sizes], "o-", label="normwijzer p99")
    ax.plot(x, [s["baseline"]["p50_us"]["median"] / 1e3 for s in sizes], "s--", label="bm25s p50")
    ax.plot(x, [s["baseline"]["p99_us"]["median"] / 1e3 for s in sizes], "s--", label="bm25s p99")
    ax.axhline(10, color="grey", lw=0.8, ls=":")
    ax.set_title("answer latency in process (ms)")
    ax = axes[1]
    ax.plot(x, [s["build_s"]["median"] for s in sizes], "o-", label="normwijzer index (s)")
    ax.plot(x, [s["cold_ask"]["median_ms"] / 1e3 for s in sizes], "o-", label="cold ask with index (s)")
    ax.plot(x, [s["phases"]["phases"]["index_build"]["median_ms"] / 1e3 for s in sizes], "^:", label="tantivy build only (s)")
    ax.set_title("build and cold start (s)")
    ax = axes[2]
    ax.plot(x, [s["ask_rss_kb"]["median"] / 1024 for s in sizes], "o-", label="ask")
    ax.plot(x, [s["build_rss_kb"]["median"] / 1024 for s in sizes], "o-", label="index")
    ax.plot(x, [s["baseline"]["max_rss_kb"]["median"] / 1024 for s in sizes], "s--", label="bm25s")
    ax.axhline(100, color="grey", lw=0.8, ls=":")
    ax.set_title("peak RSS (MB)")
    for ax in axes:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("corpus MB")
        ax.grid(True, which="both", lw=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "scaling.png", dpi=110)
    log(f"plot: {out / 'scaling.png'}")


def main():
    ap = argparse.ArgumentParser(description="normwijzer benchmarks (see BENCHMARKS.md)")
    ap.add_argument("--sizes", default="1x,10x,100x,20MB", help="corpus sizes, comma-separated")
    ap.add_argument("--http-sizes", default="1x,20MB", help="sizes to load over HTTP ('' for none)")
    ap.add_argument("--seed", default="1", help="seed of the corpus generator")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    ap.add_argument("--no-criterion", action="store_true", help="skip cargo bench --bench answer")
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"), help="output directory")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cfg = {
        "phase_runs": 1 if args.quick else 3,
        "build_runs": 1 if args.quick else 3,
        "cold_runs": 5 if args.quick else 20,
        "cold_runs_big": 2 if args.quick else 5,
        "first_runs": 2 if args.quick else 10,
        "first_runs_big": 1 if args.quick else 3,
        "eval_runs": 1 if args.quick else 3,
        "eval_repeat": 5 if args.quick else 20,
        # wrk gets one thread, so the server keeps the other core as far as the load allows.
        "wrk": [(1, 1, 5 if args.quick else 15), (1, 16, 5 if args.quick else 20)],
    }
    results = {"machine": machine(), "config": cfg, "sizes": [], "http": []}
    log(f"machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, "
        f"load {' '.join(loadavg())}")
    for label in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        results["sizes"].append(measure_size(label, args, out, cfg))
    for label in [s.strip() for s in args.http_sizes.split(",") if s.strip()]:
        if not (out / "corpora" / label).exists():
            generate(label, out, args.seed)
        results["http"].append(measure_http(label, out, cfg))
    if not args.no_criterion:
        largest = results["sizes"][-1]["label"] if len(results["sizes"]) > 1 else None
        rows = measure_criterion(out, out / "corpora" / largest if largest else None)
        results["criterion"] = rows
        results["criterion_summary"] = {
            "ask/bundled": crit_summary(rows, "ask/bundled/"),
            "ask/scaled": crit_summary(rows, "ask/scaled/"),
        }
    results["loadavg_end"] = loadavg()
    (out / "results.json").write_text(json.dumps(results, indent=2))
    with open(out / "scale.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["corpus", "bytes", "documents", "passages", "build_s", "index_bytes", "cold_ask_ms",
                    "first_ask_ms", "p50_us", "p99_us", "once_p50_us", "once_max_us", "ask_rss_kb", "build_rss_kb",
                    "bm25s_p50_us", "bm25s_p99_us", "bm25s_build_s", "bm25s_rss_kb"])
        for s in results["sizes"]:
            w.writerow([s["label"], s["corpus_bytes"], s["documents"], s["passages"],
                        s["build_s"]["median"], s["index_bytes"], s["cold_ask"]["median_ms"],
                        s["first_ask"]["median_ms"], s["eval"]["p50_us"]["median"],
                        s["eval"]["p99_us"]["median"], s["eval_first"]["p50_us"]["median"],
                        s["eval_first"]["max_us"]["median"], s["ask_rss_kb"]["median"],
                        s["build_rss_kb"]["median"], s["baseline"]["p50_us"]["median"],
                        s["baseline"]["p99_us"]["median"], s["baseline"]["build_s"]["median"],
                        s["baseline"]["max_rss_kb"]["median"]])
    text = table(results)
    (out / "table.md").write_text(text)
    plot(results, out)
    print(text)


if __name__ == "__main__":
    main()
