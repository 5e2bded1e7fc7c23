import pytest
from django.urls import reverse

from cadence.core.models import User
from cadence.core.testing import UserFactory, assert_flat_queries, budget, client_for
from cadence.feedback import selectors, services
from cadence.feedback.models import Feedback, Praise
from cadence.people.testing import EmployeeFactory

from . import factories as f

pytestmark = pytest.mark.django_db

PAGES = [
    "feedback:wall",
    "feedback:mine",
    "feedback:give",
    "feedback:request_new",
    "feedback:praise_new",
]


@pytest.mark.parametrize("name", PAGES)
def test_pages_by_role(org, name):
    url = reverse(name)
    assert client_for(None).get(url).status_code == 302
    for role in ("hr", "manager", "employee"):
        assert client_for(org.role_users()[role]).get(url).status_code == 200, role


def test_outsider_gets_empty_pages_or_404(org):
    client = client_for(org.loner)
    assert client.get(reverse("feedback:wall")).status_code == 200
    assert client.get(reverse("feedback:give")).status_code == 404


def test_settings_are_for_hr_only(org):
    for role, user in org.role_users().items():
        if user is not None:
            expected = 200 if role == "hr" else 403  # a role gate
            assert client_for(user).get(reverse("feedback:settings")).status_code == expected, role


