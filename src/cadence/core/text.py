"""Titles and names lose their bidirectional control characters where they come in.

An override such as U+202E (right-to-left override) makes "Alice\u202egnp.exe" display as
"Aliceexe.png" and, left unclosed, reverses the text after the name wherever it is shown (a list
row, a notification). Titles and names have no use for these controls: the Unicode bidirectional
algorithm already orders Arabic or Hebrew text in them correctly. Longer text (comments, notes) keeps
them, since authors of mixed-direction prose may mean them.

One rule, applied at both input boundaries: core.middleware for form posts (pages and the Django
admin) and core.schemas.InputSchema for API bodies; the HRIS import cleans its cells with it too."""

import unicodedata
from collections.abc import Iterable
from typing import Any

# Unicode's Bidi_Control characters: the Arabic letter mark, the left-to-right and right-to-left
# marks, the embeddings and overrides (U+202A-U+202E) and the isolates (U+2066-U+2069).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DELETE_BIDI_CONTROLS = dict.fromkeys(map(ord, BIDI_CONTROLS))


def without_bidi_controls(text: str) -> str:
    return text.translate(_DELETE_BIDI_CONTROLS)


def is_title_or_name(key: str) -> bool:
    """A field that holds a title or a name, by the names Cadence gives them: `title`, `name`,
    `job_title`, `first_name`; formset fields end in one ("kr-0-title")."""
    field = key.rsplit("-", 1)[-1]
    return field in {"title", "name"} or field.endswith(("_title", "_name"))


def cleaned_titles_and_names(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """The key-value pairs with the bidirectional controls removed from every title and name; a
    value may be a string or a list of strings (a form field sent more than once)."""

    def clean(key: str, value: Any) -> Any:
        if not is_title_or_name(key):
            return value
        if isinstance(value, str):
            return without_bidi_controls(value)
        if isinstance(value, list):
            return [without_bidi_controls(v) if isinstance(v, str) else v for v in value]
        return value

    return {key: clean(key, value) for key, value in pairs}


# --- Folding for search ---------------------------------------------------------------------------

# Letters that Unicode decomposition does not reduce to ASCII.
ASCII_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE",
                            "đ": "d", "Đ": "D", "ı": "i"})  # fmt: skip


def fold(text: str) -> str:
    """Text as search compares it, the same on SQLite and PostgreSQL (SQLite has no unaccent):
    lower case, without accents (Łukasz -> lukasz, Müller -> muller, Søren -> soren)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(ASCII_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
