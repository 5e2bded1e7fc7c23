pytest_plugins = ["cadence.core.testing", "cadence.people.testing"]
