"""Django's makemessages with Cadence's extraction rules built in, so `make messages` and the
catalogue check (tests/test_translations.py) extract exactly the same strings:

- `gettext_deferred` (cadence.core.i18n) is a keyword, as Django's documentation suggests for extra ones;
- tests, test helpers and migrations are skipped: nobody reads their strings in the app;
- no source locations and no obsolete entries, so the catalogue changes only when a string does."""

from typing import Any

from django.core.management.commands import makemessages

IGNORED = ["tests", "testing.py", "migrations", "static"]


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=gettext_deferred"]

    def handle(self, *args: Any, **options: Any) -> None:
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORED]
        options["no_location"] = options["no_obsolete"] = True
        super().handle(*args, **options)
