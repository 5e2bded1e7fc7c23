"""Reads of goals. Each starts from goals_visible_to(actor) and fetches what its page needs in a
fixed number of queries, whatever the number of goals or the depth of the tree."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Length, Replace
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cadence.competencies import selectors as competency_selectors
from cadence.competencies.models import Competency
from cadence.core.pagination import IdsFirst, MarkedPages
from cadence.people.models import Employee
from cadence.people.permissions import Actor, employee_of, is_manager
from cadence.people.selectors import department_node, people_to_notify

from .models import (
    ApprovalPolicy,
    Goal,
    GoalComment,
    GoalCycle,
    GoalTemplate,
    KeyResult,
    KeyResultUpdate,
    ProgressPoint,
    stale_days,
)
from .permissions import can_manage_cycles, cycles_visible_to, goals_visible_to, visibility_q

ACTIVE = Goal.State.ACTIVE


def needs_update_q() -> Q:
    cutoff = timezone.now() - datetime.timedelta(days=stale_days())
    return (
        Q(state=ACTIVE, final_score__isnull=True)
        & ~Q(status=Goal.Status.DONE)
        & (Q(last_checkin_at__lt=cutoff) | Q(last_checkin_at__isnull=True, created_at__lt=cutoff))
    )


def _key_results() -> Prefetch:
    return Prefetch("key_results", queryset=KeyResult.objects.prefetch_related("milestones"))


def _with_owners(qs: QuerySet[Goal], actor: Actor) -> QuerySet[Goal]:
    """Owners and parent in the same query. `parent_visible`: a parent's title (and id) is shown only
    to those who may see the parent, since a private company goal can have public goals aligned to it."""
    visible_parent = Goal.objects.filter(visibility_q(actor), pk=OuterRef("parent_id"))
    return qs.select_related("cycle", "owner_employee", "owner_team", "owner_department", "parent").annotate(
        parent_visible=Exists(visible_parent)
    )


def _with_relations(qs: QuerySet[Goal], actor: Actor) -> QuerySet[Goal]:
    """Owners, plus `child_count` (active aligned objectives the actor can see) for the tree's
    "show N aligned objectives". A correlated subquery rather than a join + GROUP BY: it costs one
    index lookup (goal_parent_state) per row returned, and a COUNT of the queryset leaves it out."""
    children = (
        Goal.objects.filter(visibility_q(actor), parent_id=OuterRef("pk"), state=ACTIVE)
        .order_by()
        .values("parent_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return _with_owners(qs, actor).annotate(child_count=Coalesce(Subquery(children), 0))


def cycle_list(*, actor: Actor) -> QuerySet[GoalCycle]:
    return cycles_visible_to(actor).order_by("-start_date", "name")


def cycle_get(*, actor: Actor, cycle_id: int) -> GoalCycle:
    cycle = cycles_visible_to(actor).filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404("No such cycle.")
    return cycle


def cycle_goal_count(*, actor: Actor, cycle: GoalCycle) -> int:
    """Every objective of the cycle, archived ones too (a cycle is deleted only while it has none)."""
    return Goal.objects.filter(cycle_id=cycle.pk).count() if can_manage_cycles(actor) else 0


def cycle_or_current(*, actor: Actor, cycle_id: int | None) -> GoalCycle | None:
    """The cycle a page asks for (None when the actor cannot see it), or the current one."""
    if cycle_id:
        return cycles_visible_to(actor).filter(pk=cycle_id).first()
    return current_cycle(actor=actor)


def drafting_audience(cycle: GoalCycle) -> QuerySet[Employee]:
    """Who a cycle open for drafting asks to write goals: people with a login and no objective in it."""
    with_goals = Goal.objects.filter(cycle=cycle, owner_employee__isnull=False).values("owner_employee_id")
    return people_to_notify().exclude(pk__in=with_goals)


def cycle_drafting_reach(*, actor: Actor, cycle: GoalCycle) -> int:
    """How many people opening `cycle` for drafting would ask (the confirmation says it): HR's figure."""
    if not can_manage_cycles(actor):
        raise Http404("No such cycle.")
    return drafting_audience(cycle).count()


