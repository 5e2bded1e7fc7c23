"""Text written for someone else: a notification or an email is read in its recipient's language,
not in the language of whoever caused it.

`gettext_deferred("%(name)s praised you") % {"name": ...}` reads like `gettext` but translates only
when it is turned into a string; `notify()` does that inside `language_of(recipient)`. Dates in
the parameters go through `date_deferred`, so they too follow the recipient's formats.
makemessages extracts `gettext_deferred` (see core/management/commands/makemessages.py)."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.utils import formats, translation
from django.utils.functional import lazy


class DeferredMessage:
    """A message id and its parameters, translated by str() in the language active then."""

    __slots__ = ("message", "params")

    def __init__(self, message: str, params: Mapping[str, Any] | None = None) -> None:
        self.message = message
        self.params = params

    def __mod__(self, params: Mapping[str, Any]) -> "DeferredMessage":
        return DeferredMessage(self.message, params)

    def __str__(self) -> str:
        text = translation.gettext(self.message)
        return text % {k: str(v) for k, v in self.params.items()} if self.params is not None else text

    def __repr__(self) -> str:
        return f"DeferredMessage({self.message!r}, {self.params!r})"


def gettext_deferred(message: str) -> DeferredMessage:
    return DeferredMessage(message)


# A date or time formatted (with a format name such as "DATE_FORMAT") when the message is rendered.
date_deferred = lazy(formats.date_format, str)


def user_language(user: Any) -> str:
    """The language a person reads Cadence in: their choice, else the site default."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


@contextmanager
def language_of(user: Any) -> Iterator[None]:
    with translation.override(user_language(user)):
        yield
