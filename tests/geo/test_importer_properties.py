"""Property-based: any CSV-like upload is either refused with a Dutch ImportFileError or fully reported.

Hypothesis writes random files: random headers (known field names and noise), ragged
rows, cells with quotes, separators, newlines, formulas, Unicode, numbers that look like
coordinates or are out of range, in several encodings, sometimes written by the csv
module and sometimes joined by hand (so quoting can be broken). For every file, planning
either raises :class:`ImportFileError` or reports every data row exactly once; a plan
always commits (a plan that changes nothing writes nothing), and undoing it restores the store.
"""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.importer import ImportFileError, ImportOptions, commit_import, plan_import
from geo.partners import Partner
from geo.store import open_store

DELIMITERS = [";", ",", "\t", "|"]
HEADERS = ["naam", "Naam", "soort", "categorie", "lat", "lon", "x", "y", "postcode", "straat", "huisnummer",
           "gemeente", "id", "status", "bereik", "e-mail", "telefoon", "notities", "organisatie", "adres", ""]
SPECIAL = ['"', '""', '"quoted"', ";", ",", "\t", "|", "\n", "\r\n", "\r", "'", "'0478", "=1+1", "@x", "-x", "+x",
           "# Bronnen: iets", "Zoniënwoud", "Chiro Ter Elst", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓", "\u00a0", "51,0259", "4,4776", "51.02635",
           "4.47663", "157636", "190640", "95", "-200", "nan", "inf", "1e400", "Chiro", "natuur", "ruimteschip",
           "gemaild", "haakt af", "2800", "28OO", "a@example.org", "iemand@", "<script>alert(1)</script>", "x" * 2500,
           "   ", "", "\x00", "\x1b[31m", "\ufeff"]
# Noise text without control characters (a few are in SPECIAL; many make the file "binary", refused early).
noise = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)

cells = st.one_of(
    st.sampled_from(SPECIAL),
    noise,
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.floats(min_value=50.7, max_value=51.5).map(lambda v: f"{v:.5f}".replace(".", ",")),
    st.floats(min_value=2.6, max_value=5.9).map(lambda v: f"{v:.5f}"),
    st.tuples(st.sampled_from(SPECIAL), st.text(max_size=6)).map("".join),
)


def decimal(low: float, high: float, places: int = 5) -> st.SearchStrategy[str]:
    """A number as a Flemish user types it: decimal point or decimal comma."""
    return st.tuples(st.floats(min_value=low, max_value=high), st.booleans()).map(
        lambda v: f"{v[0]:.{places}f}".replace(".", "," if v[1] else "."))


MECHELEN_POINTS = [("51.02635", "4.47663"), ("51,01081", "4,51677"), ("51.06824", "4.44520")]
# What a column usually holds, by header; any cell can also be noise.
PLAUSIBLE = {
    "naam": st.tuples(st.sampled_from(["Chiro", "KSA", "Natuurpunt", "Oudercomité", "Zoniënwoud", "Gezinsbond",
                                       "Chiro Ter Elst", "=1+1", "<b>Club</b>"]),
                      st.sampled_from(["", " Walem", " Muizen", " Ter Elst", " 2", " 3", " 4"])).map("".join),
    "soort": st.sampled_from(["Chiro", "natuur", "school", "jeugdbeweging", "buurtcomité", "ruimteschip", ""]),
    "status": st.sampled_from(["te contacteren", "gemaild", "doet mee", "haakt af", "??", ""]),
    "lat": st.one_of(decimal(50.7, 51.5), st.sampled_from([p[0] for p in MECHELEN_POINTS])),
    "lon": st.one_of(decimal(2.6, 5.9), st.sampled_from([p[1] for p in MECHELEN_POINTS])),
    "x": decimal(22_000, 258_000, 1), "y": decimal(153_000, 244_000, 1),
    "postcode": st.sampled_from(["2800", "2801", "2812", "1000", "99", ""]),
    "id": st.sampled_from(["", "onbekend-id"]),
    "e-mail": st.sampled_from(["", "info@chiro.be"]), "telefoon": st.sampled_from(["", "015 12 34 56"]),
    "bereik": st.sampled_from(["", "1500", "0", "0,4", ".1", "50000,6"]), "straat": st.sampled_from(["", "Kerkstraat"]),
    "huisnummer": st.sampled_from(["", "3"]), "gemeente": st.sampled_from(["", "Mechelen"]),
    "organisatie": st.sampled_from(["", "Chiro Nationaal"]), "adres": st.sampled_from(["", "Grote Markt 21"]),
    "notities": cells,
}
PLAUSIBLE["Naam"], PLAUSIBLE["categorie"] = PLAUSIBLE["naam"], PLAUSIBLE["soort"]
TIDY = ["naam", "soort", "lat", "lon", "postcode", "bereik"]


