"""Feedback quality coaching: advice while writing, never a gate.

Feedback people can act on names a situation, a behaviour and its impact (SBI). We point out text
that names no concrete situation or behaviour (vague), that judges the person rather than what they
did (personal), or whose tone is very negative (VADER sentiment)."""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

NEGATIVE_COMPOUND = -0.5
MIN_WORDS = 8

SITUATION_WORDS = {
    "when",
    "during",
    "yesterday",
    "today",
    "tonight",
    "last",
    "this",
    "meeting",
    "standup",
    "stand-up",
    "review",
    "demo",
    "call",
    "presentation",
    "workshop",
    "sprint",
    "project",
    "release",
    "incident",
    "launch",
    "week",
    "month",
    "quarter",
    "morning",
    "afternoon",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "retro",
    "retrospective",
    "interview",
    "email",
    "thread",
    "ticket",
    "deadline",
}
BEHAVIOUR_WORDS = {
    "said",
    "did",
    "made",
    "wrote",
    "sent",
    "asked",
    "showed",
    "took",
    "gave",
    "told",
    "helped",
    "explained",
    "presented",
    "shared",
    "interrupted",
    "fixed",
    "built",
    "led",
    "answered",
    "reviewed",
    "missed",
    "listened",
    "paired",
    "documented",
    "prepared",
    "raised",
    "offered",
    "stepped",
    "spoke",
}
TRAIT_WORDS = {
    "lazy",
    "rude",
    "arrogant",
    "smart",
    "stupid",
    "difficult",
    "annoying",
    "careless",
    "sloppy",
    "brilliant",
    "genius",
    "selfish",
    "negative",
    "aggressive",
    "incompetent",
    "useless",
    "nice",
    "great",
    "awesome",
    "amazing",
    "bad",
    "terrible",
    "weak",
    "slow",
    "boring",
    "emotional",
    "bossy",
    "abrasive",
    "disorganised",
    "disorganized",
    "unprofessional",
    "unreliable",
    "toxic",
    "hopeless",
    "person",
    "guy",
    "star",
    "rockstar",
    "idiot",
    "clueless",
}
IMPACT_WORDS = {
    "impact",
    "result",
    "because",
    "meant",
    "effect",
    "helped",
    "led",
    "so",
    "customer",
    "customers",
}
PERSONAL_PATTERN = re.compile(
    r"\byou(?:'re| are| were|'ve always been)\s+(?:so |very |really |such |a |an |the )*(\w+)"
)
ABSOLUTE_PATTERN = re.compile(r"\byou (?:always|never)\b")
PAST_TENSE = re.compile(r"^[a-z]{3,}ed$")


@dataclass(frozen=True)
class Hint:
    code: str
    message: str


@dataclass
class Coaching:
    hints: list[Hint] = field(default_factory=list)
    sentiment: float = 0.0
    word_count: int = 0

    @property
    def suggest_sbi(self) -> bool:
        return bool(self.hints)

    @property
    def codes(self) -> list[str]:
        return [h.code for h in self.hints]


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    # Loading the lexicon takes a moment; one analyser serves every request.
    return SentimentIntensityAnalyzer()


def _has_behaviour(words: list[str]) -> bool:
    return any(w in BEHAVIOUR_WORDS or PAST_TENSE.match(w) for w in words)


def _has_situation(words: list[str], text: str) -> bool:
    return any(w in SITUATION_WORDS for w in words) or bool(re.search(r"\d", text))


def feedback_coach(text: str) -> Coaching:
    """Advice on a draft. Empty text gets no advice."""
    text = (text or "").strip()
    lowered = text.lower()
    words = re.findall(r"[a-z][a-z'-]*", lowered)
    result = Coaching(word_count=len(words))
    if not words:
        return result
    behaviour = _has_behaviour(words)
    if len(words) < MIN_WORDS or not (behaviour and _has_situation(words, text)):
        result.hints.append(
            Hint(
                "vague",
                _(
                    "This is hard to act on: say when it happened (the situation) and what the person "
                    "actually did or said (the behaviour)."
                ),
            )
        )
    traits = [m.group(1) for m in PERSONAL_PATTERN.finditer(lowered) if m.group(1) in TRAIT_WORDS]
    if (traits and not behaviour) or ABSOLUTE_PATTERN.search(lowered):
        result.hints.append(
            Hint(
                "personal",
                _(
                    "This describes the person rather than what they did. Describe the behaviour you "
                    "saw instead of a trait, and avoid “always” and “never”."
                ),
            )
        )
    result.sentiment = _analyzer().polarity_scores(text)["compound"]
    if result.sentiment <= NEGATIVE_COMPOUND:
        result.hints.append(
            Hint(
                "negative",
                _(
                    "The tone reads as very negative. Stay with the facts and their impact, and say "
                    "what you would like to see next time."
                ),
            )
        )
    return result
