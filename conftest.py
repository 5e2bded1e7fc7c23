pytest_plugins = ["cadence.core.testing"]
