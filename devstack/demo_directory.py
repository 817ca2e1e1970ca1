"""The two seed programmes' institutions and projects, so `make run` shows a complete public service.

Names, addresses and funding lines are the real ones from the programmes' pages; e-mail addresses
are example.org and phone numbers use the fictional 555 range, so nobody real is contacted.
The logos are simple monograms drawn here, not the bodies' real marks.
"""
from __future__ import annotations

from typing import Any

HOST = "umws"  # the institution the demo board speaks for (SITE_INSTITUTION)
WEEKDAYS = {"pl": "Urząd jest czynny w dni robocze w godz. 7:30–15:30.",
            "en": "The office is open on working days, 7:30–15:30.",
            "uk": "Установа працює в робочі дні з 7:30 до 15:30."}


def _monogram(letters: str, colour: str) -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 140" width="120" height="140">'
            f'<path d="M10 10h100v70c0 30-25 48-50 58C35 128 10 110 10 80z" fill="{colour}"/>'
            f'<path d="M20 20h80v60c0 23-19 37-40 45-21-8-40-22-40-45z" fill="none" stroke="#ffd617" '
            f'stroke-width="4"/><text x="60" y="85" font-family="sans-serif" font-size="38" font-weight="700" '
            f'fill="#fff" text-anchor="middle">{letters}</text></svg>').encode()


