"""What every role gets from every page and API route of the permission matrix.

Path parameters are filled from the world (TARGETS: parameter → the world objects it is tried with;
ROUTE_TARGETS for a parameter whose name means different things in different modules). Each route
has an expectation: a Rule (signed-in role → status) for all its targets, or one Rule per target.
Anonymous visitors are not listed: pages send them to the sign-in page, the API answers 401.
A 200 for a role that may read the target (permission_world.READERS) must show its content."""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cadence.people.models import Employee
from permission_world import READERS, SIGNED_IN, WITH_PERSON, World

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
    "checkin_id": ("checkin", "due_checkin"),
    "check_in_id": ("checkin", "due_checkin"),  # the API's name for it (its published path parameter)
    "series_id": ("series",),
    "meeting_id": ("meeting",),
    "point_id": ("talking_point",),
    "item_id": ("action_item",),
    "direction": ("literal:down",),
    "scope": ("literal:colleagues", "literal:partners", "literal:teams"),  # people:pick
    "token": ("feed_token",),
    "framework_id": ("framework",),
    "expectation_id": ("draft_expectation",),
    "kind": ("literal:level",),  # a row of a draft's structure: its kind, then its id
    "row_id": ("draft_level",),
}
EMPTY_CYCLE = {"cycle_id": ("planned_cycle",)}  # opened for drafting or deleted: planned, no goals
ROUTE_TARGETS: dict[str, dict[str, tuple[str, ...]]] = {
    "goals:cycle_open": EMPTY_CYCLE,
    "goals:cycle_delete": EMPTY_CYCLE,
    "POST /api/v1/goal-cycles/{cycle_id}/open": EMPTY_CYCLE,
    "DELETE /api/v1/goal-cycles/{cycle_id}": EMPTY_CYCLE,
    "meetings:template_edit": {"template_id": ("personal_template", "shared_template")},
    "meetings:template_delete": {"template_id": ("personal_template", "shared_template")},
    "competencies:framework_row_add": {"kind": ("literal:theme",)},  # a level needs its track too
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
HR_ONLY = only(HR, other=403)  # a role gate: 403 with its reason (that the page exists is no secret)
HR_SEES = only(HR)  # an object only HR may see (a deactivated person): 404 for everyone else
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

    def rule_for_any(self) -> Rule:
        """The rule of the first target (all of them, for a route with one rule)."""
        return self.rule if self.rule is not None else next(iter(self.per_target.values()))  # type: ignore[union-attr]

    def shows_for(self, target: str) -> tuple[str, ...]:
        extra = self.shows.get(target, ()) if isinstance(self.shows, Mapping) else self.shows
        return (*extra, *([target] if self.shows_target and target in READERS else []))


def per(**rules: Rule) -> Expect:
    return Expect(per_target=rules)


def each_reads(*keys: str, **options: Any) -> Expect:
    """Every target is read by its readers only."""
    return Expect(per_target={key: reads(key) for key in keys}, **options)


E = Expect
MEETING_CONTENT = ("talking_point", "action_item", "manager_note", "owner_note", "shared_note")
# Feedback rows (who gave whom feedback) are known to the recipient's chain and HR; the text is not.
FEEDBACK_ROWS = per(
    feedback_recipient=only(("owner", "peer", "manager", *HR)),
    feedback_recipient_manager=only(("owner", "manager", *HR)),
    feedback_manager=only(("manager", *HR)),
    feedback_protected=only(("owner", "peer", "manager", *HR)),
)
# A series (that it exists, its dates) is known to the chain above and HR; its agenda is not.
SERIES_ROWS = only(("owner", "manager", *HR))

# A person's career (placement, assessed levels): the person, the chain above them and HR.
CAREER_READERS = only(("owner", "manager", *HR))
MANAGERS_AND_HR = only(("manager", "other_manager", *HR), other=403)  # a role gate

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
    # The picker's matches: only what each role may choose (none for a login without a person).
    "people:pick": E(everyone()),
    "people:create": E(HR_ONLY),
    "people:org_chart": E(everyone()),
    "people:org_chart_children": E(REDIRECT),  # the htmx variant is below
    "people:departments": E(HR_ONLY),
    "people:import": E(HR_ONLY),
    "people:import_review": E(HR_ONLY),
    "people:import_apply": E(POST_ONLY),
    "people:profile": per(**{"person:owner": PEOPLE, "person:gone": HR_SEES}),
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
    "goals:cycle_open": E(HR_ONLY),  # the confirmation that says how many people will be asked
    "goals:cycle_delete": E(POST_ONLY),
    "goals:templates": E(everyone(), shows=("goal_template",)),
    "goals:template_create": E(HR_ONLY),
    "goals:template_edit": E(HR_ONLY),
    "goals:detail": each_reads(
        "public_goal", "private_goal", shows={"private_goal": ("private_goal_comment",)}
    ),
    # Edited by the owner, the chain above and HR; the peer may read the public goal but not edit it.
    "goals:edit": E(only(("owner", "manager", *HR))),
    "goals:key_result_update": E(POST_ONLY),
    "goals:state": E(POST_ONLY),
    "goals:approve": E(POST_ONLY),
    "goals:rollup_exclude": E(POST_ONLY),
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
    "checkins:checkins": E(everyone()),
    "checkins:checkin_current": E(only(WITH_PERSON, status=302)),  # to this week's check-in
    "checkins:checkin_team": E(only(("manager", "other_manager"), other=403)),  # a role gate
    "checkins:checkin_settings": E(HR_ONLY),
    "checkins:checkin_detail": E(OWNER_CHAIN_ONLY),
    # The form of a due check-in for its author, and of a submitted one until it is reviewed (to
    # change it); everyone else who may see it goes to its page.
    "checkins:checkin_edit": per(
        checkin={**OWNER_CHAIN_ONLY, "manager": 302}, due_checkin={**OWNER_CHAIN_ONLY, "manager": 302}
    ),
    "checkins:checkin_skip": E(POST_ONLY),
    "checkins:checkin_comment": E(POST_ONLY),
    "checkins:checkin_react": E(POST_ONLY),
    "checkins:checkin_review": E(POST_ONLY),
    "checkins:checkin_talking_point": E(POST_ONLY),
    "meetings:mine": E(everyone()),
    "meetings:series_new": E(PEOPLE),
    "meetings:team": E(everyone()),
    "meetings:templates": E(PEOPLE, shows=()),
    # A personal template is its owner's (the manager's); a shared one is changed by HR.
    "meetings:template_edit": per(personal_template=only(("manager",)), shared_template=HR_SEES),
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
    "meetings:shared_note_save": E(POST_ONLY),
    "meetings:point_link": E(POST_ONLY),
    "meetings:point_move": E(POST_ONLY),
    "meetings:point_discussed": E(POST_ONLY),
    "meetings:point_delete": E(POST_ONLY),
    "meetings:item_done": E(POST_ONLY),
    "competencies:framework_list": E(PEOPLE),
    "competencies:framework_import": E(HR_ONLY),
    "competencies:framework_detail": E(PEOPLE),  # the published version; the draft is HR's
    "competencies:framework_editor": E(HR_ONLY, shows=("draft_expectation",)),
    "competencies:framework_draft": E(POST_ONLY),
    "competencies:framework_publish": E(POST_ONLY),
    "competencies:framework_expectation_save": E(POST_ONLY),
    "competencies:framework_structure": E(HR_ONLY),
    "competencies:framework_row_add": E(POST_ONLY),
    "competencies:framework_row_edit": E(POST_ONLY),
    "competencies:framework_export_yaml": E(PEOPLE),
    "competencies:framework_export_json": E(PEOPLE),
    "competencies:career_mine": E(PEOPLE),
    "competencies:career_person": per(
        **{"person:owner": CAREER_READERS, "person:gone": HR_SEES}, shows=("assessment", "readiness")
    ),
    "competencies:career_assess": E(POST_ONLY),
    "competencies:career_readiness": E(POST_ONLY),
    "competencies:placement": E(HR_ONLY),
    "competencies:placement_bulk": E(HR_ONLY),
    "competencies:readiness_list": E(MANAGERS_AND_HR, shows=("readiness",)),
    "competencies:gaps": E(MANAGERS_AND_HR),
    "competencies:gaps_csv": E(MANAGERS_AND_HR),
    "competencies:gaps_xlsx": E(MANAGERS_AND_HR),
}
# Pages anyone may open without signing in (status for anonymous), instead of the sign-in redirect.
PUBLIC_PAGES: dict[str, int] = {"api:openapi-json": 200, "api:openapi-view": 200, "api:api-root": 404}
# Pages authenticated by a secret in the URL: anonymous gets the feed for the right secret.
TOKEN_PAGES: dict[str, int] = {"meetings:feed": 200}
# Extra headers a page is also requested with (its htmx partial), and the expectation then.
HTMX = {"HTTP_HX_REQUEST": "true"}
HTMX_VARIANTS: dict[str, tuple[dict[str, str], Expect]] = {
    "people:org_chart_children": (HTMX, per(**{"person:owner": PEOPLE, "person:gone": HR_SEES})),
    "people:directory": ({**HTMX, "HTTP_HX_TARGET": "directory-results"}, E(everyone())),
    "goals:tree_children": (HTMX, each_reads("public_goal", "private_goal", shows_target=False)),
}

