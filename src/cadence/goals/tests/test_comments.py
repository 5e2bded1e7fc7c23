"""Comments and @mentions on goals: parsing, who is notified, rendering, API and page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.goals import mentions, services
from cadence.goals.models import Goal, GoalComment
from cadence.notifications.models import Notification
from cadence.people.testing import EmployeeFactory

from .factories import make_cycle, make_goal

pytestmark = pytest.mark.django_db


def _rename(person, email):
    person.email = email
    person.save(update_fields=["email"])
    return person


@pytest.fixture
def setup(org):
    for person, email in (
        (org.report, "rita.report@example.com"),
        (org.report2, "ravi.second@example.com"),
        (org.manager, "mona.manager@example.com"),
        (org.hr, "hana.human@example.com"),
        (org.other, "otto.other@example.com"),
        (org.gone, "gina.gone@example.com"),
    ):
        _rename(person, email)
    cycle = make_cycle()
    public = make_goal(org.report.user, cycle, owner=org.report, title="Ship the search rewrite by June")
    private = make_goal(
        org.report.user, cycle, owner=org.report, title="Private plan", visibility=Goal.Visibility.PRIVATE
    )
    return public, private


def _notified(comment):
    return {
        n.recipient_id: n
        for n in Notification.objects.filter(event_key__startswith=f"goals:comment:{comment.pk}:")
    }


def test_mention_tokens_accept_both_forms_and_ignore_plain_emails():
    body = (
        "Thanks @ann.lee and @Bo.Chen@Example.com. Ping @ann.lee again; mail ann@example.com, "
        "not a@mention. @ alone is nothing."
    )
    assert mentions.mention_tokens(body) == ["ann.lee", "bo.chen@example.com"]
    assert mentions.mention_tokens("@" + " @x" * 30).__len__() == 1  # deduplicated
    many = " ".join(f"@p{n}" for n in range(40))
    assert len(mentions.mention_tokens(many)) == mentions.MAX_MENTIONS


def test_comment_notifies_mentioned_people_and_the_owner_once(org, setup):
    public, _private = setup
    comment = services.goal_comment_add(
        actor=org.manager.user,
        goal=public,
        body="@ravi.second can you pair with @rita.report? cc @mona.manager @ravi.second@example.com @no.one",
    )
    notified = _notified(comment)
    # Ravi (mentioned twice) and Rita (owner and mentioned) once each; not the author.
    assert set(notified) == {org.report2.user_id, org.report.user_id}
    assert "mentioned you" in notified[org.report2.user_id].title
    assert "mentioned you" in notified[org.report.user_id].title
    assert set(comment.mentioned.all()) == {org.report2, org.report, org.manager}
    plain = services.goal_comment_add(actor=org.report2.user, goal=public, body="Looks good.")
    assert set(_notified(plain)) == {org.report.user_id}
    assert "commented on" in _notified(plain)[org.report.user_id].title
    own = services.goal_comment_add(actor=org.report.user, goal=public, body="Thanks all")
    assert _notified(own) == {}


def test_mentions_respect_who_may_see_the_goal_and_the_person(org, setup):
    _public, private = setup
    comment = services.goal_comment_add(
        actor=org.manager.user,
        goal=private,
        body="@ravi.second @hana.human @gina.gone",  # a peer, HR, an inactive person
    )
    # Ravi may not see the private goal, Gina is inactive (not in the manager's directory).
    assert list(comment.mentioned.all()) == [org.hr]
    assert set(_notified(comment)) == {org.hr.user_id, org.report.user_id}


def test_a_shared_local_part_needs_the_whole_email(org, setup):
    public, _private = setup
    a = EmployeeFactory(email="ann@a.example", manager=org.ceo)
    b = EmployeeFactory(email="ann@b.example", manager=org.ceo)
    vague = services.goal_comment_add(actor=org.manager.user, goal=public, body="Hi @ann")
    assert list(vague.mentioned.all()) == []
    exact = services.goal_comment_add(actor=org.manager.user, goal=public, body="Hi @ann@b.example")
    assert list(exact.mentioned.all()) == [b]
    assert a.user_id not in _notified(exact) and b.user_id in _notified(exact)


def test_comment_rules(org, setup):
    public, private = setup
    with pytest.raises(ValidationError):
        services.goal_comment_add(actor=org.report2.user, goal=public, body="   ")
    with pytest.raises(ValidationError):
        services.goal_comment_add(actor=org.report2.user, goal=public, body="x" * 5001)
    with pytest.raises(PermissionDenied):
        services.goal_comment_add(actor=org.report2.user, goal=private, body="hello")
    with pytest.raises(PermissionDenied):
        services.goal_comment_add(actor=org.loner, goal=public, body="hello")
    assert GoalComment.objects.count() == 0


def test_body_is_escaped_and_mentions_link_to_profiles(org, setup):
    public, _private = setup
    comment = services.goal_comment_add(
        actor=org.manager.user, goal=public, body="<script>x</script> @ravi.second.\n@nobody here"
    )
    html = mentions.render_body(comment.body, comment.mentioned.all())
    assert "<script>" not in html and "&lt;script&gt;" in html
    profile = reverse("people:profile", args=[org.report2.pk])
    assert f'href="{profile}"' in html and ">@ravi.second</a>.<br>@nobody here" in html


def test_api_lists_and_adds_comments_per_role(org, setup):
    public, private = setup
    url = f"/api/v1/goals/{public.pk}/comments"
    for role, user in org.role_users().items():
        client = client_for(user)
        posted = client.post(url, {"body": f"From {role} @rita.report"}, content_type="application/json")
        listing = client.get(url)
        if role == "anonymous":
            assert posted.status_code == 401 and listing.status_code == 401
        elif role == "outsider":
            assert posted.status_code == 404 and listing.status_code == 404
        else:
            assert posted.status_code == 201, (role, posted.content)
            assert posted.json()["mentioned"][0]["id"] == org.report.pk
    body = client_for(org.report2.user).get(url).json()
    assert body["count"] == 3 and [c["body"][:8] for c in body["items"]] == [
        "From hr ",
        "From man",
        "From emp",
    ]
    assert body["items"][0]["author_person_id"] == org.hr.pk
    employee = client_for(org.report2.user)
    assert employee.get(f"/api/v1/goals/{private.pk}/comments").status_code == 404
    empty = employee.post(url, {"body": ""}, content_type="application/json")
    assert empty.status_code == 422 and "body" in empty.json()["errors"]
    blank = employee.post(url, {"body": "   "}, content_type="application/json")
    assert blank.status_code == 422 and "body" in blank.json()["errors"]


def test_page_shows_comments_and_adds_them_with_and_without_htmx(org, setup):
    public, private = setup
    client = client_for(org.report2.user)
    url = reverse("goals:comment", args=[public.pk])
    plain = client.post(url, {"body": "Nice work @rita.report <b>!</b>"})
    assert plain.status_code == 302 and plain.url.endswith("#comments")
    part = client.post(url, {"body": "Second"}, headers={"HX-Request": "true"})
    text = part.content.decode()
    assert part.status_code == 200 and "<html" not in text and 'id="comments"' in text
    assert "Second" in text and "&lt;b&gt;!&lt;/b&gt;" in text
    page = client.get(reverse("goals:detail", args=[public.pk])).content.decode()
    assert f'href="{reverse("people:profile", args=[org.report.pk])}"' in page and "Second" in page
    bad = client.post(url, {"body": ""})
    assert bad.status_code == 422 and "This field is required" in bad.content.decode()
    bad_htmx = client.post(url, {"body": "  "}, headers={"HX-Request": "true"})
    assert bad_htmx.status_code == 200 and "errorlist" in bad_htmx.content.decode()
    assert client.post(reverse("goals:comment", args=[private.pk]), {"body": "x"}).status_code == 404
    assert client_for(org.loner).post(url, {"body": "x"}).status_code == 404
    assert client.get(url).status_code == 405
    assert GoalComment.objects.filter(goal=public).count() == 2


@budget("GET /api/v1/goals/{goal_id}/comments", "goals:detail", "POST goals:comment")
def test_comment_query_counts_do_not_grow(org, setup):
    public, _private = setup
    client = client_for(org.report2.user)

    def grow(n):
        for i in range(n):
            person = org.report if i % 2 else org.manager
            services.goal_comment_add(actor=person.user, goal=public, body=f"{i} @ravi.second @rita.report")

    # session, user, employee, the goal (visibility checked), the comments' count and page, their mentions
    assert_flat_queries(lambda: client.get(f"/api/v1/goals/{public.pk}/comments?limit=100"), grow, queries=7)
    # session, user, employee, the goal, its key results (none, so no milestones), its contributors, its
    # children, its key-result check-ins, its progress history, how many visible goals its owner has,
    # the comments, their mentions, the weight of the aligned goals counted in its roll-up (it has no
    # key results, so it rolls up aligned goals), the unread badge
    assert_flat_queries(lambda: client.get(reverse("goals:detail", args=[public.pk])), grow, queries=14)
    # session, user, employee, the goal with its key results and contributors; then the write in a
    # savepoint: the goal (visible to the author), the comment, its mentions, the mentioned person's
    # login, their existing notification, the new one (a savepoint of its own); then the comments
    # partial: the goal, the comments, their mentions, the unread badge
    assert_flat_queries(
        lambda: client.post(
            reverse("goals:comment", args=[public.pk]), {"body": "More"}, headers={"HX-Request": "true"}
        ),
        grow,
        queries=20,
        shows_rows=False,
    )


def test_the_notification_quotes_a_comment_of_280_characters_whole_and_cuts_longer_ones(org, setup):
    public, _private = setup
    whole = services.goal_comment_add(actor=org.report2.user, goal=public, body="w" * 280)
    cut = services.goal_comment_add(actor=org.report2.user, goal=public, body="c" * 281)
    assert _notified(whole)[org.report.user.pk].body == "w" * 280
    assert _notified(cut)[org.report.user.pk].body == "c" * 279 + "…"