INSTITUTIONS: list[dict[str, Any]] = [
    {"id": "umws",
     "name": {"pl": "Urząd Marszałkowski Województwa Świętokrzyskiego",
              "en": "Marshal's Office of the Świętokrzyskie Voivodeship",
              "uk": "Маршалківський уряд Свентокшиського воєводства"},
     "address": "al. IX Wieków Kielc 3\n25-516 Kielce", "email": "re-turn@example.org",
     "phone": "+48 41 555 01 00", "website": "https://www.swietokrzyskie.pro",
     "controller": {"pl": "Marszałek Województwa Świętokrzyskiego, al. IX Wieków Kielc 3, 25-516 Kielce",
                    "en": "The Marshal of the Świętokrzyskie Voivodeship, al. IX Wieków Kielc 3, 25-516 Kielce",
                    "uk": "Маршалок Свентокшиського воєводства, al. IX Wieków Kielc 3, 25-516 Kielce"},
     "dpo_name": "Inspektor Ochrony Danych", "dpo_email": "iod.umws@example.org", "dpo_phone": "+48 41 555 01 10",
     "accessibility_contact": "Anna Zielińska", "accessibility_email": "dostepnosc.umws@example.org",
     "accessibility_phone": "+48 41 555 01 20", "accessibility_status": "partial",
     "accessibility_exceptions": {
         "pl": "Część dokumentów PDF opublikowanych przed 2020 r. nie jest dostępna cyfrowo (dokumenty archiwalne, "
               "wyłączone na podstawie art. 3 ust. 2 ustawy).",
         "en": "Some PDF documents published before 2020 are not digitally accessible (archived documents, "
               "exempt under Article 3(2) of the act).",
         "uk": "Частина документів PDF, опублікованих до 2020 р., не є цифрово доступною (архівні документи, "
               "винятки на підставі ст. 3 п. 2 закону)."},
     "accessibility_premises": {
         "pl": "Wejście główne od al. IX Wieków Kielc jest dostępne dla osób na wózkach (podjazd). Budynek ma windę "
               "i toaletę dostosowaną na parterze. Przed budynkiem są 2 miejsca parkingowe dla osób "
               "z niepełnosprawnościami. Do budynku można wejść z psem asystującym. W kancelarii działa pętla "
               "indukcyjna; tłumacza PJM można zamówić 3 dni robocze przed wizytą. " + WEEKDAYS["pl"],
         "en": "The main entrance from al. IX Wieków Kielc is wheelchair accessible (ramp). The building has a lift "
               "and an accessible toilet on the ground floor. There are 2 parking spaces for disabled people in "
               "front of the building. Assistance dogs are welcome. The front office has an induction loop; a "
               "Polish Sign Language interpreter can be booked 3 working days ahead. " + WEEKDAYS["en"],
         "uk": "Головний вхід з боку al. IX Wieków Kielc доступний для людей на візках (пандус). У будівлі є ліфт "
               "і пристосований туалет на першому поверсі. Перед будівлею є 2 паркувальні місця для людей з "
               "інвалідністю. Можна входити з собакою-асистентом. У канцелярії є індукційна петля; перекладача "
               "польської жестової мови можна замовити за 3 робочі дні. " + WEEKDAYS["uk"]},
     "statement_published": "2020-09-23", "statement_updated": "2026-03-31",
     "logo": _monogram("UM", "#1f5fa8")},
    {"id": "um-lublin",
     "name": {"pl": "Urząd Miasta Lublin", "en": "City of Lublin", "uk": "Міська рада Любліна"},
     "address": "Plac Króla Władysława Łokietka 1\n20-109 Lublin", "email": "epi@example.org",
     "phone": "+48 81 555 02 00", "website": "https://lublin.eu",
     "controller": {"pl": "Prezydent Miasta Lublin, Plac Króla Władysława Łokietka 1, 20-109 Lublin",
                    "en": "The Mayor of the City of Lublin, Plac Króla Władysława Łokietka 1, 20-109 Lublin",
                    "uk": "Президент міста Люблін, Plac Króla Władysława Łokietka 1, 20-109 Lublin"},
     "dpo_name": "Inspektor Ochrony Danych", "dpo_email": "iod.lublin@example.org", "dpo_phone": "+48 81 555 02 10",
     "accessibility_contact": "Piotr Lis", "accessibility_email": "dostepnosc.lublin@example.org",
     "accessibility_phone": "+48 81 555 02 20", "accessibility_status": "partial",
     "accessibility_exceptions": {
         "pl": "Nagrania wideo z wydarzeń sprzed 2021 r. nie mają napisów.",
         "en": "Video recordings of events before 2021 have no captions.",
         "uk": "Відеозаписи подій до 2021 р. не мають субтитрів."},
     "accessibility_premises": {
         "pl": "Ratusz przy Placu Łokietka ma wejście bez progów od strony ul. Królewskiej i windę. Toaleta "
               "dostosowana jest na parterze. Można wejść z psem asystującym. Tłumacza PJM można zamówić "
               "3 dni robocze przed wizytą.",
         "en": "The Town Hall on Plac Łokietka has a step-free entrance from ul. Królewska and a lift. An accessible "
               "toilet is on the ground floor. Assistance dogs are welcome. A Polish Sign Language interpreter "
               "can be booked 3 working days ahead.",
         "uk": "Ратуша на площі Локетка має вхід без порогів з боку вул. Крулевської та ліфт. Пристосований "
               "туалет на першому поверсі. Можна входити з собакою-асистентом. Перекладача польської жестової "
               "мови можна замовити за 3 робочі дні."},
     "statement_published": "2020-09-23", "statement_updated": "2026-02-27",
     "logo": _monogram("LU", "#b8232f")},
]

_RETURN_PURPOSES = {
    "pl": "Rejestracja i obsługa uczestników wydarzeń projektu Re-Turn (warsztaty, szkolenia, konferencja, wizyty "
          "studyjne, konsultacje), kontakt w sprawie wydarzeń oraz rozliczenie projektu z instytucją finansującą.",
    "en": "Registering and looking after participants of the Re-Turn project's events (workshops, trainings, the "
          "conference, study visits, consultations), contacting them about the events and accounting for the "
          "project to its funder.",
    "uk": "Реєстрація та обслуговування учасників заходів проєкту Re-Turn (семінари, тренінги, конференція, "
          "навчальні візити, консультації), зв'язок щодо заходів і звітування перед фінансуючою установою."}
