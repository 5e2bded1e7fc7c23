"""The words of the seeded goals (goals.seeding): objectives per level, key results per kind,
milestones and comments. Content, not interface text: it is not translated, like any data."""

# fmt: off
OBJECTIVES: dict[str, tuple[str, ...]] = {
    "company": (
        "Become the easiest tool our customers use", "Grow annual recurring revenue by 30%",
        "Be a great place to work", "Expand into two new markets",
        "Make every customer successful in 30 days",
        "Run a profitable, efficient business", "Ship a platform partners build on",
    ),
    "department": (
        "{name}: halve the time customers wait on us", "{name}: deliver the plan on budget",
        "{name}: grow the team without slowing down", "{name}: raise quality to a new standard",
        "{name}: automate the repetitive work", "{name}: build the capabilities for next year",
    ),
    "team": (
        "{name}: ship the new onboarding flow", "{name}: cut the backlog in half",
        "{name}: improve reliability", "{name}: make our process measurable", "{name}: launch the pilot",
        "{name}: document how we work", "{name}: reduce handover time",
    ),
    "individual": (
        "Own the migration to the new system", "Grow into a team lead role", "Improve my presentation skills",
        "Close the quarter's top accounts", "Reduce my average response time", "Mentor a new colleague",
        "Deliver the reporting revamp", "Learn the data stack", "Get certified",
        "Speed up the release process",
        "Build stronger relationships with key partners", "Clean up the documentation",
        "Lead the customer research", "Improve test coverage of my area",
    ),
}
KR_TITLES: dict[str, tuple[str, ...]] = {
    "number": (
        "Customer interviews done", "Tickets closed", "Deals signed", "Features shipped", "Qualified leads",
        "Open defects", "Average handling time (minutes)", "Trainings given", "Articles published",
    ),
    "percentage": (
        "Activation rate (%)", "Test coverage (%)", "Customer satisfaction (%)", "On-time delivery (%)",
        "Monthly churn (%)", "First-contact resolution (%)", "Engagement score (%)",
    ),
    "currency": ("New ARR (EUR)", "Pipeline created (EUR)", "Cost savings (EUR)", "Expansion revenue (EUR)"),
    "binary": ("Launch announced", "Policy approved", "Certification passed", "Vendor contract signed"),
    "milestones": ("Project milestones", "Rollout plan", "Hiring plan", "Launch checklist"),
}
MILESTONES = ("Research done", "Plan signed off", "Pilot live", "Feedback collected", "General release")
UPDATE_COMMENTS = (
    "Good week, the numbers are moving.", "Blocked on a dependency from another team.",
    "Slower than planned; catching up next week.", "Ahead of plan thanks to the new process.",
    "Waiting for the data to come in.", "Customer feedback has been positive.",
)
COMMENTS = (
    "Nice progress on this one!", "Can we talk about the target in our next 1:1?",
    "I can help with the second key result.", "Is this still realistic for the quarter?",
    "Great to see this moving.", "Let's align this with the team plan.",
)
# fmt: on
