"""The questions a project can ask for its funder's indicators, and the ready sets of them.

The ESF+ common output indicators (Regulation (EU) 2021/1057, Annex I) count participants by
gender, age, labour-market status, education (ISCED levels), third-country nationals, people with
a foreign background and people with disabilities; AMIF counts third-country nationals. Every
question offers "prefer not to say", and none is required. Disability is health data (Article 9
GDPR): its answer is kept only with a consent of its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_

PREFER_NOT = "prefer_not"


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    label: str  # a msgid
    options: tuple[tuple[str, str], ...]  # (option id, msgid), "prefer not to say" last
    special: bool = False  # a special category of data (Article 9 GDPR): needs its own consent


def _options(*pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (*pairs, (PREFER_NOT, N_("I prefer not to say")))


INDICATORS = {indicator.indicator_id: indicator for indicator in (
    Indicator("gender", N_("Gender"), _options(("female", N_("Woman")), ("male", N_("Man")),
                                               ("non_binary", N_("Non-binary")))),
    Indicator("age_band", N_("Age"), _options(("under_18", N_("Under 18")), ("18_29", N_("18–29")),
                                              ("30_54", N_("30–54")), ("55_plus", N_("55 or older")))),
    Indicator("labour_status", N_("Situation on the labour market"), _options(
        ("employed", N_("Employed, including self-employed")),
        ("unemployed", N_("Unemployed, including long-term unemployed")),
        ("inactive", N_("Not working and not looking for work")),
        ("in_education", N_("In education or training")))),
    Indicator("education", N_("Highest completed education"), _options(
        ("isced_0_2", N_("Primary or lower secondary (ISCED 0–2)")),
        ("isced_3_4", N_("Upper secondary or post-secondary (ISCED 3–4)")),
        ("isced_5_8", N_("Tertiary: higher education (ISCED 5–8)")))),
    Indicator("third_country_national", N_("Are you a citizen of a country outside the European Union?"),
              _options(("yes", N_("Yes")), ("no", N_("No")))),
    Indicator("foreign_background", N_("Were you or your parents born abroad?"),
              _options(("yes", N_("Yes")), ("no", N_("No")))),
    Indicator("disability", N_("Do you have a disability?"), _options(("yes", N_("Yes")), ("no", N_("No"))),
              special=True),
)}

PRESETS = {
    "esf_plus": ("gender", "age_band", "labour_status", "education", "third_country_national",
                 "foreign_background", "disability"),
    "amif": ("third_country_national", "gender", "age_band"),
}


def asked(indicator_ids: list[str] | tuple[str, ...]) -> list[Indicator]:
    """The project's questions, in the order it chose, known ones only."""
    return [INDICATORS[i] for i in indicator_ids if i in INDICATORS]


def option_label(indicator_id: str, option_id: str) -> str | None:
    """The msgid of an answer, for report rows; None if unknown."""
    indicator = INDICATORS.get(indicator_id)
    return dict(indicator.options).get(option_id) if indicator else None
