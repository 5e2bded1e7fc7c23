"""The SMART check: a rule-based reading of an objective that points out, in plain words, what is
missing, and suggests key-result shapes from its wording. It advises; it never blocks."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

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


# Words in an objective and the key-result shape that usually measures them.
SHAPES: tuple[tuple[tuple[str, ...], Suggestion], ...] = (
    (
        ("revenue", "sales", "arr", "bookings", "pipeline"),
        Suggestion("Reach € … in new revenue", "currency", "increase"),
    ),
    (("cost", "spend", "budget"), Suggestion("Reduce monthly cost from € … to € …", "currency", "decrease")),
    (
        ("satisfaction", "csat", "nps", "happiness", "engagement"),
        Suggestion("Raise the satisfaction score from … % to … %", "percentage", "increase"),
    ),
    (
        ("faster", "speed", "latency", "response time", "time to"),
        Suggestion("Cut the median time from … to …", "number", "decrease"),
    ),
    (
        ("bug", "incident", "error", "defect", "churn", "attrition"),
        Suggestion("Reduce the number per month from … to …", "number", "decrease"),
    ),
    (
        ("launch", "ship", "release", "deliver", "build"),
        Suggestion("Ship it: milestones from design to launch", "milestones", "increase"),
    ),
    (
        ("learn", "skill", "course", "certif", "mentor", "grow as"),
        Suggestion("Complete the course or certification", "binary", "increase"),
    ),
    (
        ("customer", "user", "adoption", "signup", "hire", "hiring"),
        Suggestion("Grow the number from … to …", "number", "increase"),
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


def suggest_key_results(title: str, description: str = "") -> list[Suggestion]:
    """Key-result shapes that fit the objective's wording (at most three)."""
    text = f"{title} {description}".lower()
    found = [shape for words, shape in SHAPES if any(w in text for w in words)]
    return found[:3]
