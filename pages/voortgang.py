"""Voortgang: the campaign over time — the funnel, coverage and white spots per date, and what changed
since a chosen date (the last council meeting), in sentences. Read-only; share links see it too."""

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from geo import texts
from geo.campaign.dates import EARLIEST, belgian_today, months_before
from geo.campaign.progress import municipality_progress
from geo.campaign.sentences import dutch_date, percent, progress_sentences
from geo.report import coverage_report, render_pdf
from geo.viewstate import SINDS, ViewOptions
from pages import inhabitants, ui, viewstate

ui.use_app_shell()

nis, boundaries, _, link_slot = ui.municipality_page(texts.UI_VOORTGANG_TITEL)  # link_slot: "Kopieer link"
store = ui.partner_store()
categories = ui.categories()
today = belgian_today()
default_since = months_before(today, 3)
st.caption(texts.UI_VOORTGANG_UITLEG)
viewstate.from_url("voortgang", ViewOptions(since_before=today), {SINDS: "voortgang_sinds"})  # ?sinds=2026-09-06
if st.session_state.get("voortgang_sinds") is None:
    st.session_state["voortgang_sinds"] = default_since
since = st.date_input(texts.UI_VOORTGANG_SINDS, min_value=EARLIEST, max_value=today, format="DD/MM/YYYY",
                      help=texts.UI_VOORTGANG_SINDS_HULP, key="voortgang_sinds")
if not isinstance(since, date) or not EARLIEST <= since < today:
    st.error(texts.VOORTGANG_SINDS_ONGELDIG.format(vandaag=dutch_date(today)))
    st.stop()
view = {SINDS: since if since != default_since else None}
viewstate.to_url(view)
with link_slot:
    viewstate.copy_link("voortgang", nis, view)


@st.cache_data(show_spinner="Voortgang berekenen…", max_entries=32)
def _progress(code: str, since: date, until: date, settings_key: str, data_version: int, population_key: str,
              access_key: str, _settings, _population, _actions, _access):
    return municipality_progress(store, boundaries, code, since, until, categories, _settings, _population, _actions,
                                 access=_access)


coverage_settings = ui.coverage_settings()
population_key, population = inhabitants.population(nis)
actions = ui.actions(nis)
access = ui.access()
version = store.data_version()
progress = _progress(nis, since, today, coverage_settings.key(), version, population_key, access.key,
                     coverage_settings, population, actions, access)
if not any(progress.trechter_nu.values()) and not any(progress.trechter_toen.values()):
    st.info(texts.UI_VOORTGANG_LEEG)

st.subheader(texts.UI_VOORTGANG_SINDS_KOP.format(datum=dutch_date(since)))
st.markdown("\n".join(f"- {ui.plain(line)}" for line in progress_sentences(progress)))

st.subheader(texts.UI_VOORTGANG_TRECHTER_KOP)
if not access.can_edit(nis):
    st.caption(texts.UI_VOORTGANG_DEELLINK)
funnel = pd.DataFrame({
    texts.UI_VOORTGANG_KOLOM_STAP: list(progress.trechter_nu),
    texts.UI_VOORTGANG_KOLOM_TOEN.format(datum=since.strftime("%d/%m/%Y")): list(progress.trechter_toen.values()),
    texts.UI_VOORTGANG_KOLOM_NU: list(progress.trechter_nu.values()),
    texts.UI_VOORTGANG_KOLOM_VERSCHIL: [f"{n - progress.trechter_toen[s]:+d}" for s, n in progress.trechter_nu.items()],
})
st.dataframe(funnel, hide_index=True, width="stretch", key=f"voortgang-trechter-{nis}")

st.subheader(texts.UI_VOORTGANG_REEKS_KOP)
measure = texts.VOORTGANG_MAAT_INWONERS if progress.op_inwoners else texts.VOORTGANG_MAAT_OPPERVLAKTE
share_column = "gedekt_inwoners" if progress.op_inwoners else "gedekt_oppervlakte"
series = progress.reeks
covered_label = texts.UI_VOORTGANG_GEDEKT_GRAFIEK.format(maat=measure)
chart = pd.DataFrame({texts.UI_VOORTGANG_KOLOM_DATUM: pd.to_datetime(series["datum"]),
                      covered_label: (series[share_column] * 100).round(1),
                      texts.UI_VOORTGANG_VLEKKEN_GRAFIEK: series["witte_vlekken"]})


def _line(column: str, summary: str) -> alt.Chart:
    """A line with a dot per date; the chart is named by ``summary`` for screen readers, its marks
    are not announced one by one (the table below has the figures)."""
    return alt.Chart(chart, description=summary, height=260).mark_line(point=True, aria=False).encode(
        x=alt.X(texts.UI_VOORTGANG_KOLOM_DATUM, type="temporal", title=None, axis=alt.Axis(format="%m/%Y")),
        y=alt.Y(column, type="quantitative", title=column),
        tooltip=[alt.Tooltip(texts.UI_VOORTGANG_KOLOM_DATUM, type="temporal", format="%d/%m/%Y"),
                 alt.Tooltip(column, type="quantitative")])


first, last = series.iloc[0], series.iloc[-1]
left, right = st.columns(2)
left.altair_chart(_line(covered_label, texts.UI_VOORTGANG_GRAFIEK_GEDEKT.format(
    van=dutch_date(first["datum"]), tot=dutch_date(last["datum"]), begin=percent(first[share_column]),
    eind=percent(last[share_column]), maat=measure)), width="stretch")
right.altair_chart(_line(texts.UI_VOORTGANG_VLEKKEN_GRAFIEK, texts.UI_VOORTGANG_GRAFIEK_VLEKKEN.format(
    van=dutch_date(first["datum"]), tot=dutch_date(last["datum"]), begin=first["witte_vlekken"],
    eind=last["witte_vlekken"])), width="stretch")
with st.expander(texts.UI_VOORTGANG_CIJFERS):  # the same figures as text: readable without the charts
    st.dataframe(pd.DataFrame({
        texts.UI_VOORTGANG_KOLOM_DATUM: [dutch_date(d) for d in series["datum"]],
        covered_label: [percent(v) for v in series[share_column]],
        texts.UI_VOORTGANG_VLEKKEN_GRAFIEK: series["witte_vlekken"],
        texts.UI_VOORTGANG_KOLOM_PARTNERS: series["vertrouwde_partners"],
    }), hide_index=True, width="stretch", key=f"voortgang-reeks-{nis}")


@st.cache_data(show_spinner="Rapport maken…", max_entries=8)
def _report(code: str, since: date, until: date, settings_key: str, data_version: int, population_key: str,
            access_key: str, _settings, _population, _actions, _progress):
    shown = ui.partners()
    content = coverage_report(boundaries, code, shown, categories, _settings, population=_population,
                              made_on=today, actions=_actions, progress=_progress, sources=ui.partner_sources(shown))
    return render_pdf(content)


if st.button(texts.UI_VOORTGANG_RAPPORT_MAKEN, icon=":material/picture_as_pdf:", key="voortgang_rapport_maken"):
    st.session_state["voortgang_rapport_voor"] = (nis, since)
if st.session_state.get("voortgang_rapport_voor") == (nis, since):
    st.download_button(texts.UI_VOORTGANG_RAPPORT, _report(nis, since, today, coverage_settings.key(), version,
                                                           population_key, access.key, coverage_settings,
                                                           population, actions, progress),
                       file_name=f"voortgang-{nis}-{since.isoformat()}.pdf", mime="application/pdf",
                       icon=":material/download:", key="voortgang_rapport")
ui.attribution_footer(boundaries, population=population, partners=ui.partners(nis))