def test_praise_a_colleague_and_see_it_on_the_wall(org):
    value = f.value("Customer first")
    client = client_for(org.report.user)
    response = client.post(
        reverse("feedback:praise_new"),
        {
            "recipients": f"{org.report2.email}, Otto Other",
            "values": [value.pk],
            "message": "Great call",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    wall = client_for(org.hr.user).get(reverse("feedback:wall") + f"?value={value.pk}").content.decode()
    assert "Great call" in wall and "Ravi Second" in wall and "Otto Other" in wall


def test_praise_form_errors_next_to_fields(org):
    response = client_for(org.report.user).post(
        reverse("feedback:praise_new"), {"recipients": "nobody@x.org"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert (
        "nobody@x.org" in form.errors["recipients"][0]
        and "values" in form.errors
        and "message" in form.errors
    )


def test_private_praise_is_hidden_from_other_roles_on_pages(org):
    praise = f.praise(org.report2, org.report, visibility="private", message="Private thanks")
    assert "Private thanks" in client_for(org.manager.user).get(reverse("feedback:wall")).content.decode()
    for user in (org.hr.user, org.other.user, org.loner):
        assert "Private thanks" not in client_for(user).get(reverse("feedback:wall")).content.decode()
        assert client_for(user).get(reverse("feedback:praise_detail", args=[praise.pk])).status_code == 404


def test_protected_feedback_never_reaches_other_pages_admin_or_audit(org):
    f.protect()
    fb = f.feedback(org.report2, org.report, body="Protected words")
    detail = reverse("feedback:feedback_detail", args=[fb.pk])
    assert "Protected words" in client_for(org.report.user).get(detail).content.decode()
    for user in (org.manager.user, org.hr.user):
        for url in (detail, reverse("feedback:mine") + "?box=team"):
            page = client_for(user).get(url)
            assert page.status_code in (200,) and "Protected words" not in page.content.decode()
    assert client_for(org.other.user).get(detail).status_code == 404
    admin = UserFactory(is_staff=True, is_superuser=True, role=User.Role.SYSTEM_ADMIN)
    for url in ("/django-admin/feedback/feedback/", f"/django-admin/feedback/feedback/{fb.pk}/change/"):
        page = client_for(admin).get(url)
        assert page.status_code == 200 and "Protected words" not in page.content.decode()
    audit = client_for(org.hr.user).get(reverse("audit_log") + "?search=Protected").content.decode()
    assert "Protected words" not in audit


def test_give_feedback_with_coaching(org):
    client = client_for(org.report2.user)
    check = client.post(
        reverse("feedback:give"),
        {"recipient": org.report.email, "body": "Good job", "visibility": "recipient", "action": "check"},
    )
    assert check.status_code == 200 and 'data-hint="vague"' in check.content.decode()
    assert not Feedback.objects.exists()
    partial = client.post(reverse("feedback:coach"), {"body": "You are lazy"}, headers={"HX-Request": "true"})
    assert 'data-hint="personal"' in partial.content.decode()
    sent = client.post(
        reverse("feedback:give"),
        {"recipient": org.report.email, "body": "Good job", "visibility": "recipient", "action": "send"},
    )
    assert sent.status_code == 302
    assert 'data-hint="vague"' in client.get(sent["Location"]).content.decode()  # shown after submit too


def test_protected_visibility_error_is_shown_next_to_the_field(org):
    f.protect()
    response = client_for(org.report2.user).post(
        reverse("feedback:give"), {"recipient": org.report.email, "body": "x", "visibility": "manager"}
    )
    assert "protected" in response.context["form"].errors["visibility"][0]


def test_answer_and_decline_requests_on_pages(org):
    (req,) = services.feedback_request_create(
        actor=org.report.user, subject=org.report, respondents=[org.report2]
    )
    url = reverse("feedback:request_detail", args=[req.pk])
    assert client_for(org.hr.user).get(url).status_code == 404
    client = client_for(org.report2.user)
    assert "Decline" in client.get(url).content.decode()
    bad = client.post(
        reverse("feedback:request_answer", args=[req.pk]), {"body": "", "visibility": "recipient"}
    )
    assert bad.status_code == 422 and bad.context["answer_form"].errors["body"]
    ok = client.post(
        reverse("feedback:request_answer", args=[req.pk]), {"body": "Yes", "visibility": "recipient"}
    )
    assert ok.status_code == 302
    assert (
        client.post(reverse("feedback:request_decline", args=[req.pk])).status_code == 302
    )  # already closed


def test_hr_settings_page(org):
    client = client_for(org.hr.user)
    client.post(reverse("feedback:settings"), {"kind": "value", "v-name": "Own it"})
    assert (
        client.post(reverse("feedback:settings"), {"kind": "value", "v-name": "own it"})
        .context["value_form"]
        .errors["name"]
    )
    version = selectors.feedback_settings_get().version
    body = {"kind": "settings", "protected_peer_feedback": "on", "version": version}
    assert client.post(reverse("feedback:settings"), body).status_code == 302
    assert selectors.feedback_settings_get().protected_peer_feedback


@budget("feedback:wall")
def test_wall_query_count_does_not_grow(org):
    client = client_for(org.manager.user)
    value = f.value()

    def grow(n):
        for _ in range(n):
            person = EmployeeFactory(manager=org.manager, department=org.engineering)
            p = services.praise_create(
                actor=org.report.user, recipients=[person, org.report2], values=[value], message="Thanks"
            )
            services.praise_react(actor=org.report2.user, praise=p, kind="clap")
            services.praise_comment(actor=org.report2.user, praise=p, body="Yes")

    # session, user, employee, the praise count, the page's ids (sorted narrow), those rows with their
    # author, recipients, values and reactions, their comment counts, the unread badge, the values and
    # the departments (the filters)
    assert_flat_queries(lambda: client.get(reverse("feedback:wall")), grow, queries=13)
    assert Praise.objects.count() == 50


@budget("feedback:mine")
def test_team_feedback_query_count_does_not_grow(org):
    client = client_for(org.manager.user)

    def grow_feedback(n):
        for _ in range(n):
            f.feedback(org.report2, org.report, visibility="recipient_manager")
            services.feedback_request_create(
                actor=org.report2.user, subject=org.report2, respondents=[org.manager]
            )

    # session, user, employee, the feedback count, the protection setting, the page, the requests to
    # answer, the requests sent, whether they manage anyone, the unread badge
    assert_flat_queries(lambda: client.get(reverse("feedback:mine") + "?box=team"), grow_feedback, queries=10)


def test_the_wall_and_the_api_count_each_praises_comments(org):
    value = f.value()
    busy = services.praise_create(
        actor=org.report.user, recipients=[org.report2], values=[value], message="A"
    )
    services.praise_create(actor=org.report.user, recipients=[org.report2], values=[value], message="B")
    for body in ("Yes", "Agreed"):
        services.praise_comment(actor=org.manager.user, praise=busy, body=body)
    client = client_for(org.manager.user)
    assert "2 comments" in client.get(reverse("feedback:wall")).content.decode()
    counts = {p["id"]: p["comment_count"] for p in client.get("/api/v1/praise").json()["items"]}
    assert sorted(counts.values()) == [0, 2] and counts[busy.pk] == 2
