"""Demo of what comes after an event: a two-day training of Re-Turn that ended yesterday, with a
sign-in sheet filled in by hand, certificates issued to those who came to both days, the
satisfaction survey sent and answered by six of them, and the funder's questions answered by a
few people. So `make run` shows attendance, certificates, survey results and the funder report
with something in them."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .demo import DEMO_PEOPLE, WARSAW, _at, _iso, demo_address

SURVEY_ANSWERS = (  # overall, useful, organisation (1 to 5), what to change
    (5, 5, 4, "Więcej przykładów umów."), (4, 5, 4, ""), (5, 4, 5, "More time for questions, please."),
    (4, 4, 3, "Sala była za mała."), (5, 5, 5, ""), (3, 4, 4, "Матеріали українською наперед."))
FUNDER_ANSWERS = (
    {"gender": "female", "age_band": "30_54", "labour_status": "unemployed", "education": "isced_5_8",
     "third_country_national": "yes", "foreign_background": "yes", "disability": "prefer_not"},
    {"gender": "male", "age_band": "18_29", "labour_status": "employed", "education": "isced_3_4",
     "third_country_national": "no", "foreign_background": "yes", "disability": "no", "special_consent": True},
    {"gender": "prefer_not", "age_band": "55_plus", "labour_status": "inactive", "education": "isced_0_2",
     "third_country_national": "yes", "foreign_background": "yes", "disability": "prefer_not"},
)


def training() -> dict[str, Any]:
    """The training as created: in the future (as any new event), moved to last week once people are in."""
    return {
        "project": "re-turn", "kind": "training", "capacity": 20, "timezone": WARSAW,
        "title": {"pl": "Szkolenie: prawo pracy w praktyce", "en": "Training: employment law in practice",
                  "uk": "Тренінг: трудове право на практиці"},
        "starts_at": _iso(_at(5, 9)), "ends_at": _iso(_at(6, 15)),
        "venue": "Wojewódzki Urząd Pracy, ul. Witosa 86, Kielce", "audiences": ["migrants", "returnees"],
        "certificate": {"enabled": True, "min_attendance": 1, "hours": 12,
                        "signatory": "Anna Kowalska, Dyrektor Departamentu Polityki Regionalnej",
                        "text": {"pl": "Umowy o pracę i zlecenia, czas pracy, urlopy, gdzie szukać pomocy.",
                                 "en": "Employment and civil-law contracts, working time, leave, where to get help.",
                                 "uk": "Трудові та цивільно-правові договори, робочий час, відпустки, де шукати "
                                       "допомогу."}},
        "survey": {"enabled": True, "reminder": True}}


def seed_after_event(admin: Any) -> str:
    """Create the training, fill it, move it to the past, mark the sheet and run the after-event job."""
    from chalicelib import auth
    from chalicelib.application.participant import indicators
    from chalicelib.application.schedules import jobs
    from chalicelib.checkin import sheet
    from chalicelib.events import service
    from chalicelib.registration import signup
    from chalicelib.registration.attendance import units
    from chalicelib.surveys import answering

    event = service.publish_event(admin, service.create_event(admin, training()).event_id)
    people = []
    for name, language in DEMO_PEOPLE:
        people.append(signup.register_on_behalf(event, {"name": name, "email": demo_address(name), "language": language,
                                                         "consent": True, "answers": {}}, admin.email))
    # Two calendar days where the event is, whatever the hour: from 09:00 two days ago to 17:00 yesterday.
    event = service.update_event(admin, event.event_id, {"starts_at": _iso(_at(-2, 9)), "ends_at": _iso(_at(-1, 17))})
    first, second = (unit.unit_id for unit in units(event))
    ids = [person.registration_id for person in people]
    sheet.save_sheet(event, first, ids[:7], by=admin.email)  # one did not come at all
    sheet.save_sheet(event, second, ids[:5], by=admin.email)  # two came only on the first day
    now = datetime.now(UTC)
    jobs.issue_certificates(now)
    jobs.send_surveys(now)
    for registration_id, (overall, useful, organisation, change) in zip(ids, SURVEY_ANSWERS, strict=False):
        answering.answer(auth.survey_token(event.event_id, registration_id), {
            "overall": overall, "useful": useful, "organisation": organisation, "change": change})
    for registration_id, answers in zip(ids, FUNDER_ANSWERS, strict=False):
        indicators.answer(auth.manage_token(event.event_id, registration_id), answers)
    return event.event_id
