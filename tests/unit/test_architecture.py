"""The house's rules, read from the source: one writer of the control tables, jobs/ holds only
jobs, no import circle, the simulator outside the product."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from orchestrator.control import names
from orchestrator.jobs import JOBS
from orchestrator.paths import PROJECT_DIR

PACKAGE = PROJECT_DIR / "orchestrator"
CONTROL = PACKAGE / "control"
SIMULATOR = PROJECT_DIR / "simulator"
CONTROL_TABLES = {value for name, value in vars(names).items() if name.startswith(("CTL_", "STG_"))}
WRITE = re.compile(r"\b(insert\s+into|update|delete\s+from|truncate|merge\s+into)\b", re.I)


def _modules(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.py") if "__pycache__" not in path.parts)


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _control_table_uses(path: Path) -> list[str]:
    """Where a module outside the control package names a control table in code: a CTL_/STG_
    constant, or SQL (a string with a write or a FROM) naming one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    uses = []
    for node in ast.walk(tree):
        name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
        if isinstance(node, ast.Attribute | ast.Name) and str(name).startswith(("CTL_", "STG_")):
            uses.append(f"{path.name}:{node.lineno} {name}")
        if isinstance(node, ast.alias) and node.name.startswith(("CTL_", "STG_")):
            uses.append(f"{path.name}:{node.lineno} imports {node.name}")
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            text = node.value.lower()
            if (WRITE.search(text) or re.search(r"\bfrom\b", text)) and any(
                re.search(rf"\b{table}\b", text) for table in CONTROL_TABLES
            ):
                uses.append(f"{path.name}:{node.lineno} {node.value[:60]!r}")
    return uses


def test_only_the_control_package_touches_the_control_tables() -> None:
    """No module outside orchestrator/control/ writes, or even names in code, a CTL_/STG_ table
    (reading job history goes through the ADMIN_* views); messages may name them."""
    outside = [path for path in _modules(PACKAGE) if CONTROL not in path.parents]
    assert len(outside) > 20
    found = [use for path in outside for use in _control_table_uses(path)]
    assert found == []


def test_the_control_package_is_where_the_writes_are() -> None:
    """The rule above would hold vacuously if nothing wrote: the control package names every
    control table, and writes."""
    written = set()
    for path in _modules(CONTROL):
        for name in re.findall(r"names\.((?:CTL|STG)_[A-Z_]+)", path.read_text(encoding="utf-8")):
            written.add(getattr(names, name))
    assert written == CONTROL_TABLES
    assert any(WRITE.search(path.read_text(encoding="utf-8")) for path in _modules(CONTROL))


def test_jobs_holds_one_module_per_original_job_and_nothing_else() -> None:
    modules = {path.stem for path in (PACKAGE / "jobs").glob("*.py")} - {"__init__"}
    job_modules = {JOBS[name].__module__.rsplit(".", 1)[-1] for name in JOBS}
    assert modules == job_modules
    assert len(modules) == len(JOBS)


def _module_name(path: Path) -> str:
    """The dotted name a module (or a package's __init__) is imported by."""
    return ".".join(path.relative_to(PROJECT_DIR).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path) -> set[str]:
    """The orchestrator and simulator modules `path` imports (module level or in functions)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        found |= {name for name in candidates if name.startswith(("orchestrator", "simulator"))}
    return found


def test_no_import_circle() -> None:
    modules = {_module_name(path): path for path in [*_modules(PACKAGE), *_modules(SIMULATOR)]}
    assert len(modules) > 70
    graph = {
        name: {target for target in _imports(path) if target in modules and target != name}
        for name, path in modules.items()
    }
    # A package's __init__ importing its own modules is not a circle of the code's logic.
    for name in graph:
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


def test_the_product_never_imports_the_simulator() -> None:
    """The simulator is a package of its own: only `gim simulate` (and `gim demo` through it)
    import it, inside the command, so the product runs without it."""
    importers = [
        path.relative_to(PROJECT_DIR).as_posix()
        for path in _modules(PACKAGE)
        if any(name.startswith("simulator") for name in _imports(path))
    ]
    assert importers == ["orchestrator/cli.py"]
    module_level = [
        node.module
        for node in ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8")).body
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("simulator")
    ]
    assert module_level == []