def current_cycle(*, actor: Actor) -> GoalCycle | None:
    """The open cycle covering today, else the latest open one, else the latest."""
    today = timezone.localdate()
    cycles = cycles_visible_to(actor)
    return (
        cycles.filter(status=GoalCycle.Status.ACTIVE, start_date__lte=today, end_date__gte=today)
        .order_by("end_date")
        .first()
        or cycles.exclude(status=GoalCycle.Status.CLOSED).order_by("-start_date").first()
        or cycles.order_by("-start_date").first()
    )


def goal_list(
    *,
    actor: Actor,
    cycle: int | None = None,
    owner: int | None = None,
    level: str = "",
    status: str = "",
    parent: int | None = None,
    department: int | None = None,
    team: int | None = None,
    search: str = "",
    scope: str = "",
    include_archived: bool = False,
    with_contributors: bool = False,
) -> QuerySet[Goal]:
    """Goals, filtered. `status` may be a goal status or "needs_update"; `scope` is "mine", "team"
    (my reporting chain, or my team and peers) or "company" (company and department objectives)."""
    qs = goals_visible_to(actor)
    if not include_archived:
        qs = qs.filter(state=ACTIVE)
    if cycle:
        qs = qs.filter(cycle_id=cycle)
    if owner:
        qs = qs.filter(owner_employee_id=owner)
    if level in Goal.Level.values:
        qs = qs.filter(level=level)
    if status == "needs_update":
        qs = qs.filter(needs_update_q())
    elif status in Goal.Status.values:
        qs = qs.filter(status=status)
    if parent:
        qs = qs.filter(parent_id=parent)
    if department:
        dept = department_node(actor=actor, department_id=department)
        qs = qs.filter(_department_q(dept.path)) if dept else qs.none()
    if team:
        qs = qs.filter(Q(owner_team_id=team) | Q(owner_employee__team_id=team))
    if search:
        qs = qs.filter(title__icontains=search[:100])
    qs = _scoped(qs, actor, scope)
    # No child count: lists do not show it, and over every visible goal it was most of the cost.
    qs = _with_owners(qs, actor).order_by("cycle__start_date", "level", "title", "id")
    return qs.prefetch_related("contributors") if with_contributors else qs


def goal_pages(**filters: Any) -> MarkedPages[Goal]:
    """goal_list as a paginator takes it: a page's ids are sorted first, over narrow rows, then
    those goals are read with their owners and parents. Sorted whole, the 33,000 visible goals of a
    10,000-person organisation spilled PostgreSQL's sort to disk (66 ms of the API's 100)."""
    return IdsFirst(goal_list(**filters), list)


def _department_q(path: str) -> Q:
    return (
        Q(owner_department__path__startswith=path)
        | Q(owner_team__department__path__startswith=path)
        | Q(owner_employee__department__path__startswith=path)
    )


def _scoped(qs: QuerySet[Goal], actor: Actor, scope: str) -> QuerySet[Goal]:
    if scope == "company":
        return qs.filter(level__in=[Goal.Level.COMPANY, Goal.Level.DEPARTMENT])
    if scope not in ("mine", "team"):
        return qs
    me = employee_of(actor)
    if me is None:
        return qs.none()
    if scope == "mine":
        return qs.filter(
            Q(owner_employee=me)
            | Q(pk__in=Goal.contributors.through.objects.filter(employee_id=me.pk).values("goal_id"))
        )
    if is_manager(actor):
        # Teams with a report of mine, as a semi-join: joining their members gave one row per member
        # and needed a DISTINCT over every goal column, most of the team page's cost at scale.
        with_my_reports = Goal.objects.filter(owner_team__members__manager=me).values("pk")
        return qs.filter(
            Q(owner_employee__path__startswith=me.path) & ~Q(owner_employee=me) | Q(pk__in=with_my_reports)
        )
    team_q = (
        Q(owner_employee__manager_id=me.manager_id) & ~Q(owner_employee=me) if me.manager_id else Q(pk__in=[])
    )
    if me.team_id:
        team_q |= Q(owner_team_id=me.team_id)
    return qs.filter(team_q)


