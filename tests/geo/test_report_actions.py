"""The printable report lists the joint actions it is given (those the reader may see), after the wijken."""

from __future__ import annotations

import io

from pypdf import PdfReader

from geo import texts
from geo.campaign.records import Action, ActionPartner
from geo.categories import load_categories
from geo.demo import demo_partners
from geo.reach import CoverageSettings
from geo.report import coverage_report, render_pdf


def pdf_text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_the_report_lists_the_actions_with_kind_wijk_and_partners(boundaries):
    partners = [p for p in demo_partners(boundaries) if p.gemeente_nis == "12025"]
    partners = [p.with_changes(id=f"p{i}") for i, p in enumerate(partners)]
    wijk = boundaries.locate(4.4777, 51.0282)[1]
    salon = Action("Autodeelsalon $x$ <b>", "autodeelsalon", "2026-03-12", "12025", lat=51.0282, lon=4.4777,
                   wijk_code=wijk, notities="mag niet in het rapport",
                   partners=(ActionPartner(partners[0].id, "organiseert mee"),))

    without = coverage_report(boundaries, "12025", partners, load_categories(), CoverageSettings())
    content = coverage_report(boundaries, "12025", partners, load_categories(), CoverageSettings(), actions=[salon])
    pages = pdf_text(render_pdf(content))

    assert without.actions == [] and len(pdf_text(render_pdf(without))) == len(pages)  # fits on the table's page
    assert content.actions == [["2026-03-12", "Autodeelsalon $x$ <b>", "Autodeelsalon", "gepland",
                                boundaries.wijk_table("12025").set_index("wijk_code")["wijk_naam"][wijk],
                                f"{partners[0].naam} (organiseert mee)"]]
    last = pages[-1]
    assert texts.RAPPORT_ACTIES_KOP.format(gemeente="Mechelen") in last
    assert "Autodeelsalon $x$ <b>" in last and f"{partners[0].naam} (organiseert mee)" in last
    assert "mag niet in het rapport" not in " ".join(pages)
