#!/usr/bin/env python3
"""Fails when an #include points up the layer table.

Why: src/<layer>/ folders may depend only on layers listed before them (and
on themselves), lowest first, in the top-level CMakeLists.txt's
`foreach(layer ...)` line. The linker only catches an upward dependency once
someone links it the other way; a header-only include never gets caught.
The order is read from that line so there is one source of truth. Tests
(*_test.cc) and src/<layer>/testing/ helpers follow the same rule.

Usage: check_layers.py [PROJECT_SOURCE_DIR]   (default: two folders up)
Exit 0 and a count when clean; exit 1 listing file:line, includer layer and
included layer for each upward include (or a folder missing from the table).
"""
import pathlib
import re
import sys

FOREACH = re.compile(r"foreach\(\s*layer\s+([^)]*)\)")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"/]+)/')


def layer_order(root):
    match = FOREACH.search((root / "CMakeLists.txt").read_text())
    if not match:
        sys.exit(f"{root / 'CMakeLists.txt'}: no foreach(layer ...) line")
    return {name: rank for rank, name in enumerate(match.group(1).split())}


def check(root):
    """Returns (problems, includes checked) for the tree at root."""
    rank = layer_order(root)
    problems, checked = [], 0
    src = root / "src"
    for path in sorted(p for p in src.rglob("*") if p.suffix in (".h", ".cc")):
        rel = path.relative_to(root)
        own = path.relative_to(src).parts[0]
        if own not in rank:
            problems.append(f"{rel}: folder src/{own}/ is not in the layer table")
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            match = INCLUDE.match(line)
            if not match or match.group(1) not in rank:
                continue  # system/third-party headers, or not a layer path
            checked += 1
            target = match.group(1)
            if rank[target] > rank[own]:
                problems.append(f"{rel}:{number}: {own} includes {target} "
                                f"(above it): {line.strip()}")
    return problems, checked


def main(argv):
    root = pathlib.Path(argv[1] if len(argv) > 1 else pathlib.Path(__file__).parents[2])
    problems, checked = check(root.resolve())
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} upward include(s) among {checked} checked; "
              "layers, lowest first: CMakeLists.txt foreach(layer ...)")
        return 1
    print(f"layers ok: {checked} includes checked, none points up")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
