"""Where the built-in inhabitants show: the report's sources and the Dekking map's legend name
source and year; an uploaded table names its file instead."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from pypdf import PdfReader

from geo import texts
from geo.categories import load_categories
from geo.config import load_settings
from geo.coverage import wijk_coverage
from geo.demo import demo_partners
from geo.maps import coverage_map
from geo.population import load_builtin, population_source
from geo.population.builtin import label_upload
from geo.reach import CoverageSettings
from geo.report import coverage_report, render_pdf


@pytest.fixture
def builtin(sector_zip, boundaries, settings):
    return load_builtin(settings, boundaries, path=sector_zip)


def test_the_report_names_the_source_and_year_of_the_inhabitants(builtin, boundaries):
    content = coverage_report(boundaries, "12025", demo_partners(boundaries), load_categories(), CoverageSettings(),
                              population=builtin.table)

    assert texts.INWONERS_ATTRIBUTIE.format(jaar=2025) in content.attribution
    assert content.table[0][-1] != ""  # covered inhabitants in the table
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(content))).pages)
    assert "1 januari 2025" in " ".join(text.split())


def test_the_dekking_legend_names_the_source_and_year(builtin, boundaries):
    coverage = wijk_coverage(boundaries, "12025", demo_partners(boundaries), load_categories(), CoverageSettings(),
                             builtin.table)
    settings = load_settings({"PARTNERKAART_TEGELS": "none"})

    for metric in ("gedekt_aandeel", "inwoners_gedekt"):
        html = coverage_map(boundaries, "12025", coverage, metric, None, [], load_categories(), settings, metric,
                            population_source=builtin.source).get_root().render()
        assert texts.UI_INWONERS_INGEBOUWD.format(bron=texts.INWONERS_BRON.format(jaar=2025)) in html
    plain = coverage_map(boundaries, "12025", coverage, "gedekt_aandeel", None, [], load_categories(), settings,
                         "x").get_root().render()
    assert "1 januari" not in plain


def test_an_uploaded_table_names_its_file():
    table = label_upload(pd.DataFrame({"wijk_code": ["12025W01"], "inwoners": [10]}), "inwoners.csv")

    assert population_source(table) == (texts.INWONERS_BRON_EIGEN.format(bestand="inwoners.csv"),
                                        texts.INWONERS_ATTRIBUTIE_EIGEN.format(bestand="inwoners.csv"))
    assert population_source(pd.DataFrame({"wijk_code": [], "inwoners": []})) is None
