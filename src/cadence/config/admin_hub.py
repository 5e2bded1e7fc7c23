"""The HR admin hub: every setting HR looks after, one card each, in sections. Each module adds its
cards here (as it adds its navigation entry), and tests/test_admin_hub.py fails when an HR-only page
is reachable from nowhere."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class AdminCard:
    label: StrOrPromise
    url_name: str
    icon: str
    description: StrOrPromise
    query: str = ""  # e.g. "?status=inactive"


ADMIN_SECTIONS: list[tuple[StrOrPromise, list[AdminCard]]] = [
    (
        _("People and organisation"),
        [
            AdminCard(
                _("Add a person"), "people:create", "user-plus", _("Create someone's record and login.")
            ),
            AdminCard(
                _("Import people"),
                "people:import",
                "arrow-up-tray",
                _("Create and update people from an HRIS export (CSV or XLSX), with a dry run first."),
            ),
            AdminCard(
                _("Departments and teams"),
                "people:departments",
                "building-office-2",
                _("The department tree and its teams."),
            ),
            AdminCard(
                _("Former employees"),
                "people:directory",
                "archive-box",
                _("Deactivated people keep their history."),
                query="?status=inactive",
            ),
        ],
    ),
    (
        _("Goals"),
        [
            AdminCard(
                _("Goal cycles"),
                "goals:cycles",
                "calendar",
                _("Open, edit and close the periods goals are set for."),
            ),
            AdminCard(
                _("Goal templates"),
                "goals:templates",
                "document-duplicate",
                _("Ready-made objectives with key results that people start from."),
            ),
        ],
    ),
    (
        _("Feedback and check-ins"),
        [
            AdminCard(
                _("Company values and feedback"),
                "feedback:settings",
                "sparkles",
                _("The values praise is tied to, and who may see feedback."),
            ),
            AdminCard(
                _("Check-in questions"),
                "checkins:checkin_settings",
                "clipboard-document-check",
                _("What the weekly check-in asks, and how often it is due."),
            ),
        ],
    ),
    (
        _("1:1s"),
        [
            AdminCard(
                _("Agenda templates"),
                "meetings:templates",
                "rectangle-stack",
                _("Shared agendas that 1:1s start from."),
            ),
        ],
    ),
    (
        _("Competencies and careers"),
        [
            AdminCard(
                _("Competency frameworks"),
                "competencies:framework_list",
                "rectangle-group",
                _("Tracks, levels and what each level expects; drafts, publishing, import and export."),
            ),
            AdminCard(
                _("Place people in bulk"),
                "competencies:placement_bulk",
                "academic-cap",
                _("Put everyone a directory filter selects on one track and level."),
            ),
            AdminCard(
                _("Competency gaps"),
                "competencies:gaps",
                "table-cells",
                _("Where groups stand against what their levels expect, to plan development."),
            ),
            AdminCard(
                _("Promotion readiness"),
                "competencies:readiness_list",
                "arrow-trending-up",
                _("Whom managers mark ready for the next level, with their evidence."),
            ),
        ],
    ),
    (
        _("Audit"),
        [
            AdminCard(
                _("Audit trail"),
                "audit_log",
                "clipboard-document-list",
                _("Every change to people, roles, ratings and pay."),
            ),
        ],
    ),
]
