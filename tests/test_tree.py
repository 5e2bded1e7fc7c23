"""The shared materialised-path helper (`core.tree`), on the real tables that use it.

It lives here rather than in core/tests because core knows no domain model to build a tree from."""

import pytest
from django.core.exceptions import ValidationError

from cadence.core.testing import count_queries
from cadence.core.tree import tree_insert, tree_lift_children, tree_move, tree_path
from cadence.people.models import Department, Employee
from cadence.people.testing import DepartmentFactory, EmployeeFactory


def _paths(model: type[Department] | type[Employee]) -> dict[int, str]:
    return dict(model.objects.values_list("pk", "path"))


@pytest.fixture
def tree(db: object) -> dict[str, Department]:
    """root ─ a ─ b ─ c, and a second root `other`."""
    root = DepartmentFactory(name="root")
    a = DepartmentFactory(name="a", parent=root)
    b = DepartmentFactory(name="b", parent=a)
    c = DepartmentFactory(name="c", parent=b)
    other = DepartmentFactory(name="other")
    return {"root": root, "a": a, "b": b, "c": c, "other": other}


def test_insert_writes_the_path_from_the_parent(tree):
    root, a, c = tree["root"], tree["a"], tree["c"]
    child = Department.objects.create(name="new", parent=c)
    assert count_queries(lambda: tree_insert(child, parent=c)) == 1
    child.refresh_from_db()
    assert child.path == f"/{root.pk}/{a.pk}/{tree['b'].pk}/{c.pk}/{child.pk}/"
    assert child.ancestor_ids == [root.pk, a.pk, tree["b"].pk, c.pk]
    assert child.depth == 4
    assert tree_path("", 7) == "/7/" and root.depth == 0 and root.ancestor_ids == []


def test_move_rewrites_the_whole_subtree_in_one_update(tree):
    a, b, c, other = tree["a"], tree["b"], tree["c"], tree["other"]
    before = _paths(Department)

    assert count_queries(lambda: tree_move(b, parent=other)) == 1

    after = _paths(Department)
    assert b.path == after[b.pk] == f"/{other.pk}/{b.pk}/"
    assert after[c.pk] == f"/{other.pk}/{b.pk}/{c.pk}/"
    # Nodes outside the subtree keep their paths.
    assert {pk: after[pk] for pk in (tree["root"].pk, a.pk, other.pk)} == {
        pk: before[pk] for pk in (tree["root"].pk, a.pk, other.pk)
    }


def test_move_to_the_top_and_back(tree):
    b, c = tree["b"], tree["c"]
    old = _paths(Department)
    tree_move(b, parent=None)
    assert _paths(Department)[c.pk] == f"/{b.pk}/{c.pk}/"
    tree_move(b, parent=tree["a"])
    assert _paths(Department) == old


def test_move_to_the_same_parent_writes_nothing(tree):
    assert count_queries(lambda: tree_move(tree["b"], parent=tree["a"])) == 0


def test_move_refuses_a_cycle_and_writes_nothing(tree):
    a, b, c = tree["a"], tree["b"], tree["c"]
    before = _paths(Department)
    for parent in (a, b, c):  # itself, its child, its grandchild
        with pytest.raises(ValueError, match="below itself"):
            tree_move(a, parent=parent)
    assert _paths(Department) == before
    assert a.path == before[a.pk]


def test_is_within_follows_the_subtree(tree):
    root, a, b, c, other = (tree[name] for name in ("root", "a", "b", "c", "other"))
    assert c.is_within(a) and b.is_within(b) and a.is_within(root)
    assert not a.is_within(b) and not other.is_within(root) and not root.is_within(other)
    # A node not saved yet holds nothing, and a sibling whose id shares a prefix is not inside.
    assert not a.is_within(Department(name="unsaved"))
    assert not Department(pk=int(f"{a.pk}1"), path=f"/{root.pk}/{a.pk}1/").is_within(a)


def test_lift_children_hangs_the_subtree_from_the_node_parent(db):
    top = EmployeeFactory()
    middle = EmployeeFactory(manager=top)
    report = EmployeeFactory(manager=middle)
    below = EmployeeFactory(manager=report)
    bystander = EmployeeFactory(manager=top)
    before = _paths(Employee)

    assert count_queries(lambda: tree_lift_children(middle)) == 1

    after = _paths(Employee)
    assert after[report.pk] == f"/{top.pk}/{report.pk}/"
    assert after[below.pk] == f"/{top.pk}/{report.pk}/{below.pk}/"
    assert {pk: after[pk] for pk in (top.pk, middle.pk, bystander.pk)} == {
        pk: before[pk] for pk in (top.pk, middle.pk, bystander.pk)
    }


# --- depth limit: paths are never stored cut short ---------------------------------------------


def _chain(depth: int) -> list[Department]:
    """A chain of departments `depth` deep, written with bulk inserts (the tree helpers are under test)."""
    nodes: list[Department] = []
    for i in range(depth):
        node = Department.objects.create(name=f"Level {i}", parent=nodes[-1] if nodes else None)
        node.path = tree_path(nodes[-1].path if nodes else "", node.pk)
        Department.objects.filter(pk=node.pk).update(path=node.path)
        nodes.append(node)
    return nodes


def _intact(model: type[Department] | type[Employee]) -> bool:
    return all(path.endswith(f"/{pk}/") for pk, path in _paths(model).items())


def test_a_tree_deeper_than_paths_hold_is_refused_with_a_clear_error(org):
    from cadence.people import services

    nodes: list[Department] = []
    with pytest.raises(ValidationError) as exc:
        for i in range(400):
            nodes.append(
                services.department_create(
                    actor=org.hr.user, name=f"D{i}", parent=nodes[-1] if nodes else None
                )
            )
    assert "levels" in exc.value.messages[0]
    assert len(nodes) > 90, "ordinary depths stay possible"
    assert _intact(Department)


def test_moving_a_subtree_below_a_deep_node_is_refused_and_writes_nothing(db):
    deep, subtree = _chain(150), _chain(150)  # together over 1,024 characters
    before = _paths(Department)
    with pytest.raises(ValidationError):
        tree_move(subtree[0], parent=deep[-1])
    assert _paths(Department) == before


def test_an_import_with_an_over_deep_reporting_line_writes_nothing(org):
    from cadence.people.importing import people_import
    from cadence.people.tests.test_importing import make_csv, person_row

    rows = [person_row("L0")] + [person_row(f"L{i}", manager_employee_id=f"L{i - 1}") for i in range(1, 300)]
    before = Employee.objects.count()
    report = people_import(actor=org.hr.user, content=make_csv(rows), filename="p.csv", dry_run=False)
    assert not report.applied
    assert "levels" in report.file_errors[0]["message"]
    assert Employee.objects.count() == before
    assert _intact(Employee)
