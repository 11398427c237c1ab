"""The library's import graph has no cycles: each module imports only modules "below" it, so
a reader can follow the architecture from the file names, and no module needs another half
initialized.

Every module of the ``mlguide`` package (the extension included, the data's code examples
not) is read with ``ast``: every ``import`` and ``from ... import`` counts, at module level
and inside functions, except those under ``if TYPE_CHECKING:`` (they never run). ``from
mlguide import cache`` is an import of ``mlguide.cache``; ``from mlguide import __version__``
one of the package itself (``mlguide/__init__.py``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import mlguide

PACKAGE = Path(mlguide.__file__).parent


def module_names(root: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent).with_suffix("")
        if relative.parts[1:2] == ("data",):  # code examples, not the library
            continue
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        found[".".join(parts)] = path
    return found


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                skipped.update(id(sub) for stmt in node.body for sub in ast.walk(stmt))
    return skipped


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports when it runs (see the module's doc)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else base)
    return {m for m in found if m in modules and m != name}


def graph() -> dict[str, set[str]]:
    modules = module_names()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (each a cycle or a knot
    of cycles), by Tarjan's algorithm, iteratively (a deep graph cannot overflow)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_library_imports_run_one_way() -> None:
    """No module of mlguide imports, directly or through others, a module that imports it."""
    assert cycles(graph()) == []


def test_the_walk_sees_imports_inside_functions_and_skips_type_checking() -> None:
    """An import inside a function counts (guide.py reaches export.py only from its methods);
    one under ``if TYPE_CHECKING:`` does not (export.py names Guide only for the types);
    ``from mlguide import cache`` is the submodule, ``__version__`` the package."""
    edges = graph()
    assert "mlguide.export" in edges["mlguide.guide"]
    assert "mlguide.guide" not in edges["mlguide.export"]
    assert "mlguide.cache" in edges["mlguide.loader"]
    assert "mlguide" in edges["mlguide.sphinxext.extension"]
    assert "mlguide.model" in edges["mlguide.model_equivalents"]
    assert len(edges) > 40  # every module, the extension's included


def test_cycles_are_found_both_ways() -> None:
    """The finder reports a two-module cycle and a longer one, and nothing for a chain."""
    assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
