"""The layering rules that import-linter cannot see, checked on the source with `ast`
(docs/architecture.md, "Layering"). import-linter (`make lint`) decides which module may import
which; these tests look at what the code does with what it imported:

1. Across modules, models are for foreign keys and types only: no module touches the manager of a
   model imported from another domain module (`Employee.objects`); it asks that module's
   selectors, services or permissions.
2. Views and API modules do no ORM of their own: no manager, no queryset method, no
   `get_object_or_404`. They call a selector or a service.
3. Selectors never write, and import no services module (a read that writes on first use is a
   default that belongs in a migration or in the service that changes it).
4. Services hold no pure reads: a public function of a service module that reads the database and
   can write nothing belongs in selectors.py.

Each failure lists file:line. The tests read the source only: no database, no Django setup."""

import ast
import builtins
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cadence

SOURCE = Path(cadence.__file__).parent

# core is the base every module builds on: its models (the login, API tokens, the audit trail) are
# used directly by the module that owns the behaviour (people provisions logins and writes its audit
# rows set-based during an import), so rule 1 guards the domain modules' models from one another.
DOMAIN_APPS = frozenset(p.name for p in SOURCE.iterdir() if (p / "models.py").exists()) - {"core"}

# Tests set up their own world and migrations are frozen history: neither is checked.
EXEMPT_DIRS = frozenset({"tests", "migrations"})

# demo.py and seeding.py build the demo and benchmark organisations the way fixtures do: they run as
# nobody (no actor whose visible_to a read could start from), find the demo cast by its fixed email
# addresses and insert people by the thousand set-based. They may use other modules' models directly.
SEEDING_MODULES = frozenset({"demo.py", "seeding.py"})

MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
WRITES = frozenset(
    {"save", "create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "update", "delete"}
)
QUERYSET_READS = frozenset(
    {
        "filter", "exclude", "select_related", "prefetch_related", "annotate", "aggregate", "alias",
        "order_by", "values_list", "distinct", "only", "defer", "in_bulk", "raw", "extra",
        "select_for_update", "refresh_from_db",
    }
)  # fmt: skip
# Queryset methods whose names other objects share (dict.get, list.count, Path.exists): ORM only when
# called with no argument.
QUERYSET_READS_BARE = frozenset({"first", "last", "exists", "count", "none"})
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})
VIEW_MODULE = re.compile(r"^(views|\w+_views|api|\w+_api)\.py$")


@dataclass(frozen=True)
class Module:
    app: str
    path: Path
    tree: ast.Module

    @property
    def dotted(self) -> str:
        return ".".join(("cadence", *self.path.relative_to(SOURCE).with_suffix("").parts))

    def at(self, node: ast.AST, what: str) -> str:
        return f"{self.path.relative_to(SOURCE)}:{getattr(node, 'lineno', 0)}: {what}"


@functools.cache
def _modules() -> tuple[Module, ...]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE).parts
        if len(parts) < 2 or EXEMPT_DIRS & set(parts):
            continue
        found.append(Module(parts[0], path, ast.parse(path.read_text(), filename=str(path))))
    return tuple(found)


def _absolute(node: ast.ImportFrom, module: Module) -> str:
    if not node.level:
        return node.module or ""
    package = module.dotted.split(".")[: -node.level]
    return ".".join([*package, *([node.module] if node.module else [])])


def _models_app(dotted: str) -> str | None:
    """The domain module whose models `dotted` names (cadence.people.models -> people), else None."""
    parts = dotted.split(".")
    if len(parts) == 3 and parts[0] == "cadence" and parts[2] == "models" and parts[1] in DOMAIN_APPS:
        return parts[1]
    return None


def _foreign_models(module: Module) -> tuple[dict[str, str], dict[str, str]]:
    """Names bound to another domain module's models (Employee -> people), and names bound to such a
    models module itself (`from cadence.people import models as people_models`)."""
    classes: dict[str, str] = {}
    modules: dict[str, str] = {}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(node, module)
            for alias in node.names:
                bound = alias.asname or alias.name
                if (app := _models_app(source)) and app != module.app:
                    classes[bound] = app
                elif (app := _models_app(f"{source}.{alias.name}")) and app != module.app:
                    modules[bound] = app
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and (app := _models_app(alias.name)) and app != module.app:
                    modules[alias.asname] = app
    return classes, modules


def _decorator_nodes(tree: ast.AST) -> set[int]:
    """Nodes inside decorators (`@router.delete(...)` is a route, not a query)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for decorator in node.decorator_list:
                inside |= {id(n) for n in ast.walk(decorator)}
    return inside


def _method_calls(tree: ast.AST) -> Iterator[tuple[ast.Call, str]]:
    skip = _decorator_nodes(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and id(node) not in skip:
            yield node, node.func.attr


def _orm_reads(tree: ast.AST) -> Iterator[tuple[ast.AST, str]]:
    """Every manager access, queryset read and get-or-404 shortcut in `tree`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            yield node, f".{node.attr}"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in SHORTCUTS:
            yield node, f"{node.func.id}()"
    for call, name in _method_calls(tree):
        bare = not call.args and not call.keywords
        if name in QUERYSET_READS or (name in QUERYSET_READS_BARE and bare):
            yield call, f".{name}()"


def _is_write(call: ast.Call) -> bool:
    """A write method call. `update` counts on a queryset expression only (`....filter(...).update()`,
    `X.objects.update()`), since dicts have one too."""
    assert isinstance(call.func, ast.Attribute)
    name, receiver = call.func.attr, call.func.value
    if name == "update":
        return isinstance(receiver, ast.Call) or (
            isinstance(receiver, ast.Attribute) and receiver.attr in MANAGERS
        )
    return name in WRITES


