"""@mentions in comments on goals. Two forms, both unambiguous, because names are not:

- `@first.last`: the local part of a work email; it resolves only when exactly one candidate has it;
- `@first.last@example.com`: a whole work email.

A mention that matches nobody stays plain text. Bodies are rendered escaped; only resolved mentions
become links (to the person's profile)."""

import re
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from cadence.people.models import Employee

MAX_MENTIONS = 20
# Not after a word character, a dot or "@": so "ann@example.com" in running text is not a mention.
MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9][A-Za-z0-9._%+-]*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)")


def _spans(body: str) -> list[tuple[int, int, str]]:
    """(start, end, token) of each mention; a trailing dot ends the sentence, not the name."""
    spans = []
    for match in MENTION.finditer(body):
        token = match.group(1).rstrip(".")
        if token:
            spans.append((match.start(), match.start(1) + len(token), token.lower()))
    return spans


def mention_tokens(body: str) -> list[str]:
    """The distinct mentions in a body, lower-cased, in order, at most MAX_MENTIONS."""
    tokens: list[str] = []
    for _start, _end, token in _spans(body):
        if token not in tokens:
            tokens.append(token)
    return tokens[:MAX_MENTIONS]


def _local(email: str) -> str:
    return email.lower().split("@", 1)[0]


def _lookup(people: Iterable[Employee]) -> dict[str, Employee]:
    """Token → person: whole emails, and local parts that only one of `people` has."""
    people = list(people)
    table = {p.email.lower(): p for p in people}
    locals_seen: dict[str, list[Employee]] = {}
    for person in people:
        locals_seen.setdefault(_local(person.email), []).append(person)
    table.update({local: found[0] for local, found in locals_seen.items() if len(found) == 1})
    return table


def resolve(tokens: list[str], candidates: QuerySet[Employee]) -> list[Employee]:
    """The people the tokens name among `candidates`, in one query. A local part shared by two
    candidates (ann@a.example and ann@b.example) names nobody: write the whole email."""
    if not tokens:
        return []
    query = Q()
    for token in tokens:
        query |= Q(email__iexact=token) if "@" in token else Q(email__istartswith=f"{token}@")
    table = _lookup(candidates.filter(query).select_related("user"))
    found: list[Employee] = []
    for token in tokens:
        person = table.get(token)
        if person is not None and person not in found:
            found.append(person)
    return found


def render_body(body: str, mentioned: Iterable[Employee]) -> SafeString:
    """The body as escaped text with line breaks, its resolved mentions linked to profiles."""
    table = _lookup(mentioned)
    parts: list[str] = []
    position = 0
    for start, end, token in _spans(body):
        person = table.get(token)
        if person is None:
            continue
        parts.append(escape(body[position:start]))
        parts.append(
            format_html(
                '<a class="mention" href="{}" title="{}">{}</a>',
                reverse("people:profile", args=[person.pk]),
                person.full_name,
                body[start:end],
            )
        )
        position = end
    parts.append(escape(body[position:]))
    # Every part is escaped or built by format_html, so marking the whole as safe is sound.
    return mark_safe("".join(parts).replace("\r\n", "\n").replace("\n", "<br>"))
