"""The public pages, built from what the application layer returned: one function per page, no
request read here."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from chalice import Response

from ..errors import Text
from ..events.views import public_view
from ..i18n import N_, gettext
from ..records import Event, Page, Registration
from ..vocabulary.kinds import KINDS, EventKind, several_sessions
from ..vocabulary.labels import STATUS_MESSAGES, kind_label, status_label
from ..vocabulary.statuses import ACTIVE, EventStatus, RegistrationWindow, Status, parse_status
from . import pages, views
from .csrf import csrf_token
from .identity import description

CLOSED = {RegistrationWindow.NOT_OPEN_YET: N_("Registration has not opened yet."),
          RegistrationWindow.CLOSED: N_("Registration is closed."),
          RegistrationWindow.CANCELLED: N_("This event is cancelled."),
          RegistrationWindow.DRAFT: N_("This event is not open for registration.")}


def board_page(page: Page, language: str, kind: str, event_language: str) -> Response:
    cards, projects = [], []
    for item in page.items:
        if (kind and item.kind != kind) or (event_language and event_language not in item.languages):
            continue
        view = public_view(item, language)
        projects.append(item.project)
        cards.append({"id": view["id"], "title": view["title"], "venue": view["venue"],
                      "kind_label": kind_label(item.kind, language), "project": item.project,
                      "when": views.when(view["starts_at"], view["ends_at"], view["timezone"], language),
                      "availability": views.availability(view, language)})
    _name_organizers(cards, language)
    return pages.render("events.html", language, path="/events", events=cards, next=page.next,
                        funded_by=projects,
                        kinds=[(k, kind_label(k, language)) for k in KINDS], kind=kind,
                        event_language=event_language, keep={"kind": kind, "language": event_language})


def _name_organizers(cards: list[dict[str, Any]], language: str) -> None:
    """On a board of several institutions' events, each card names whose event it is."""
    from ..fields import pick_language
    from ..institutions.recent import directory

    found = directory()
    owners = {card["project"]: found.institution_of(card["project"]) for card in cards}
    if len({owner.institution_id for owner in owners.values() if owner}) > 1:
        for card in cards:
            owner = owners[card["project"]]
            card["organizer"] = pick_language(owner.name, language) if owner else ""


def _session_context(view: dict[str, Any], event: Event, language: str,
                     taken: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"sessions": views.session_views(view, language, hide_full=event.kind == EventKind.CONSULTATION,
                                            taken=taken),
            "multiple_sessions": several_sessions(event.kind),
            "session_legend": views.session_legend(event.kind, language)}


def event_page(event: Event, language: str, *, errors: dict[str, str] | None = None,
               values: views.FormValues | None = None, status: int = 200, preview: str = "",
               taken: tuple[str, ...] = ()) -> Response:
    """An event's public page; `preview`: the event's own status, when its organizers preview it;
    `taken`: chosen sessions that were full, offered again with the free ones."""
    view = public_view(event, language)
    state = view["registration"]
    open_ = state == RegistrationWindow.OPEN and (view["seats_left"] > 0 or view["waitlist_open"])
    closed_message = gettext(language, CLOSED.get(state, N_("Sorry, there are no seats left.")))
    path = f"/organizer/events/{event.event_id}/preview" if preview else f"/events/{event.event_id}"
    return pages.render(
        "event.html", language, path=path, status=status, event=view, preview=preview, funded_by=(event.project,),
        description=description(f"{view['title']}. {view['description']}"),
        when=views.when(view["starts_at"], view["ends_at"], view["timezone"], language),
        kind_label=kind_label(event.kind, language), availability=views.availability(view, language),
        paragraphs=[p for p in view["description"].split("\n") if p.strip()], open=open_,
        closed_message=closed_message, errors=errors or {}, values=values or views.FormValues(),
        anchors=views.anchors(event.questions), countries=views.countries_asked(event.questions, language),
        labels=views.QuestionLabels(view["questions"], language),
        has_conditions=any(q.get("show_if") for q in event.questions), waitlist_choice=view["waitlist_open"],
        programme=views.session_views(view, language, hide_full=False),
        **_session_context(view, event, language, taken))


def preview_page(event: Event, language: str) -> Response:
    """The event's page as participants will see it, for its organizers: a draft as it will be once
    published. Marked as a preview on the page, never indexed, and its form cannot be sent."""
    shown = replace(event, status=EventStatus.PUBLISHED) if event.status == EventStatus.DRAFT else event
    response = event_page(shown, language, preview=event.status)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def status_page(event: Event, language: str, status: str) -> Response:
    """What happens next, for the status a sign-up got (an unknown one reads as confirmed)."""
    status = parse_status(status) or Status.CONFIRMED
    heading, message = STATUS_MESSAGES[status]
    view = public_view(event, language)
    return pages.render("registered.html", language, path=f"/events/{event.event_id}/registered",
                        heading=gettext(language, heading), message=gettext(language, message),
                        keep={"status": status}, funded_by=(event.project,), event=view,
                        when=views.when(view["starts_at"], view["ends_at"], view["timezone"], language))


