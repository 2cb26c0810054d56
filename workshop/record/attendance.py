"""Who came, as the record's appendix lists them: the names people chose to show, with roles if
given ("Jo (Head of science)"; a table as its name with its head count, "Science table (5)"),
and how many stayed anonymous."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Participant


@dataclass
class Attendance:
    names: list[str] = field(default_factory=list)
    anonymous: int = 0  # people, not phones: an unnamed table counts its head count

    @property
    def anonymous_label(self) -> str:
        if not self.anonymous:
            return ""
        return "1 person took part without giving a name." if self.anonymous == 1 else \
            f"{self.anonymous} people took part without giving a name."


def label(name: str, kind: str, head_count: int, role: str | None = None) -> str:
    if kind == "table":  # a table has no role
        return f"{name} ({head_count})"
    role = " ".join((role or "").split())
    return f"{name} ({role})" if role else name


def of(session: Session, workshop_id: int) -> Attendance:
    found = Attendance()
    for p in session.scalars(select(Participant).where(Participant.workshop_id == workshop_id,
                                                       Participant.removed.is_(False)).order_by(Participant.id)):
        name = " ".join((p.name or "").split())
        if name:
            found.names.append(label(name, p.kind, p.head_count or 1, p.role))
        else:
            found.anonymous += p.head_count or 1
    return found
