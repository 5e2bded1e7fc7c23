"""The check-in guards, checked at the services that rely on them (over the API, the visibility
filter alone would hide a hole in these guards)."""

import pytest
from django.core.exceptions import PermissionDenied

from cadence.checkins import services
from cadence.checkins.models import CheckIn, CheckInComment, CheckInReaction

from . import factories as f

pytestmark = pytest.mark.django_db


def test_only_the_author_and_their_managers_discuss_a_check_in(org):
    check_in = f.submitted_check_in(org.report)
    for outsider in (org.report2, org.other, org.hr):
        with pytest.raises(PermissionDenied):
            services.checkin_comment(actor=outsider.user, check_in=check_in, body="Nice")
        with pytest.raises(PermissionDenied):
            services.checkin_react(actor=outsider.user, check_in=check_in, kind="clap")
    assert not CheckInComment.objects.exists() and not CheckInReaction.objects.exists()
    services.checkin_comment(actor=org.ceo.user, check_in=check_in, body="Well done")
    services.checkin_comment(actor=org.report.user, check_in=check_in, body="Thanks")
    assert CheckInComment.objects.count() == 2


def test_nobody_skips_someone_elses_check_in_nor_a_submitted_one(org):
    check_in = services.checkin_open_current(actor=org.report.user)
    with pytest.raises(PermissionDenied):
        services.checkin_skip(actor=org.manager.user, check_in=check_in, reason="On leave")
    assert CheckIn.objects.get(pk=check_in.pk).status == CheckIn.Status.DUE
    submitted = f.submitted_check_in(org.report)
    with pytest.raises(PermissionDenied):
        services.checkin_skip(actor=org.report.user, check_in=submitted)
    assert CheckIn.objects.get(pk=submitted.pk).status == CheckIn.Status.SUBMITTED