def goal_get(*, actor: Actor, goal_id: int) -> Goal:
    goal = (
        _with_relations(goals_visible_to(actor), actor)
        .select_related("owner_employee__manager", "created_by", "carried_from", "develops")
        .prefetch_related(_key_results(), "contributors")
        .filter(pk=goal_id)
        .first()
    )
    if goal is None:
        raise Http404("No such goal.")
    return goal


@dataclass
class GoalPage:
    goal: Goal
    ancestors: list[Goal]
    children: list[Goal]
    updates: list[KeyResultUpdate]
    points: list[ProgressPoint]
    owner_goal_count: int = 0
    comments: list[GoalComment] = field(default_factory=list)
    more_comments: bool = False
    rollup: "RollupView | None" = None


@dataclass
class RollupShare:
    """How much one aligned objective counts in its parent's progress (0–1), or why it does not."""

    goal: Goal
    share: float
    reason: str = ""

    @property
    def counts(self) -> bool:
        return not self.reason

    @property
    def share_percent(self) -> int:
        return round(self.share * 100)


@dataclass
class RollupView:
    """Where an objective's progress comes from: its key results' share and each aligned objective's."""

    choice: str
    key_results_share: float
    children: list[RollupShare]

    @property
    def key_results_percent(self) -> int:
        return round(self.key_results_share * 100)


def rollup_view(goal: Goal, children: list[Goal]) -> RollupView:
    """The shares, by weight, of the goal's key results (prefetched) and of the visible aligned
    objectives; one query for the weight of every counted child (those the actor cannot see too)."""
    kr_weight = sum((kr.weight for kr in goal.key_results.all()), Decimal(0))
    counted = Decimal(0)
    if goal.rollup == Goal.Rollup.KEY_RESULTS_AND_CHILDREN:
        counted = Goal.objects.filter(
            parent_id=goal.pk, state=ACTIVE, approval=Goal.Approval.APPROVED, rollup_excluded=False
        ).aggregate(w=Coalesce(Sum("weight"), Decimal(0)))["w"]
    total = kr_weight + counted
    manual = goal.rollup == Goal.Rollup.MANUAL
    shares = [
        RollupShare(child, float(child.weight / total) if total and not why else 0.0, why)
        for child in children
        for why in [_why_not_counted(goal, child)]
    ]
    kr_share = float(kr_weight / total) if total else float(bool(kr_weight) and not manual)
    return RollupView(goal.rollup, 0.0 if manual else kr_share, shares)


def _why_not_counted(goal: Goal, child: Goal) -> str:
    if goal.rollup == Goal.Rollup.MANUAL:
        return str(_("progress here is set by hand"))
    if goal.rollup == Goal.Rollup.KEY_RESULTS:
        return str(_("progress here comes from key results only"))
    if child.rollup_excluded:
        return str(_("left out by this objective’s owner"))
    if child.approval != Goal.Approval.APPROVED:
        return str(_("waiting for approval"))
    return ""


def owner_goal_count(*, actor: Actor, cycle_id: int, owner_id: int, exclude_id: int | None = None) -> int:
    """How many active objectives the owner has in the cycle, of those the actor may see: a count
    over all of them would tell any viewer how many private goals the owner has."""
    goals = goals_visible_to(actor).filter(cycle_id=cycle_id, owner_employee_id=owner_id, state=ACTIVE)
    return goals.exclude(pk=exclude_id).count() if exclude_id else goals.count()


