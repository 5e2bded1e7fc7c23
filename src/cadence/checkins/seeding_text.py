"""The words of the seeded check-ins (checkins.seeding). Content, not interface text: it is not
translated, like any answer people write."""

# fmt: off
ANSWERS = (
    "Shipped the import improvements.", "Good collaboration with the design team.", "Too many meetings.",
    "Waiting on a decision about the roadmap.", "Clarity on next quarter's priorities would help.",
    "Finished the review of the onboarding flow.", "Helped two customers go live.",
    "The on-call week was heavy.", "Learning a lot from pairing.", "A quiet week, mostly planning.",
    "More focus time, fewer interruptions.", "Feedback on my proposal.",
)
PRIORITIES = (
    "Finish the onboarding review", "Prepare the customer demo", "Write the project proposal",
    "Close the open support tickets", "Interview two candidates", "Update the documentation",
    "Plan the next sprint", "Fix the flaky tests", "Draft the quarterly report", "Run the user interviews",
    "Review the budget", "Onboard the new colleague",
)
COMMENTS = (
    "Thanks for the update, let's talk about the blocker on Thursday.", "Great week!",
    "Can I help with the roadmap question?", "Nice work on the release.",
    "Let's take the meeting load up in our 1:1.",
)
SKIP_REASONS = ("On holiday", "Sick leave", "At a conference", "")
# fmt: on
