"""The one configuration object of Partnerkaart.

Every setting is read, in this order of precedence, from

1. an environment variable ``PARTNERKAART_<NAME>``,
2. the settings file (TOML, ``partnerkaart.toml`` in the working directory, or the
   file named by ``PARTNERKAART_INSTELLINGEN``), key ``<name>`` in lower case,
3. the default below.

Each setting is plain data ``(name, default, help)`` in :data:`SETTINGS`; the README
documents every one of them (a test checks that).

>>> settings = load_settings({"PARTNERKAART_TEGELS": "none"})
>>> settings.tegels
'none'
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Mapping

PROJECT_ROOT = Path(__file__).resolve().parent.parent

OFFICIAL_GEBIEDEN = "https://raw.githubusercontent.com/provinciesincijfers/gebiedsniveaus/master/"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bijdragers'
GEOCODERS = ("vlaanderen", "nominatim", "none")
GEOCODER_URLS = {
    "vlaanderen": "https://api.basisregisters.vlaanderen.be",
    "nominatim": "https://nominatim.openstreetmap.org",
}
GEOCODER_USER_AGENT = "Partnerkaart (autodelen-partners)"
LATEST_POPULATION_YEAR = 2025  # the latest Statbel sector file the app knows (1 January)
STATBEL_SECTOREN_URL = ("https://statbel.fgov.be/sites/default/files/files/opendata/bevolking/sectoren/"
                        "OPENDATA_SECTOREN_{jaar}.zip")
OVERPASS_URL = "https://overpass-api.de/api/interpreter"
POI_URL = ("https://geo.api.vlaanderen.be/POI/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=POI"
           "&outputFormat=application/json&CQL_FILTER=CATEGORIE%20IN%20(%27Basisonderwijs%27,%27Secundair%20onderwijs%27)")
DEFAULT_PORT = 8501
DEFAULT_BASIS_URL = f"http://localhost:{DEFAULT_PORT}"


@dataclass(frozen=True)
class Setting:
    """One documented setting: its name, default and help text."""

    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return f"PARTNERKAART_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting("db", str(PROJECT_ROOT / "data" / "partnerkaart.sqlite"),
            "The store: a path to an SQLite file (created with its schema on first start), or a "
            "postgresql:// address of a PostGIS database (migrated on first start)."),
    Setting("gebieden", OFFICIAL_GEBIEDEN,
            "Where boundary data comes from: a local folder or an http(s) base address laid out "
            "like the official gebiedsniveaus repository."),
    Setting("cache", str(PROJECT_ROOT / "data" / "cache"),
            "Folder for downloaded boundary files and prepared boundary layers."),
    Setting("tegels", OSM_TILES,
            "Tile URL template for the basemap, or 'none' for no basemap."),
    Setting("tegels_attributie", OSM_ATTRIBUTION,
            "Attribution shown for the basemap tiles."),
    Setting("max_upload_mb", "20",
            "Largest boundary or partner file accepted for upload, in MB."),
    Setting("demo", "ja",
            "Load the fictional demo partners into an empty store on first start ('ja' or 'nee')."),
    Setting("download_timeout", "60",
            "Seconds to wait for the boundary download server before giving up."),
    Setting("geocoder", "vlaanderen",
            "Address lookup for partners without coordinates: 'vlaanderen' (the Flemish address "
            "register), 'nominatim' (OpenStreetMap) or 'none'."),
    Setting("geocoder_url", "",
            "Base address of the geocoder; empty means the chosen provider's public service."),
    Setting("geocoder_user_agent", GEOCODER_USER_AGENT,
            "User-Agent sent to the geocoder and with every fetch of a URL layer, so the service knows which "
            "application asks."),
    Setting("geocoder_email", "",
            "Contact e-mail sent with every Nominatim request (its 'email' parameter); the public "
            "Nominatim server asks for one, without it a warning is shown."),
    Setting("geocoder_timeout", "10",
            "Seconds to wait for one answer of the geocoder."),
    Setting("basis_url", DEFAULT_BASIS_URL,
            "The app's public address, used in share links and setup links made on the command line "
            "(the app itself uses the address it is opened on); left at its default, the setup link "
            "that 'python -m geo start' prints uses the port the app starts on."),
    Setting("sessie_uren", "12",
            "Hours a login lasts at most; then the organiser logs in again."),
    Setting("sessie_inactief_minuten", "120",
            "Minutes without any activity after which a login ends."),
    Setting("categorieen", str(PROJECT_ROOT / "data" / "categorieen.json"),
            "The JSON file with the kinds of partner (code, label, colour, default reach, aliases)."),
    Setting("actiesoorten", str(PROJECT_ROOT / "data" / "actiesoorten.json"),
            "The JSON file with the kinds of joint action (code, label, symbol, colour, aliases)."),
    Setting("upload_seconden", "30",
            "Seconds the reading of one uploaded file may take (in a worker process); then it is stopped."),
    Setting("upload_geheugen_mb", "1024",
            "Memory in MB that the reading of one uploaded file may take beyond the worker's start."),
    Setting("max_hoekpunten_per_vlak", "100000",
            "Most vertices in one polygon of an uploaded boundary file (a whole Flemish wijk layer has 200,000)."),
    Setting("max_hoekpunten", "1000000",
            "Most vertices in all polygons of an uploaded boundary file together."),
    Setting("max_stukken_per_vlak", "500",
            "Most pieces one uploaded polygon may fall into when it is repaired (a polygon that crosses "
            "itself everywhere is refused rather than kept as thousands of slivers)."),
    Setting("max_kruisingen_per_vlak", "10000",
            "Most times the edge of one uploaded polygon may cross itself; such a polygon is refused before "
            "it is repaired (a polygon that crosses itself thousands of times is a broken drawing)."),
    Setting("max_cellen", "5000000",
            "Most filled cells in an uploaded table (CSV or Excel)."),
    Setting("max_tekens", "100000000",
            "Most characters in all cells of an uploaded table together, counted after Excel's shared "
            "texts are filled in (one long text used a million times counts a million times)."),
    Setting("max_uitgepakt_mb", "200",
            "Most megabytes an uploaded Excel file or zipped Shapefile may unpack to."),
    Setting("max_naam_tekens", "500",
            "Longest name (of a partner, an area or a wijk) accepted from an upload, in characters."),
    Setting("bevolking_jaar", str(LATEST_POPULATION_YEAR),
            "Year of Statbel's population per statistical sector used for inhabitants per wijk (1 January); "
            "when its download fails, the previous year is used and the app says so."),
    Setting("bevolking_pad", "",
            "A local Statbel sector file (OPENDATA_SECTOREN_<year>.zip or its .txt) used instead of the download; "
            "empty: download from bevolking_url."),
    Setting("bevolking_url", STATBEL_SECTOREN_URL,
            "Address of Statbel's sector file, with {jaar} for the year; downloaded once into the cache and reused "
            "offline."),
    Setting("lagen_afstand_m", "500",
            "Metres from a wijk's representative point within which a shared car or station counts as nearby "
            "(the views 'partner but no car' and 'car but no partner', and the white-spot ranking option)."),
    Setting("lagen_timeout", "30",
            "Seconds the fetch of one document of a URL layer (GeoJSON, GTFS zip, each GBFS file) may take, "
            "name lookup and redirects included."),
    Setting("lagen_max_mb", "50",
            "Largest document fetched for a URL layer, in MB (also after gzip decompression)."),
    Setting("lagen_prive_adressen", "nee",
            "Allow URL layers on loopback, private or link-local addresses ('ja' or 'nee'); for a local test "
            "server or an intranet."),
    Setting("lagen_bronnen", str(PROJECT_ROOT / "data" / "bronnen.json"),
            "The JSON file with the sources offered under 'Kies een bron' on the page Lagen and by "
            "'python -m geo lagen bronnen' (name, kind, format, URL, licence, attribution, refresh interval, key)."),
    Setting("lagen_gtfs_sleutel", "",
            "Subscription key of the Belgian Mobility Data portal (free, after registering), sent as the header "
            "Ocp-Apim-Subscription-Key with the GTFS feeds of De Lijn, NMBS/SNCB, STIB/MIVB and TEC; empty: those "
            "sources are not offered. Never shown back in the app or its messages."),
    Setting("kandidaten_overpass_url", OVERPASS_URL,
            "The Overpass API that candidate partners are fetched from (OpenStreetMap), one query per municipality."),
    Setting("kandidaten_poi_url", POI_URL,
            "The WFS of the Flemish points of interest whose schools become candidate partners (GeoJSON, Lambert 72); "
            "empty: not asked."),
    Setting("kandidaten_osm_tags", str(PROJECT_ROOT / "data" / "osm_kandidaten.json"),
            "The JSON file saying which OpenStreetMap tags make a candidate partner of which kind."),
    Setting("kandidaten_timeout", "90",
            "Seconds the Overpass query of one municipality may take, name lookup included."),
    Setting("kandidaten_dagen", "7",
            "Days a municipality's candidates are reused before 'Zoek kandidaten' fetches them again without being "
            "asked; 'Vernieuwen' always fetches."),
)


@dataclass(frozen=True)
class Settings:
    """Resolved settings; build it with :func:`load_settings`."""

    db: str
    gebieden: str
    cache: Path
    tegels: str
    tegels_attributie: str
    max_upload_mb: float
    demo: bool
    download_timeout: float
    geocoder: str
    geocoder_url: str
    geocoder_user_agent: str
    geocoder_email: str
    geocoder_timeout: float
    basis_url: str = DEFAULT_BASIS_URL
    sessie_uren: float = 12.0
    sessie_inactief_minuten: float = 120.0
    categorieen: Path = PROJECT_ROOT / "data" / "categorieen.json"
    upload_seconden: float = 30.0
    upload_geheugen_mb: float = 1024.0
    max_hoekpunten_per_vlak: int = 100_000
    max_hoekpunten: int = 1_000_000
    max_stukken_per_vlak: int = 500
    max_kruisingen_per_vlak: int = 10_000
    max_cellen: int = 5_000_000
    max_tekens: int = 100_000_000
    max_uitgepakt_mb: float = 200.0
    max_naam_tekens: int = 500
    bevolking_jaar: int = LATEST_POPULATION_YEAR
    bevolking_pad: str = ""
    bevolking_url: str = STATBEL_SECTOREN_URL
    lagen_afstand_m: float = 500.0
    lagen_timeout: float = 30.0
    lagen_max_mb: float = 50.0
    lagen_prive_adressen: bool = False
    lagen_bronnen: Path = PROJECT_ROOT / "data" / "bronnen.json"
    lagen_gtfs_sleutel: str = field(default="", repr=False)  # a secret: never in a repr, a message or a log
    actiesoorten: Path = PROJECT_ROOT / "data" / "actiesoorten.json"
    kandidaten_overpass_url: str = OVERPASS_URL
    kandidaten_poi_url: str = POI_URL
    kandidaten_osm_tags: Path = PROJECT_ROOT / "data" / "osm_kandidaten.json"
    kandidaten_timeout: float = 90.0
    kandidaten_dagen: float = 7.0

    @property
    def tiles_enabled(self) -> bool:
        return self.tegels.strip().lower() not in ("", "none", "geen")

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    def as_dict(self) -> dict[str, str]:
        return {f.name: str(getattr(self, f.name)) for f in fields(self)}


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from the environment and the settings file.

    Raises ``ValueError`` with a message naming the setting when a value is invalid.
    """
    env = os.environ if environ is None else environ
    file_values = _read_settings_file(env)
    raw = {s.name: env.get(s.env, file_values.get(s.name, s.default)) for s in SETTINGS}
    return Settings(
        db=str(raw["db"]),
        gebieden=str(raw["gebieden"]),
        cache=Path(str(raw["cache"])),
        tegels=str(raw["tegels"]),
        tegels_attributie=str(raw["tegels_attributie"]),
        max_upload_mb=_positive_number("max_upload_mb", raw["max_upload_mb"]),
        demo=_yes_no("demo", raw["demo"]),
        download_timeout=_positive_number("download_timeout", raw["download_timeout"]),
        **_geocoder_settings(raw),
        basis_url=_http_address("basis_url", raw["basis_url"]),
        sessie_uren=_positive_number("sessie_uren", raw["sessie_uren"]),
        sessie_inactief_minuten=_positive_number("sessie_inactief_minuten", raw["sessie_inactief_minuten"]),
        categorieen=Path(str(raw["categorieen"])),
        actiesoorten=Path(str(raw["actiesoorten"])),
        upload_seconden=_positive_number("upload_seconden", raw["upload_seconden"]),
        upload_geheugen_mb=_positive_number("upload_geheugen_mb", raw["upload_geheugen_mb"]),
        **{name: _positive_whole(name, raw[name]) for name in (
            "max_hoekpunten_per_vlak", "max_hoekpunten", "max_stukken_per_vlak", "max_kruisingen_per_vlak", "max_cellen", "max_tekens",
            "max_naam_tekens")},
        max_uitgepakt_mb=_positive_number("max_uitgepakt_mb", raw["max_uitgepakt_mb"]),
        bevolking_jaar=_year("bevolking_jaar", raw["bevolking_jaar"]),
        bevolking_pad=str(raw["bevolking_pad"]).strip(),
        bevolking_url=_url_template("bevolking_url", raw["bevolking_url"]),
        lagen_afstand_m=_positive_number("lagen_afstand_m", raw["lagen_afstand_m"]),
        lagen_timeout=_positive_number("lagen_timeout", raw["lagen_timeout"]),
        lagen_max_mb=_positive_number("lagen_max_mb", raw["lagen_max_mb"]),
        lagen_prive_adressen=_yes_no("lagen_prive_adressen", raw["lagen_prive_adressen"]),
        lagen_bronnen=Path(str(raw["lagen_bronnen"])),
        lagen_gtfs_sleutel=str(raw["lagen_gtfs_sleutel"]).strip(),
        kandidaten_overpass_url=_http_address("kandidaten_overpass_url", raw["kandidaten_overpass_url"]),
        kandidaten_poi_url=_http_address("kandidaten_poi_url", raw["kandidaten_poi_url"]) if str(
            raw["kandidaten_poi_url"]).strip() else "",
        kandidaten_osm_tags=Path(str(raw["kandidaten_osm_tags"])),
        kandidaten_timeout=_positive_number("kandidaten_timeout", raw["kandidaten_timeout"]),
        kandidaten_dagen=_positive_number("kandidaten_dagen", raw["kandidaten_dagen"]),
    )


