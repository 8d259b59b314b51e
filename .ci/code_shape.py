"""Report the largest modules and functions of the package and fail above the agreed sizes.

A module over MODULE_LIMIT lines or a function over FUNCTION_LIMIT lines (counted from its `def` line,
decorators excluded, to its last line) fails the check unless it is on the allow-list below with the
reason it cannot be split yet. Usage: `python .ci/code_shape.py [--top N]` from the checkout.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MODULE_LIMIT = 400
FUNCTION_LIMIT = 60
PACKAGES = ("transforms", "expectations", "warehouse", "flows")

# path (or path::qualified.function) -> why it stays over the limit for now. Keep this short.
ALLOWED: dict[str, str] = {}


def _functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, int]]:
    """Every function and method with its length in lines, nested ones named `outer.inner`."""
    found: list[tuple[str, int]] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                found.append((name, (node.end_lineno or node.lineno) - node.lineno + 1))
            found.extend(_functions(node, name + "."))
    return found


def measure(root: Path) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(module, lines) and (module::function, lines) for every module of the packages, largest first."""
    modules: list[tuple[str, int]] = []
    functions: list[tuple[str, int]] = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8")
            modules.append((rel, len(text.splitlines())))
            functions.extend((f"{rel}::{name}", n) for name, n in _functions(ast.parse(text, rel)))
    return sorted(modules, key=lambda m: -m[1]), sorted(functions, key=lambda f: -f[1])


def main(argv: list[str]) -> int:
    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 5
    root = Path(__file__).resolve().parent.parent
    modules, functions = measure(root)
    print("largest modules:", ", ".join(f"{m} {n}" for m, n in modules[:top]))
    print("largest functions:", ", ".join(f"{f} {n}" for f, n in functions[:top]))
    over = [(m, n, MODULE_LIMIT) for m, n in modules if n > MODULE_LIMIT]
    over += [(f, n, FUNCTION_LIMIT) for f, n in functions if n > FUNCTION_LIMIT]
    failures = [(name, n, limit) for name, n, limit in over if name not in ALLOWED]
    for name, n, limit in over:
        if name in ALLOWED:
            print(f"allowed: {name} {n} lines (limit {limit}): {ALLOWED[name]}")
    for name, n, limit in failures:
        print(f"too large: {name} {n} lines (limit {limit})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
