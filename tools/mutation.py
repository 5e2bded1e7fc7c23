"""Mutation testing for the permissions and services of people, goals, feedback, check-ins and meetings.

Finds mutants with `ast`, takes a seeded sample per file, and runs the app's tests plus the permission
matrix against each one (stopping at the first failure). A mutant that no test kills is a gap: a rule
the code states that nothing checks. The operators are those of docs/testing.md:

- comparison flip (== != < <= > >= is, is not, in, not in), `not` around an if/elif/conditional test,
  `and` <-> `or`;
- return values by annotation: `-> bool` negated, True or False; `-> QuerySet[M]` .none() / all rows;
  `-> Q` Q() <-> Q(pk__in=[]);
- a .filter(...) / .exclude(...) / .select_related(...) / .prefetch_related(...) removed from its chain;
- `raise PermissionDenied/ValidationError` and a statement-level `audit_record(...)` replaced by `pass`.

Usage: python tools/mutation.py [--seed N] [--per-file N] [--file SUBSTRING] [--line N] [--list]
The target file is restored after every mutant, also on errors and Ctrl-C.
"""

import argparse
import ast
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("people", "goals", "feedback", "checkins", "meetings")
# Each app's permissions and services, with the services' sub-domain modules split out of services.py.
SERVICE_MODULES = {"goals": ("cycles", "reminders"), "meetings": ("scheduling", "shared_notes")}
TARGETS = tuple(
    f"src/cadence/{app}/{module}.py"
    for app in APPS
    for module in ("permissions", "services", *SERVICE_MODULES.get(app, ()))
)
MATRIX = "tests/test_permission_matrix.py"
DEFAULT_SEED = 20251201
FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
CHAIN_METHODS = {"filter", "exclude", "select_related", "prefetch_related"}
GUARD_EXCEPTIONS = {"PermissionDenied", "ValidationError"}
# Mutants that change no behaviour, by (file, kind, replacement): left out of the score, with the reason.
EQUIVALENT: dict[tuple[str, str, str], str] = {}


@dataclass(frozen=True, order=True)
class Mutant:
    line: int
    col: int
    kind: str
    replacement: str
    end_line: int
    end_col: int
    shown_line: int  # where the change is: a dropped method's own line, not the start of its chain

    def apply(self, source: str) -> str:
        lines = source.splitlines(keepends=True)
        offsets = [0]
        for text in lines:
            offsets.append(offsets[-1] + len(text.encode()))
        data = source.encode()
        start = offsets[self.line - 1] + self.col
        end = offsets[self.end_line - 1] + self.end_col
        return (data[:start] + self.replacement.encode() + data[end:]).decode()


def _span(node: ast.AST, kind: str, replacement: str, shown_line: int | None = None) -> Mutant:
    return Mutant(
        node.lineno,  # type: ignore[attr-defined]
        node.col_offset,  # type: ignore[attr-defined]
        kind,
        replacement,
        node.end_lineno,  # type: ignore[attr-defined]
        node.end_col_offset,  # type: ignore[attr-defined]
        shown_line or node.lineno,  # type: ignore[attr-defined]
    )


def _expr(node: ast.AST) -> str:
    """Source for a replacement expression, parenthesised so that it fits any context."""
    return f"({ast.unparse(node)})"


def _comparison_flips(node: ast.Compare) -> Iterator[Mutant]:
    for index, op in enumerate(node.ops):
        if type(op) in FLIPS:
            ops = [*node.ops]
            ops[index] = FLIPS[type(op)]()
            yield _span(node, "compare", _expr(ast.Compare(node.left, ops, node.comparators)))


def _is_flippable(test: ast.expr) -> bool:
    """A test a single comparison flip already negates (then `not` would be the same mutant)."""
    return isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in FLIPS


def _negated_test(test: ast.expr) -> Iterator[Mutant]:
    if not _is_flippable(test):
        yield _span(test, "not", _expr(ast.UnaryOp(ast.Not(), test)))


def _bool_op(node: ast.BoolOp) -> Iterator[Mutant]:
    other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    yield _span(node, "and/or", _expr(ast.BoolOp(other, node.values)))


def _is_call(node: ast.AST | None, name: str, *, args: int | None = None) -> bool:
    return (
        isinstance(node, ast.Call)
        and (ast.unparse(node.func) == name or ast.unparse(node.func).endswith(f".{name}"))
        and (args is None or len(node.args) + len(node.keywords) == args)
    )


