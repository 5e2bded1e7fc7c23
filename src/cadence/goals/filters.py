"""Goal filters: one definition for the goal list pages and GET /api/v1/goals, and the alignment
tree's. The API answers 422 for a bad value; a page ignores it and says so (core.http.parse_query)."""

from typing import Any

from ninja import Schema
from pydantic import Field

from cadence.core.http import Id


class GoalFilters(Schema):
    cycle: Id | None = None
    owner: Id | None = None
    level: str = ""
    status: str = Field("", description='A goal status, or "needs_update"')
    parent: Id | None = None
    q: str = Field("", description="Words in the title")

    def selection(self) -> dict[str, Any]:
        """The filters as selectors.goal_list takes them."""
        data = self.dict()
        data["search"] = data.pop("q")
        return data


class TreeFilters(Schema):
    cycle: Id | None = None
    focus: Id | None = None
    department: Id | None = None
    team: Id | None = None
    person: Id | None = None
    status: str = ""

    def selection(self) -> dict[str, Any]:
        """The filters as selectors.tree_roots takes them (the cycle and focus are read apart)."""
        return self.dict(exclude={"cycle", "focus"})