def goal_page(*, actor: Actor, goal_id: int) -> GoalPage:
    """Everything on the objective page, in a fixed number of queries."""
    goal = goal_get(actor=actor, goal_id=goal_id)
    visible = goals_visible_to(actor)
    by_id = {g.pk: g for g in visible.filter(pk__in=goal.ancestor_ids).only("pk", "title", "level", "path")}
    ancestors = [by_id[pk] for pk in goal.ancestor_ids if pk in by_id]
    children = list(goal_children(actor=actor, goal_id=goal.pk, parent=goal))
    updates = list(goal.updates.select_related("author", "key_result").order_by("-created_at", "-id")[:50])
    points = list(goal.progress_points.order_by("-recorded_at", "-id")[:200])[::-1]
    count = 0
    if goal.owner_employee_id:
        count = owner_goal_count(actor=actor, cycle_id=goal.cycle_id, owner_id=goal.owner_employee_id)
    # The latest comments, shown oldest first; older ones are in the API.
    latest = list(_comments(goal.pk).order_by("-created_at", "-id")[: PAGE_COMMENTS + 1])
    comments = latest[:PAGE_COMMENTS][::-1]
    more = len(latest) > PAGE_COMMENTS
    return GoalPage(
        goal, ancestors, children, updates, points, count, comments, more, rollup_view(goal, children)
    )


def excluded_child_ids(*, actor: Actor, goal_id: int) -> list[int]:
    """The aligned objectives (that the actor can see) left out of the goal's roll-up."""
    visible = goals_visible_to(actor)
    return list(visible.filter(parent_id=goal_id, rollup_excluded=True).values_list("pk", flat=True))


PAGE_COMMENTS = 100


def _comments(goal_id: int) -> QuerySet[GoalComment]:
    return (
        GoalComment.objects.filter(goal_id=goal_id)
        .select_related("author__employee")
        .prefetch_related("mentioned")
    )


def comment_list(*, actor: Actor, goal_id: int) -> QuerySet[GoalComment]:
    """Comments on an objective the actor can see, oldest first."""
    if not goals_visible_to(actor).filter(pk=goal_id).exists():
        raise Http404("No such goal.")
    return _comments(goal_id).order_by("created_at", "id")


def goal_children(*, actor: Actor, goal_id: int, parent: Goal | None = None) -> QuerySet[Goal]:
    if parent is None:
        goal_get(actor=actor, goal_id=goal_id)
    qs = goals_visible_to(actor).filter(parent_id=goal_id, state=ACTIVE)
    return _with_relations(qs, actor).prefetch_related(_key_results()).order_by("level", "title", "id")


def tree_roots(
    *,
    actor: Actor,
    cycle: int | None,
    department: int | None = None,
    team: int | None = None,
    person: int | None = None,
    status: str = "",
) -> QuerySet[Goal]:
    """The top of the alignment tree: objectives without a (visible) parent. With a filter, the
    matching objectives themselves, each still expandable."""
    qs = goals_visible_to(actor).filter(state=ACTIVE)
    if cycle:
        # A parent may belong to a longer cycle (an annual company goal over quarterly ones).
        qs = qs.filter(cycle_id=cycle)
    filtered = bool(department or team or person or status)
    if department:
        dept = department_node(actor=actor, department_id=department)
        qs = qs.filter(_department_q(dept.path)) if dept else qs.none()
    if team:
        qs = qs.filter(Q(owner_team_id=team) | Q(owner_employee__team_id=team))
    if person:
        qs = qs.filter(owner_employee_id=person)
    if status == "needs_update":
        qs = qs.filter(needs_update_q())
    elif status in Goal.Status.values:
        qs = qs.filter(status=status)
    if not filtered:
        qs = qs.filter(
            Q(parent__isnull=True) | Q(parent__state=Goal.State.ARCHIVED) | ~Q(parent__cycle_id=cycle)
            if cycle
            else Q(parent__isnull=True)
        )
    return _with_relations(qs, actor).prefetch_related(_key_results()).order_by("level", "title", "id")


