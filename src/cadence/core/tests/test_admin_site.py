"""The Django admin is no side door: no URL lookups beyond its filters, no content of notifications.

Reproduces the attack: `?body__contains=` on the feedback changelist rebuilt a protected peer
feedback's body, whose field the admin excludes, one letter at a time."""

import pytest
from django.contrib import admin
from django.db import models
from django.test import RequestFactory

from cadence.core.testing import client_for
from cadence.feedback.tests.factories import feedback, protect
from cadence.notifications.models import Notification

FEEDBACK_LIST = "/django-admin/feedback/feedback/"


def test_an_excluded_text_cannot_be_probed_through_url_lookups(org, admin_client):
    protect()
    feedback(org.report, org.report2, body="Rita misses every deadline")
    assert admin_client.get(FEEDBACK_LIST).status_code == 200
    for probe in ("?body__startswith=R", "?body__contains=deadline", "?body__regex=^R", "?author__email=x"):
        assert admin_client.get(FEEDBACK_LIST + probe).status_code == 400, probe


def test_the_offered_filters_still_work(org, admin_client):
    assert admin_client.get("/django-admin/people/employee/?status__exact=active").status_code == 200
    assert admin_client.get(FEEDBACK_LIST + "?protected__exact=1").status_code == 200


def _text_fields(model):
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]


@pytest.mark.django_db
def test_every_admin_refuses_lookups_on_fields_it_does_not_filter_by(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        offered = {f if isinstance(f, str) else f[0] for f in model_admin.get_list_filter(request)}
        for name in set(_text_fields(model)) - offered:
            assert not model_admin.lookup_allowed(f"{name}__contains", "x", request), (model, name)


def test_the_notification_admin_shows_delivery_not_content(org, admin_client):
    notice = Notification.objects.create(
        recipient=org.report.user, kind="feedback.declined", event_key="k", title="Declined: too secret"
    )
    listing = admin_client.get("/django-admin/notifications/notification/").content.decode()
    page = admin_client.get(f"/django-admin/notifications/notification/{notice.pk}/change/").content.decode()
    assert "feedback.declined" in listing
    assert "too secret" not in listing and "too secret" not in page


def test_people_without_admin_rights_are_refused_the_admin_with_403(org):
    client = client_for(org.hr.user)  # HR manages people in Cadence, not in the Django admin
    assert client.get("/django-admin/", follow=True).status_code == 403
