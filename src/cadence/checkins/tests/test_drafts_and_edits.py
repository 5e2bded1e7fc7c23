"""Issue 9.7: drafts, editing a submitted check-in until it is reviewed, goal updates shown on the
check-in, last time's priorities starting undecided, the default questions and the open period."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadence.checkins import selectors, services
from cadence.checkins.charts import team_chart
from cadence.checkins.forms import CheckInForm
from cadence.checkins.models import CheckIn, CheckInComment, CheckInPriority, CheckInQuestion
from cadence.core.errors import Conflict
from cadence.core.testing import client_for
from cadence.goals.tests.factories import make_cycle, make_goal

from . import factories as f

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 4)


def _submit(person, checkin, **kwargs):
    defaults = {"mood": 4, "answers": {}, "questions": []}
    return services.checkin_submit(actor=person.user, checkin=checkin, **(defaults | kwargs))


def _update(person, checkin, **kwargs):
    defaults = {"mood": 3, "answers": {}, "questions": []}
    return services.checkin_update(actor=person.user, checkin=checkin, **(defaults | kwargs))


def _with_priorities(org):
    """Last week's check-in with two open priorities, and this week's (due)."""
    first = services.checkin_open_current(actor=org.report.user, today=TODAY - datetime.timedelta(weeks=1))
    _submit(org.report, first, new_priorities=["Ship import", "Write docs"])
    second = services.checkin_open_current(actor=org.report.user, today=TODAY)
    return second, selectors.previous_open_priorities(second)


def test_a_draft_keeps_what_was_written_and_submits_nothing(org):
    checkin, previous = _with_priorities(org)
    question = selectors.checkin_questions_for(org.report)[0]
    services.checkin_save_draft(
        actor=org.report.user,
        checkin=checkin,
        mood=None,  # nothing is required in a draft
        answers={question.pk: "Half way"},
        carried={previous[0].pk: "carried"},
        new_priorities=["Demo"],
    )
    checkin.refresh_from_db()
    assert checkin.status == CheckIn.Status.DUE and checkin.draft_saved_at is not None
    assert checkin.draft["answers"] == {str(question.pk): "Half way"}
    # Nothing decided yet: last time's priorities stay open, no new priority rows exist.
    assert CheckInPriority.objects.get(pk=previous[0].pk).status == "open"
    assert not checkin.priorities.exists()
    form = CheckInForm(questions=[question], previous=previous, goals=[], checkin=checkin)
    assert form[f"q_{question.pk}"].value() == "Half way"
    assert form[f"prev_{previous[0].pk}"].value() == "carried"
    assert form["priorities"].value() == "Demo"
    # A draft is not for the manager: no review to-do yet.
    assert not org.manager.user.notifications.filter(event_key=f"checkin:{checkin.pk}:review").exists()
    _submit(org.report, checkin, carried={previous[0].pk: "carried"}, new_priorities=["Demo"])
    checkin.refresh_from_db()
    assert checkin.draft == {} and checkin.status == CheckIn.Status.SUBMITTED
    with pytest.raises(Conflict):  # a draft saved from an old tab after submitting
        services.checkin_save_draft(actor=org.report.user, checkin=checkin, mood=2, answers={})


def test_last_times_priorities_start_undecided(org):
    checkin, previous = _with_priorities(org)
    form = CheckInForm(questions=[], previous=previous, goals=[], checkin=checkin)
    assert all(form[f"prev_{p.pk}"].value() is None for p in previous)
    submitted = CheckInForm({"mood": "4"}, questions=[], previous=previous, goals=[], checkin=checkin)
    assert not submitted.is_valid() and f"prev_{previous[0].pk}" in submitted.errors
    draft = CheckInForm({}, questions=[], previous=previous, goals=[], checkin=checkin, draft=True)
    assert draft.is_valid(), draft.errors


def test_the_author_edits_until_the_manager_has_reviewed(org):
    checkin, previous = _with_priorities(org)
    _submit(
        org.report, checkin, carried={previous[0].pk: "done", previous[1].pk: "carried"}, new_priorities=["A"]
    )
    with pytest.raises(Conflict):  # submit locks: a second submit is still a 409
        _submit(org.report, checkin)
    with pytest.raises(PermissionDenied):  # only the author changes it
        _update(org.manager, checkin)
    _update(
        org.report,
        checkin,
        mood=2,
        carried={previous[0].pk: "dropped", previous[1].pk: "done"},
        new_priorities=["B", "C"],
    )
    checkin.refresh_from_db()
    assert checkin.mood == 2 and checkin.edited_at is not None
    assert list(checkin.priorities.values_list("text", flat=True)) == ["B", "C"]
    assert dict(
        CheckInPriority.objects.filter(pk__in=[p.pk for p in previous]).values_list("text", "status")
    ) == {
        "Ship import": "dropped",
        "Write docs": "done",
    }
    services.checkin_mark_reviewed(actor=org.manager.user, checkin=checkin)
    with pytest.raises(Conflict) as refused:
        _update(org.report, checkin, mood=5)
    assert "already reviewed" in refused.value.detail
    checkin.refresh_from_db()
    assert checkin.mood == 2


def test_an_edit_keeps_priorities_a_later_checkin_decided(org):
    checkin, _previous = _with_priorities(org)
    _submit(org.report, checkin, new_priorities=["Kept"])
    later = services.checkin_open_current(actor=org.report.user, today=TODAY + datetime.timedelta(weeks=1))
    kept = checkin.priorities.get()
    _submit(org.report, later, carried={kept.pk: "done"})
    _update(org.report, checkin, new_priorities=["New"])
    assert dict(checkin.priorities.values_list("text", "status")) == {"Kept": "done", "New": "open"}


def test_edit_page_after_review_says_why_and_shows_the_checkin(org):
    checkin = _submit(org.report, services.checkin_open_current(actor=org.report.user))
    client = client_for(org.report.user)
    edit = reverse("checkins:checkin_edit", args=[checkin.pk])
    page = client.get(edit).content.decode()
    assert "Save changes" in page and "until your manager has reviewed it" in page
    services.checkin_mark_reviewed(actor=org.manager.user, checkin=checkin)
    # Sent from the form opened before the review: refused, with the reason and the typed text kept.
    question = selectors.checkin_questions_for(org.report)[0]
    refused = client.post(edit, {"mood": "1", f"q_{question.pk}": "Second thoughts", "action": "update"})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "already reviewed this check-in" in html and "Second thoughts" in html
    checkin.refresh_from_db()
    assert checkin.mood == 4 and checkin.edited_at is None
    # Opened after the review, the form is not offered: the check-in, with the reason.
    shown = client.get(edit, follow=True)
    assert shown.redirect_chain[-1][0] == reverse("checkins:checkin_detail", args=[checkin.pk])
    assert "can no longer be changed" in shown.content.decode()


def test_saving_a_draft_from_the_page(org):
    client = client_for(org.report.user)
    edit = client.get(reverse("checkins:checkin_current"))["Location"]
    response = client.post(edit, {"action": "draft", "priorities": "Plan the offsite"})
    assert response.status_code == 302 and response["Location"] == edit
    assert "Plan the offsite" in client.get(edit).content.decode()
    assert CheckIn.objects.get(author=org.report).status == CheckIn.Status.DUE


def test_goal_updates_made_in_a_checkin_show_to_the_reviewer(org):
    goal = make_goal(org.report.user, make_cycle(), owner=org.report, title="Launch the mobile app")
    checkin = _submit(
        org.report,
        services.checkin_open_current(actor=org.report.user),
        goal_updates=[(goal, "at_risk", "Waiting for the store review")],
    )
    page = client_for(org.manager.user).get(reverse("checkins:checkin_detail", args=[checkin.pk]))
    html = page.content.decode()
    assert "Goal updates in this check-in" in html
    assert "Launch the mobile app" in html and "Waiting for the store review" in html
    assert [u.comment for u in selectors.checkin_goal_updates(actor=org.manager.user, checkin=checkin)] == [
        "Waiting for the store review"
    ]


def test_comment_counts_are_worked_out_for_the_rows_shown_only(org):
    checkin = f.submitted_checkin(org.report)
    for body in ("One", "Two"):
        CheckInComment.objects.create(checkin=checkin, author=org.manager, body=body)
    rows = selectors.checkin_list(actor=org.manager.user)
    with CaptureQueriesContext(connection) as ctx:
        counts = {c.pk: c.comment_count for c in rows[:20]}
    assert counts[checkin.pk] == 2
    # No GROUP BY over every check-in of the reporting chain before LIMIT: a subquery per row shown.
    outer = ctx.captured_queries[0]["sql"].split('AS "comment_count"', 1)[1]
    assert "GROUP BY" not in outer.upper()


def test_the_open_period_is_marked_and_left_out_of_the_chart(org, rf):
    this_week = f.submitted_checkin(org.report, weeks_ago=0)
    f.submitted_checkin(org.report, weeks_ago=1)
    summary = selectors.team_summary(actor=org.manager.user, today=this_week.period_start)
    assert [p.is_open for p in summary.periods] == [False, True]
    chart = team_chart(rf.get("/"), summary.periods)
    assert len(chart.rows) == 2 and "still open" in chart.rows[-1][0]  # in the table, marked
    assert chart.svg.count("tooltip-trigger") == 2  # one point per line: the closed period only


def test_migration_turns_off_the_priorities_question_only_where_hr_left_it(org):
    migration = importlib.import_module("cadence.checkins.migrations.0005_drafts_edits_goal_updates")
    untouched = CheckInQuestion.objects.create(text=migration.PRIORITIES_QUESTION, order=3)
    toggled = CheckInQuestion.objects.create(text=migration.PRIORITIES_QUESTION, order=3, version=3)
    department = CheckInQuestion.objects.create(
        text=migration.PRIORITIES_QUESTION, order=3, department=org.engineering
    )

    class Editor:
        connection = connection

    migration.turn_off_priorities_question(apps, Editor())
    states = dict(
        CheckInQuestion.objects.filter(pk__in=[untouched.pk, toggled.pk, department.pk]).values_list(
            "pk", "is_active"
        )
    )
    assert states == {untouched.pk: False, toggled.pk: True, department.pk: True}
