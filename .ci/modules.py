#!/usr/bin/env python3
"""Dependency graph between the crate's top-level modules (src/<module>/ or src/<module>.rs),
read from `crate::<module>` paths in the code (tests and doc comments excluded). Prints the
graph and exits 1 when two modules depend on each other, directly or through others.

Usage: python3 .ci/modules.py [--dot]
"""
import os
import re
import sys

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
PATH = re.compile(r"\bcrate::([a-z_]+)")
USE_GROUP = re.compile(r"\buse\s+crate::\{([^;]*)\}", re.S)


def code_lines(text):
    """The text without comments and without the unit tests (a `#[cfg(test)]` module closes
    every file that has one)."""
    out = []
    for line in text.splitlines():
        if line.strip().startswith("#[cfg(test)]"):
            break
        if line.strip().startswith("//"):
            continue
        out.append(line.split("//")[0])
    return "\n".join(out)


def modules():
    mods = {}
    for name in sorted(os.listdir(SRC)):
        path = os.path.join(SRC, name)
        if name in ("lib.rs", "main.rs"):
            continue
        if os.path.isdir(path):
            files = [os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs if f.endswith(".rs")]
            mods[name] = files
        elif name.endswith(".rs"):
            mods[name[:-3]] = [path]
    return mods


def graph():
    mods = modules()
    deps = {m: set() for m in mods}
    for m, files in mods.items():
        for f in files:
            text = code_lines(open(f, encoding="utf-8").read())
            found = set(PATH.findall(text))
            for group in USE_GROUP.findall(text):
                found.update(re.findall(r"(?:^|[,{\s])([a-z_]+)\s*(?:::|,|\}|$)", group))
            deps[m].update(d for d in found if d in mods and d != m)
    return deps


def cycles(deps):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(deps[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(deps):
        if v not in index:
            visit(v)
    return out


def main():
    deps = graph()
    if "--dot" in sys.argv:
        print("digraph modules {")
        for m in sorted(deps):
            for d in sorted(deps[m]):
                print(f"  {m} -> {d};")
        print("}")
    else:
        for m in sorted(deps):
            print(f"{m:10} -> {', '.join(sorted(deps[m])) or '-'}")
    found = cycles(deps)
    for c in found:
        print("cycle: " + " <-> ".join(c), file=sys.stderr)
    if not found:
        print("no cycles between modules")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