EXPECT_API: dict[str, Expect] = {
    "GET /api/v1/me": E(everyone()),
    "GET /api/v1/people": E(everyone()),
    "GET /api/v1/people/{person_id}": per(**{"person:owner": PEOPLE, "person:gone": HR_SEES}),
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
    # Both participants read the same shared notes; nobody else (not the chain, not HR).
    "GET /api/v1/meetings/{meeting_id}/shared-note": E(OWNER_CHAIN_ONLY, shows=("shared_note",)),
    "GET /api/v1/action-items": E(everyone()),
    "GET /api/v1/competency-frameworks": E(PEOPLE),
    "GET /api/v1/competency-frameworks/{framework_id}": E(PEOPLE),  # the published version
    "GET /api/v1/competency-frameworks/{framework_id}/export": E(PEOPLE),
    "GET /api/v1/people/{person_id}/placement": per(
        **{"person:owner": CAREER_READERS, "person:gone": HR_SEES}
    ),
    "GET /api/v1/people/{person_id}/competencies": per(
        **{"person:owner": CAREER_READERS, "person:gone": HR_SEES}, shows=("assessment",)
    ),
    "GET /api/v1/competency-gaps": E(MANAGERS_AND_HR),
    "GET /api/v1/promotion-readiness": E(MANAGERS_AND_HR, shows=("readiness",)),
}