def _geocoder_settings(raw: Mapping[str, object]) -> dict[str, object]:
    provider = str(raw["geocoder"]).strip().lower()
    if provider not in GEOCODERS:
        raise ValueError(f"Instelling geocoder moet 'vlaanderen', 'nominatim' of 'none' zijn, "
                         f"niet {raw['geocoder']!r}")
    url = str(raw["geocoder_url"]).strip().rstrip("/") or GEOCODER_URLS.get(provider, "")
    if url and not url.lower().startswith(("http://", "https://")):
        raise ValueError(f"Instelling geocoder_url moet een http(s)-adres zijn, niet {raw['geocoder_url']!r}")
    email = str(raw["geocoder_email"]).strip()
    if email and ("@" not in email or any(c.isspace() for c in email)):
        raise ValueError(f"Instelling geocoder_email moet een e-mailadres zijn, niet {raw['geocoder_email']!r}")
    return {
        "geocoder": provider,
        "geocoder_url": url,
        "geocoder_user_agent": str(raw["geocoder_user_agent"]).strip() or GEOCODER_USER_AGENT,
        "geocoder_email": email,
        "geocoder_timeout": _positive_number("geocoder_timeout", raw["geocoder_timeout"]),
    }


def _read_settings_file(env: Mapping[str, str]) -> dict[str, object]:
    path = Path(env.get("PARTNERKAART_INSTELLINGEN", "partnerkaart.toml"))
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"Instellingenbestand {path} is geen geldige TOML: {exc}") from exc
    known = {s.name for s in SETTINGS}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"Onbekende instelling(en) in {path}: {', '.join(unknown)}")
    return data


