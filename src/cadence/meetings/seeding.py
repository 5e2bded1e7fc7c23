"""stub"""

from cadence.core.seeding import SeedContext


def seed_meetings(ctx: SeedContext) -> None:
    pass