def _fail(problems: list[str], rule: str) -> None:
    assert not problems, f"{rule}\n" + "\n".join(sorted(problems))


def test_no_module_uses_another_modules_managers() -> None:
    problems = []
    for module in _modules():
        if module.path.name in SEEDING_MODULES:
            continue
        classes, modules = _foreign_models(module)
        for node in ast.walk(module.tree):
            if not (isinstance(node, ast.Attribute) and node.attr in MANAGERS):
                continue
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in classes:
                problems.append(module.at(node, f"{owner.id}.{node.attr} ({classes[owner.id]}'s model)"))
            elif (
                isinstance(owner, ast.Attribute)
                and isinstance(owner.value, ast.Name)
                and owner.value.id in modules
            ):
                problems.append(module.at(node, f"{owner.value.id}.{owner.attr}.{node.attr}"))
    _fail(problems, "Another module's model manager: call a selector, service or permission of that module.")


def test_views_and_api_modules_do_no_orm() -> None:
    problems = []
    for module in _modules():
        if not VIEW_MODULE.match(module.path.name):
            continue
        problems += [module.at(node, what) for node, what in _orm_reads(module.tree)]
        problems += [
            module.at(call, f".{name}()") for call, name in _method_calls(module.tree) if _is_write(call)
        ]
    _fail(problems, "ORM in a view or API module: move the read into a selector, the write into a service.")


@functools.cache
def _service_module_names() -> frozenset[str]:
    return frozenset(m.dotted for m, _functions in _service_modules())


def _imports_services(module: Module) -> Iterator[tuple[ast.AST, str]]:
    services = _service_module_names()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(node, module)
            named = [source, *(f"{source}.{alias.name}" for alias in node.names)]
            yield from ((node, dotted) for dotted in named if dotted in services)
        elif isinstance(node, ast.Import):
            yield from ((node, a.name) for a in node.names if a.name in services)


def test_selectors_never_write() -> None:
    problems = []
    for module in _modules():
        if module.path.name != "selectors.py":
            continue
        for call, name in _method_calls(module.tree):
            if _is_write(call) or name in {"select_for_update", "atomic"}:
                problems.append(module.at(call, f".{name}()"))
        problems += [
            module.at(node, f"imports {dotted}, which writes") for node, dotted in _imports_services(module)
        ]
    _fail(
        problems,
        "A selector that writes: create the default in a migration or in the service that changes it.",
    )


# --- rule 4: services hold no pure reads ---------------------------------------------------------

# Modules whose functions read only: a call into one of them writes nothing.
READ_ONLY_SOURCES = re.compile(
    r"(^|\.)(selectors|permissions|models|schemas)$|^django\.(db\.models|utils|urls)"
)
READ_METHODS = QUERYSET_READS | QUERYSET_READS_BARE | {"get", "all", "values", "iterator"}
BUILTINS = frozenset(dir(builtins))


def _is_atomic(fn: ast.FunctionDef) -> bool:
    return any("atomic" in ast.unparse(d) for d in fn.decorator_list)


def _service_modules() -> Iterator[tuple[Module, dict[str, ast.FunctionDef]]]:
    """services.py and every other module that holds an atomic write (goals/cycles.py, ...)."""
    for module in _modules():
        functions = {n.name: n for n in module.tree.body if isinstance(n, ast.FunctionDef)}
        is_view = VIEW_MODULE.match(module.path.name) or module.path.name in SEEDING_MODULES
        if module.path.name == "services.py" or (not is_view and any(map(_is_atomic, functions.values()))):
            yield module, functions


def _read_only_names(module: Module) -> set[str]:
    """Names imported from modules that only read (selectors, permissions, models, Django's helpers)."""
    names = set(BUILTINS)
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(node, module)
            for alias in node.names:
                if READ_ONLY_SOURCES.search(source) or READ_ONLY_SOURCES.search(f"{source}.{alias.name}"):
                    names.add(alias.asname or alias.name)
    return names


def _may_write(
    fn: ast.FunctionDef, functions: dict[str, ast.FunctionDef], reads: set[str], seen: set[str]
) -> bool:
    """Whether `fn` can write: a write method, a lock taken for one, an atomic block, or a call that may
    write (a function of this module that may, or anything not known to only read). Errs towards
    "may write"."""
    if _is_atomic(fn) or any(
        name in WRITES or name in {"atomic", "select_for_update"} for _call, name in _method_calls(fn)
    ):
        return True
    for node in ast.walk(fn):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr in READ_METHODS:
            continue
        target = node.func
        while isinstance(target, ast.Attribute):
            target = target.value
        if (
            not isinstance(target, ast.Name)
            or target.id in reads
            or target.id in {a.arg for a in fn.args.kwonlyargs}
        ):
            continue
        if target.id not in functions:
            return True
        if target.id not in seen and _may_write(functions[target.id], functions, reads, seen | {target.id}):
            return True
    return False


def test_services_hold_no_pure_reads() -> None:
    problems = []
    for module, functions in _service_modules():
        reads = _read_only_names(module)
        for name, fn in functions.items():
            if name.startswith("_") or not any(_orm_reads(fn)):
                continue
            if not _may_write(fn, functions, reads, {name}):
                problems.append(module.at(fn, f"{name}() only reads"))
    _fail(problems, "A read in a service module: move it to selectors.py.")