# --- Writes ----------------------------------------------------------------------------------------

Payload = Callable[[World], dict[str, Any]]
WRITES, NOOP, INVALID, REFUSED = "writes", "noop", "invalid", "refused"
SIGN_IN_FIRST = "sign in first"  # anonymous: 401 from the API, the sign-in redirect from a page


def _empty(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Write:
    """What each signed-in role gets for this write with this body: WRITES (2xx or a redirect, and
    the database changes), NOOP (2xx, nothing to change), INVALID (400/422: the body is wrong for
    this role, nothing written) or REFUSED (403/404, nothing written), the default."""

    outcomes: Mapping[str, str]  # role → outcome
    body: Payload = _empty
    target: str = ""  # the object the path parameter names; by default the route's first target


def write(
    roles: Iterable[str],
    body: Payload = _empty,
    target: str = "",
    *,
    invalid: Iterable[str] = (),
    noop: Iterable[str] = (),
) -> Write:
    outcomes = {"anonymous": SIGN_IN_FIRST, **{role: REFUSED for role in SIGNED_IN}}
    outcomes.update({role: INVALID for role in invalid})
    outcomes.update({role: NOOP for role in noop})
    outcomes.update({role: WRITES for role in roles})
    return Write(outcomes, body, target)


def _soon(days: int = 3) -> str:
    return (timezone.localtime() + datetime.timedelta(days=days)).replace(microsecond=0).isoformat()


PARTICIPANTS = ("owner", "manager")
GOAL_EDITORS = ("owner", "manager", *HR)
EVERY_PERSON_BUT_OWNER = ("peer", "stranger", "manager", "other_manager", *HR)

WRITES_API: dict[str, Write] = {
    "POST /api/v1/people": write(
        HR,
        lambda w: {"employee_id": "N1", "first_name": "Nia", "last_name": "New", "email": "nia@example.com"},
    ),
    "PATCH /api/v1/people/{person_id}": write(
        HR,
        lambda w: {"job_title": "Zq title", "version": w.version_of_id(Employee, "person:owner")},
        "person:owner",
    ),
    "POST /api/v1/people/import": write(HR),  # a multipart upload: the body is UPLOAD in the test
    # The actor's own notifications: those who have unread ones mark them, the others have none.
    "POST /api/v1/notifications/read": write(
        ("owner", "peer", "manager"), noop=("stranger", "other_manager", *HR, "outsider")
    ),
    "POST /api/v1/goal-cycles": write(
        HR, lambda w: {"name": "2027", "start_date": "2027-01-01", "end_date": "2027-12-31"}
    ),
    "POST /api/v1/goal-cycles/{cycle_id}/open": write(HR, lambda w: {"confirm": True}),
    "DELETE /api/v1/goal-cycles/{cycle_id}": write(HR),
    "POST /api/v1/goals": write(
        GOAL_EDITORS,
        lambda w: {
            "cycle_id": w.id_of("cycle"),
            "title": "Zq new goal",
            "level": "individual",
            "owner_employee_id": w.id_of("person:owner"),
        },
        invalid=("outsider",),  # an owner the actor cannot see is answered like a missing one
    ),
    "PATCH /api/v1/goals/{goal_id}": write(
        GOAL_EDITORS,
        lambda w: {"description": "Zq changed", "version": w.version_of("private_goal")},
        "private_goal",
    ),
    "POST /api/v1/key-results/{key_result_id}/check-ins": write(
        GOAL_EDITORS, lambda w: {"value": 30, "mood": 3}
    ),
    "POST /api/v1/goals/{goal_id}/comments": write(
        READERS["private_goal"], lambda w: {"body": "Zq new comment"}, "private_goal"
    ),
    "POST /api/v1/praise": write(
        EVERY_PERSON_BUT_OWNER,
        lambda w: {
            "recipient_ids": [w.id_of("person:owner")],
            "value_ids": [w.id_of("value")],
            "message": "Thanks",
        },
        invalid=("owner",),  # praising oneself
    ),
    "POST /api/v1/praise/{praise_id}/reactions": write(
        READERS["private_praise"], lambda w: {"kind": "clap"}, "private_praise"
    ),
    "POST /api/v1/praise/{praise_id}/comments": write(
        READERS["private_praise"], lambda w: {"body": "Zq yes"}, "private_praise"
    ),
    "POST /api/v1/feedback": write(
        EVERY_PERSON_BUT_OWNER,
        lambda w: {
            "recipient_id": w.id_of("person:owner"),
            "body": "Zq well done",
            "visibility": "recipient",
        },
        invalid=("owner",),  # feedback for oneself
    ),
    "POST /api/v1/feedback/coach": write((), lambda w: {"body": "You always"}, noop=SIGNED_IN),  # advice only
    # About yourself or a report: the owner and their manager; the others are told whom they may ask about.
    "POST /api/v1/feedback-requests": write(
        ("owner", "manager"),
        lambda w: {"subject_id": w.id_of("person:owner"), "respondent_ids": [w.id_of("person:stranger")]},
        invalid=("peer", "stranger", "other_manager", *HR),
    ),
    "POST /api/v1/feedback-requests/{request_id}/answer": write(
        ("peer",), lambda w: {"body": "Zq answer", "visibility": "recipient"}
    ),
    "POST /api/v1/feedback-requests/{request_id}/decline": write(("peer",), lambda w: {"reason": "busy"}),
    "POST /api/v1/check-ins": write(WITH_PERSON, lambda w: {"mood": 4}),  # everyone submits their own
    "POST /api/v1/check-ins/draft": write(WITH_PERSON, lambda w: {"priorities": ["Zq draft"]}),
    # Only the author changes a submitted check-in (the world's is not reviewed yet).
    "PUT /api/v1/check-ins/{check_in_id}": write(("owner",), lambda w: {"mood": 2}, "checkin"),
    "POST /api/v1/check-ins/{check_in_id}/skip": write(
        ("owner",), lambda w: {"reason": "away"}, "due_checkin"
    ),
    "POST /api/v1/check-ins/{check_in_id}/comments": write(PARTICIPANTS, lambda w: {"body": "Zq seen"}),
    "POST /api/v1/check-ins/{check_in_id}/reactions": write(PARTICIPANTS, lambda w: {"kind": "clap"}),
    "POST /api/v1/check-ins/{check_in_id}/review": write(("manager",)),
    "POST /api/v1/check-ins/{check_in_id}/talking-points": write(
        ("manager",), lambda w: {"text": "Zq discuss"}
    ),
    # Only a 1:1 one takes part in: the manager and the peer may set theirs up; HR may not.
    "POST /api/v1/one-on-ones": write(
        ("manager", "peer"),
        lambda w: {
            "employee_id": w.id_of("person:peer"),
            "manager_id": w.id_of("person:manager"),
            "first_meeting_at": _soon(),
        },
        invalid=("outsider",),  # sees no people: the employee is answered like a missing one
    ),
    "PATCH /api/v1/one-on-ones/{series_id}": write(
        PARTICIPANTS, lambda w: {"duration_minutes": 45, "version": w.version_of("series")}
    ),
    "POST /api/v1/one-on-ones/{series_id}/meetings": write(
        PARTICIPANTS, lambda w: {"scheduled_at": _soon(5)}
    ),
    "PATCH /api/v1/meetings/{meeting_id}": write(
        PARTICIPANTS, lambda w: {"scheduled_at": _soon(2), "version": w.version_of("meeting")}
    ),
    "POST /api/v1/meetings/{meeting_id}/talking-points": write(PARTICIPANTS, lambda w: {"text": "Zq point"}),
    "PUT /api/v1/meetings/{meeting_id}/talking-points/order": write(
        PARTICIPANTS, lambda w: {"order": w.agenda_order()[::-1], "previous": w.agenda_order()}
    ),
    "PATCH /api/v1/talking-points/{point_id}": write(
        PARTICIPANTS, lambda w: {"discussed": True, "version": w.version_of("talking_point")}
    ),
    "DELETE /api/v1/talking-points/{point_id}": write(("owner",)),  # its author only
    "PUT /api/v1/meetings/{meeting_id}/private-note": write(PARTICIPANTS, lambda w: {"text": "Zq new note"}),
    "PATCH /api/v1/meetings/{meeting_id}/shared-note": write(
        PARTICIPANTS, lambda w: {"text": "Zq new shared", "version": w.version_of("shared_note")}
    ),
    "POST /api/v1/action-items": write(
        PARTICIPANTS,
        lambda w: {
            "meeting_id": w.id_of("meeting"),
            "title": "Zq do it",
            "owner_id": w.id_of("person:owner"),
        },
    ),
    "PATCH /api/v1/action-items/{item_id}": write(
        PARTICIPANTS, lambda w: {"done": True, "version": w.version_of("action_item")}
    ),
    "POST /api/v1/competency-frameworks": write(HR, lambda w: {"name": "Zq api framework"}),
    "POST /api/v1/competency-frameworks/{framework_id}/draft": write((), noop=HR),  # the draft exists
    "PATCH /api/v1/competency-frameworks/expectations/{expectation_id}": write(
        HR, lambda w: {"text": "Zq api rewritten", "version": w.version_of("draft_expectation")}
    ),
    "POST /api/v1/competency-frameworks/{framework_id}/publish": write(HR, lambda w: {"notes": "Zq api"}),
    "POST /api/v1/competency-frameworks/import": write((), lambda w: {"text": "{}"}, invalid=HR),
    "PUT /api/v1/people/{person_id}/placement": write(
        HR, lambda w: {"level": w.id_of("level_up")}, "person:owner"
    ),
    "POST /api/v1/people/{person_id}/assessments": write(
        ("manager",),
        lambda w: {
            "competency": w.id_of("competency"),
            "level": w.id_of("level"),
            "comment": "Zq api assessed",
        },
        "person:owner",
    ),
    "POST /api/v1/people/{person_id}/promotion-readiness": write(
        ("manager",), lambda w: {"readiness": "ready_now", "evidence": "Zq api evidence"}, "person:owner"
    ),
}
UPLOADS = {"POST /api/v1/people/import"}

# Page actions (POST-only views) with their form fields; form pages (GET and POST) are walked by
# posting as every role the GET refuses (test_form_pages_refuse_writes).
WRITES_PAGES: dict[str, Write] = {
    "account_language": write(SIGNED_IN, lambda w: {"language": "de"}),
    "api_token_create": write(SIGNED_IN, lambda w: {"name": "Zq token"}),
    "api_token_revoke": write(("owner",)),
    "people:import_apply": write(HR),
    "people:reactivate": write(HR, target="person:gone"),
    "notifications:mark_all_read": write(
        ("owner", "peer", "manager"), noop=("stranger", "other_manager", *HR, "outsider")
    ),
    "goals:key_result_update": write(
        GOAL_EDITORS,
        lambda w: {
            "key_result": w.id_of("key_result"),
            f"kr{w.id_of('key_result')}-value": "40",
            f"kr{w.id_of('key_result')}-confidence": "on_track",
        },
    ),
    "goals:state": write(GOAL_EDITORS, lambda w: {"state": "archived"}, "private_goal"),
    # The world's goals are approved already: approving again changes nothing, but only for approvers.
    "goals:approve": write((), target="private_goal", noop=("manager", *HR)),
    "goals:cycle_delete": write(HR),
    # The public goal's editors (not the peer who owns the aligned goal) leave it out of the roll-up.
    "goals:rollup_exclude": write(
        GOAL_EDITORS,
        lambda w: {"child": w.id_of("aligned_goal"), "exclude": "1", "version": w.version_of("public_goal")},
        "public_goal",
    ),
    "goals:comment": write(READERS["private_goal"], lambda w: {"body": "Zq page comment"}, "private_goal"),
    "goals:policy": write(("manager", "other_manager"), lambda w: {"require_approval": "on"}),
    "feedback:praise_react": write(READERS["private_praise"], lambda w: {"kind": "clap"}, "private_praise"),
    "feedback:praise_comment": write(
        READERS["private_praise"], lambda w: {"body": "Zq page yes"}, "private_praise"
    ),
    "feedback:coach": write((), lambda w: {"body": "You always"}, noop=SIGNED_IN),
    "feedback:request_answer": write(
        ("peer",), lambda w: {"body": "Zq page answer", "visibility": "recipient"}
    ),
    "feedback:request_decline": write(("peer",), lambda w: {"reason": "busy"}),
    "checkins:checkin_skip": write(("owner",), lambda w: {"reason": "away"}, "due_checkin"),
    "checkins:checkin_comment": write(PARTICIPANTS, lambda w: {"body": "Zq page seen"}),
    "checkins:checkin_react": write(PARTICIPANTS, lambda w: {"kind": "clap"}),
    "checkins:checkin_review": write(("manager",)),
    "checkins:checkin_talking_point": write(("manager",), lambda w: {"text": "Zq page discuss"}),
    "meetings:template_delete": write(("manager",), target="personal_template"),
    "meetings:feed_regenerate": write(WITH_PERSON),
    "meetings:feed_revoke": write(
        ("owner",), noop=("peer", "stranger", "manager", "other_manager", *HR, "outsider")
    ),
    "meetings:series_end": write(PARTICIPANTS),
    "meetings:meeting_new": write(PARTICIPANTS, lambda w: {"scheduled_at": _soon(6)[:16]}),
    "meetings:meeting_reschedule": write(
        PARTICIPANTS, lambda w: {"scheduled_at": _soon(4)[:16], "version": w.version_of("meeting")}
    ),
    "meetings:meeting_complete": write(PARTICIPANTS),
    "meetings:meeting_cancel": write(PARTICIPANTS),
    "meetings:point_add": write(PARTICIPANTS, lambda w: {"text": "Zq page point"}),
    "meetings:point_reorder": write(
        PARTICIPANTS, lambda w: {"order": w.agenda_order()[::-1], "previous": w.agenda_order()}
    ),
    "meetings:item_add": write(
        PARTICIPANTS, lambda w: {"title": "Zq page item", "owner": w.id_of("person:owner")}
    ),
    "meetings:note_save": write(PARTICIPANTS, lambda w: {"note-text": "Zq page note"}),
    "meetings:shared_note_save": write(
        PARTICIPANTS,
        lambda w: {"shared-text": "Zq page shared", "shared-version": w.version_of("shared_note")},
    ),
    "meetings:point_link": write(PARTICIPANTS, lambda w: {"link": f"goal:{w.id_of('public_goal')}"}),
    "meetings:point_move": write(PARTICIPANTS),
    "meetings:point_discussed": write(
        PARTICIPANTS, lambda w: {"discussed": "1", "version": w.version_of("talking_point")}
    ),
    "meetings:point_delete": write(("owner",)),
    "meetings:item_done": write(
        PARTICIPANTS, lambda w: {"done": "1", "version": w.version_of("action_item")}
    ),
    "competencies:framework_draft": write((), noop=HR),  # the world's draft exists: it is opened again
    "competencies:framework_publish": write(HR, lambda w: {"notes": "Zq published"}),
    "competencies:framework_expectation_save": write(
        HR,
        lambda w: {
            f"e{w.id_of('draft_expectation')}-text": "Zq rewritten",
            f"e{w.id_of('draft_expectation')}-version": w.version_of("draft_expectation"),
        },
    ),
    "competencies:framework_row_add": write(HR, lambda w: {"new-theme-name": "Zq theme"}),
    "competencies:framework_row_edit": write(
        HR,
        lambda w: {
            f"level-{w.id_of('draft_level')}-code": "ZQ1",
            f"level-{w.id_of('draft_level')}-title": "Zq level",
            f"level-{w.id_of('draft_level')}-version": w.version_of("draft_level"),
        },
    ),
    "competencies:career_assess": write(
        ("manager",),
        lambda w: {
            "assess-competency": w.id_of("competency"),
            "assess-level": w.id_of("level"),
            "assess-comment": "Zq page assessed",
        },
        "person:owner",
    ),
    "competencies:career_readiness": write(
        ("manager",),
        lambda w: {"ready-readiness": "not_yet", "ready-evidence": "Zq page evidence"},
        "person:owner",
    ),
}


# Form pages (GET shows the form, POST submits it): what each role that opens the form posts on top
# of the form as shown to them (test_form_pages_take_a_permitted_submission), and the roles whose
# submission is not a write of theirs (e.g. the form shows them nothing to change). The rest of
# the roles the page opens for must write.
@dataclass(frozen=True)
class Submit:
    changes: Payload = _empty
    outcomes: Mapping[str, str] = field(default_factory=dict)  # role → outcome, where not WRITES
    noop_targets: tuple[str, ...] = ()  # targets it leaves as they are (a person who left already)
    changes_for: Callable[[World, str], dict[str, Any]] | None = None  # what each role chooses

    def data(self, world: World, role: str) -> dict[str, Any]:
        return {**self.changes(world), **(self.changes_for(world, role) if self.changes_for else {})}

    def outcome(self, role: str, target: str) -> str:
        return NOOP if target in self.noop_targets else self.outcomes.get(role, WRITES)


def _upload(world: World) -> dict[str, Any]:
    csv = b"employee_id,first_name,last_name,email\nX3,Bo,Form,bo.form@example.com\n"
    return {"file": SimpleUploadedFile("people.csv", csv)}


def _new_person(world: World) -> dict[str, Any]:
    return {
        "first_name": "Zq",
        "last_name": "Form",
        "email": "zq.form@example.com",
        "employee_id": "ZQ-1",
        "employment_type": "full_time",
        "role": "employee",
    }


def _new_goal(world: World) -> dict[str, Any]:
    return {"title": "Zq form goal", "level": "individual", "visibility": "public", "action": "save"}


_DATES = {"start_date": "2031-01-01", "end_date": "2031-03-31"}
ONLY_OWNER_WRITES = {role: REFUSED for role in ("manager", "other_manager", *HR)}

FORM_SUBMITS: dict[str, Submit] = {
    "people:create": Submit(_new_person),
    "people:edit": Submit(lambda w: {"job_title": "Zq form title"}),
    "people:deactivate": Submit(noop_targets=("person:gone",)),
    "people:departments": Submit(lambda w: {"kind": "department", "d-name": "Zq department"}),
    "people:import": Submit(_upload),
    "goals:create": Submit(_new_goal),
    "goals:edit": Submit(lambda w: {"description": "Zq form description", "action": "save"}),
    "goals:cycles": Submit(
        lambda w: {"name": "Zq cycle", "kind": "quarterly", "confirm_dates": "on", **_DATES}
    ),
    "goals:cycle_open": Submit(),
    "goals:cycle_edit": Submit(lambda w: {"name": "Zq cycle name"}),
    "goals:template_create": Submit(
        lambda w: {"function": "general", "level": "individual", "title": "Zq template"}
    ),
    "goals:template_edit": Submit(lambda w: {"title": "Zq template title"}),
    "feedback:praise_new": Submit(
        lambda w: {
            "recipients": w.email_of("person:ceo"),
            "message": "Zq form praise",
            "visibility": "public",
            "values": [w.id_of("value")],
        }
    ),
    "feedback:give": Submit(
        lambda w: {
            "recipient": w.email_of("person:ceo"),
            "body": "Zq form feedback",
            "visibility": "recipient",
        }
    ),
    "feedback:request_new": Submit(
        lambda w: {"respondents": w.email_of("person:ceo"), "questions": "Zq how did it go?"}
    ),
    "feedback:settings": Submit(lambda w: {"kind": "value", "v-name": "Zq value"}),
    "checkins:checkin_settings": Submit(lambda w: {"kind": "question", "q-text": "Zq question?"}),
    "checkins:checkin_edit": Submit(lambda w: {"mood": "4"}),
    # Each with their own manager; the owner's series with theirs runs already (the form says so).
    "meetings:series_new": Submit(
        lambda w: {"first_meeting_at": _soon(9)[:16]},
        {"owner": NOOP},
        changes_for=lambda w, role: {"person": w.manager_id_of(f"person:{role}")},
    ),
    "meetings:series": Submit(lambda w: {"duration_minutes": "55"}),
    "meetings:templates": Submit(lambda w: {"name": "Zq agenda", "points": "Zq first"}),
    "meetings:template_edit": Submit(lambda w: {"name": "Zq agenda name"}),
    # Everyone reads the list; only HR creates a framework there.
    "competencies:framework_list": Submit(
        lambda w: {"name": "Zq new framework"},
        {role: REFUSED for role in ("owner", "peer", "stranger", "manager", "other_manager")},
    ),
    "competencies:framework_import": Submit(
        lambda w: {"text": '{"schema": "cadence.competencies/1"}'}, {role: INVALID for role in HR}
    ),
    "competencies:placement": Submit(lambda w: {"level": w.id_of("level_up")}),
    "competencies:placement_bulk": Submit(lambda w: {"level": w.id_of("level_up")}),
}

# Real permission bugs the matrix found, open until fixed (strict: the fix makes these tests fail).
KNOWN_BUGS: dict[str, str] = {}
