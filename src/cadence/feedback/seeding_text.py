"""The words of the seeded praise and feedback (feedback.seeding). Content, not interface text: it
is not translated, like any data people write."""

# fmt: off
PRAISE = (
    "Thank you for staying late to get the release over the line — the customer noticed.",
    "Your walkthrough in Tuesday's demo made it click for everyone.",
    "You picked up the support rotation when we were short and closed twelve tickets in a day.",
    "Great pairing session on the import bug: you explained every step and I learned a lot.",
    "You simplified the quarterly report from ten pages to two, and leadership finally read it.",
    "Thanks for onboarding our new colleague so patiently.",
    "The way you handled the difficult customer call was a lesson for all of us.",
    "Your documentation saved me a day this week. Thank you!",
    "You spotted the pricing error before it went out. Huge save.",
    "Brilliant facilitation of the retro: everyone spoke, and we left with three clear actions.",
)
PRAISE_COMMENTS = ("Well deserved!", "So true, thank you!", "+1, this made a big difference.", "Agreed 👏")
FEEDBACK = (
    "In yesterday's planning meeting you summarised the trade-offs before we voted; it helped the team "
    "decide in ten minutes instead of an hour.",
    "During the incident last week you posted updates every thirty minutes, which kept support calm.",
    "In Monday's review you interrupted twice; next time let others finish, their point on costs mattered.",
    "Your proposal was well researched. Sharing a draft earlier would let others shape it with you.",
    "The customer presentation was clear and confident; the demo part could be shorter.",
    "You took ownership of the flaky tests without being asked. That raised the bar for the team.",
    "The estimates for the last two sprints were optimistic; let's break the work down further.",
    "Thank you for the thorough code reviews: the comments are kind and specific.",
)
COMPETENCIES = ("Communication", "Ownership", "Collaboration", "Craft", "Customer focus", "Leadership")
QUESTIONS = (
    "What should I keep doing?\nWhat should I do differently?",
    "How did the project go from your side?\nWhat could I have done better?",
    "How clear is my communication in meetings?",
)
DECLINE_REASONS = ("Too little context to give useful feedback.", "We have not worked together enough yet.")
# fmt: on
