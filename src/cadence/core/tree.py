"""Trees stored as materialised paths: departments, reporting lines and goal alignment.

A node's path lists the ids from the top of its tree down to itself ("/1/5/23/"), so "everything
below this node" is one indexed prefix query (`path__startswith`) at any depth and any size, and a
move rewrites a whole subtree in one set-based UPDATE. This is our own small helper rather than
django-treebeard's `MP_Node`: the pages, permissions and selectors of every app filter on
`path__startswith` across foreign keys (`owner_employee__path__startswith`), which needs exactly
this path format; `MP_Node` encodes steps in fixed-width base-36 with a separate `depth` and
`numchild`, which would mean a data migration of every path, different queries everywhere and
sibling ordering we do not use, for the two functions here.

Callers check for cycles themselves first (with their own message, via `is_within`);
`tree_move` refuses one anyway, so that no caller can corrupt a tree."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Max, QuerySet, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext as _

# Paths are indexed strings of bounded length (an index entry has a size limit on PostgreSQL too), so a
# tree deeper than that is refused with a clear error rather than stored cut short: about 100 levels.
MAX_PATH_LENGTH = 1024


def _check_length(length: int) -> None:
    if length > MAX_PATH_LENGTH:
        raise ValidationError(_("This would nest more levels than Cadence supports (about 100)."))


class TreePathMixin(models.Model):
    """A node of a tree whose parent is another row of the same table. The path is written by
    `tree_insert` and `tree_move` only, never by forms or the admin."""

    path = models.CharField(max_length=MAX_PATH_LENGTH, db_index=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the top of the tree down to (not including) this node."""
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    @property
    def depth(self) -> int:
        """Levels above this node: 0 at the top of the tree."""
        return len(self.ancestor_ids)

    def is_within(self, root: "TreePathMixin") -> bool:
        """Whether this node is `root` or sits anywhere below it (a node not saved yet holds nothing)."""
        if root.pk is None:
            return False
        return self.pk == root.pk or (bool(root.path) and self.path.startswith(root.path))


def tree_path(parent_path: str, pk: int) -> str:
    """The path of node `pk` below the node whose path is `parent_path` ("" for a root)."""
    path = f"{parent_path or '/'}{pk}/"
    _check_length(len(path))
    return path


def _parent_path(parent: TreePathMixin | None) -> str:
    return parent.path if parent is not None else ""


def tree_insert(node: TreePathMixin, *, parent: TreePathMixin | None) -> None:
    """Write the path of a node just saved (its id is part of its path): one UPDATE."""
    node.path = tree_path(_parent_path(parent), node.pk)
    node.save(update_fields=["path"])


def _paths_rebase(nodes: QuerySet, *, old_prefix: str, new_prefix: str) -> None:
    """Replace `old_prefix` by `new_prefix` at the start of every path under it, in one UPDATE."""
    nodes.filter(path__startswith=old_prefix).update(
        path=Concat(Value(new_prefix), Substr(F("path"), len(old_prefix) + 1, Length(F("path"))))
    )


def tree_move(node: TreePathMixin, *, parent: TreePathMixin | None) -> None:
    """Re-root `node` and everything below it under `parent`: one UPDATE, none if nothing moves.
    Only the paths change; the caller sets and saves the parent field itself."""
    if parent is not None and parent.is_within(node):
        raise ValueError(f"{node!r} cannot move below itself.")
    old, new = node.path, tree_path(_parent_path(parent), node.pk)
    if old == new:
        return
    nodes = type(node)._default_manager.all()
    if len(new) > len(old):
        longest = nodes.filter(path__startswith=old).aggregate(n=Max(Length("path")))["n"] or len(old)
        _check_length(longest - len(old) + len(new))
    _paths_rebase(nodes, old_prefix=old, new_prefix=new)
    node.path = new


def tree_lift_children(node: TreePathMixin) -> None:
    """Take `node` out of the paths below it, so that its children hang from its own parent:
    one UPDATE whatever the size of the subtree. The caller repoints the children's parent field."""
    parent_path = node.path[: -len(f"{node.pk}/")]
    _paths_rebase(
        type(node)._default_manager.exclude(pk=node.pk), old_prefix=node.path, new_prefix=parent_path
    )
