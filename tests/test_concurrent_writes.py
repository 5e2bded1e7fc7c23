"""Writes sent at the same moment, with real threads and one database connection each, on SQLite and
PostgreSQL. Reproduces: two simultaneous check-in submissions both got 201 with the same id, the
answers of one lost and the priorities of both kept."""

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
def test_two_check_in_submissions_at_once_give_one_201_and_one_409(org):
    def submit(priority):
        client = client_for(org.report.user)
        body = json.dumps({"mood": 4, "priorities": [priority]})
        return lambda: client.post("/api/v1/check-ins", body, content_type="application/json").status_code

    assert sorted(_at_once(submit("first"), submit("second"))) == [201, 409]
    check_in = CheckIn.objects.get(author=org.report)
    assert check_in.status == CheckIn.Status.SUBMITTED
    assert CheckInPriority.objects.filter(check_in=check_in).count() == 1, "one submission's priorities only"


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
def test_check_ins_on_sibling_goals_at_once_keep_the_parents_progress_true(org):
    """Reproduces the roll-up race on PostgreSQL: each transaction recomputed the parent from its own
    child's new progress and the sibling's old one, so the stored progress was wrong in 8-11 of 20."""
    from cadence.goals.models import Goal, KeyResult
    from cadence.goals.services import checkin_create, computed_progress
    from cadence.goals.tests.factories import kr, make_cycle, make_goal

    cycle = make_cycle()
    parent = make_goal(org.hr.user, cycle, title="Parent")
    children = [
        make_goal(org.manager.user, cycle, owner=owner, parent=parent, key_results=[kr(0, 100)])
        for owner in (org.report, org.report2)
    ]
    results = [KeyResult.objects.get(goal=child) for child in children]

    def check_in(child, result, value):
        return lambda: checkin_create(
            actor=org.manager.user, goal=Goal.objects.get(pk=child.pk), key_result=result, value=value
        )

    for value in range(5, 100, 10):
        _at_once(
            *(
                check_in(child, result, value + i)
                for i, (child, result) in enumerate(zip(children, results, strict=True))
            )
        )
        stored = Goal.objects.get(pk=parent.pk)
        assert stored.progress == pytest.approx(computed_progress(stored)), f"round {value}"
