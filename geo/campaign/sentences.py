"""What changed since a date, in the Dutch sentences a council member reads.

>>> dutch_date(date(2026, 9, 6))
'6 september 2026'
"""

from __future__ import annotations

import math
from datetime import date
from typing import Mapping, Sequence

from geo import texts
from geo.campaign.progress import Progress

MAX_NAMES = 8  # names listed in one sentence; the rest is "en N andere"


def dutch_date(day: date) -> str:
    return f"{day.day} {texts.MAANDEN[day.month - 1]} {day.year}"


def percent(share: float) -> str:
    """``0.426`` → ``'43 %'``, halves rounded up (Dutch: a space before the sign)."""
    return f"{math.floor(share * 100 + 0.5):d} %"


def progress_sentences(progress: Progress) -> list[str]:
    """The change since ``progress.sinds`` as short sentences, most telling first."""
    lines = [_counted(texts.VOORTGANG_NIEUWE_PARTNERS, progress.nieuwe_vertrouwde)]
    if progress.niet_meer_vertrouwd_aantal and len(progress.niet_meer_vertrouwd) == progress.niet_meer_vertrouwd_aantal:
        lines.append(_counted(texts.VOORTGANG_NIET_MEER_VERTROUWD, progress.niet_meer_vertrouwd))
    elif progress.niet_meer_vertrouwd_aantal:  # not the reader's to name: a count
        lines.append(_plural(texts.VOORTGANG_NIET_MEER_VERTROUWD_AANTAL, progress.niet_meer_vertrouwd_aantal))
    if progress.witte_vlekken_weg:
        lines.append(_counted(texts.VOORTGANG_WITTE_VLEKKEN_MINDER, progress.witte_vlekken_weg))
    if progress.witte_vlekken_nieuw:
        lines.append(_counted(texts.VOORTGANG_WITTE_VLEKKEN_MEER, progress.witte_vlekken_nieuw))
    if not progress.witte_vlekken_weg and not progress.witte_vlekken_nieuw:
        lines.append(_plural(texts.VOORTGANG_WITTE_VLEKKEN_GELIJK, progress.witte_vlekken_nu))
    measure = texts.VOORTGANG_MAAT_INWONERS if progress.op_inwoners else texts.VOORTGANG_MAAT_OPPERVLAKTE
    lines.append(texts.VOORTGANG_GEDEKT.format(toen=percent(progress.gedekt_toen), nu=percent(progress.gedekt_nu),
                                               maat=measure))
    actions = _plural(texts.VOORTGANG_ACTIES, progress.acties_gedaan)
    if progress.acties_gedaan:
        actions += texts.VOORTGANG_BEREIKT.format(mensen=progress.mensen_bereikt) if progress.mensen_bereikt else "."
    lines.append(actions)
    lines.append(funnel_sentence(progress.trechter_nu, progress.trechter_toen))
    return lines


def funnel_sentence(now: Mapping[str, int], then: Mapping[str, int] | None = None) -> str:
    """``Trechter nu: 12 te contacteren (−2), 5 gecontacteerd (+3), …``."""
    steps = []
    for status, count in now.items():
        label = status if count == 1 else texts.VOORTGANG_STATUS_MEERVOUD.get(status, status)
        change = "" if then is None else f" ({_signed(count - then.get(status, 0))})"
        steps.append(f"{count} {label}{change}")
    return texts.VOORTGANG_TRECHTER.format(stappen=", ".join(steps))


def _signed(number: int) -> str:
    return f"+{number}" if number > 0 else f"−{-number}" if number < 0 else "0"


def _counted(templates: Mapping[int, str], names: Sequence[str]) -> str:
    return _plural(templates, len(names), namen=_names(names))


def _plural(templates: Mapping[int, str], count: int, **values) -> str:
    template = templates.get(count) or templates[max(k for k in templates if k <= count)]
    return template.format(aantal=count, **values)


def _names(names: Sequence[str]) -> str:
    if len(names) <= MAX_NAMES:
        return ", ".join(names)
    return texts.VOORTGANG_EN_ANDERE.format(namen=", ".join(names[:MAX_NAMES]), aantal=len(names) - MAX_NAMES)
