"""Reading uploads: the real wijken file, a 150,000-row Excel table and the hostile files of issue 15.

Partnerkaart's way is the pages' own path: the file is read in a worker process within the
upload budget (settings ``upload_seconden`` and ``upload_geheugen_mb``, defaults 30 s and
1024 MB) by the same reader the page calls, with the limits of the settings. The naive way,
run alongside, is what a plain reader does: ``geopandas.read_file`` plus
``shapely.make_valid`` for boundary files, ``pandas.read_excel``/``read_csv`` for tables and
``Path.read_bytes`` for the command line, in the process itself, capped here at
:data:`NAIVE_MEMORY_MB` of memory and :data:`NAIVE_SECONDS` of time so the benchmark ends.

Each measurement runs in a fresh process, started by a small launcher that samples the
resident memory of that process and all its descendants every 20 ms: the figure "server" is
the measured process itself (where a page would run), "werker" the largest of the processes
it started (the fork server and its workers). The fork server starts once per server process
(it imports the readers); that start is made before the clock runs and printed apart. A
budget that runs out shows as the Dutch message the user gets. Nothing is asserted.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from bench import hostile_files
from bench.common import REPO, SHARED_GEBIEDEN, bench_environment, report
from bench.common import dutch_number as _n

NAIVE_MEMORY_MB = 3072
NAIVE_SECONDS = 60
XLSX_ROWS = 150_000
SPARSE_CSV_BYTES = 5 * 1024 ** 3
_SAMPLE_S = 0.02
_OUTCOME_CHARS = 90


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pk-bench-bestanden-") as tmp:
        folder = Path(tmp)
        os.environ.update(bench_environment(folder))
        cases = _make_files(folder)
        print(f"\nBudget per upload: {_settings().upload_seconden:g} s en {_settings().upload_geheugen_mb:g} MB; "
              f"naïef begrensd op {NAIVE_SECONDS} s en {NAIVE_MEMORY_MB} MB.")
        rows: list[tuple[str, str, str, str]] = []
        starts: list[float] = []
        for name, kind, path in cases:
            ours = _measure("partnerkaart", kind, path)
            if ours.get("start_s") is not None:
                starts.append(ours["start_s"])
            naive = _measure("naief", kind, path)
            size = path.stat().st_size
            rows.append((f"{name} ({_size(size)})", _time(ours), _time(naive), "< budget"))
            rows.append(("  geheugen: server / werker", f"{ours['server_mb']:.0f} MB / {ours['worker_mb']:.0f} MB",
                         f"{naive['server_mb']:.0f} MB", "server blijft klein"))
            rows.append(("  uitkomst", ours["outcome"], naive["outcome"], "-"))
        report("Uploads lezen: tijd, piekgeheugen en uitkomst", rows)
        if starts:
            print(f"\nStart van de werkers (eenmaal per serverproces, niet in de tijden hierboven): "
                  f"{min(starts):.2f}–{max(starts):.2f} s.")


def _make_files(folder: Path) -> list[tuple[str, str, Path]]:
    """The files to read: (label, reader, path)."""
    def write(name: str, data: bytes) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    started = time.perf_counter()
    cases = [
        ("wijken Vlaanderen, gezipte shapefile", "grenzen", _wijken_zip(folder / "ggw7.zip")),
        (f"{_n(XLSX_ROWS)} partners, Excel", "tabel", _partner_xlsx(folder / "partners.xlsx")),
        ("vlak met 500 kruisende hoekpunten", "grenzen", write("kriskras-500.geojson",
                                                               hostile_files.self_intersecting_geojson(500))),
        ("vlak met 2.000 kruisende hoekpunten", "grenzen", write("kriskras-2000.geojson",
                                                                 hostile_files.self_intersecting_geojson(2000))),
        ("vlak met 20.000 kruisende hoekpunten", "grenzen", write("kriskras-20000.geojson",
                                                                  hostile_files.self_intersecting_geojson(20_000))),
        ("NaN-coördinaat", "grenzen", write("nan.geojson", hostile_files.nan_coordinate_geojson())),
        ("GeoPackage met een eindeloze VIEW", "grenzen", write("view.gpkg", hostile_files.view_geopackage())),
        ("1 tekst van 3.000 tekens × 1 miljoen cellen", "tabel",
         write("gedeeld.xlsx", hostile_files.shared_string_xlsx(1_000_000, 3_000))),
        ("17 miljoen verwijzingen", "tabel", write("verwijzingen.xlsx", hostile_files.shared_string_xlsx(17_000_000, 1))),
        ("werkblad van 390 MB", "tabel", write("opgeblazen.xlsx", hostile_files.inflated_xlsx(390 * 1024 * 1024))),
        ("CSV van 5 GB (met gaten) aan python -m geo import", "opdrachtregel",
         hostile_files.sparse_csv(folder / "groot.csv", SPARSE_CSV_BYTES)),
    ]
    print(f"Bestanden aangemaakt in {time.perf_counter() - started:.1f} s.")
    return cases


def _wijken_zip(path: Path) -> Path:
    shapefiles = SHARED_GEBIEDEN / "data_voor_swing" / "shapefiles"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for extension in ("shp", "shx", "dbf", "prj", "cpg"):
            archive.write(shapefiles / f"ggw7.{extension}", f"ggw7.{extension}")
    return path


def _partner_xlsx(path: Path) -> Path:
    """The import benchmark's rows (same seed and columns) as Excel writes them: texts in the
    shared-strings table, cells pointing at them (openpyxl's write-only mode would write every
    text inline instead, which reads about three times slower)."""
    from xml.sax.saxutils import escape

    from bench.hostile_files import workbook_bytes
    from bench.import_bench import SEED, write_csv
    from geo.boundaries import load_boundaries

    rows_csv = path.with_suffix(".csv")
    write_csv(rows_csv, load_boundaries(_settings()), XLSX_ROWS, SEED)
    shared: dict[str, int] = {}
    with rows_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = ["<row>" + "".join(f'<c t="s"><v>{shared.setdefault(value, len(shared))}</v></c>' if value else "<c/>"
                                  for value in row) + "</row>"
                for row in csv.reader(handle, delimiter=";")]
    strings = "".join(f"<si><t>{escape(text)}</t></si>" for text in shared)
    table = (f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(shared)}" '
             f'uniqueCount="{len(shared)}">{strings}</sst>')
    path.write_bytes(workbook_bytes(table, iter(rows)))
    rows_csv.unlink()
    return path


# -- one measurement: launcher, then the measured process --------------------------------------------

_LAUNCHER = """
import json, os, subprocess, sys, time
seconds, sample, command = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
peaks, started, timed_out = {}, time.perf_counter(), False
def rss(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(l.split()[1]) / 1024 for l in status if l.startswith("VmRSS:")), 0.0)
    except OSError:
        return 0.0
