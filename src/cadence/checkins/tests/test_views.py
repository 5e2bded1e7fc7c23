import pytest
from django.urls import reverse

from cadence.checkins.models import CheckIn
from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.people.testing import EmployeeFactory

from . import factories as f

pytestmark = pytest.mark.django_db


def test_my_checkins_page_by_role(org):
    url = reverse("checkins:checkins")
    assert client_for(None).get(url).status_code == 302
    for role in ("hr", "manager", "employee"):
        assert client_for(org.role_users()[role]).get(url).status_code == 200, role


def test_an_outsider_has_no_checkin_to_open(org):
    assert client_for(org.loner).get(reverse("checkins:checkin_current")).status_code == 404


@pytest.mark.parametrize(
    ("name", "allowed"), [("checkins:checkin_settings", "hr"), ("checkins:checkin_team", "manager")]
)
def test_restricted_pages(org, name, allowed):
    for role, user in org.role_users().items():
        if user is not None:
            expected = 200 if role == allowed else 403  # a role gate
            assert client_for(user).get(reverse(name)).status_code == expected, role


def test_checkin_page_flow(org):
    client = client_for(org.report.user)
    edit = client.get(reverse("checkins:checkin_current"))
    assert edit.status_code == 302 and "/edit/" in edit["Location"]
    form = client.get(edit["Location"])
    assert "How did you feel at work" in form.content.decode()
    assert client.post(edit["Location"], {}).context["form"].errors["mood"]
    questions = form.context["form"].questions
    data = {"mood": "4", f"q_{questions[0].pk}": "Shipped", "priorities": "Docs\nDemo"}
    done = client.post(edit["Location"], data)
    assert done.status_code == 302
    checkin = CheckIn.objects.get(author=org.report)
    assert checkin.status == "submitted" and checkin.answers[0]["answer"] == "Shipped"
    detail = reverse("checkins:checkin_detail", args=[checkin.pk])
    assert client_for(org.hr.user).get(detail).status_code == 404
    assert client_for(org.report2.user).get(detail).status_code == 404
    manager = client_for(org.manager.user)
    assert "Shipped" in manager.get(detail).content.decode()
    manager.post(reverse("checkins:checkin_comment", args=[checkin.pk]), {"body": "Nice week"})
    manager.post(reverse("checkins:checkin_react", args=[checkin.pk]), {"kind": "clap"})
    manager.post(reverse("checkins:checkin_review", args=[checkin.pk]))
    checkin.refresh_from_db()
    assert checkin.reviewed_by == org.manager and checkin.comments.count() == 1
    assert (
        client_for(org.report2.user).post(reverse("checkins:checkin_review", args=[checkin.pk])).status_code
        == 404
    )
    team = manager.get(reverse("checkins:checkin_team")).content.decode()
    assert "<svg" in team and "Rita Report" in team


def test_skip_checkin(org):
    client = client_for(org.report.user)
    edit = client.get(reverse("checkins:checkin_current"))["Location"]
    checkin_id = int(edit.rstrip("/").split("/")[-2])
    client.post(reverse("checkins:checkin_skip", args=[checkin_id]), {"reason": "On leave"})
    assert CheckIn.objects.get(pk=checkin_id).status == "skipped"


def _open_checkin(org) -> CheckIn:
    client_for(org.report.user).get(reverse("checkins:checkin_current"))
    return CheckIn.objects.get(author=org.report)


def test_a_forbidden_skip_answers_404_and_writes_nothing(org):
    checkin = _open_checkin(org)
    url = reverse("checkins:checkin_skip", args=[checkin.pk])
    # The manager sees the check-in but may not skip it for Rita.
    assert client_for(org.manager.user).post(url, {"reason": "Nope"}).status_code == 404
    checkin.refresh_from_db()
    assert (checkin.status, checkin.skip_reason) == (CheckIn.Status.DUE, "")
    client_for(org.report.user).post(url, {"reason": "On leave"})
    # Once skipped it is closed: skipping again is refused too, and the first reason stays.
    assert client_for(org.report.user).post(url, {"reason": "Again"}).status_code == 404
    checkin.refresh_from_db()
    assert (checkin.status, checkin.skip_reason) == (CheckIn.Status.SKIPPED, "On leave")


def test_hr_settings_page(org):
    client = client_for(org.hr.user)
    client.post(reverse("checkins:checkin_settings"), {"kind": "question", "q-text": "Any blockers?"})
    client.post(reverse("checkins:checkin_settings"), {"kind": "cadence", "c-every_weeks": "2"})
    page = client.get(reverse("checkins:checkin_settings")).content.decode()
    assert "Any blockers?" in page and "Every two weeks" in page


@budget("checkins:checkin_team")
def test_team_page_query_count_does_not_grow(org):
    client = client_for(org.manager.user)

    def grow(n):
        start = CheckIn.objects.count()
        for i in range(n):
            f.submitted_checkin(EmployeeFactory(manager=org.manager), weeks_ago=(start + i) % 8)

    # session, user, employee, whether they manage anyone, the team's size, the submissions per period,
    # the longest cadence (which period is still open), the check-ins waiting for review, the recent
    # check-ins' count, the unread badge, the recent page (neither list shows priorities; comment
    # counts are a subquery of the recent page: only for the rows shown)
    assert_flat_queries(lambda: client.get(reverse("checkins:checkin_team")), grow, queries=11)
