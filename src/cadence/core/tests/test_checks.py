"""The deployment check for the served address that emails link to."""

from django.core.checks import Tags, run_checks


def _ids():
    return {message.id for message in run_checks(tags=[Tags.urls], include_deployment_checks=True)}


def test_deploy_check_warns_when_emails_would_link_to_the_default_address(settings):
    settings.BASE_URL_SET = False
    assert "cadence.W001" in _ids()
    settings.BASE_URL_SET = True
    assert "cadence.W001" not in _ids()
