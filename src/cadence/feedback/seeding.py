"""stub"""

from cadence.core.seeding import SeedContext


def seed_feedback(ctx: SeedContext) -> None:
    pass
