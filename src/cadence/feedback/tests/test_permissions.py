"""The check-in and praise guards, checked at the services and pages that rely on them (over the
API, the visibility filter alone would hide a hole in these guards)."""

import pytest
from django.urls import reverse

from cadence.core.testing import client_for

pytestmark = pytest.mark.django_db


def test_the_praise_wall_offers_praise_to_people_with_a_profile(org):
    new_praise = reverse("feedback:praise_new")
    assert new_praise in client_for(org.report2.user).get(reverse("feedback:wall")).content.decode()
    assert new_praise not in client_for(org.loner).get(reverse("feedback:wall")).content.decode()