TREE_DEPTH = 3  # levels below the goal an API tree carries unless asked for more
TREE_MAX_DEPTH = 8
TREE_NODES = 200  # most nodes in one answer, whatever the depth asked for


def tree(*, actor: Actor, goal_id: int, depth: int = TREE_DEPTH) -> Goal:
    """A goal and its visible subtree for the API, as nested `tree_children` lists: `depth` levels
    below it, breadth first, at most TREE_NODES nodes. Every node carries `children_count` (its
    visible children), so where the answer stops is said, never silent: a client asks for that
    node's own tree, or pages its children with GET /goals?parent=. A fixed number of queries at
    any size: the subtree is one prefix query on the materialised path."""
    root = goal_get(actor=actor, goal_id=goal_id)
    visible = goals_visible_to(actor).filter(state=ACTIVE)
    nodes = list(
        visible.filter(path__startswith=root.path)
        .exclude(pk=root.pk)
        .alias(levels=_path_levels())
        .filter(levels__lte=root.depth + 2 + depth)
        .select_related("owner_employee", "owner_team", "owner_department")
        .prefetch_related(_key_results())
        .order_by("levels", "path")[:TREE_NODES]
    )
    by_id = {root.pk: root}
    for node in [root, *nodes]:
        node.tree_children = []  # type: ignore[attr-defined]
    for node in nodes:
        parent = by_id.get(node.parent_id)  # type: ignore[arg-type]
        if parent is not None:  # under a parent the actor may not see: not in this tree
            by_id[node.pk] = node
            parent.tree_children.append(node)  # type: ignore[attr-defined]
    counts = dict(
        visible.filter(parent_id__in=list(by_id))
        .order_by()
        .values("parent_id")
        .annotate(n=Count("pk"))
        .values_list("parent_id", "n")
    )
    for pk, node in by_id.items():
        node.children_count = counts.get(pk, 0)  # type: ignore[attr-defined]
    return root


def _path_levels() -> Any:
    """The slashes in a path, in SQL: its depth + 2 ("/7/" is a top goal, "/7/9/" its child)."""
    return Length("path") - Length(Replace("path", Value("/"), Value("")))


def key_result_update_list(
    *, actor: Actor, key_result_id: int
) -> tuple[KeyResult, QuerySet[KeyResultUpdate]]:
    kr = KeyResult.objects.filter(pk=key_result_id, goal__in=goals_visible_to(actor)).first()
    if kr is None:
        raise Http404("No such key result.")
    return kr, kr.updates.select_related("author").order_by("-created_at", "-id")


def key_result_updates_visible(*, actor: Actor, ids: QuerySet | Iterable[int]) -> list[KeyResultUpdate]:
    """The goal check-ins among `ids` whose goal the actor may see, with their goal and key result,
    oldest first (one query; `ids` may be a subquery). For pages of other modules that recorded them,
    such as a weekly check-in: an update of a goal the reader may not see is left out."""
    return list(
        KeyResultUpdate.objects.filter(pk__in=ids, goal__in=goals_visible_to(actor))
        .select_related("goal", "key_result")
        .order_by("created_at", "id")
    )


def key_result_get(*, actor: Actor, key_result_id: int) -> KeyResult:
    kr = (
        KeyResult.objects.filter(pk=key_result_id, goal__in=goals_visible_to(actor))
        .select_related("goal__cycle", "goal__owner_employee")
        .prefetch_related("milestones")
        .first()
    )
    if kr is None:
        raise Http404("No such key result.")
    return kr


def template_list(*, actor: Actor, function: str = "") -> QuerySet[GoalTemplate]:
    if not getattr(actor, "is_active", False):
        return GoalTemplate.objects.none()
    qs = GoalTemplate.objects.all()
    if function:
        qs = qs.filter(function=function)
    return qs.order_by("function", "title")


def template_find(*, actor: Actor, template_id: int | None) -> GoalTemplate | None:
    """The template a page asks for, or None."""
    return template_list(actor=actor).filter(pk=template_id).first() if template_id else None


