"""Candidates added as partners to contact, or dismissed.

:func:`add_candidates` makes partners with status ``te contacteren`` of the chosen candidates
in one import (``modus`` ``toevoegen``): one transaction, an audit line, and undo on the page
Importeren like any import. The store records each new partner's source and id
(``partner_bron``), so a refresh never offers the candidate again while the partner exists;
its notes say where it came from. Candidates already added are skipped, so adding twice adds
nothing.

>>> run = add_candidates(store, boundaries, [candidate], door="an@example.org")   # doctest: +SKIP
>>> run.toegevoegd                                                                 # doctest: +SKIP
1
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from geo import texts
from geo.candidates.records import Candidate, attribution_of
from geo.categories import Category, load_categories
from geo.partners import Partner, place_partner, validate_partner
from geo.store.records import ImportRun

_BELGIAN_POSTCODE = re.compile(r"^[1-9][0-9]{3}$")  # open data also has 'B-2800' or '2800 Mechelen': left out


def add_candidates(store, boundaries, candidates: Sequence[Candidate], door: str = "",
                   categories: Mapping[str, Category] | None = None) -> ImportRun | None:
    """Add the candidates not added yet as partners ``te contacteren``; None when there is nothing to add.

    A ``ValueError`` (Dutch) names a candidate that cannot become a partner; then nothing is added.
    """
    categories = categories if categories is not None else load_categories()
    names = store.candidate_source_names()
    already = store.partner_sources()
    chosen = list({c.key: c for c in candidates if c.key not in already}.values())
    if not chosen:
        return None
    partners = [_partner(candidate, boundaries, categories, attribution_of(candidate.bron, names)) for candidate in chosen]
    first = chosen[0]
    run = ImportRun(bestand=texts.KANDIDATEN_IMPORT_BESTAND.format(bron=attribution_of(first.bron, names)),
                    modus="toevoegen",
                    gemeente_nis=first.gemeente_nis, gebruiker=door)
    return store.apply_import(run, partners, [], [], sources=[c.key for c in chosen])


def dismiss_candidates(store, candidates: Sequence[Candidate], door: str = "") -> int:
    """Mark candidates ``geen kandidaat``; returns how many."""
    for candidate in candidates:
        store.candidate_dismiss(candidate, door)
    return len(candidates)


def _partner(candidate: Candidate, boundaries, categories: Mapping[str, Category], source: str) -> Partner:
    data = {"naam": candidate.naam, "categorie": candidate.categorie, "status": "te contacteren",
            "straat": candidate.straat, "huisnummer": candidate.huisnummer,
            "postcode": candidate.postcode if _BELGIAN_POSTCODE.match(candidate.postcode) else "",
            "plaats": candidate.plaats, "lat": candidate.lat, "lon": candidate.lon,
            "gemeente_nis": candidate.gemeente_nis,
            "notities": texts.KANDIDAAT_NOTITIE.format(bron=source, id=candidate.bron_id,
                                                       soort=candidate.detail)}
    partner, errors = validate_partner(data, categories)
    if partner is None:
        raise ValueError(texts.KANDIDAAT_NIET_TOE_TE_VOEGEN.format(naam=candidate.naam, fout=" ".join(errors)))
    placed, problems = place_partner(partner, boundaries)
    if placed is None:
        raise ValueError(texts.KANDIDAAT_NIET_TOE_TE_VOEGEN.format(naam=candidate.naam, fout=" ".join(problems)))
    return placed
