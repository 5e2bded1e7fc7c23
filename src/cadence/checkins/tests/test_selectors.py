import pytest

from cadence.checkins import selectors
from cadence.checkins.models import CheckIn

from . import factories as f

pytestmark = pytest.mark.django_db


def test_checkins_are_for_author_and_manager_chain(org):
    checkin = f.submitted_checkin(org.report)
    for person in (org.report, org.manager, org.ceo):
        assert selectors.checkin_list(actor=person.user).filter(pk=checkin.pk).exists()
    for user in (org.hr.user, org.report2.user, org.subreport.user, org.other.user, org.loner):
        assert not selectors.checkin_list(actor=user).filter(pk=checkin.pk).exists()


def test_team_summary_and_talking_points(org):
    f.submitted_checkin(org.report, weeks_ago=1, mood=2)
    f.submitted_checkin(org.report2, weeks_ago=1, mood=4)
    latest = f.submitted_checkin(org.report, weeks_ago=0, mood=5)
    latest.answers = [{"question": "What do you need?", "answer": "A second monitor"}]
    latest.save()
    latest.priorities.create(text="Finish import")
    summary = selectors.team_summary(actor=org.manager.user)
    assert summary.team_size == 3
    first = summary.periods[0]
    assert (first.submitted, first.mood, first.rate) == (2, 3.0, 67)
    assert selectors.checkin_talking_points(actor=org.manager.user, person=org.report) == [
        "A second monitor",
        "Finish import",
    ]
    assert selectors.checkin_talking_points(actor=org.hr.user, person=org.report) == []
    assert CheckIn.objects.count() == 3


def test_the_default_questions_come_with_the_database_and_reading_them_writes_nothing(
    org, django_assert_num_queries
):
    with django_assert_num_queries(1):  # the SELECT, and no "any question yet?" followed by an INSERT
        questions = selectors.checkin_questions_for(org.report)
    assert [q.text for q in questions] == [
        "What went well?",
        "What was hard?",
        "What do you need?",
    ]  # no "priorities for the next week?": the check-in's priorities field asks that (9.7)