def template_get(*, actor: Actor, template_id: int) -> GoalTemplate:
    template = template_find(actor=actor, template_id=template_id)
    if template is None:
        raise Http404("No such template.")
    return template


def approval_policy_get(*, actor: Actor) -> ApprovalPolicy | None:
    """The actor's own choice to approve their reports' goals (None until they make one)."""
    me = employee_of(actor)
    return ApprovalPolicy.objects.filter(manager=me).first() if me else None


def parent_choices(*, actor: Actor, include: Iterable[int | None] = ()) -> QuerySet[Goal]:
    """Objectives suggested for "aligns to": active, in an open cycle, and close to the actor —
    company objectives, objectives of their department and the departments above it, of their team,
    and of the people above them in the reporting line (themselves included), plus `include` (the
    current parent). Bounded by the shape of the organisation, not by the number of goals: any
    other visible objective is chosen by its number."""
    me = employee_of(actor)
    near = Q(level=Goal.Level.COMPANY) | Q(pk__in=[pk for pk in include if pk])
    if me is None:
        near |= Q(level=Goal.Level.DEPARTMENT)  # an HR admin without a profile: the top two levels
    else:
        if me.department_id:
            dept = department_node(actor=actor, department_id=me.department_id)
            near |= Q(owner_department_id__in=[*dept.ancestor_ids, dept.pk]) if dept else Q()
        if me.team_id:
            near |= Q(owner_team_id=me.team_id)
        near |= Q(owner_employee_id__in=[*me.ancestor_ids, me.pk])
    return (
        open_parents(actor=actor)
        .filter(near)
        .select_related("cycle", "owner_employee", "owner_team", "owner_department")
        .order_by("cycle__start_date", "level", "title")
    )


def open_parents(*, actor: Actor) -> QuerySet[Goal]:
    """Every objective a new one may align to: visible, active, not scored, in an open cycle."""
    return (
        goals_visible_to(actor)
        .filter(state=ACTIVE, final_score__isnull=True)
        .exclude(cycle__status=GoalCycle.Status.CLOSED)
    )


def pending_approvals(*, actor: Actor) -> QuerySet[Goal]:
    me = employee_of(actor)
    if me is None:
        return Goal.objects.none()
    return (
        goals_visible_to(actor)
        .filter(approval=Goal.Approval.PENDING, owner_employee__manager=me)
        .select_related("owner_employee", "cycle")
    )


# Competencies a goal develops ------------------------------------------------------------------


def develops_choices(owner: Employee | None) -> list[Competency]:
    """The competencies a goal can develop: those of the owner's framework's published version (their
    placement's, else their department's, else the general one); the general framework's for team,
    department and company goals (no owner)."""
    if owner is not None:
        framework = competency_selectors.framework_for(owner, competency_selectors.placement_current(owner))
    else:
        framework = competency_selectors.framework_for_department(None)
    version = competency_selectors.published_version_of(framework.pk) if framework else None
    return competency_selectors.competencies_of(version) if version else []


@dataclass
class DevelopingGoals:
    competency: Competency
    goals: list[Goal]


def goals_developing(*, actor: Actor, person: Employee) -> list[DevelopingGoals]:
    """The person's active goals in open cycles that develop a competency, as the actor may see them,
    grouped by competency (by key: a goal set against an earlier version counts for the same one)."""
    goals = (
        goals_visible_to(actor)
        .filter(owner_employee=person, state=Goal.State.ACTIVE, develops__isnull=False)
        .exclude(cycle__status=GoalCycle.Status.CLOSED)
        .select_related("develops", "cycle")
        .order_by("develops__position", "title", "id")
    )
    groups: dict[str, DevelopingGoals] = {}
    for goal in goals:
        assert goal.develops is not None
        groups.setdefault(goal.develops.key, DevelopingGoals(goal.develops, [])).goals.append(goal)
    return list(groups.values())
