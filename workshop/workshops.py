"""Creating, copying and finding workshops (not live state: that goes through engine.service)."""
from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import agenda, partnerships, review, tools
from .agenda import DEFAULT_TEMPLATE, TEMPLATES, default_activities
from .engine import control, plan
from .join_codes import normalise_code
from .models import Activity, Facilitator, User, Workshop
from .tools.base import ToolError


class DetailsError(ValueError):
    pass


# The review's form fields: review.FIELDS' keys as they are, its days and dimensions named apart
# from the workshop's own date.
REVIEW_DAYS = {"start": "review_start", "end": "review_end"}


def review_from_form(form) -> dict:
    """The review as the form holds it (unchecked: review.clean checks it)."""
    return {**{key: form.get(key) or "" for key in review.FIELDS},
            **{key: (form.get(name) or "").strip() for key, name in REVIEW_DAYS.items()},
            "dimensions": form.getlist("dimensions") if hasattr(form, "getlist") else form.get("dimensions", [])}


def prepared(details: dict, found_review: dict) -> dict:
    """Key messages and focus left empty are taken from the review's findings and recommendation."""
    if not details.get("key_messages", "").strip():
        details["key_messages"] = "\n".join(review.key_messages(found_review, agenda.MESSAGES_LIMIT))
    if not details.get("focus", "").strip():
        details["focus"] = review.focus(found_review)
    return details


def parse_details(form) -> dict:
    """The workshop's details from a form, checked: the review's findings with them (a bad one is
    a DetailsError saying what is wrong), key messages and focus from them when left empty."""
    school = (form.get("school") or "").strip()
    if not school:
        raise DetailsError("Enter the host school.")
    try:
        found_review = review.clean(review_from_form(form))
    except ToolError as exc:
        raise DetailsError(exc.message) from None
    details = prepared({"school": school[:200], "ics": (form.get("ics") or "").strip()[:300],
                        "focus": (form.get("focus") or "").strip()[:2000],
                        "key_messages": (form.get("key_messages") or "").strip()[:6000]}, found_review)
    details["review"] = found_review
    raw_date = (form.get("date") or "").strip()
    try:
        details["date"] = date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        raise DetailsError("Enter the date as a date (e.g. 2026-11-26).") from None
    if "partnership" in form:  # a form without the selects leaves the workshop's partnership as it is
        details["partnership"] = _chosen_id(form, "partnership", "partnership")
        details["partner_school"] = _chosen_id(form, "partner_school", "school in the partnership")
    return details


def _chosen_id(form, key: str, what: str) -> int | None:
    """A select's id ("" is none); whether it is one this IC may choose is the engine's check."""
    raw = (form.get(key) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise DetailsError(f"Choose the {what} from the list.")
    return int(raw)


def parse_template(form) -> str:
    """The agenda template a new workshop starts on, by name; none given is the default."""
    name = (form.get("template") or DEFAULT_TEMPLATE).strip()
    if name not in TEMPLATES:
        raise DetailsError("Choose one of the workshop formats listed.")
    return name


def new_board_key() -> str:
    return secrets.token_urlsafe(24)


def board_key_opens(workshop: Workshop, key: object) -> bool:
    """A board key works while it is the workshop's current one and the workshop is not archived."""
    return (isinstance(key, str) and bool(key) and not workshop.archived
            and secrets.compare_digest(key.encode(), workshop.board_key.encode()))


def _new(session: Session, owner: User, details: dict) -> Workshop:
    details = dict(details)
    link = {"partnership_id": details.pop("partnership", None), "partner_school_id": details.pop("partner_school", None)}
    workshop = Workshop(owner_id=owner.id, board_key=new_board_key(), control=control.initial(),
                        **details, **link)
    workshop.facilitators.append(Facilitator(user_id=owner.id, role="owner"))
    session.add(workshop)
    return workshop


def _activity(position: int, section: str, title: str, prompt: str, tool: str, config: dict,
              minutes: int | None = None) -> Activity:
    if minutes is not None:
        config = plan.with_minutes(config, minutes)
    return Activity(position=position, section=section, title=title, prompt=prompt, tool=tool,
                    config=config, state=tools.get(tool).initial_state(config))


def create(session: Session, owner: User, details: dict, template: str = DEFAULT_TEMPLATE) -> Workshop:
    """A new workshop on the named template's agenda (the SPP whole-staff session by default).
    A partnership named must be one the owner is a member of (partnerships.Refused or NotFound)."""
    partnerships.check_link(session, owner.id, details.get("partnership"), details.get("partner_school"))
    workshop = _new(session, owner, details)
    workshop.activities = [_activity(n, **a) for n, a in enumerate(default_activities(details, template))]
    session.flush()
    return workshop


def duplicate(session: Session, source: Workshop, owner: User) -> Workshop:
    """Same details and agenda, none of the contributions, a draft again."""
    details = {k: getattr(source, k) for k in ("school", "date", "ics", "focus", "key_messages")}
    details["review"] = dict(source.review) if source.review else None
    # The same school of the same partnership (the copy is for that school again).
    details.update(partnership=source.partnership_id, partner_school=source.partner_school_id)
    copy = _new(session, owner, details)
    copy.activities = [_activity(a.position, a.section, a.title, a.prompt, a.tool, dict(a.config))
                       for a in source.activities]
    session.flush()
    return copy


def for_user(session: Session, user_id: int, archived: bool = False) -> list[Workshop]:
    return list(session.scalars(
        select(Workshop).join(Facilitator).where(Facilitator.user_id == user_id, Workshop.archived.is_(archived))
        .order_by(Workshop.date.desc().nulls_last(), Workshop.id.desc())))


def is_facilitator(session: Session, workshop_id: int, user_id: int) -> bool:
    return session.get(Facilitator, (workshop_id, user_id)) is not None


# --- join codes (workshop.join_codes) -------------------------------------------------------

def by_join_code(session: Session, code: str) -> Workshop | None:
    code = normalise_code(code)
    if not code:
        return None
    return session.scalar(select(Workshop).where(Workshop.join_code == code, Workshop.status == "open"))