def _bool_returns(value: ast.expr) -> Iterator[str]:
    if isinstance(value, ast.Constant) and isinstance(value.value, bool):
        yield str(not value.value)
        return
    yield _expr(ast.UnaryOp(ast.Not(), value))
    yield "True"
    yield "False"


def _queryset_returns(value: ast.expr, annotation: ast.expr) -> Iterator[str]:
    if _is_call(value, "none", args=0) or _is_call(value, "all", args=0):
        receiver = ast.unparse(value.func.value)  # type: ignore[attr-defined]
        yield f"{receiver}.{'all' if _is_call(value, 'none') else 'none'}()"
        return
    yield f"{_expr(value)}.none()"
    if isinstance(annotation, ast.Subscript):
        yield f"{ast.unparse(annotation.slice)}.objects.all()"


def _q_returns(value: ast.expr) -> Iterator[str]:
    if _is_call(value, "Q", args=0):
        yield "Q(pk__in=[])"
    elif ast.unparse(value) == "Q(pk__in=[])":
        yield "Q()"
    else:
        yield from ("Q()", "Q(pk__in=[])")


def _returns(function: ast.FunctionDef) -> Iterator[Mutant]:
    annotation = function.returns
    if annotation is None:
        return
    kind = ast.unparse(annotation)
    for node in _own_nodes(function):
        if not isinstance(node, ast.Return) or node.value is None:
            continue
        if kind == "bool":
            replacements = _bool_returns(node.value)
        elif kind.startswith("QuerySet"):
            replacements = _queryset_returns(node.value, annotation)
        elif kind == "Q":
            replacements = _q_returns(node.value)
        else:
            continue
        for replacement in replacements:
            yield _span(node.value, "return", replacement)


def _own_nodes(function: ast.FunctionDef) -> Iterator[ast.AST]:
    """The function's nodes, not those of functions nested in it (they have their own annotation)."""
    stack: list[ast.AST] = [*function.body]
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            stack.extend(ast.iter_child_nodes(node))


def _chain_removal(node: ast.Call) -> Iterator[Mutant]:
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in CHAIN_METHODS:
        receiver = ast.unparse(func.value)
        # `Model.objects` or a related manager is not a queryset yet: keep it iterable.
        replacement = receiver if isinstance(func.value, ast.Call) else f"{receiver}.all()"
        yield _span(node, f"drop .{func.attr}", f"({replacement})", func.end_lineno)


def _statement_to_pass(node: ast.stmt) -> Iterator[Mutant]:
    if isinstance(node, ast.Raise) and node.exc is not None:
        exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        if ast.unparse(exc) in GUARD_EXCEPTIONS:
            yield _span(node, "raise -> pass", "pass")
    if isinstance(node, ast.Expr) and _is_call(node.value, "audit_record"):
        yield _span(node, "audit -> pass", "pass")


def candidates(source: str) -> list[Mutant]:
    """Every mutant of `source`, deduplicated by the code it produces, in a stable order."""
    found: list[Mutant] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            found += _comparison_flips(node)
        elif isinstance(node, ast.If | ast.IfExp):
            found += _negated_test(node.test)
        elif isinstance(node, ast.BoolOp):
            found += _bool_op(node)
        elif isinstance(node, ast.FunctionDef):
            found += _returns(node)
        if isinstance(node, ast.Call):
            found += _chain_removal(node)
        if isinstance(node, ast.stmt):
            found += _statement_to_pass(node)
    unique: dict[str, Mutant] = {}
    for mutant in sorted(found):
        unique.setdefault(mutant.apply(source), mutant)
    return sorted(unique.values())


def sample(mutants: list[Mutant], *, seed: int, per_file: int) -> list[Mutant]:
    shuffled = [*mutants]
    random.Random(seed).shuffle(shuffled)
    return sorted(shuffled[:per_file])


def _pytest(app: str, timeout: int) -> tuple[bool, float]:
    """Run the app's tests and the matrix; True when they pass."""
    env = {
        **os.environ,
        "CADENCE_DATA_DIR": tempfile.mkdtemp(prefix="cadence-mutation-"),
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(ROOT / "src"),  # this tree, also when run from a copy of the checkout
    }
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "pytest", f"src/cadence/{app}/tests", MATRIX]
    command += ["-x", "-q", "-p", "no:cacheprovider", "-m", "not browser"]
    started = time.monotonic()
    try:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, time.monotonic() - started  # a mutant that hangs counts as killed
    return result.returncode == 0, time.monotonic() - started


