"""The feedback part of `cadence seed`: a year of praise tagged with company values (with reactions
and comments), feedback between managers, reports and peers, and feedback requests (answered,
declined and open), with the notifications each would have sent.

The privacy rules are those of `services.feedback_give`: peer feedback (not from someone above the
recipient) is protected when the organisation protects it, and then readable by the recipient only;
managers are told of feedback they may read. Written set-based past the services on purpose
(core.seeding): set-up data, no audit events."""

import datetime

from django.utils.translation import gettext as _

from cadence.core.seeding import SeedContext, SeedPerson, Table, moment
from cadence.notifications.seeding import notice, url_pattern

from .demo import VALUES
from .models import (
    CompanyValue,
    Feedback,
    FeedbackRequest,
    FeedbackSettings,
    Praise,
    PraiseComment,
    PraiseReaction,
    Reaction,
)
from .seeding_text import COMPETENCIES, DECLINE_REASONS, FEEDBACK, PRAISE, PRAISE_COMMENTS, QUESTIONS

PRAISE_PER_PERSON = 2.0  # a year's praise, per person
FEEDBACK_PER_PERSON = 1.5
REQUESTS_PER_PERSON = 0.5
V = Feedback.Visibility
STATUS = FeedbackRequest.Status


def _is_above(author: SeedPerson, person: SeedPerson) -> bool:
    return author.id != person.id and person.path.startswith(author.path)