def _http_address(name: str, value: object) -> str:
    text = str(value).strip().rstrip("/")
    if not text.lower().startswith(("http://", "https://")):
        raise ValueError(f"Instelling {name} moet een http(s)-adres zijn, niet {value!r}")
    return text


def _year(name: str, value: object) -> int:
    year = _positive_whole(name, value)
    if not 1990 <= year <= 2100:
        raise ValueError(f"Instelling {name} moet een jaartal zijn (bv. 2025), niet {value!r}")
    return year


def _url_template(name: str, value: object) -> str:
    text = str(value).strip()
    if not text.lower().startswith(("http://", "https://")) or "{jaar}" not in text:
        raise ValueError(f"Instelling {name} moet een http(s)-adres met {{jaar}} zijn, niet {value!r}")
    return text


def _positive_number(name: str, value: object) -> float:
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        number = -1.0
    if number <= 0:
        raise ValueError(f"Instelling {name} moet een positief getal zijn, niet {value!r}")
    return number


def _positive_whole(name: str, value: object) -> int:
    number = _positive_number(name, value)
    if number != int(number):
        raise ValueError(f"Instelling {name} moet een positief geheel getal zijn, niet {value!r}")
    return int(number)


def _yes_no(name: str, value: object) -> bool:
    text = str(value).strip().lower()
    if text in ("ja", "yes", "true", "1", "aan"):
        return True
    if text in ("nee", "no", "false", "0", "uit"):
        return False
    raise ValueError(f"Instelling {name} moet 'ja' of 'nee' zijn, niet {value!r}")