def tree(pid):
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                for child_pid in children.read().split():
                    found += tree(int(child_pid))
    except OSError:
        pass
    return found
while child.poll() is None:
    for pid in tree(child.pid):
        peaks[pid] = max(peaks.get(pid, 0.0), rss(pid))
    if time.perf_counter() - started > seconds:
        os.killpg(child.pid, 9)
        timed_out = True
    time.sleep(sample)
seconds_taken = time.perf_counter() - started
out = child.stdout.read()
server = peaks.pop(child.pid, 0.0)
print(out.strip().splitlines()[-1] if out.strip() else "{}")
print(json.dumps({"server_mb": server, "worker_mb": max(peaks.values(), default=0.0), "timed_out": timed_out,
                  "wall_s": seconds_taken, "returncode": child.returncode}))
"""


def _measure(way: str, kind: str, path: Path) -> dict:
    """Run one reading in a fresh process; its time, memory and outcome."""
    limit = NAIVE_SECONDS + 5 if way == "naief" else _settings().upload_seconden + 30
    command = [sys.executable, "-c", _LAUNCHER, str(limit), str(_SAMPLE_S),
               sys.executable, "-m", "bench.files_bench", way, kind, str(path)]
    done = subprocess.run(command, cwd=REPO, env=dict(os.environ), capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if len(lines) < 2:
        raise RuntimeError(f"benchmark launcher failed for {path.name}:\n{done.stderr[-3000:]}")
    figures = {**json.loads(lines[-2]), **json.loads(lines[-1])}
    if figures["timed_out"]:
        figures["outcome"] = f"na {figures['wall_s']:.0f} s gestopt door de benchmark"
    elif "outcome" not in figures:
        figures["outcome"] = f"proces gestopt (code {figures['returncode']}), geen uitkomst"
    return figures


def _read_ours(kind: str, path: Path) -> str:
    """The page's path: read within the budget and the limits of the settings."""
    from geo.uploads.bounded import Budget, run_bounded

    settings = _settings()
    budget = Budget.from_settings(settings)
    if kind == "opdrachtregel":
        done = subprocess.run([sys.executable, "-m", "geo", "import", str(path), "--dry-run"], cwd=REPO,
                              capture_output=True, text=True, check=False)
        return f"code {done.returncode}: {(done.stderr or done.stdout).strip()}"
    data = path.read_bytes()
    if kind == "grenzen":
        from geo.uploads.boundary_files import read_boundary_file
        from geo.uploads.geometry_limits import BoundaryLimits

        uploaded = run_bounded(read_boundary_file, data, path.name, settings.max_upload_bytes,
                               limits=BoundaryLimits.from_settings(settings), budget=budget, filename=path.name)
        return f"{_n(len(uploaded.frame))} vlakken gelezen"
    from geo.uploads.tables import TableLimits, read_table

    table = run_bounded(read_table, data, path.name, limits=TableLimits.from_settings(settings), budget=budget,
                        filename=path.name)
    return f"{_n(len(table.rows))} rijen gelezen"