class _Planner:
    def __init__(self, ctx: SeedContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("feedback")
        self.people = ctx.people
        self.values = self._values()
        settings = FeedbackSettings.objects.filter(pk=1).values_list("protected_peer_feedback", flat=True)
        self.protection = bool(settings.first())
        self.praise = Table(Praise, ["author", "message", "visibility", "created_at", "updated_at"])
        self.recipients = Table(Praise.recipients.through, ["praise", "employee"])
        self.praise_values = Table(Praise.values.through, ["praise", "companyvalue"])
        self.reactions = Table(PraiseReaction, ["praise", "person", "kind", "created_at"])
        self.comments = Table(PraiseComment, ["praise", "author", "body", "created_at", "updated_at"])
        self.feedback = Table(
            Feedback,
            [
                "author",
                "recipient",
                "body",
                "visibility",
                "competency",
                "goal",
                "is_peer",
                "protected",
                "request",
                "created_at",
                "updated_at",
            ],
        )
        self.requests = Table(
            FeedbackRequest,
            [
                "requester",
                "subject",
                "respondent",
                "questions",
                "status",
                "decline_reason",
                "closed_at",
                "reminded_at",
                "created_at",
                "updated_at",
            ],
        )

    def _values(self) -> list[tuple[int, str]]:
        existing = list(CompanyValue.objects.filter(is_active=True).values_list("pk", "name"))
        if existing:
            return existing
        table = Table(
            CompanyValue, ["name", "description", "is_active", "order", "version", "created_at", "updated_at"]
        )
        made = [
            (table.add(name, text, True, i, 1, self.ctx.year_ago, self.ctx.year_ago), name)
            for i, (name, text) in enumerate(VALUES)
        ]
        table.write()
        return made

    def _someone(self, near: SeedPerson) -> SeedPerson:
        """A colleague of `near` most of the time, anyone in the organisation now and then."""
        colleagues = self.ctx.colleagues(near)
        if colleagues and self.rng.random() < 0.85:
            return self.rng.choice(colleagues)
        return self.rng.choice(self.people)

    def _when(self, *people: SeedPerson) -> datetime.datetime:
        start = max(self.ctx.active_since(p) for p in people)
        return moment(self.rng, start, self.ctx.now)

    # Praise

    def plan_praise(self) -> None:
        rng, ctx = self.rng, self.ctx
        url = url_pattern("feedback:praise_detail")
        for _i in range(round(PRAISE_PER_PERSON * len(self.people)) if len(self.people) > 1 else 0):
            author = rng.choice(self.people)
            recipients = {
                p.id: p for p in (self._someone(author) for _r in range(rng.choice((1, 1, 1, 2, 3))))
            }
            recipients.pop(author.id, None)
            if not recipients:
                continue
            at = self._when(author, *recipients.values())
            public = rng.random() < 0.85
            pk = self.praise.add(author.id, rng.choice(PRAISE), "public" if public else "private", at, at)
            values = rng.sample(self.values, min(len(self.values), rng.choice((1, 1, 2))))
            for value_id, _name in values:
                self.praise_values.add(pk, value_id)
            for person in recipients.values():
                self.recipients.add(pk, person.id)
                notice(
                    ctx,
                    person,
                    kind="praise_received",
                    event_key=f"praise:{pk}:received",
                    title=_("%(name)s praised you") % {"name": author.full_name},
                    body=", ".join(name for _id, name in values),
                    url=url.format(pk),
                    at=at,
                )
            if public:
                self._reactions(pk, author, at)

    def _reactions(self, pk: int, author: SeedPerson, at: datetime.datetime) -> None:
        rng = self.rng
        seen: set[tuple[int, str]] = set()
        for _i in range(rng.choice((0, 1, 2, 3, 3, 4, 5, 6))):
            person, kind = self._someone(author), rng.choice(Reaction.values)
            if (person.id, kind) not in seen:
                seen.add((person.id, kind))
                self.reactions.add(
                    pk, person.id, kind, moment(rng, at, min(self.ctx.now, at + datetime.timedelta(days=3)))
                )
        if rng.random() < 0.25:
            for _i in range(rng.randint(1, 2)):
                when = moment(rng, at, min(self.ctx.now, at + datetime.timedelta(days=5)))
                self.comments.add(pk, self._someone(author).id, rng.choice(PRAISE_COMMENTS), when, when)

    # Feedback

    def plan_feedback(self) -> None:
        rng = self.rng
        for _i in range(round(FEEDBACK_PER_PERSON * len(self.people)) if len(self.people) > 1 else 0):
            recipient = rng.choice(self.people)
            author = self._someone(recipient)
            if author.id == recipient.id:
                continue
            self._give(author, recipient, self._when(author, recipient), request=None)

    def _give(
        self, author: SeedPerson, recipient: SeedPerson, at: datetime.datetime, *, request: int | None
    ) -> int:
        rng, ctx = self.rng, self.ctx
        is_peer = not _is_above(author, recipient)
        protected = is_peer and self.protection
        if protected:
            visibility = V.RECIPIENT
        elif not is_peer:
            visibility = rng.choice((V.RECIPIENT_AND_MANAGER, V.RECIPIENT_AND_MANAGER, V.RECIPIENT))
        else:
            visibility = rng.choices((V.RECIPIENT, V.RECIPIENT_AND_MANAGER, V.MANAGER), (5, 4, 1))[0]
        competency = rng.choice(COMPETENCIES) if rng.random() < 0.5 else ""
        pk = self.feedback.add(
            author.id,
            recipient.id,
            rng.choice(FEEDBACK),
            visibility,
            competency,
            None,
            is_peer,
            protected,
            request,
            at,
            at,
        )
        url = url_pattern("feedback:feedback_detail").format(pk)
        if visibility != V.MANAGER:
            notice(
                ctx,
                recipient,
                kind="feedback_received",
                event_key=f"feedback:{pk}:received",
                title=_("%(name)s gave you feedback") % {"name": author.full_name},
                url=url,
                at=at,
            )
        manager = ctx.by_id.get(recipient.manager_id or 0)
        if visibility != V.RECIPIENT and not protected and manager and manager.id != author.id:
            notice(
                ctx,
                manager,
                kind="feedback_about_report",
                event_key=f"feedback:{pk}:manager",
                title=_("%(author)s gave %(name)s feedback")
                % {"author": author.full_name, "name": recipient.full_name},
                url=url,
                at=at,
            )
        return pk

    # Requests

    def plan_requests(self) -> None:
        rng = self.rng
        for _i in range(round(REQUESTS_PER_PERSON * len(self.people))):
            subject = rng.choice(self.people)
            manager = self.ctx.by_id.get(subject.manager_id or 0)
            requester = manager if manager is not None and rng.random() < 0.25 else subject
            respondents = {p.id: p for p in (self._someone(subject) for _r in range(rng.randint(1, 3)))}
            for person in respondents.values():
                if person.id not in (subject.id, requester.id):
                    self._request(requester, subject, person)

    def _request(self, requester: SeedPerson, subject: SeedPerson, respondent: SeedPerson) -> None:
        rng, ctx = self.rng, self.ctx
        at = self._when(requester, subject, respondent)
        old = at < ctx.now - datetime.timedelta(days=21)
        status = rng.choices(
            (STATUS.ANSWERED, STATUS.DECLINED, STATUS.OPEN), (75, 10, 15) if old else (40, 0, 60)
        )[0]
        closed = (
            None if status == STATUS.OPEN else min(ctx.now, at + datetime.timedelta(days=rng.randint(1, 14)))
        )
        reason = rng.choice(DECLINE_REASONS) if status == STATUS.DECLINED else ""
        pk = self.requests.add(
            requester.id,
            subject.id,
            respondent.id,
            rng.choice(QUESTIONS),
            status,
            reason,
            closed,
            None,
            at,
            closed or at,
        )
        url = url_pattern("feedback:request_detail").format(pk)
        title = (
            _("%(name)s asked you for feedback") % {"name": requester.full_name}
            if subject.id == requester.id
            else _("%(name)s asked you for feedback about %(subject)s")
            % {"name": requester.full_name, "subject": subject.full_name}
        )
        notice(
            ctx,
            respondent,
            kind="feedback_requested",
            event_key=f"feedback-request:{pk}",
            title=title,
            url=url,
            at=at,
            todo=True,
            done_at=closed,
        )
        if status == STATUS.ANSWERED and closed is not None:
            self._give(respondent, subject, closed, request=pk)
            if requester.id != subject.id:
                notice(
                    ctx,
                    requester,
                    kind="feedback_request_answered",
                    event_key=f"feedback-request:{pk}:answered",
                    title=_("%(name)s answered your feedback request about %(subject)s")
                    % {"name": respondent.full_name, "subject": subject.full_name},
                    url=url,
                    at=closed,
                )

    def write(self) -> None:
        self.ctx.write(
            "feedback",
            {
                "praise": self.praise,
                "praise_recipients": self.recipients,
                "praise_values": self.praise_values,
                "reactions": self.reactions,
                "praise_comments": self.comments,
                "requests": self.requests,
                "feedback": self.feedback,
            },
        )


def seed_feedback(ctx: SeedContext) -> None:
    planner = _Planner(ctx)
    planner.plan_praise()
    planner.plan_feedback()
    planner.plan_requests()
    planner.write()
