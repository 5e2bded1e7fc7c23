"""The SMART check: a rule-based reading of an objective that points out, in plain words, what is
missing, and suggests key-result shapes from its wording. It advises; it never blocks."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

VAGUE_WORDS = ("improve", "better", "help with", "enhance", "optimise", "optimize", "support", "work on",
               "increase", "reduce", "grow", "more", "less")  # fmt: skip
MAX_KEY_RESULTS = 5
MAX_OBJECTIVES = 5
NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class Advice:
    code: str
    message: str


@dataclass(frozen=True)
class Suggestion:
    title: str
    kind: str
    direction: str

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


KIND_LABELS = {
    "currency": gettext_lazy("amount of money"),
    "percentage": gettext_lazy("percentage"),
    "number": gettext_lazy("number"),
    "milestones": gettext_lazy("milestones"),
    "binary": gettext_lazy("done or not"),
}

# Words in an objective and the key-result shape that usually measures them: (words, title, kind,
# direction). Money titles name the currency with %(currency)s.
SHAPES: tuple[tuple[tuple[str, ...], StrOrPromise, str, str], ...] = (
    (
        ("revenue", "sales", "arr", "bookings", "pipeline"),
        gettext_lazy("Reach %(currency)s … in new revenue"),
        "currency",
        "increase",
    ),
    (
        ("cost", "spend", "budget"),
        gettext_lazy("Reduce monthly cost from %(currency)s … to %(currency)s …"),
        "currency",
        "decrease",
    ),
    (
        ("satisfaction", "csat", "nps", "happiness", "engagement"),
        gettext_lazy("Raise the satisfaction score from … % to … %"),
        "percentage",
        "increase",
    ),
    (
        ("faster", "speed", "latency", "response time", "time to"),
        gettext_lazy("Cut the median time from … to …"),
        "number",
        "decrease",
    ),
    (
        ("bug", "incident", "error", "defect", "churn", "attrition"),
        gettext_lazy("Reduce the number per month from … to …"),
        "number",
        "decrease",
    ),
    (
        ("launch", "ship", "release", "deliver", "build"),
        gettext_lazy("Ship it: milestones from design to launch"),
        "milestones",
        "increase",
    ),
    (
        ("learn", "skill", "course", "certif", "mentor", "grow as"),
        gettext_lazy("Complete the course or certification"),
        "binary",
        "increase",
    ),
    (
        ("customer", "user", "adoption", "signup", "hire", "hiring"),
        gettext_lazy("Grow the number from … to …"),
        "number",
        "increase",
    ),
)


def _kr_value(kr: Any, name: str) -> Any:
    return kr.get(name) if isinstance(kr, dict) else getattr(kr, name, None)


def analyse(
    *,
    title: str,
    description: str = "",
    due_date: Any = None,
    key_results: Sequence[Any] = (),
    objectives_in_cycle: int = 0,
    has_children: bool = False,
) -> list[Advice]:
    """What is missing from this objective. `key_results` are KeyResult objects or dicts;
    `objectives_in_cycle` counts the owner's objectives in the cycle, this one included."""
    advice: list[Advice] = []
    text = f"{title} {description}".lower()
    measured = [kr for kr in key_results if _kr_value(kr, "kind") in ("number", "percentage", "currency")]
    if not key_results and not has_children:
        advice.append(
            Advice("no_key_result", _("Add a key result: how will you know this objective is met?"))
        )
    elif key_results and not measured and not has_children:
        advice.append(
            Advice(
                "no_measurable_key_result",
                _("None of the key results has a number. Add one you can measure."),
            )
        )
    for kr in measured:
        if _kr_value(kr, "baseline") in (None, "") or _kr_value(kr, "target") in (None, ""):
            advice.append(
                Advice(
                    "no_baseline_or_target",
                    _("“%(kr)s” needs a baseline and a target.") % {"kr": _kr_value(kr, "title")},
                )
            )
    if not due_date:
        advice.append(Advice("no_due_date", _("Set a due date, so everyone knows when it should be done.")))
    vague = [w for w in VAGUE_WORDS if re.search(rf"\b{re.escape(w)}\b", text)]
    if vague and not NUMBER.search(title) and not measured:
        advice.append(
            Advice(
                "vague",
                _("“%(word)s” is vague without a number. Say by how much, for example “from 60%% to 80%%”.")
                % {"word": vague[0]},
            )
        )
    if len(key_results) > MAX_KEY_RESULTS:
        advice.append(
            Advice(
                "too_many_key_results",
                _("%(n)s key results is a lot: keep the 3–5 that matter most.") % {"n": len(key_results)},
            )
        )
    if objectives_in_cycle > MAX_OBJECTIVES:
        advice.append(
            Advice(
                "too_many_objectives",
                _(
                    "This person has %(n)s objectives in the cycle; more than 5 "
                    "usually means none gets enough attention."
                )
                % {"n": objectives_in_cycle},
            )
        )
    return advice


def suggest_key_results(title: str, description: str = "", *, currency: str = "") -> list[Suggestion]:
    """Key-result shapes that fit the objective's wording (at most three), in the active language;
    money is in `currency` (an ISO code), by default the organisation's (CADENCE_CURRENCY)."""
    text = f"{title} {description}".lower()
    currency = currency or settings.CADENCE_CURRENCY
    found = [
        Suggestion(str(shape) % {"currency": currency} if kind == "currency" else str(shape), kind, direction)
        for words, shape, kind, direction in SHAPES
        if any(w in text for w in words)
    ]
    return found[:3]
