"""SQLAlchemy 2.0 typed models. State is plain JSON, replaced (never mutated) on each change."""
from __future__ import annotations

import secrets
from datetime import date, datetime, timezone
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class User(UserMixin, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Part of the id every session and remember-me cookie carries (get_id): signing out or a new
    # password replaces it (accounts.end_sessions), and every copy of an older cookie stops working.
    session_token: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"


class ShownOnce(Base):
    """A secret a page shows its user once, after a redirect (a new plan link, a new co-facilitator's
    password): kept here, not in the session cookie, which the browser can read. The session holds
    only a random handle; the row is keyed by the handle's SHA-256 and deleted when shown."""
    __tablename__ = "shown_once"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Workshop(Base):
    __tablename__ = "workshops"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    school: Mapped[str] = mapped_column(String(200))
    date: Mapped[date | None] = mapped_column(Date)
    ics: Mapped[str] = mapped_column(String(300), default="")
    focus: Mapped[str] = mapped_column(Text, default="")
    key_messages: Mapped[str] = mapped_column(Text, default="")
    # draft -> open (has a join code) -> closed; archived hides it from the dashboard.
    status: Mapped[str] = mapped_column(String(16), default="draft")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    join_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    board_key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=0)
    control: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The summary record's edits over what the activities prefill (workshop.record); None: all prefilled.
    record: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # Two secret links to the plan, each kept only as a hash of its token (None: no live link):
    # the read-only one (head, governors, partnership) and the one that can also record progress.
    plan_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    plan_link_created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    plan_update_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    plan_update_link_created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The lead reviewer's link: records progress at the 90-day check-in (no account; hash only).
    checkin_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    checkin_link_created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The peer review's findings (the Review Findings template, see workshop/review.py); None: none given.
    review: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # The partnership the workshop's school belongs to, and which of its schools it is (None: none named).
    # (No ON DELETE: SQLite can't add one in place and doesn't reflect it; nothing deletes partnerships.)
    partnership_id: Mapped[int | None] = mapped_column(ForeignKey("partnerships.id"), index=True)
    partner_school_id: Mapped[int | None] = mapped_column(ForeignKey("partner_schools.id"))

    # Lazy (loaded on first use, in its session): the record, exports and copies read the whole
    # agenda; the live path never does (engine.steps reads one activity, or ids and positions).
    activities: Mapped[list["Activity"]] = relationship(
        back_populates="workshop", order_by="Activity.position", cascade="all, delete-orphan", lazy="select")
    facilitators: Mapped[list["Facilitator"]] = relationship(cascade="all, delete-orphan")

    @property
    def title(self) -> str:
        when = self.date.strftime("%-d %b %Y") if self.date else "date to be set"
        return f"{self.school} · {when}"


class Facilitator(Base):
    """Who may run a workshop: its owner and co-facilitators (ICs often work in pairs)."""
    __tablename__ = "facilitators"
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), default="co")  # "owner" | "co"
    user: Mapped[User] = relationship()


class Activity(Base):
    __tablename__ = "activities"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(120), default="")
    tool: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    prompt: Mapped[str] = mapped_column(Text, default="")
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    workshop: Mapped[Workshop] = relationship(back_populates="activities")


class Participant(Base):
    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(60))
    # Secret per person: in an anonymous activity they act as a pseudonym derived from it and the
    # activity (engine.identity), so nothing stored or exported links those contributions to them.
    # Never exported: a backup's holder can't recompute the link.
    pseudonym_key: Mapped[str | None] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    # "person" (a phone), "table" (one phone for `head_count` people at a table) or "paper"
    # (someone without a phone; the facilitator enters what they say).
    kind: Mapped[str] = mapped_column(String(10), default="person", server_default="person")
    head_count: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # What they do ("Head of science", "TA"), given with their name and shown beside it wherever
    # the name is (the console's people, the record's attendees). Only with a name: a role alone
    # could identify someone who chose to stay unnamed.
    role: Mapped[str | None] = mapped_column(String(60))


class Event(Base):
    """The log: every applied intent, in version order. State can be replayed from it."""
    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("workshop_id", "version"), UniqueConstraint("workshop_id", "intent_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    intent_id: Mapped[str] = mapped_column(String(64))
    activity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor: Mapped[str] = mapped_column(String(40))  # "u<user id>" or "p<participant id>"
    type: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    at: Mapped[int] = mapped_column(BigInteger)  # ms since the epoch, server clock
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_by: Mapped[str | None] = mapped_column(String(40))  # "u<id>": a facilitator entered it for the actor
    weight: Mapped[int | None] = mapped_column(Integer)  # head count the actor stood for (a table); None is 1


class ActionUpdate(Base):
    """Progress on an agreed action after the workshop: each row a dated update (status, RAG, note)
    by the head through the plan link or by an IC. The latest row is the action's current progress."""
    __tablename__ = "action_updates"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    action_key: Mapped[str] = mapped_column(String(40))  # the action's id in the record
    status: Mapped[str] = mapped_column(String(16))  # not_started | in_progress | done | dropped
    rag: Mapped[str] = mapped_column(String(8), default="")  # red | amber | green | "" (not rated)
    note: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(120), default="")  # who wrote it, as they gave it
    via: Mapped[str] = mapped_column(String(8))  # "link" (the head's plan link) | "ic"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Partnership(Base):
    """SPP schools work in partnerships of a few schools: level b of every plan ("within the
    partnership") happens between them. Its lead and member ICs see its page (workshop.partnerships)."""
    __tablename__ = "partnerships"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    schools: Mapped[list["PartnerSchool"]] = relationship(
        back_populates="partnership", order_by="PartnerSchool.name", cascade="all, delete-orphan")
    members: Mapped[list["PartnershipMember"]] = relationship(cascade="all, delete-orphan")


class PartnershipMember(Base):
    """Who may see and work a partnership's page: its lead ("lead") and its ICs ("ic")."""
    __tablename__ = "partnership_members"
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(8), default="ic")  # "lead" | "ic"
    user: Mapped[User] = relationship()


class PartnerSchool(Base):
    """A school of a partnership. Its head may get a secret link (no account; only the token's
    SHA-256 is stored) to see the partnership's asks and record what their school can offer."""
    __tablename__ = "partner_schools"
    __table_args__ = (UniqueConstraint("partnership_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    head_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    head_link_created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    partnership: Mapped[Partnership] = relationship(back_populates="schools")


class Offer(Base):
    """A partner school's offer against an ask: an agreed action at level b of a workshop's plan
    (workshop_id + action_key). Rows are added, and agreed by a lead or IC; the ask's status is
    derived: asked (no offer) -> offered -> agreed (an offer agreed) -> done (the action's progress)."""
    __tablename__ = "offers"
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    action_key: Mapped[str] = mapped_column(String(40))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("partner_schools.id", ondelete="SET NULL"))
    who: Mapped[str] = mapped_column(String(120))  # who will give the support
    what: Mapped[str] = mapped_column(Text)  # what they offer
    when: Mapped[str] = mapped_column(String(60), default="")  # by when, as they put it
    by: Mapped[str] = mapped_column(String(120), default="")  # who recorded it, as they gave it
    via: Mapped[str] = mapped_column(String(8))  # "lead" | "ic" | "head" (a partner head's link)
    agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
