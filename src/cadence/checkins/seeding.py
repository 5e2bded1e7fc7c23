"""stub"""

from cadence.core.seeding import SeedContext


def seed_checkins(ctx: SeedContext) -> None:
    pass
