"""Feedback about a competency: picked from the recipient's framework (their placement's published
version, else the framework that applies to them), optionally with the level of their track it
showed, which becomes an assessed level from feedback. Feedback keeps pointing at the version it was
written against; free-text competencies of old feedback stay readable."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cadence.competencies.models import Assessment, Competency, Expectation
from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.feedback import selectors as feedback_selectors
from cadence.feedback import services as feedback_services
from cadence.feedback.forms import FeedbackForm
from cadence.feedback.models import Feedback, FeedbackSettings

from . import career_factories as c
from .factories import add_competency, make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def fw(db):
    return make_framework(competencies=3)


@pytest.fixture
def sales(db):
    return make_framework(name="Sales", tracks=("sales",), general=False, competencies=2)


def _give(org, fw, *, author=None, level="IC3", key="comp-1", **kwargs):
    return feedback_services.feedback_give(
        actor=(author or org.report2).user,
        recipient=org.report,
        body="In the review you walked us through the trade-offs.",
        visibility=Feedback.Visibility.RECIPIENT,
        framework_competency=c.competency(fw, key),
        shown_level=c.level(fw, level) if level else None,
        **kwargs,
    )


def test_the_form_offers_the_recipients_framework_and_the_levels_of_their_track(org, fw, sales):
    c.place(org.report, c.level(fw, "IC2"))
    form = FeedbackForm(actor=org.report2.user, about=org.report)
    groups = form.fields["framework_competency"].choices[1:]
    offered = sorted(value for _theme, group in groups for value, _ in group)
    assert offered == sorted(str(x.pk) for x in Competency.objects.filter(framework_version=fw.version))
    levels = [label for value, label in form.fields["shown_level"].choices if value]
    assert levels == [f"IC{n} Individual contributor {n}" for n in range(1, 6)]  # their track only
    # With nobody to give it to yet, there is nothing to offer.
    assert "framework_competency" not in FeedbackForm(actor=org.report2.user).fields


def test_someone_in_a_department_with_its_own_framework_is_offered_that_one(org, fw, sales):
    sales.departments.add(org.engineering)
    scope = feedback_selectors.competency_scope(org.report)
    assert {x.framework_version_id for x in scope.competencies} == {sales.version.pk}
    assert scope.levels == []  # not placed: no track, so no level to pick


def test_a_level_shown_becomes_an_assessment_from_feedback_without_its_text(org, fw):
    c.place(org.report, c.level(fw, "IC2"))
    FeedbackSettings.objects.update_or_create(pk=1, defaults={"protected_peer_feedback": True})
    feedback = _give(org, fw)
    assert feedback.protected and feedback.framework_competency.key == "comp-1"
    (assessment,) = Assessment.objects.filter(employee=org.report)
    assert (assessment.source, assessment.source_id) == (Assessment.Source.FEEDBACK, feedback.pk)
    assert (assessment.competency_id, assessment.level.code) == (feedback.framework_competency_id, "IC3")
    assert assessment.comment == ""  # the protected text stays with the feedback


def test_a_competency_alone_records_no_assessment(org, fw):
    c.place(org.report, c.level(fw, "IC2"))
    feedback = _give(org, fw, level=None)
    assert feedback.framework_competency_id and feedback.shown_level_id is None
    assert not Assessment.objects.exists()


def test_an_employee_cannot_pick_a_competency_or_level_from_elsewhere(org, fw, sales):
    c.place(org.report, c.level(fw, "IC2"))
    with pytest.raises(ValidationError) as other_framework:
        _give(org, sales, key="comp-1", level=None)
    assert "framework_competency" in other_framework.value.message_dict
    with pytest.raises(ValidationError) as other_track:
        _give(org, fw, level="M3")
    assert "shown_level" in other_track.value.message_dict
    with pytest.raises(ValidationError) as no_competency:
        feedback_services.feedback_give(
            actor=org.report2.user,
            recipient=org.report,
            body="Good.",
            visibility=Feedback.Visibility.RECIPIENT,
            shown_level=c.level(fw, "IC3"),
        )
    assert "framework_competency" in no_competency.value.message_dict
    assert not Feedback.objects.exists() and not Assessment.objects.exists()


def test_the_api_takes_competency_ids_of_the_recipients_framework_only(org, fw, sales):
    c.place(org.report, c.level(fw, "IC2"))
    client = client_for(org.report2.user)
    payload = {"recipient_id": org.report.pk, "body": "Clear write-up.", "visibility": "recipient"}
    wrong = client.post(
        "/api/v1/feedback",
        {**payload, "competency_id": c.competency(sales, "comp-1").pk},
        content_type="application/json",
    )
    assert wrong.status_code == 422 and "competency_id" in wrong.json()["errors"]
    bad_level = client.post(
        "/api/v1/feedback",
        {**payload, "competency_id": c.competency(fw, "comp-2").pk, "level_id": c.level(fw, "M2").pk},
        content_type="application/json",
    )
    assert bad_level.status_code == 422 and "level_id" in bad_level.json()["errors"]
    good = client.post(
        "/api/v1/feedback",
        {**payload, "competency_id": c.competency(fw, "comp-2").pk, "level_id": c.level(fw, "IC3").pk},
        content_type="application/json",
    )
    assert good.status_code == 201, good.content
    body = good.json()
    assert (body["competency_name"], body["level_code"], body["competency"]) == ("Competency 2", "IC3", "")
    assert Assessment.objects.get(source_id=body["id"]).source == Assessment.Source.FEEDBACK


def test_the_page_form_sends_the_competency_and_level(org, fw):
    c.place(org.report, c.level(fw, "IC2"))
    client = client_for(org.report2.user)
    url = reverse("feedback:give") + f"?to={org.report.pk}"
    page = client.get(url)
    assert b'name="framework_competency"' in page.content and b'name="shown_level"' in page.content
    response = client.post(
        url,
        {
            "to": org.report.pk,
            "recipient": org.report.pk,
            "body": "You kept the incident channel calm with regular updates.",
            "visibility": "recipient",
            "framework_competency": c.competency(fw, "comp-3").pk,
            "shown_level": c.level(fw, "IC4").pk,
            "action": "send",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    feedback = Feedback.objects.get()
    assert (feedback.framework_competency.key, feedback.shown_level.code) == ("comp-3", "IC4")


def test_feedback_shows_the_version_it_was_written_against_after_a_new_one(org, fw):
    c.place(org.report, c.level(fw, "IC2"))
    feedback = _give(org, fw)
    v2 = c.publish_next(fw, competencies=3)
    Competency.objects.filter(framework_version=v2, key="comp-1").update(name="Renamed in version 2")
    Expectation.objects.filter(competency__framework_version=v2).update(text="Rewritten in version 2")
    page = client_for(org.report.user).get(reverse("feedback:feedback_detail", args=[feedback.pk]))
    text = page.content.decode()
    assert "Competency 1" in text and "comp-1 at ic3" in text  # version 1's name and expectation
    assert "Renamed in version 2" not in text and "Rewritten in version 2" not in text
    assert f"{fw.name}, version 1" in text
    # The API too names the competency of version 1.
    api = client_for(org.report.user).get(f"/api/v1/feedback/{feedback.pk}").json()
    assert api["competency_name"] == "Competency 1"
    # Feedback now picks from version 2.
    assert {x.framework_version_id for x in feedback_selectors.competency_scope(org.report).competencies} == {
        v2.pk
    }


def test_old_free_text_competencies_stay_readable(org, fw):
    feedback = feedback_services.feedback_give(
        actor=org.report2.user, recipient=org.report, body="Thanks for the notes.", visibility="recipient"
    )
    Feedback.objects.filter(pk=feedback.pk).update(competency="Negotiation under pressure")
    page = client_for(org.report.user).get(reverse("feedback:feedback_detail", args=[feedback.pk]))
    assert "Competency (before frameworks): Negotiation under pressure" in page.content.decode()
    rows = client_for(org.report.user).get(reverse("feedback:mine") + "?box=received")
    assert "Negotiation under pressure" in rows.content.decode()


@budget("feedback:give")
def test_the_give_page_reads_the_recipients_framework_in_a_fixed_number_of_queries(org, fw):
    c.place(org.report, c.level(fw, "IC2"))
    client = client_for(org.report2.user)
    url = reverse("feedback:give") + f"?to={org.report.pk}"

    def grow(n):
        for _ in range(n):
            add_competency(fw.version, key=f"extra-{Competency.objects.count()}")

    # session, user, employee, the recipient, the protection setting, the unread badge, their goals;
    # their framework: placement, published version, tracks, levels, competencies, their track limits
    assert_flat_queries(lambda: client.get(url), grow, queries=13)


@budget("GET /api/v1/feedback")
def test_feedback_lists_show_competencies_without_a_query_per_row(org, fw):
    c.place(org.report, c.level(fw, "IC2"))
    client = client_for(org.report.user)

    def grow(n):
        for i in range(n):
            _give(org, fw, key=f"comp-{1 + i % 3}", level=None)

    # session, user, employee, the count, the page with authors, recipients, competencies and levels,
    # the protection setting
    assert_flat_queries(lambda: client.get("/api/v1/feedback?box=received&limit=100"), grow, queries=6)


def test_an_answer_to_a_request_picks_from_the_subjects_framework(org, fw, sales):
    c.place(org.report, c.level(fw, "IC2"))
    (ask,) = feedback_services.feedback_request_create(
        actor=org.report.user, subject=org.report, respondents=[org.report2]
    )
    client = client_for(org.report2.user)
    page = client.get(reverse("feedback:request_detail", args=[ask.pk])).content.decode()
    assert 'name="framework_competency"' in page and "Competency 1" in page
    url = f"/api/v1/feedback-requests/{ask.pk}/answer"
    body = {"body": "Clear plans.", "visibility": "recipient"}
    wrong = client.post(
        url, {**body, "competency_id": c.competency(sales, "comp-1").pk}, content_type="application/json"
    )
    assert wrong.status_code == 422 and "competency_id" in wrong.json()["errors"]
    payload = {**body, "competency_id": c.competency(fw, "comp-1").pk, "level_id": c.level(fw, "IC2").pk}
    answered = client.post(url, payload, content_type="application/json")
    assert answered.status_code == 201, answered.content
    assert Assessment.objects.get(source_id=answered.json()["id"]).level.code == "IC2"
