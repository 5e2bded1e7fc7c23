"""The check-in and praise guards, checked at the services and pages that rely on them (over the
API, the visibility filter alone would hide a hole in these guards)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cadence.core.testing import client_for
from cadence.feedback import check_ins
from cadence.feedback.models import CheckIn, CheckInComment, CheckInReaction

from . import factories as f

pytestmark = pytest.mark.django_db


def test_only_the_author_and_their_managers_discuss_a_check_in(org):
    check_in = f.submitted_check_in(org.report)
    for outsider in (org.report2, org.other, org.hr):
        with pytest.raises(PermissionDenied):
            check_ins.checkin_comment(actor=outsider.user, check_in=check_in, body="Nice")
        with pytest.raises(PermissionDenied):
            check_ins.checkin_react(actor=outsider.user, check_in=check_in, kind="clap")
    assert not CheckInComment.objects.exists() and not CheckInReaction.objects.exists()
    check_ins.checkin_comment(actor=org.ceo.user, check_in=check_in, body="Well done")
    check_ins.checkin_comment(actor=org.report.user, check_in=check_in, body="Thanks")
    assert CheckInComment.objects.count() == 2


def test_nobody_skips_someone_elses_check_in_nor_a_submitted_one(org):
    check_in = check_ins.checkin_open_current(actor=org.report.user)
    with pytest.raises(PermissionDenied):
        check_ins.checkin_skip(actor=org.manager.user, check_in=check_in, reason="On leave")
    assert CheckIn.objects.get(pk=check_in.pk).status == CheckIn.Status.DUE
    submitted = f.submitted_check_in(org.report)
    with pytest.raises(PermissionDenied):
        check_ins.checkin_skip(actor=org.report.user, check_in=submitted)
    assert CheckIn.objects.get(pk=submitted.pk).status == CheckIn.Status.SUBMITTED


def test_the_praise_wall_offers_praise_to_people_with_a_profile(org):
    new_praise = reverse("feedback:praise_new")
    assert new_praise in client_for(org.report2.user).get(reverse("feedback:wall")).content.decode()
    assert new_praise not in client_for(org.loner).get(reverse("feedback:wall")).content.decode()
