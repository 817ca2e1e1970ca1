"""Demo events of two real programmes (Re-Turn, EPI), dated from today so they stay upcoming."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

WARSAW = "Europe/Warsaw"


def _at(days: int, hour: int, minute: int = 0, zone: str = WARSAW) -> datetime:
    local = datetime.now(ZoneInfo(zone)).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return local + timedelta(days=days)


def _iso(value: datetime) -> str:
    return value.isoformat()


def demo_events() -> list[dict[str, Any]]:
    consultation_day = _at(12, 9)
    starts = [consultation_day + timedelta(minutes=30 * i) for i in range(17)]  # each slot ends where the next starts
    slots = [{"id": f"slot-{i + 1:02d}", "title": f"{starts[i]:%H:%M}\u2013{starts[i + 1]:%H:%M}",
              "starts_at": _iso(starts[i]), "ends_at": _iso(starts[i + 1]), "capacity": 1}
             for i in range(16)]
    return [
        {"project": "re-turn", "kind": "workshop", "capacity": 25, "timezone": WARSAW,
         "title": {"pl": "Warsztat regionalny: praca i legalny pobyt w Polsce",
                   "en": "Regional workshop: work and legal stay in Poland",
                   "uk": "Регіональний семінар: робота та легальне перебування в Польщі"},
         "description": {"pl": "Praktyczne spotkanie dla migrantów i osób powracających: zezwolenia, umowy, "
                               "gdzie szukać pomocy.",
                         "en": "A practical meeting for migrants and returnees: permits, contracts, "
                               "where to get help.",
                         "uk": "Практична зустріч для мігрантів і тих, хто повертається: дозволи, договори, "
                               "де шукати допомогу."},
         "starts_at": _iso(_at(9, 10)), "ends_at": _iso(_at(9, 14)),
         "venue": "Urząd Marszałkowski, al. IX Wieków Kielc 3, Kielce",
         "audiences": ["migrants", "returnees"],
         "questions": [
             {"id": "country", "type": "country", "label": {"pl": "Kraj pochodzenia", "en": "Country of origin",
                                                            "uk": "Країна походження"}},
             {"id": "interpreter", "type": "checkbox", "label": {
                 "pl": "Potrzebuję tłumacza", "en": "I need an interpreter", "uk": "Мені потрібен перекладач"}},
             {"id": "interpreter_language", "type": "choice", "required": True,
              "show_if": {"question": "interpreter", "equals": True},
              "label": {"pl": "Język tłumaczenia", "en": "Interpreting language", "uk": "Мова перекладу"},
              "options": [{"id": "uk", "label": "українська"}, {"id": "en", "label": "English"},
                          {"id": "ru", "label": "русский"}]},
         ]},
        {"project": "re-turn", "kind": "training", "capacity": 3, "timezone": WARSAW,
         "title": {"pl": "Szkolenie: zakładanie firmy w Polsce", "en": "Training: starting a business in Poland",
                   "uk": "Тренінг: як відкрити бізнес у Польщі"},
         "starts_at": _iso(_at(16, 9)), "ends_at": _iso(_at(16, 15)),
         "venue": "Kielecki Park Technologiczny, ul. Olszewskiego 6, Kielce",
         "audiences": ["entrepreneurs", "migrants"]},
        {"project": "re-turn", "kind": "conference", "capacity": 200, "timezone": WARSAW,
         "title": {"pl": "Międzynarodowa konferencja projektu Re-Turn", "en": "Re-Turn international conference",
                   "uk": "Міжнародна конференція проєкту Re-Turn"},
         "starts_at": _iso(_at(30, 9)), "ends_at": _iso(_at(31, 16)), "venue": "Targi Kielce, ul. Zakładowa 1",
         "audiences": ["institutions", "entrepreneurs", "migrants"],
         "sessions_exclusive": True,  # the two workshops run side by side: one of them per person
         "sessions": [
             {"id": "panel", "title": {"pl": "Panel: powroty migrantów a rozwój regionu",
                                       "en": "Panel: returning migrants and regional development",
                                       "uk": "Панель: повернення мігрантів і розвиток регіону"},
              "starts_at": _iso(_at(30, 10)), "ends_at": _iso(_at(30, 12)), "capacity": 200},
             {"id": "ws-labour", "title": {"pl": "Warsztat: rynek pracy", "en": "Workshop: the labour market",
                                           "uk": "Семінар: ринок праці"},
              "starts_at": _iso(_at(30, 13)), "ends_at": _iso(_at(30, 15)), "capacity": 40},
             {"id": "ws-business", "title": {"pl": "Warsztat: wsparcie biznesu",
                                             "en": "Workshop: business support", "uk": "Семінар: підтримка бізнесу"},
              "starts_at": _iso(_at(30, 13)), "ends_at": _iso(_at(30, 15)), "capacity": 40}]},
        {"project": "re-turn", "kind": "study_visit", "capacity": 12, "timezone": "Europe/Rome",
         "requires_approval": True,
         "title": {"pl": "Wizyta studyjna: integracja migrantów w Monza",
                   "en": "Study visit: migrant integration in Monza",
                   "uk": "Навчальний візит: інтеграція мігрантів у Монці"},
         "starts_at": _iso(_at(45, 9, zone="Europe/Rome")), "ends_at": _iso(_at(46, 17, zone="Europe/Rome")),
         "venue": "Comune di Monza, Piazza Trento e Trieste, Monza", "audiences": ["institutions"]},
        {"project": "re-turn", "kind": "consultation", "capacity": 16, "timezone": WARSAW,
         "title": {"pl": "Konsultacje biznesowe jeden na jeden", "en": "One-to-one business consultations",
                   "uk": "Індивідуальні бізнес-консультації"},
         "starts_at": _iso(consultation_day), "ends_at": _iso(consultation_day + timedelta(hours=8)),
         "venue": "Punkt Pierwszego Kontaktu, Kielce", "audiences": ["entrepreneurs"], "sessions": slots},
        {"project": "re-turn", "kind": "meeting", "capacity": 20, "timezone": WARSAW, "invite_only": True,
         "invite_codes": ["RGR-2026"],
         "title": {"pl": "Posiedzenie Regionalnej Grupy Roboczej", "en": "Regional Working Group meeting",
                   "uk": "Засідання Регіональної робочої групи"},
         "starts_at": _iso(_at(20, 11)), "ends_at": _iso(_at(20, 13)), "venue": "Sala konferencyjna, Kielce",
         "audiences": ["institutions"]},
        {"project": "epi", "kind": "seminar", "capacity": 40, "timezone": "Europe/Warsaw", "double_opt_in": True,
         "title": {"pl": "Seminarium EPI: studenci zagraniczni na rynku pracy",
                   "en": "EPI seminar: international students on the labour market",
                   "uk": "Семінар EPI: іноземні студенти на ринку праці"},
         "starts_at": _iso(_at(14, 12)), "ends_at": _iso(_at(14, 15)),
         "venue": "Urząd Miasta Lublin, Plac Króla Władysława Łokietka 1",
         "audiences": ["students", "migrants"]},
    ]


DEMO_PEOPLE = (("Olena Kovalenko", "uk"), ("Jan Kowalski", "pl"), ("Amal Haddad", "en"),
               ("Iryna Shevchenko", "uk"), ("Tomasz Nowak", "pl"), ("Maria Rossi", "en"),
               ("Andrii Melnyk", "uk"), ("Zofia Wiśniewska", "pl"))


def demo_address(name: str) -> str:
    """A demo person's address, made from their name."""
    return name.lower().replace(" ", ".").replace("ś", "s") + "@example.org"