def _read_naive(kind: str, path: Path) -> str:
    """What a plain reader does, in this process (capped by the benchmark)."""
    import resource

    cap = NAIVE_MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    if kind == "opdrachtregel":
        data = path.read_bytes()  # the command line before: read whole, then compare with the limit
        return f"{_size(len(data))} gelezen"
    if kind == "grenzen":
        import geopandas as gpd
        import pyogrio
        import shapely

        pyogrio.read_info(path)  # as the reader did before: the feature count first
        frame = gpd.read_file(path)
        repaired = shapely.make_valid(frame.geometry.values)
        return f"{_n(len(frame))} vlakken, {_n(int(shapely.get_num_geometries(repaired).sum()))} stukken"
    import pandas as pd

    frame = pd.read_excel(path, dtype=str) if path.suffix == ".xlsx" else pd.read_csv(path, dtype=str, sep=None)
    return f"{_n(len(frame))} rijen gelezen"


def _settings():
    from geo.config import load_settings

    return load_settings()


def _time(figures: dict) -> str:
    return f"{figures['seconds']:.2f} s" if "seconds" in figures else f"{figures['wall_s']:.1f} s"


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB".replace(",", " ")


def _start_workers() -> float:
    """Start the fork server of the upload workers (once per server process); its seconds."""
    from geo.uploads.bounded import Budget, run_bounded

    started = time.perf_counter()
    run_bounded(len, b"", budget=Budget(), filename="-")
    return time.perf_counter() - started


if __name__ == "__main__":
    way_name, kind_name, file_name = sys.argv[1:4]
    start_s = _start_workers() if way_name == "partnerkaart" and kind_name != "opdrachtregel" else None
    started = time.perf_counter()
    try:
        outcome = (_read_ours if way_name == "partnerkaart" else _read_naive)(kind_name, Path(file_name))
    except MemoryError:
        outcome = "MemoryError"
    except Exception as error:  # noqa: BLE001 - the outcome is what is measured
        outcome = f"{type(error).__name__}: {error}"
    outcome = " ".join(outcome.split())
    print(json.dumps({"seconds": time.perf_counter() - started, "start_s": start_s,
                      "outcome": outcome if len(outcome) <= _OUTCOME_CHARS else outcome[:_OUTCOME_CHARS] + "…"}))
