"""Writes sent at the same moment, with real threads and one database connection each, on SQLite and
PostgreSQL. Reproduces: two simultaneous check-in submissions both got 201 with the same id, the
answers of one lost and the priorities of both kept."""

import datetime
import json
import threading

import pytest
from django.db import connection

from cadence.checkins.models import CheckIn, CheckInPriority
from cadence.core.testing import client_for
from cadence.feedback import services
from cadence.feedback.models import Feedback


def _at_once(*requests):
    """Run the callables together in threads (released by one barrier) and return their results."""
    barrier, results = threading.Barrier(len(requests)), [None] * len(requests)

    def run(index, request):
        try:
            barrier.wait()
            results[index] = request()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_checkin_submissions_at_once_give_one_201_and_one_409(org):
    def submit(priority):
        client = client_for(org.report.user)
        body = json.dumps({"mood": 4, "priorities": [priority]})
        return lambda: client.post("/api/v1/check-ins", body, content_type="application/json").status_code

    assert sorted(_at_once(submit("first"), submit("second"))) == [201, 409]
    checkin = CheckIn.objects.get(author=org.report)
    assert checkin.status == CheckIn.Status.SUBMITTED
    assert CheckInPriority.objects.filter(checkin=checkin).count() == 1, "one submission's priorities only"


@pytest.mark.django_db(transaction=True)
def test_answering_a_feedback_request_twice_at_once_gives_one_feedback(org):
    (ask,) = services.feedback_request_create(
        actor=org.report.user, subject=org.report, respondents=[org.report2]
    )
    url = f"/api/v1/feedback-requests/{ask.pk}/answer"

    def answer(text):
        client = client_for(org.report2.user)
        body = json.dumps({"body": text, "visibility": "recipient"})
        return lambda: client.post(url, body, content_type="application/json").status_code

    assert sorted(_at_once(answer("First answer"), answer("Second answer"))) == [201, 409]
    assert Feedback.objects.filter(request=ask).count() == 1


@pytest.mark.django_db(transaction=True)
def test_checkins_on_sibling_goals_at_once_keep_the_parents_progress_true(org):
    """Reproduces the roll-up race on PostgreSQL: each transaction recomputed the parent from its own
    child's new progress and the sibling's old one, so the stored progress was wrong in 8-11 of 20."""
    from cadence.goals.models import Goal, KeyResult
    from cadence.goals.services import computed_progress, key_result_update_create
    from cadence.goals.tests.factories import kr, make_cycle, make_goal

    cycle = make_cycle()
    parent = make_goal(org.hr.user, cycle, title="Parent")
    children = [
        make_goal(org.manager.user, cycle, owner=owner, parent=parent, key_results=[kr(0, 100)])
        for owner in (org.report, org.report2)
    ]
    results = [KeyResult.objects.get(goal=child) for child in children]

    def checkin(child, result, value):
        return lambda: key_result_update_create(
            actor=org.manager.user, goal=Goal.objects.get(pk=child.pk), key_result=result, value=value
        )

    for value in range(5, 100, 10):
        _at_once(
            *(
                checkin(child, result, value + i)
                for i, (child, result) in enumerate(zip(children, results, strict=True))
            )
        )
        stored = Goal.objects.get(pk=parent.pk)
        assert stored.progress == pytest.approx(computed_progress(stored)), f"round {value}"


# --- Editors of one object at once (core.versioning) -------------------------------------------


def _patcher(user, url):
    """A client of its own (one thread, one connection) that PATCHes `url` with a body."""
    client = client_for(user)

    def send(body):
        response = client.patch(url, json.dumps(body), content_type="application/json")
        return response.status_code, response.json()

    return send


def _rounds_of_edits(senders, url_model, pk, edit_of, rounds):
    """`rounds` times: every sender edits the object at once from the version it read. Returns the
    (version sent, body sent) of each edit answered 200, after checking the others got a 409 with
    the winner's values and the new version."""
    won = []
    for round_number in range(rounds):
        version = url_model.objects.get(pk=pk).version
        bodies = [{**edit_of(round_number, i), "version": version} for i in range(len(senders))]
        answers = _at_once(
            *(lambda send=send, body=body: send(body) for send, body in zip(senders, bodies, strict=True))
        )
        statuses = sorted(status for status, _body in answers)
        assert statuses == [200] + [409] * (len(senders) - 1), f"round {round_number}: {statuses}"
        winner = next(body for (status, _answer), body in zip(answers, bodies, strict=True) if status == 200)
        for status, answer in answers:
            if status == 409:  # told what won, and from which version to try again
                assert answer["version"] == version + 1
                assert all(
                    answer["current"][field] == value for field, value in winner.items() if field != "version"
                )
        won.append((version, winner))
    return won