def _drop_bytecode(path: Path) -> None:
    for cached in (path.parent / "__pycache__").glob(f"{path.stem}.*.pyc"):
        cached.unlink(missing_ok=True)


def run_mutant(path: Path, original: str, mutant: Mutant, app: str, timeout: int) -> tuple[bool, float]:
    """Write the mutant, run the tests, restore the file whatever happens. True when it survived."""
    try:
        path.write_text(mutant.apply(original))
        _drop_bytecode(path)
        return _pytest(app, timeout)
    finally:
        path.write_text(original)
        _drop_bytecode(path)


def _short(target: str) -> str:
    return target.removeprefix("src/cadence/")


def _describe(target: str, mutant: Mutant) -> str:
    replacement = " ".join(mutant.replacement.split())
    return f"{_short(target)}:{mutant.shown_line} {mutant.kind}: {replacement[:100]}"


def _equivalence(target: str, mutant: Mutant) -> str | None:
    return EQUIVALENT.get((_short(target), mutant.kind, " ".join(mutant.replacement.split())))


def _score(killed: int, tried: int) -> str:
    return f"{killed}/{tried} = {100 * killed / tried:.1f} %" if tried else "-"


def _stop(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through run_mutant's `finally`, which restores the file


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--per-file", type=int, default=8, help="mutants sampled per file")
    parser.add_argument("--file", action="append", help="only targets whose path contains this")
    parser.add_argument("--line", type=int, action="append", help="every mutant on this line (no sampling)")
    parser.add_argument("--list", action="store_true", help="print the chosen mutants, run nothing")
    parser.add_argument("--skip-baseline", action="store_true", help="do not first run the tests unmutated")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per test run")
    return parser.parse_args()


def _plan(args: argparse.Namespace, targets: list[str]) -> list[tuple[str, Mutant]]:
    plan: list[tuple[str, Mutant]] = []
    for target in targets:
        found = candidates((ROOT / target).read_text())
        if args.line:
            chosen = [m for m in found if m.shown_line in args.line]
        else:
            chosen = sample(found, seed=args.seed, per_file=args.per_file)
        print(f"{target}: {len(found)} candidates, {len(chosen)} chosen")
        plan += [(target, mutant) for mutant in chosen]
    return plan


def _baseline_passes(apps: list[str], timeout: int) -> bool:
    for app in apps:
        passed, seconds = _pytest(app, timeout)
        print(f"baseline {app}: {'pass' if passed else 'FAIL'} ({seconds:.0f} s)", flush=True)
        if not passed:
            print("The tests fail without a mutant; fix them first.", file=sys.stderr)
            return False
    return True


def _report(targets: list[str], results: dict[str, list[bool]], survivors: list[str]) -> None:
    print("\nscore per file (killed / tried, equivalent mutants left out):")
    for target in targets:
        outcomes = results[target]
        print(f"  {_short(target):28} {_score(sum(outcomes), len(outcomes))}")
    everything = [killed for outcomes in results.values() for killed in outcomes]
    print(f"  {'overall':28} {_score(sum(everything), len(everything))}")
    if survivors:
        print("\nsurvivors:")
        for line in survivors:
            print(f"  {line}")


def main() -> int:
    signal.signal(signal.SIGTERM, _stop)
    args = _arguments()
    targets = [t for t in TARGETS if not args.file or any(part in t for part in args.file)]
    plan = _plan(args, targets)
    if args.list:
        for target, mutant in plan:
            reason = _equivalence(target, mutant)
            print(f"  {_describe(target, mutant)}" + (f"  [equivalent: {reason}]" if reason else ""))
        return 0
    if not args.skip_baseline and not _baseline_passes(
        sorted({t.split("/")[2] for t, _m in plan}), args.timeout
    ):
        return 2

    results: dict[str, list[bool]] = defaultdict(list)
    survivors: list[str] = []
    for number, (target, mutant) in enumerate(plan, 1):
        prefix = f"[{number}/{len(plan)}]"
        if reason := _equivalence(target, mutant):
            print(f"{prefix} {'equival.':8} {_describe(target, mutant)} ({reason})", flush=True)
            continue
        path = ROOT / target
        survived, seconds = run_mutant(path, path.read_text(), mutant, target.split("/")[2], args.timeout)
        results[target].append(not survived)
        verdict = "SURVIVED" if survived else "killed"
        print(f"{prefix} {verdict:8} {_describe(target, mutant)} ({seconds:.0f} s)", flush=True)
        if survived:
            survivors.append(_describe(target, mutant))
    _report(targets, results, survivors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