@st.composite
def uploads(draw) -> tuple[bytes, str, ImportOptions]:
    """Half tidy files with a little noise, half chaos; ragged rows in either."""
    if draw(st.booleans()):
        columns = TIDY + draw(st.lists(st.sampled_from(HEADERS), max_size=3))
        noise_level = draw(st.sampled_from([0, 1, 3]))  # in ten cells
    else:
        columns = draw(st.lists(st.one_of(st.sampled_from(HEADERS), noise), min_size=1, max_size=8))
        if draw(st.booleans()):
            columns = ["naam", "lat", "lon"] + columns
        noise_level = draw(st.sampled_from([2, 5, 10]))
    ragged = draw(st.booleans())
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        row = [draw(cells) if c not in PLAUSIBLE or draw(st.integers(0, 9)) < noise_level else draw(PLAUSIBLE[c])
               for c in columns]
        if ragged:
            row = (row + draw(st.lists(cells, max_size=2)))[:draw(st.integers(0, len(columns) + 2))]
        rows.append(row)
    delimiter = draw(st.sampled_from(DELIMITERS))
    newline = draw(st.sampled_from(["\r\n", "\n"]))
    if draw(st.booleans()):
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows([columns, *rows])
        text = buffer.getvalue()
    else:  # joined by hand: separators and quotes inside cells are not escaped
        text = newline.join(delimiter.join(row) for row in [columns, *rows]) + draw(st.sampled_from(["", newline]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    options = ImportOptions(modus=draw(st.sampled_from(["toevoegen", "bijwerken", "vervangen"])),
                            gemeente_nis=draw(st.sampled_from([None, "12025", "12025"])),
                            delimiter=draw(st.sampled_from([None, None, None, delimiter])))
    if options.modus == "vervangen" and options.gemeente_nis is None:
        options.modus = "toevoegen"
    return data, draw(st.sampled_from(["partners.csv", "lijst.txt"])), options


def source_rows(data: bytes, encoding: str, delimiter: str) -> list[int]:
    """The line numbers of the data records, read again by the standard csv module."""
    codec = {"utf-8-sig": "utf-8"}.get(encoding, encoding)
    text = data.decode(codec, errors="replace").lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records, start = [], 1
    for row in reader:
        records.append((start, any(cell.strip() for cell in row)))
        start = reader.line_num + 1
    first = next(i for i, (_, filled) in enumerate(records) if filled)  # the header
    data_records = records[first + 1:]
    while data_records and not data_records[-1][1]:
        data_records.pop()  # trailing blank lines are no rows
    return [line for line, _ in data_records]


def seeded_store():
    store = open_store(":memory:")
    store.add_partners([
        Partner(naam="Chiro Ter Elst", categorie="jeugdbeweging", postcode="2800", lat=51.02635, lon=4.47663,
                gemeente_nis="12025", wijk_code="12025W03"),
        Partner(naam="Zoniënwoud", categorie="natuur_milieu", gemeente_nis="12025"),
    ])
    return store


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(upload=uploads())
def test_any_upload_is_refused_in_dutch_or_reported_row_by_row(boundaries, upload):
    data, filename, options = upload
    store = seeded_store()
    try:
        before = store.list_partners()
        try:
            plan = plan_import(data, filename, store, boundaries, options)
        except ImportFileError as exc:
            assert str(exc).strip()
            return
        report = plan.report_dict()
        rows = [d["row"] for d in report["details"]]
        assert rows == plan.table.row_numbers  # every row once, in file order
        assert rows == sorted(set(rows))
        assert rows == source_rows(data, plan.table.encoding, plan.table.delimiter)
        assert report["rows"] == len(rows) == report["accepted"] + report["rejected"]
        assert all(d["status"] in ("ok", "waarschuwing", "geweigerd") for d in report["details"])
        assert all(d["reason"] for d in report["details"] if d["status"] != "ok")
        accepted = sum(d["actie"] in ("toevoegen", "bijwerken") for d in report["details"])
        assert accepted == report["accepted"] == len(plan.added) + len(plan.updated)
        assert plan.report_csv().startswith(b"\xef\xbb\xbf")

        imports_before = store.list_imports()
        run = commit_import(store, plan, confirm_replace=True)
        assert store.count_partners() == len(before) + len(plan.added) - len(plan.deleted)
        if run is None:  # nothing to store: nothing written, not even an import run
            assert not (plan.added or plan.updated or plan.deleted)
            assert store.list_imports() == imports_before
        else:
            store.undo_import(run.id)
        assert store.list_partners() == before
    finally:
        store.close()