@pytest.mark.django_db(transaction=True)
def test_editors_of_one_goal_at_once_win_one_per_version_and_lose_nothing_silently(org):
    """Reproduces the lost edits: owner and managers editing a goal at once all got 200 and 36 of 80
    edits were lost. Now each version has one winner, everyone else a 409, and every 200 is an
    edit made from the version before it: none was overwritten unseen."""
    from cadence.core.models import AuditEvent
    from cadence.goals.models import Goal
    from cadence.goals.tests.factories import make_cycle, make_goal

    goal = make_goal(org.report.user, make_cycle(), owner=org.report)
    url = f"/api/v1/goals/{goal.pk}"
    editors = (org.report.user, org.manager.user, org.ceo.user, org.hr.user)
    senders = [_patcher(user, url) for user in editors]
    fields = ("title", "description")

    def edit(round_number, i):
        return {fields[i % 2]: f"Edit {round_number}.{i}"}

    rounds = 6
    won = _rounds_of_edits(senders, Goal, goal.pk, edit, rounds)
    assert [version for version, _body in won] == list(range(1, rounds + 1))  # a chain, no gaps
    saved = Goal.objects.get(pk=goal.pk)
    assert saved.version == rounds + 1
    assert AuditEvent.objects.filter(action="goal.update", target_id=str(goal.pk)).count() == rounds
    for field in fields:  # each field holds the last winning edit of it
        winners = [body[field] for _version, body in won if field in body]
        assert getattr(saved, field) == (winners[-1] if winners else getattr(goal, field))


@pytest.mark.django_db(transaction=True)
def test_the_loser_of_two_edits_at_once_sends_again_and_both_changes_stay(org):
    """The issue's scenario (owner the title, manager the description, at once), 8 times: each time
    one gets 409, reads the current version from it and sends again; both changes are kept."""
    from cadence.goals.models import Goal
    from cadence.goals.tests.factories import make_cycle, make_goal

    goal = make_goal(org.report.user, make_cycle(), owner=org.report)
    url = f"/api/v1/goals/{goal.pk}"
    owner, manager = _patcher(org.report.user, url), _patcher(org.manager.user, url)
    for round_number in range(8):
        version = Goal.objects.get(pk=goal.pk).version
        edits = ({"title": f"Title {round_number}"}, {"description": f"Why {round_number}"})
        answers = _at_once(
            *(
                lambda send=send, e=e, version=version: send({**e, "version": version})
                for send, e in zip((owner, manager), edits, strict=True)
            )
        )
        for send, edit, (status, answer) in zip((owner, manager), edits, answers, strict=True):
            if status == 409:
                status, answer = send({**edit, "version": answer["version"]})
            assert status == 200, answer
        saved = Goal.objects.get(pk=goal.pk)
        assert (saved.title, saved.description) == (f"Title {round_number}", f"Why {round_number}")
        assert saved.version == version + 2


@pytest.mark.django_db(transaction=True)
def test_participants_editing_an_action_item_at_once_lose_nothing_silently(org):
    """Reproduces 1:1 action items losing 5 of 20 changes: both participants (two tabs each) change
    an item at once; one change per version wins, the rest are told (409)."""
    from cadence.meetings.action_items import action_item_add
    from cadence.meetings.models import ActionItem
    from cadence.meetings.tests.factories import make_series, upcoming

    meeting = upcoming(make_series(org.manager, org.report))
    item = action_item_add(actor=org.manager.user, meeting=meeting, title="Book a course", owner=org.report)
    url = f"/api/v1/action-items/{item.pk}"
    senders = [_patcher(user, url) for user in (org.manager.user, org.report.user) * 2]

    def edit(round_number, i):
        # A value no earlier edit set: an edit that changes nothing is no new version, so a second
        # editor of the same version would rightly succeed too.
        due = datetime.date(2030, 1, 1) + datetime.timedelta(days=round_number * len(senders) + i)
        return {"title": f"Item {round_number}.{i}"} if i % 2 else {"due_date": due.isoformat()}

    rounds = 5
    won = _rounds_of_edits(senders, ActionItem, item.pk, edit, rounds)
    assert [version for version, _body in won] == list(range(1, rounds + 1))
    assert ActionItem.objects.get(pk=item.pk).version == rounds + 1


@pytest.mark.django_db(transaction=True)
def test_a_submission_and_a_skip_at_once_leave_one_of_them(org):
    """From two tabs: skip read the check-in as due before the submission committed and wrote
    "skipped" over it. Now the skip reads it again under a lock: one wins, the other is refused."""
    from cadence.checkins.services import checkin_open_current

    for _round in range(4):
        checkin = checkin_open_current(actor=org.report.user)
        submit, skip = client_for(org.report.user), client_for(org.report.user)
        body = json.dumps({"mood": 4, "priorities": ["Ship"]})
        statuses = _at_once(
            lambda submit=submit, body=body: (
                submit.post("/api/v1/check-ins", body, content_type="application/json").status_code
            ),
            lambda skip=skip, pk=checkin.pk: (
                skip.post(
                    f"/api/v1/check-ins/{pk}/skip",
                    json.dumps({"reason": "Away"}),
                    content_type="application/json",
                ).status_code
            ),
        )
        saved = CheckIn.objects.get(pk=checkin.pk)
        if statuses[0] == 201:
            assert statuses[1] == 403 and saved.status == CheckIn.Status.SUBMITTED and not saved.skip_reason
        else:
            assert statuses == [409, 200] and saved.status == CheckIn.Status.SKIPPED
            assert not CheckInPriority.objects.filter(checkin=saved).exists()
        CheckIn.objects.filter(pk=saved.pk).delete()  # the next round opens the period afresh
