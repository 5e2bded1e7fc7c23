"""Every action a service audits has a readable name (its app's AppConfig.audit_actions), so the
audit trail never shows HR a bare code, and its action filter offers each of them."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from cadence.core.audit import audit_action_labels, audit_record
from cadence.core.testing import client_for
from cadence.goals.models import Goal

SRC = Path(__file__).resolve().parent.parent / "src" / "cadence"
LITERAL = re.compile(r'action=f?"([a-z_]+\.[a-z_{}]+)"')
# Actions built at run time, with every value they can take.
EXPANSIONS = {"goal.{state}": [f"goal.{state}" for state in Goal.State.values]}


def _audited_actions() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for action in LITERAL.findall(path.read_text()):
            found.update(EXPANSIONS.get(action, [action]))
    return found


def test_every_audited_action_has_a_readable_name() -> None:
    actions = _audited_actions()
    assert len(actions) > 40  # the scan still finds the services' actions
    missing = sorted(actions - audit_action_labels().keys())
    assert not missing, f"name these in their app's AppConfig.audit_actions: {missing}"


@pytest.mark.django_db
def test_the_audit_trail_names_actions_and_filters_by_them(org) -> None:
    audit_record(
        actor=org.hr.user, action="person.update", target=org.report, before={"a": 1}, after={"a": 2}
    )
    audit_record(actor=org.hr.user, action="team.create", target=org.report)
    client = client_for(org.hr.user)
    page = client.get(reverse("audit_log")).content.decode()
    assert '<option value="person.update">Person changed</option>' in page
    assert '<span title="person.update">Person changed</span>' in page
    filtered = client.get(reverse("audit_log"), {"action": "person.update"}).content.decode()
    assert '<option value="person.update" selected>' in filtered
    assert "Team added</span>" not in filtered and "Person changed</span>" in filtered
