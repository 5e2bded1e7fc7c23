"""Django's makemessages, also extracting `gettext_deferred` (cadence.core.i18n), as Django's
documentation suggests for extra keywords."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=gettext_deferred"]