def manage_page(event: Event, registration: Registration, token: str, language: str, *,
                errors: dict[str, str] | None = None, values: views.FormValues | None = None,
                notice: str = "", status: int = 200, ask_about_you: bool = False, confirm: str = "") -> Response:
    """One's own registration; `confirm`: the step that cannot be undone ("cancel", "erase") to ask about first."""
    from ..registration.views import queue_places

    view = public_view(event, language)
    active = registration.status in ACTIVE
    waiting = registration.status == Status.WAITLISTED
    mine = [s for s in view["sessions"] if s["id"] in registration.sessions]
    chosen = views.session_views({**view, "sessions": mine}, language, hide_full=False)
    labels = {s["id"]: s["label"] for day in chosen for s in day["sessions"]}
    places = [{"label": labels.get(sid, "") if sid else view["title"], "place": n}
              for sid, n in queue_places(registration).items()]
    context = _session_context(view, event, language)
    if waiting:  # only the sessions they could move to now: free ones
        context["sessions"] = views.session_views(view, language, hide_full=True)
    return pages.render(
        "manage.html", language, path=f"/manage/{token}", status=status, event=view, registration=registration,
        funded_by=(event.project,),
        token=token, csrf=csrf_token(token), when=views.when(view["starts_at"], view["ends_at"], view["timezone"],
                                                            language),
        status_label=status_label(registration.status, language),
        chosen_days=chosen, queue=places, waiting=waiting, active=active,
        can_change=active and bool(event.sessions if waiting else event.questions or event.sessions)
        and view["registration"] in ("open", "closed") and not (waiting and view["registration"] == "closed"),
        confirm=confirm if confirm == "erase" or (confirm == "cancel" and active) else "",
        errors=errors or {}, values=values or views.registration_values(registration, event), notice=notice,
        ask_about_you=ask_about_you, anchors=views.anchors(event.questions),
        countries=views.countries_asked(event.questions, language),
        labels=views.QuestionLabels(view["questions"], language), **context)


def about_you_page(questionnaire: Any, token: str, language: str, *, errors: dict[str, str] | None = None,
                   values: dict[str, str] | None = None, status: int = 200) -> Response:
    """The funder's voluntary questions (the application's Questionnaire), each with "prefer not to say"."""
    from ..fields import pick_language
    from ..institutions.recent import directory

    event = questionnaire.own.event
    project = directory().project(event.project)
    questions = [{"id": q.indicator_id, "label": gettext(language, q.label), "special": q.special,
                  "options": [(o, gettext(language, label)) for o, label in q.options]}
                 for q in questionnaire.questions]
    return pages.render(
        "about_you.html", language, path=f"/manage/{token}/about-you", status=status,
        event=public_view(event, language), funded_by=(event.project,), token=token, csrf=csrf_token(token),
        project=pick_language(project.name, language) if project else event.project, questions=questions,
        errors=errors or {}, values=values or {}, anchors={q["id"]: f"{q['id']}-{q['options'][0][0]}"
                                                         for q in questions} | {"special_consent": "special_consent"},
        labels=views.QuestionLabels([], language, {q["id"]: q["label"] for q in questions}
                                    | {"special_consent": N_("Consent")}))


def question_page(language: str, path: str, token: str, *, heading: Text, message: Text, button: Text,
                  action: str) -> Response:
    """One question and one button, posted with the link's CSRF token (a mail scanner's GET changes nothing)."""
    return pages.render("message.html", language, path=path, heading=views.say(language, heading),
                        message=views.say(language, message), action=action, csrf=csrf_token(token),
                        button=views.say(language, button), back="", back_label="")


STILL_COMES = N_("Confirmations, reminders and changes to the event will still reach you.")


def unsubscribe_page(event: Event, stopped: bool, token: str, language: str) -> Response:
    """The unsubscribe link: a question and one button, or, once stopped, what still comes.

    The button posts the link itself (no CSRF token: the link is the proof, as in one-click)."""
    title = views.pick(event.title, language)
    heading = Text("Organiser messages stopped") if stopped else Text("Stop messages from the organiser?")
    message = (Text("You will no longer receive the messages the organiser of “%(title)s” writes to participants.",
                    {"title": title}) if stopped else
               Text("Press the button and you will no longer receive the messages the organiser of “%(title)s” "
                    "writes to participants.", {"title": title}))
    return pages.render("message.html", language, path=f"/unsubscribe/{token}", heading=views.say(language, heading),
                        message=f"{views.say(language, message)} {gettext(language, STILL_COMES)}",
                        action="" if stopped else f"/unsubscribe/{token}", csrf="",
                        button=views.say(language, Text("Stop the organiser's messages")), back="", back_label="")


def problem_page(language: str, status: int, heading: Text, message: Text | str | None = None,
                 path: str = "/events") -> Response:
    """A friendly page for any refusal: what happened, in plain words, and the way back."""
    text = views.say(language, message) if isinstance(message, Text) else (message or "")
    return pages.render("message.html", language, path=path, status=status, heading=views.say(language, heading),
                        message=text, action="", csrf="", button="", back="", back_label="")


def _ics(data: bytes, filename: str) -> Response:
    return Response(body=data.decode("utf-8"), status_code=200, headers={
        "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": f'attachment; filename="{filename}"'})


def _calendar_fields(item: Event, language: str) -> dict[str, Any]:
    from ..config import settings
    from ..events.calendar import calendar_entry

    return calendar_entry(item, language, f"{settings().base_url}/events/{item.event_id}")


def calendar_feed_response(page: Page, language: str) -> Response:
    from ..calendar_file import calendar_feed

    return _ics(calendar_feed([_calendar_fields(i, language) for i in page.items]), "events.ics")


def event_calendar_response(event: Event, language: str) -> Response:
    from ..calendar_file import event_calendar

    return _ics(event_calendar(**_calendar_fields(event, language)), f"{event.event_id}.ics")