_BASIS = {
    "pl": "Art. 6 ust. 1 lit. a RODO (zgoda na udział i kontakt) oraz art. 6 ust. 1 lit. c RODO (obowiązek "
          "rozliczenia projektu współfinansowanego ze środków Unii Europejskiej).",
    "en": "Article 6(1)(a) GDPR (consent to take part and be contacted) and Article 6(1)(c) GDPR (the legal duty "
          "to account for a project co-funded by the European Union).",
    "uk": "Ст. 6 п. 1 літ. a GDPR (згода на участь і контакт) та ст. 6 п. 1 літ. c GDPR (обов'язок звітувати "
          "про проєкт, співфінансований Європейським Союзом)."}


def _recipients(authority: dict[str, str]) -> dict[str, str]:
    return {
        "pl": f"{authority['pl']}, uprawnione do kontroli projektu; organy i instytucje Unii Europejskiej.",
        "en": f"{authority['en']}, entitled to audit the project; bodies and institutions of the European Union.",
        "uk": f"{authority['uk']}, уповноважені перевіряти проєкт; органи та установи Європейського Союзу."}


PROJECTS: list[dict[str, Any]] = [
    {"id": "re-turn", "institution": "umws",
     "name": {"pl": "Re-Turn — Regionalne korzyści płynące z powrotu migrantów",
              "en": "Re-Turn — Regional benefits from returning migrants",
              "uk": "Re-Turn — Регіональна користь від повернення мігрантів"},
     "programme": {"pl": "Program dla Europy Środkowej", "en": "Central Europe Programme",
                   "uk": "Програма для Центральної Європи"},
     "funding": {"pl": "Projekt współfinansowany przez Unię Europejską ze środków Europejskiego Funduszu Rozwoju "
                       "Regionalnego w ramach Programu dla Europy Środkowej.",
                 "en": "The project is co-financed by the European Union from the European Regional Development "
                       "Fund under the Central Europe Programme.",
                 "uk": "Проєкт співфінансується Європейським Союзом з Європейського фонду регіонального розвитку "
                       "в рамках Програми для Центральної Європи."},
     "eu_emblem": True, "purposes": _RETURN_PURPOSES, "legal_basis": _BASIS, "indicators": "esf_plus",
     "recipients": _recipients({"pl": "Wspólny Sekretariat Techniczny Programu", "en": "The Programme's Joint "
                                "Technical Secretariat", "uk": "Спільний технічний секретаріат Програми"})},
    {"id": "epi", "institution": "um-lublin",
     "name": {"pl": "EPI — Europejski Pakt na rzecz Integracji", "en": "EPI — European Pact for Integration",
              "uk": "EPI — Європейський пакт інтеграції"},
     "programme": {"pl": "Urban Innovative Actions", "en": "Urban Innovative Actions",
                   "uk": "Urban Innovative Actions"},
     "funding": {"pl": "Projekt EPI jest współfinansowany przez Unię Europejską.",
                 "en": "The EPI project is co-funded by the European Union.",
                 "uk": "Проєкт EPI співфінансується Європейським Союзом."},
     "eu_emblem": True,
     "purposes": {"pl": "Rejestracja uczestników wydarzeń projektu EPI dla studentów i absolwentów zagranicznych, "
                        "kontakt w sprawie wydarzeń oraz rozliczenie projektu.",
                  "en": "Registering participants of the EPI project's events for international students and "
                        "graduates, contacting them about the events and accounting for the project.",
                  "uk": "Реєстрація учасників заходів проєкту EPI для іноземних студентів і випускників, зв'язок "
                        "щодо заходів і звітування про проєкт."},
     "legal_basis": _BASIS,
     "recipients": _recipients({"pl": "Instytucja zarządzająca programem", "en": "The programme's managing authority",
                                "uk": "Керуючий орган програми"})},
]


def seed_directory(admin: Any) -> None:
    """Create both institutions (with their monogram logos) and projects through the admin's service."""
    from chalicelib.institutions import service

    for data in INSTITUTIONS:
        fields = {k: v for k, v in data.items() if k != "logo"}
        service.save_institution(admin, fields)
        service.upload_logo(admin, "institution", data["id"], data["logo"], "image/svg+xml")
    for data in PROJECTS:
        service.save_project(admin, data)
