"""The check-in guards, checked at the services that rely on them (over the API, the visibility
filter alone would hide a hole in these guards)."""

import pytest
from django.core.exceptions import PermissionDenied

from cadence.checkins import services
from cadence.checkins.models import CheckIn, CheckInComment, CheckInReaction

from . import factories as f

pytestmark = pytest.mark.django_db


def test_only_the_author_and_their_managers_discuss_a_checkin(org):
    checkin = f.submitted_checkin(org.report)
    for outsider in (org.report2, org.other, org.hr):
        with pytest.raises(PermissionDenied):
            services.checkin_comment(actor=outsider.user, checkin=checkin, body="Nice")
        with pytest.raises(PermissionDenied):
            services.checkin_react(actor=outsider.user, checkin=checkin, kind="clap")
    assert not CheckInComment.objects.exists() and not CheckInReaction.objects.exists()
    services.checkin_comment(actor=org.ceo.user, checkin=checkin, body="Well done")
    services.checkin_comment(actor=org.report.user, checkin=checkin, body="Thanks")
    assert CheckInComment.objects.count() == 2


def test_nobody_skips_someone_elses_checkin_nor_a_submitted_one(org):
    checkin = services.checkin_open_current(actor=org.report.user)
    with pytest.raises(PermissionDenied):
        services.checkin_skip(actor=org.manager.user, checkin=checkin, reason="On leave")
    assert CheckIn.objects.get(pk=checkin.pk).status == CheckIn.Status.DUE
    submitted = f.submitted_checkin(org.report)
    with pytest.raises(PermissionDenied):
        services.checkin_skip(actor=org.report.user, checkin=submitted)
    assert CheckIn.objects.get(pk=submitted.pk).status == CheckIn.Status.SUBMITTED