def _demo_registrations(event_ids: list[str]) -> None:
    """A few people in the first two events, some checked in, so the dashboard has something to show.

    They are added as a case worker would (no e-mail confirmation step); their confirmation
    e-mails wait in the outbox until its job runs (`POST /dev/jobs/outbox`).
    """
    from chalicelib.checkin import service as checkin
    from chalicelib.events.service import public_event
    from chalicelib.registration import signup

    for index, (name, language) in enumerate(DEMO_PEOPLE):
        event = public_event(event_ids[index % 2])
        address = demo_address(name)
        outcome = signup.register_on_behalf(event, {
            "name": name, "email": address, "language": language, "consent": True, "answers": {}},
            "admin@zapisy.example.org")
        if index < 3 and outcome.status == "confirmed":
            checkin.check_in(public_event(event.event_id), outcome.registration_id, by="demo")


def seed(created_by: str = "demo") -> list[str]:
    """Create the institutions, projects and published events through the same code the API uses."""
    from chalicelib.auth import Organizer
    from chalicelib.events import service

    from .demo_after import seed_after_event
    from .demo_directory import seed_directory

    admin = Organizer(created_by, "admin@zapisy.example.org", "admin", ("re-turn", "epi"))
    seed_directory(admin)
    ids = []
    for data in demo_events():
        item = service.create_event(admin, data)
        service.publish_event(admin, item.event_id)
        ids.append(item.event_id)
    _demo_registrations(ids)
    ids.append(seed_after_event(admin))
    return ids
