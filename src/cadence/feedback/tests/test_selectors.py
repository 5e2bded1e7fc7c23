"""The privacy promises, role by role, at the selector level (pages and API use the same selectors)."""

import pytest

from cadence.feedback import selectors, services
from cadence.feedback.models import FeedbackSettings

from . import factories as f

pytestmark = pytest.mark.django_db


def _sees_praise(user, praise) -> bool:
    return selectors.praise_list(actor=user).filter(pk=praise.pk).exists()


def test_private_praise_is_for_author_recipient_and_their_managers_only(org):
    praise = f.praise(org.report2, org.report, visibility="private")
    for person in (org.report2, org.report, org.manager, org.ceo):
        assert _sees_praise(person.user, praise), person
    for user in (org.hr.user, org.other.user, org.subreport.user, org.loner, org.gone.user):
        assert not _sees_praise(user, praise), user
    public = f.praise(org.report2, org.report)
    assert _sees_praise(org.hr.user, public) and _sees_praise(org.other.user, public)
    assert not _sees_praise(org.loner, public)


def test_praise_wall_filters(org):
    other_value = f.value("Customer first")
    a = f.praise(org.report, org.report2)
    b = f.praise(org.manager, org.other)
    from cadence.feedback import services

    c = services.praise_create(
        actor=org.hr.user, recipients=[org.report], values=[other_value], message="Thanks"
    )
    wall = lambda **kw: set(selectors.praise_list(actor=org.ceo.user, **kw))  # noqa: E731
    assert wall(value=other_value.pk) == {c}
    assert wall(department=org.people_dept.pk) == {b}
    assert wall(person=org.report.pk) == {c}
    assert wall() == {a, b, c}
    assert wall(department=999999) == set()


def test_praise_received_for_profile(org):
    f.praise(org.report2, org.report, visibility="private")
    public = f.praise(org.manager, org.report)
    assert selectors.praise_received_for(org.other.user, org.report) == [public]
    assert len(selectors.praise_received_for(org.manager.user, org.report)) == 2


def _view(user, fb):
    items = list(selectors.feedback_list(actor=user).filter(pk=fb.pk))
    if not items:
        return None
    selectors.with_body_access(items, user)
    return items[0].readable


def test_feedback_visibility_levels(org):
    to_recipient = f.feedback(org.report2, org.report, visibility="recipient")
    both = f.feedback(org.report2, org.report, visibility="recipient_manager")
    manager_only = f.feedback(org.report2, org.report, visibility="manager")
    # (recipient, manager, ceo, hr, peer) → readable, exists-but-hidden (False) or not visible (None)
    expected = {
        to_recipient: (True, False, False, False, None),
        both: (True, True, True, False, None),
        manager_only: (None, True, True, False, None),
    }
    for fb, outcome in expected.items():
        viewers = (org.report, org.manager, org.ceo, org.hr, org.other)
        assert tuple(_view(p.user, fb) for p in viewers) == outcome, fb.visibility
        assert _view(org.report2.user, fb) is True  # the author
        assert _view(org.loner, fb) is None


def test_protected_peer_feedback_text_only_for_the_recipient(org):
    f.protect()
    fb = f.feedback(org.report2, org.report, body="Protected words")
    assert _view(org.report.user, fb) is True
    for person in (org.manager, org.ceo, org.hr):
        assert _view(person.user, fb) is False  # sees that it was exchanged, not the text
    assert _view(org.other.user, fb) is None


def test_turning_protection_on_narrows_existing_peer_feedback(org):
    fb = f.feedback(org.report2, org.report, visibility="recipient_manager")
    assert _view(org.manager.user, fb) is True
    f.protect()
    assert _view(org.manager.user, fb) is False


def test_reading_the_settings_writes_nothing_until_hr_saves_them(org, django_assert_num_queries):
    with django_assert_num_queries(1):  # one SELECT, no INSERT of a default row
        assert selectors.protection_on() is False
    assert not FeedbackSettings.objects.exists()
    services.feedback_settings_update(actor=org.hr.user, version=1, protected_peer_feedback=True)
    services.feedback_settings_update(actor=org.hr.user, version=2, protected_peer_feedback=True)
    assert selectors.protection_on() is True and FeedbackSettings.objects.count() == 1
