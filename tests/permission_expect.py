"""What every role gets from every page and API route of the permission matrix.

Path parameters are filled from the world (TARGETS: parameter → the world objects it is tried with;
ROUTE_TARGETS for a parameter whose name means different things in different modules). Each route
has an expectation: a Rule (signed-in role → status) for all its targets, or one Rule per target.
Anonymous visitors are not listed: pages send them to the sign-in page, the API answers 401.
A 200 for a role that may read the target (permission_world.READERS) must show its content."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from permission_world import READERS, SIGNED_IN, WITH_PERSON

Rule = Mapping[str, int]  # signed-in role → HTTP status

# --- Targets ---------------------------------------------------------------------------------------

TARGETS: dict[str, tuple[str, ...]] = {
    "person_id": ("person:owner", "person:gone"),
    "import_id": ("import",),
    "token_id": ("owner_token",),
    "goal_id": ("public_goal", "private_goal"),
    "key_result_id": ("key_result", "private_key_result"),
    "cycle_id": ("cycle",),
    "template_id": ("goal_template",),
    "praise_id": ("public_praise", "private_praise"),
    "feedback_id": (
        "feedback_recipient",
        "feedback_recipient_manager",
        "feedback_manager",
        "feedback_protected",
    ),
    "request_id": ("feedback_request",),
    "check_in_id": ("check_in", "due_check_in"),
    "series_id": ("series",),
    "meeting_id": ("meeting",),
    "point_id": ("talking_point",),
    "item_id": ("action_item",),
    "direction": ("literal:down",),
    "token": ("feed_token",),
}
ROUTE_TARGETS: dict[str, dict[str, tuple[str, ...]]] = {
    "meetings:template_edit": {"template_id": ("personal_template", "shared_template")},
    "meetings:template_delete": {"template_id": ("personal_template", "shared_template")},
}


def targets_for(route: str, param: str) -> tuple[str, ...]:
    return ROUTE_TARGETS.get(route, {}).get(param) or TARGETS[param]


# --- Rules -----------------------------------------------------------------------------------------

HR = ("hr", "admin")  # a system admin has HR's rights


def only(roles: Iterable[str], *, status: int = 200, other: int = 404) -> Rule:
    """`status` for these roles, `other` for every other signed-in role."""
    allowed = set(roles)
    return {role: status if role in allowed else other for role in SIGNED_IN}


def everyone(status: int = 200) -> Rule:
    return only(SIGNED_IN, status=status)


def reads(key: str) -> Rule:
    """200 for the roles that may read the object, 404 for the rest."""
    return only(READERS[key])


PEOPLE = only(WITH_PERSON)  # a login without a person record has no such page
HR_ONLY = only(HR)  # role gates answer 404: the page does not exist for others
POST_ONLY = everyone(405)
REDIRECT = everyone(302)  # e.g. an htmx endpoint opened as a page: back to its full page
OWNER_CHAIN_ONLY = only(("owner", "manager"))


@dataclass(frozen=True)
class Expect:
    """What a route answers: one rule for all targets, or `per_target`; `shows` lists objects whose
    content a role that gets 200 and may read them sees (the target itself is always checked)."""

    rule: Rule | None = None
    per_target: Mapping[str, Rule] | None = None
    shows: tuple[str, ...] | Mapping[str, tuple[str, ...]] = ()  # all targets, or by target
    shows_target: bool = True  # False for a route about the target's parts (its children, comments)

    def rule_for(self, target: str) -> Rule:
        if self.per_target is not None:
            return self.per_target[target]
        assert self.rule is not None
        return self.rule

    def shows_for(self, target: str) -> tuple[str, ...]:
        extra = self.shows.get(target, ()) if isinstance(self.shows, Mapping) else self.shows
        return (*extra, *([target] if self.shows_target and target in READERS else []))


def per(**rules: Rule) -> Expect:
    return Expect(per_target=rules)


def each_reads(*keys: str, **options: Any) -> Expect:
    """Every target is read by its readers only."""
    return Expect(per_target={key: reads(key) for key in keys}, **options)


E = Expect
MEETING_CONTENT = ("talking_point", "action_item", "manager_note", "owner_note")
# Feedback rows (who gave whom feedback) are known to the recipient's chain and HR; the text is not.
FEEDBACK_ROWS = per(
    feedback_recipient=only(("owner", "peer", "manager", *HR)),
    feedback_recipient_manager=only(("owner", "manager", *HR)),
    feedback_manager=only(("manager", *HR)),
    feedback_protected=only(("owner", "peer", "manager", *HR)),
)
# A series (that it exists, its dates) is known to the chain above and HR; its agenda is not.
SERIES_ROWS = only(("owner", "manager", *HR))

EXPECT_PAGES: dict[str, Expect] = {
    "root": E(REDIRECT),
    "home": E(everyone()),
    "account": E(everyone()),
    "account_language": E(POST_ONLY),
    "api_token_create": E(POST_ONLY),
    "api_token_revoke": E(POST_ONLY),
    "admin_hub": E(HR_ONLY),
    "audit_log": E(HR_ONLY),
    # The API's own pages: the schema and its docs are public, the API root is a 404 by design.
    "api:openapi-json": E(everyone()),
    "api:openapi-view": E(everyone()),
    "api:api-root": E(everyone(404)),
    "people:directory": E(everyone()),
    "people:create": E(HR_ONLY),
    "people:org_chart": E(everyone()),
    "people:org_chart_children": E(REDIRECT),  # the htmx variant is below
    "people:departments": E(HR_ONLY),
    "people:import": E(HR_ONLY),
    "people:import_review": E(HR_ONLY),
    "people:import_apply": E(POST_ONLY),
    "people:profile": per(**{"person:owner": PEOPLE, "person:gone": HR_ONLY}),
    "people:edit": E(HR_ONLY),
    "people:deactivate": E(HR_ONLY),
    "people:reactivate": E(POST_ONLY),
    "notifications:list": E(everyone()),
    "notifications:mark_all_read": E(POST_ONLY),
    "goals:mine": E(everyone()),
    "goals:team": E(everyone()),
    "goals:company": E(everyone()),
    "goals:create": E(PEOPLE),
    "goals:tree": E(everyone()),
    "goals:tree_children": E(REDIRECT),
    "goals:dashboard": E(everyone()),
    "goals:policy": E(POST_ONLY),
    "goals:cycles": E(HR_ONLY),
    "goals:cycle_edit": E(HR_ONLY),
    "goals:templates": E(everyone(), shows=("goal_template",)),
    "goals:template_create": E(HR_ONLY),
    "goals:template_edit": E(HR_ONLY),
    "goals:detail": each_reads(
        "public_goal", "private_goal", shows={"private_goal": ("private_goal_comment",)}
    ),
    # Edited by the owner, the chain above and HR; the peer may read the public goal but not edit it.
    "goals:edit": E(only(("owner", "manager", *HR))),
    "goals:checkin": E(POST_ONLY),
    "goals:state": E(POST_ONLY),
    "goals:approve": E(POST_ONLY),
    "goals:comment": E(POST_ONLY),
    "feedback:wall": E(everyone()),
    "feedback:praise_new": E(PEOPLE),
    "feedback:praise_detail": each_reads("public_praise", "private_praise"),
    "feedback:praise_react": E(POST_ONLY),
    "feedback:praise_comment": E(POST_ONLY),
    "feedback:mine": E(everyone()),
    "feedback:give": E(PEOPLE),
    "feedback:coach": E(POST_ONLY),
    "feedback:feedback_detail": FEEDBACK_ROWS,
    "feedback:request_new": E(PEOPLE),
    "feedback:request_detail": E(reads("feedback_request")),
    "feedback:request_answer": E(POST_ONLY),
    "feedback:request_decline": E(POST_ONLY),
    "feedback:settings": E(HR_ONLY),
    "feedback:checkins": E(everyone()),
    "feedback:checkin_current": E(only(WITH_PERSON, status=302)),  # to this week's check-in
    "feedback:checkin_team": E(only(("manager", "other_manager"))),
    "feedback:checkin_settings": E(HR_ONLY),
    "feedback:checkin_detail": E(OWNER_CHAIN_ONLY),
    # The form of a due check-in for its author; everyone else who may see it goes to its page.
    "feedback:checkin_edit": per(
        check_in=only(("owner", "manager"), status=302), due_check_in={**OWNER_CHAIN_ONLY, "manager": 302}
    ),
    "feedback:checkin_skip": E(POST_ONLY),
    "feedback:checkin_comment": E(POST_ONLY),
    "feedback:checkin_react": E(POST_ONLY),
    "feedback:checkin_review": E(POST_ONLY),
    "feedback:checkin_talking_point": E(POST_ONLY),
    "meetings:mine": E(everyone()),
    "meetings:series_new": E(PEOPLE),
    "meetings:team": E(everyone()),
    "meetings:templates": E(PEOPLE, shows=()),
    # A personal template is its owner's (the manager's); a shared one is changed by HR.
    "meetings:template_edit": per(personal_template=only(("manager",)), shared_template=HR_ONLY),
    "meetings:template_delete": E(POST_ONLY),
    "meetings:feed_regenerate": E(POST_ONLY),
    "meetings:feed_revoke": E(POST_ONLY),
    # Authenticated by the secret in its URL, whoever is signed in (anonymous too: TOKEN_PAGES).
    "meetings:feed": E(everyone()),
    "meetings:series": E(SERIES_ROWS),
    "meetings:series_end": E(POST_ONLY),
    "meetings:meeting_new": E(POST_ONLY),
    "meetings:meeting": E(OWNER_CHAIN_ONLY, shows=MEETING_CONTENT),
    "meetings:meeting_ics": E(OWNER_CHAIN_ONLY),
    "meetings:meeting_complete": E(POST_ONLY),
    "meetings:meeting_cancel": E(POST_ONLY),
    "meetings:meeting_reschedule": E(POST_ONLY),
    "meetings:point_add": E(POST_ONLY),
    "meetings:point_reorder": E(POST_ONLY),
    "meetings:item_add": E(POST_ONLY),
    "meetings:note_save": E(POST_ONLY),
    "meetings:point_move": E(POST_ONLY),
    "meetings:point_discussed": E(POST_ONLY),
    "meetings:point_delete": E(POST_ONLY),
    "meetings:item_done": E(POST_ONLY),
}
# Pages anyone may open without signing in (status for anonymous), instead of the sign-in redirect.
PUBLIC_PAGES: dict[str, int] = {"api:openapi-json": 200, "api:openapi-view": 200, "api:api-root": 404}
# Pages authenticated by a secret in the URL: anonymous gets the feed for the right secret.
TOKEN_PAGES: dict[str, int] = {"meetings:feed": 200}
# Extra headers a page is also requested with (its htmx partial), and the expectation then.
HTMX = {"HTTP_HX_REQUEST": "true"}
HTMX_VARIANTS: dict[str, tuple[dict[str, str], Expect]] = {
    "people:org_chart_children": (HTMX, per(**{"person:owner": PEOPLE, "person:gone": HR_ONLY})),
    "people:directory": ({**HTMX, "HTTP_HX_TARGET": "directory-results"}, E(everyone())),
    "goals:tree_children": (HTMX, each_reads("public_goal", "private_goal", shows_target=False)),
}

EXPECT_API: dict[str, Expect] = {
    "GET /api/v1/me": E(everyone()),
    "GET /api/v1/people": E(everyone()),
    "GET /api/v1/people/{person_id}": per(**{"person:owner": PEOPLE, "person:gone": HR_ONLY}),
    "GET /api/v1/departments": E(everyone()),
    "GET /api/v1/notifications": E(everyone()),
    "GET /api/v1/todos": E(everyone()),
    "GET /api/v1/goal-cycles": E(everyone()),
    "GET /api/v1/goals": E(everyone()),
    "GET /api/v1/goals/{goal_id}": each_reads("public_goal", "private_goal"),
    "GET /api/v1/goals/{goal_id}/key-results": each_reads("public_goal", "private_goal", shows_target=False),
    "GET /api/v1/goals/{goal_id}/tree": each_reads("public_goal", "private_goal"),
    "GET /api/v1/goals/{goal_id}/comments": each_reads(
        "public_goal", "private_goal", shows={"private_goal": ("private_goal_comment",)}, shows_target=False
    ),
    "GET /api/v1/key-results/{key_result_id}/check-ins": per(
        key_result=reads("public_goal"), private_key_result=reads("private_goal")
    ),
    "GET /api/v1/praise": E(everyone()),
    "GET /api/v1/praise/values": E(everyone()),
    "GET /api/v1/praise/{praise_id}": each_reads("public_praise", "private_praise"),
    "GET /api/v1/feedback": E(everyone()),
    "GET /api/v1/feedback/{feedback_id}": FEEDBACK_ROWS,
    "GET /api/v1/feedback-requests": E(everyone()),
    "GET /api/v1/feedback-requests/{request_id}": E(reads("feedback_request")),
    "GET /api/v1/check-ins": E(everyone()),
    "GET /api/v1/check-ins/questions": E(only(WITH_PERSON, other=403)),  # "you need a profile"
    "GET /api/v1/check-ins/{check_in_id}": E(OWNER_CHAIN_ONLY),
    "GET /api/v1/one-on-ones": E(everyone()),
    "GET /api/v1/one-on-ones/{series_id}": E(SERIES_ROWS),
    "GET /api/v1/one-on-ones/{series_id}/meetings": E(SERIES_ROWS),
    "GET /api/v1/meetings/{meeting_id}": E(SERIES_ROWS),
    "GET /api/v1/meetings/{meeting_id}/talking-points": E(OWNER_CHAIN_ONLY, shows=("talking_point",)),
    # Each participant reads their own note only.
    "GET /api/v1/meetings/{meeting_id}/private-note": E(
        OWNER_CHAIN_ONLY, shows=("manager_note", "owner_note")
    ),
    "GET /api/v1/action-items": E(everyone()),
}
