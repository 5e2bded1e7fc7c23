"""The starter library of goal templates, per function. HR edits them after installation."""

TEMPLATES = [
    {
        "function": "engineering",
        "level": "team",
        "title": "Ship a faster, more reliable product",
        "description": "Fewer incidents and quicker pages, so customers trust us with more of their work.",
        "key_results": [
            {
                "title": "Reduce p95 page load time (ms)",
                "kind": "number",
                "direction": "decrease",
                "baseline": "1800",
                "target": "900",
            },
            {
                "title": "Reduce sev-1 incidents per month",
                "kind": "number",
                "direction": "decrease",
                "baseline": "4",
                "target": "1",
            },
            {
                "title": "Raise automated test coverage (%)",
                "kind": "percentage",
                "direction": "increase",
                "baseline": "60",
                "target": "80",
            },
        ],
    },
    {
        "function": "engineering",
        "level": "individual",
        "title": "Grow as a code reviewer",
        "description": "Development goal: give reviews that teach and unblock.",
        "key_results": [
            {
                "title": "Reviews given per week",
                "kind": "number",
                "direction": "increase",
                "baseline": "2",
                "target": "6",
            },
            {"title": "Run an internal talk on code review", "kind": "binary"},
        ],
    },
    {
        "function": "sales",
        "level": "team",
        "title": "Grow new business in the mid-market",
        "description": "Win more mid-market customers without longer sales cycles.",
        "key_results": [
            {
                "title": "New annual recurring revenue (EUR)",
                "kind": "currency",
                "direction": "increase",
                "baseline": "0",
                "target": "500000",
                "currency": "EUR",
            },
            {
                "title": "Win rate on qualified opportunities (%)",
                "kind": "percentage",
                "direction": "increase",
                "baseline": "18",
                "target": "25",
            },
            {
                "title": "Average sales cycle (days)",
                "kind": "number",
                "direction": "decrease",
                "baseline": "75",
                "target": "60",
            },
        ],
    },
    {
        "function": "support",
        "level": "team",
        "title": "Delight customers with fast, helpful support",
        "description": "Answer quickly and solve problems the first time.",
        "key_results": [
            {
                "title": "Median first response time (hours)",
                "kind": "number",
                "direction": "decrease",
                "baseline": "8",
                "target": "2",
            },
            {
                "title": "Customer satisfaction (CSAT %)",
                "kind": "percentage",
                "direction": "increase",
                "baseline": "86",
                "target": "93",
            },
            {
                "title": "Publish the self-service help centre",
                "kind": "milestones",
                "milestones": ["Top 20 articles written", "Search live", "Linked from the product"],
            },
        ],
    },
    {
        "function": "people",
        "level": "department",
        "title": "Make Cadence a place people stay and grow",
        "description": "Keep our best people and help every manager run good 1:1s.",
        "key_results": [
            {
                "title": "Regretted attrition (%)",
                "kind": "percentage",
                "direction": "decrease",
                "baseline": "9",
                "target": "5",
            },
            {
                "title": "Managers holding fortnightly 1:1s (%)",
                "kind": "percentage",
                "direction": "increase",
                "baseline": "55",
                "target": "90",
            },
            {"title": "Launch the career framework", "kind": "binary"},
        ],
    },
]
