"""A conference like the demo's (devstack/demo.py), and sign-ups that fill in its form as people would.

The cost of a sign-up grows with the event item it reads and writes and with the answers it
stores, so the cost benchmark measures one that looks like the real thing: texts in Polish,
English and Ukrainian, two days with a panel, two workshops side by side and a networking
morning, and the questions a regional conference asks (a conditional one among them).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

WARSAW = "Europe/Warsaw"
NAMES = ("Olena Kovalenko", "Jan Kowalski", "Amal Haddad", "Iryna Shevchenko", "Tomasz Nowak",
         "Maria Rossi", "Andrii Melnyk", "Zofia Wiśniewska", "Dmytro Bondarenko", "Katarzyna Zielińska")
ROLES = ("institution", "business", "ngo", "migrant", "other")
DIETS = ("none", "vegetarian", "vegan", "gluten_free")
COUNTRIES = ("UA", "PL", "IT", "DE", "BY", "GE")


def _text(pl: str, en: str, uk: str) -> dict[str, str]:
    return {"pl": pl, "en": en, "uk": uk}


def _questions() -> list[dict[str, Any]]:
    return [
        {"id": "organisation", "type": "text", "required": True, "max_length": 120,
         "label": _text("Instytucja lub firma", "Organisation or company", "Установа або компанія")},
        {"id": "role", "type": "choice", "required": True,
         "label": _text("Kogo reprezentujesz?", "Whom do you represent?", "Кого ви представляєте?"),
         "options": [
             {"id": "institution", "label": _text("Instytucję publiczną", "A public institution", "Державну установу")},
             {"id": "business", "label": _text("Przedsiębiorstwo", "A business", "Підприємство")},
             {"id": "ngo", "label": _text("Organizację pozarządową", "An NGO", "Громадську організацію")},
             {"id": "migrant", "label": _text("Siebie – jestem migrantem lub migrantką",
                                              "Myself – I am a migrant", "Себе – я мігрант чи мігрантка")},
             {"id": "other", "label": _text("Inne", "Other", "Інше")}]},
        {"id": "country", "type": "country",
         "label": _text("Kraj pochodzenia", "Country of origin", "Країна походження")},
        {"id": "interpreter", "type": "checkbox",
         "label": _text("Potrzebuję tłumacza", "I need an interpreter", "Мені потрібен перекладач")},
        {"id": "interpreter_language", "type": "choice", "required": True,
         "show_if": {"question": "interpreter", "equals": True},
         "label": _text("Język tłumaczenia", "Interpreting language", "Мова перекладу"),
         "options": [{"id": "uk", "label": "українська"}, {"id": "en", "label": "English"},
                     {"id": "ru", "label": "русский"}]},
        {"id": "diet", "type": "choice", "required": True,
         "label": _text("Posiłki podczas konferencji", "Meals during the conference", "Харчування під час конференції"),
         "options": [{"id": "none", "label": _text("Bez wymagań", "No requirements", "Без особливих вимог")},
                     {"id": "vegetarian", "label": _text("Wegetariańskie", "Vegetarian", "Вегетаріанське")},
                     {"id": "vegan", "label": _text("Wegańskie", "Vegan", "Веганське")},
                     {"id": "gluten_free", "label": _text("Bezglutenowe", "Gluten-free", "Безглютенове")}]},
        {"id": "accessibility", "type": "textarea", "max_length": 500,
         "label": _text("Potrzeby związane z dostępnością", "Accessibility needs", "Потреби щодо доступності")},
        {"id": "photos", "type": "checkbox",
         "label": _text("Zgadzam się na zdjęcia podczas konferencji", "I agree to be photographed at the conference",
                        "Я погоджуюся на фотографування під час конференції")},
    ]


def conference(number: int, day: datetime) -> dict[str, Any]:
    """The `number`-th conference, starting on `day` (09:00 Warsaw time) for two days, `capacity` 40."""
    def at(days: int, hour: int) -> str:
        return (day.replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=days)).isoformat()

    return {
        "project": "re-turn", "kind": "conference", "capacity": 40, "timezone": WARSAW,
        "title": _text(f"Międzynarodowa konferencja projektu Re-Turn – edycja {number}",
                       f"Re-Turn international conference – edition {number}",
                       f"Міжнародна конференція проєкту Re-Turn – випуск {number}"),
        "description": _text(
            "Dwa dni rozmów o powrotach migrantów i o tym, jak regiony mogą z nich korzystać: panel ekspertów, "
            "warsztaty o rynku pracy i wsparciu biznesu oraz poranek na spotkania w mniejszych grupach. "
            "Zapewniamy tłumaczenie na język ukraiński i angielski.",
            "Two days about returning migrants and how regions can benefit from them: an expert panel, "
            "workshops on the labour market and business support, and a morning for meetings in small groups. "
            "Interpreting into Ukrainian and English is provided.",
            "Два дні розмов про повернення мігрантів і про те, як регіони можуть від цього виграти: панель "
            "експертів, семінари про ринок праці та підтримку бізнесу, а також ранок для зустрічей у малих "
            "групах. Забезпечуємо переклад українською та англійською."),
        "starts_at": at(0, 9), "ends_at": at(1, 16), "venue": "Targi Kielce, ul. Zakładowa 1, Kielce",
        "audiences": ["institutions", "entrepreneurs", "migrants"],
        "sessions_exclusive": True,  # the two workshops run side by side: one of them per person
        "sessions": [
            {"id": "panel", "capacity": 200, "starts_at": at(0, 10), "ends_at": at(0, 12),
             "title": _text("Panel: powroty migrantów a rozwój regionu",
                            "Panel: returning migrants and regional development",
                            "Панель: повернення мігрантів і розвиток регіону")},
            {"id": "ws-labour", "capacity": 40, "starts_at": at(0, 13), "ends_at": at(0, 15),
             "title": _text("Warsztat: rynek pracy", "Workshop: the labour market", "Семінар: ринок праці")},
            {"id": "ws-business", "capacity": 40, "starts_at": at(0, 13), "ends_at": at(0, 15),
             "title": _text("Warsztat: wsparcie biznesu", "Workshop: business support",
                            "Семінар: підтримка бізнесу")},
            {"id": "networking", "capacity": 200, "starts_at": at(1, 10), "ends_at": at(1, 12),
             "title": _text("Spotkania w małych grupach", "Meetings in small groups", "Зустрічі в малих групах")},
        ],
        "questions": _questions(),
    }


def sign_up(n: int) -> dict[str, Any]:
    """The n-th person's form: the panel, one of the two workshops in turn, the networking morning for
    every other person; every required question answered, the optional ones by some."""
    interpreter = n % 3 == 0
    answers: dict[str, Any] = {
        "organisation": ("Urząd Marszałkowski Województwa Świętokrzyskiego", "Kielecki Park Technologiczny",
                         "Fundacja Ukraiński Dom", "Comune di Monza", "ТОВ «Новий шлях»")[n % 5],
        "role": ROLES[n % len(ROLES)], "diet": DIETS[n % len(DIETS)], "photos": n % 2 == 0,
    }
    if n % 4 != 3:
        answers["country"] = COUNTRIES[n % len(COUNTRIES)]
    if interpreter:
        answers |= {"interpreter": True, "interpreter_language": ("uk", "en", "ru")[n // 3 % 3]}
    if n % 10 == 0:
        answers["accessibility"] = "Poruszam się na wózku; proszę o miejsce przy przejściu."
    sessions = ["panel", ("ws-labour", "ws-business")[n // 4 % 2]] + (["networking"] if n % 2 else [])
    return {"name": f"{NAMES[n % len(NAMES)]} {n}", "email": f"person{n}@example.org",
            "language": ("pl", "en", "uk")[n % 3], "consent": True, "answers": answers, "sessions": sessions}
