"""The demo organisation: people first, then each module adds its demo data. Every seeder is
idempotent, so `cadence demo` can run any number of times and keeps what is there."""

from django.utils.module_loading import import_string

from cadence.people.seeding import DemoLogin, seed_demo

MODULE_SEEDERS = [
    "cadence.competencies.demo.seed_demo_competencies",
    "cadence.goals.demo.seed_demo_goals",
    "cadence.feedback.demo.seed_demo_feedback",
    "cadence.checkins.demo.seed_demo_checkins",
    "cadence.meetings.demo.seed_demo_meetings",
]


def seed_demo_organisation() -> list[DemoLogin]:
    logins = seed_demo()
    for path in MODULE_SEEDERS:
        import_string(path)()
    return logins
