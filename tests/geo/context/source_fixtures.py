"""Documents of the sources in one click, built from their documented structure and served by a :class:`LayerServer`.

- a Cambio station list (``id``, ``displayName``, ``address{…}``, ``geoposition{latitude,
  longitude}``, ``stationType``, ``vehicleClasses[{id, displayName}]``: ubahnverleih/WoBike
  ``Cambio.md``, mobidata-bw/x2gbfs ``cambio_gbfs_2.3_mapping.md``);
- MobilityData's catalogue ``systems.csv`` (its header as in MobilityData/gbfs);
- a GBFS 3.0 Getaround-like system with a car and a bike vehicle type (localized names);
- WFS GetFeature answers in GeoJSON: EPSG:31370 with a ``crs`` member, EPSG:4326 without one,
  EPSG:4326 as an URN in latitude-longitude order, and Lambert 72 without any ``crs``;
- iRail's ``stations.csv`` (URI, name, alternatives, country-code, longitude, latitude, …);
- a GTFS zip with a large, highly compressible ``stop_times.txt`` written in chunks;
- a route that answers 401 unless the right key header is sent.

:func:`write_sources` writes a list of sources (as ``data/bronnen.json``) pointing at the server.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from pyproj import Transformer

from tests.geo.context.layer_server import MB, LayerServer

KEY_HEADER = "Ocp-Apim-Subscription-Key"
KEY = "geheime-sleutel-123"
HOPPIN = [("Hoppin Mechelen Station", 4.4825, 51.0174), ("Hoppin Muizen", 4.5117, 51.0086),
          ("Hoppin Gent-Sint-Pieters", 3.7108, 51.0359)]


def cambio_stations(server: LayerServer, path: str = "/pub/VLA/stations") -> str:
    """A Cambio station list: two in Mechelen, one in Gent, one without position, one in Paris; its URL."""
    def station(index: int, name: str, lat: float | None, lon: float | None, classes: list[str], **address) -> dict:
        document = {"id": f"st-{index}", "displayName": name, "stationType": "STATION",
                    "address": {"streetAddress": address.get("street", ""), "streetNumber": address.get("house", ""),
                                "postalCode": address.get("postcode", ""), "addressLocation": address.get("city", "")},
                    "vehicleClasses": [{"id": f"c{i}", "displayName": c} for i, c in enumerate(classes)]}
        if lat is not None:
            document["geoposition"] = {"latitude": lat, "longitude": lon}
        return document

    server.document(path, [
        station(1, "Mechelen Station", 51.0175, 4.4827, ["Budget", "Compact"], street="Stationsplein", house="1",
                postcode="2800", city="Mechelen"),
        station(2, "Mechelen <b>Veemarkt</b>", 51.0290, 4.4790, ["Budget"], street="Veemarkt", postcode="2800",
                city="Mechelen"),
        station(3, "Gent Sint-Pieters", 51.0359, 3.7108, ["Comfort"], city="Gent"),
        station(4, "Zonder ligging", None, None, ["Budget"]),
        station(5, "Paris Gare du Nord", 48.8809, 2.3553, ["Budget"]),
    ])
    return server.url(path)


def getaround_30(server: LayerServer, prefix: str = "/getaround/gent") -> str:
    """A GBFS 3.0 system as Getaround publishes (localized names), with a car and a bike vehicle type."""
    def wrap(data: dict) -> dict:
        return {"last_updated": "2026-12-05T12:00:00+01:00", "ttl": 60, "version": "3.0", "data": data}

    names = ("system_information", "station_information", "vehicle_status", "vehicle_types")
    server.document(f"{prefix}/gbfs", wrap({"feeds": [{"name": n, "url": server.url(f"{prefix}/{n}")} for n in names]}))
    server.document(f"{prefix}/system_information", wrap({
        "system_id": "getaround_gent", "languages": ["en", "nl"], "timezone": "Europe/Brussels",
        "name": [{"text": "Getaround Ghent", "language": "en"}, {"text": "Getaround Gent", "language": "nl"}],
        "operator": [{"text": "Getaround", "language": "en"}], "opening_hours": "24/7"}))
    server.document(f"{prefix}/station_information", wrap({"stations": [
        {"station_id": "p1", "lat": 51.0467, "lon": 3.7288,
         "name": [{"text": "Car park South", "language": "en"}, {"text": "Parking Zuid", "language": "nl"}]}]}))
    server.document(f"{prefix}/vehicle_types", wrap({"vehicle_types": [
        {"vehicle_type_id": "auto", "form_factor": "car", "propulsion_type": "combustion",
         "name": [{"text": "Car", "language": "en"}, {"text": "Deelauto Getaround", "language": "nl"}]},
        {"vehicle_type_id": "fiets", "form_factor": "bicycle", "propulsion_type": "human",
         "name": [{"text": "Bike", "language": "en"}]}]}))
    server.document(f"{prefix}/vehicle_status", wrap({"vehicles": [
        {"vehicle_id": "a1", "lat": 51.05, "lon": 3.72, "is_reserved": False, "is_disabled": False,
         "vehicle_type_id": "auto"},
        {"vehicle_id": "a2", "lat": 51.055, "lon": 3.725, "is_reserved": False, "is_disabled": False,
         "vehicle_type_id": "auto"},
        {"vehicle_id": "f1", "lat": 51.06, "lon": 3.73, "is_reserved": False, "is_disabled": False,
         "vehicle_type_id": "fiets"}]}))
    return server.url(f"{prefix}/gbfs")


SYSTEMS_HEADER = ["Country Code", "Name", "Location", "System ID", "URL", "Auto-Discovery URL", "Supported Versions",
                  "Authentication Info URL", "Authentication Type", "Authentication Parameter Name"]


def systems_csv(server: LayerServer, getaround: str, bluebike: str, path: str = "/gbfs/systems.csv") -> str:
    """A catalogue with Belgian and Dutch rows (Getaround and Blue-bike served by ``server``); its URL."""
    rows = [
        ["NL", "Getaround Amsterdam", "Amsterdam, NL", "getaround_amsterdam", "https://getaround.nl",
         "https://getaround.com/gbfs/v3/amsterdam/gbfs", "3.0", "", "", ""],
        ["BE", "Blue-bike", "Belgium", "blue-bike", "https://www.blue-bike.be", bluebike, "2.3", "", "", ""],
        ["BE", "Dott Brussels", "Brussels, BE", "dott_brussels", "https://ridedott.com",
         "https://gbfs.api.ridedott.com/public/v2/brussels/gbfs.json", "2.3", "", "", ""],
        ["BE", "Getaround Gent", "Gent, BE", "getaround_gent", "https://getaround.be", getaround, "3.0", "", "", ""],
        ["BE", "Zonder adres", "Brugge, BE", "zonder_adres", "https://voorbeeld.be", "", "2.3", "", "", ""],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([SYSTEMS_HEADER, *rows])
    server.document(path, buffer.getvalue().encode(), headers={"Content-Type": "text/csv"})
    return server.url(path)


def lambert(lon: float, lat: float) -> tuple[float, float]:
    return Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True).transform(lon, lat)


def wfs_answers(server: LayerServer) -> dict[str, str]:
    """The Hoppinpunten as four WFS answers: ``lambert`` (crs member), ``wgs84`` (none), ``urn_latlon``, ``bare``."""
    def collection(points, crs: str | None = None) -> dict:
        document = {"type": "FeatureCollection", "numberMatched": len(points), "features": [
            {"type": "Feature", "id": f"hoppinzuil.{i}", "geometry": {"type": "Point", "coordinates": [x, y]},
             "properties": {"naam": name, "type": "Hoppinpunt"}} for i, (name, x, y) in enumerate(points)]}
        if crs:
            document["crs"] = {"type": "name", "properties": {"name": crs}}
        return document

    in_lambert = [(name, *lambert(lon, lat)) for name, lon, lat in HOPPIN]
    server.document("/wfs/lambert", collection(in_lambert, "urn:ogc:def:crs:EPSG::31370"))
    server.document("/wfs/wgs84", collection(HOPPIN))
    server.document("/wfs/urn", collection([(n, lat, lon) for n, lon, lat in HOPPIN], "urn:ogc:def:crs:EPSG::4326"))
    server.document("/wfs/bare", collection(in_lambert))
    query = "?service=WFS&version=2.0.0&request=GetFeature&typeNames=hoppin:hoppinzuil&outputFormat=application/json"
    return {name: server.url(f"/wfs/{name}") + query for name in ("lambert", "wgs84", "urn", "bare")}


IRAIL_HEADER = ("URI,name,alternative-fr,alternative-nl,alternative-de,alternative-en,taf-tap-code,telegraph-code,"
                "country-code,longitude,latitude,avg_stop_times,official_transfer_time\n")


def irail_stations(server: LayerServer, path: str = "/irail/stations.csv") -> str:
    """iRail's stations.csv: Mechelen, Brussels-South (bilingual), Amsterdam (outside Belgium); its URL."""
    body = IRAIL_HEADER + (
        "http://irail.be/stations/NMBS/008822004,Mechelen,Malines,,,,BEMEC,FMC,be,4.482785,51.017648,450.5,5\n"
        "http://irail.be/stations/NMBS/008814001,Brussel-Zuid/Bruxelles-Midi,Bruxelles-Midi,Brussel-Zuid,,,BEBMI,FBMZ,"
        "be,4.336531,50.835707,1200.1,8\n"
        "http://irail.be/stations/NMBS/008400058,Amsterdam Centraal,,,,,NLASC,,nl,4.900272,52.378706,80.2,5\n")
    server.document(path, body.encode(), headers={"Content-Type": "text/csv"})
    return server.url(path)


GTFS_STOPS = ("stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n"
              "101,Mechelen Grote Markt,51.028,4.4801,0,\n102,\"Muizen, Kerk\",51.0086,4.5117,0,\n")


def gtfs_zip(path: Path, stop_times_mb: int = 0) -> Path:
    """A GTFS zip at ``path``; ``stop_times.txt`` of ``stop_times_mb`` MB written in chunks (deflated, so small)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\n"
                                       "DL,De Lijn,https://delijn.be,Europe/Brussels\n")
        with archive.open("stop_times.txt", "w", force_zip64=True) as handle:
            handle.write(b"trip_id,arrival_time,departure_time,stop_id,stop_sequence\n")
            line = b"T1,08:00:00,08:00:00,101,1\n"
            block = line * (MB // len(line))
            written = 0
            while written < stop_times_mb * MB:
                handle.write(block)
                written += len(block)
        archive.writestr("stops.txt", GTFS_STOPS)
    return path


def keyed(server: LayerServer, path: str, body: bytes, key: str = KEY, header: str = KEY_HEADER) -> None:
    """Answer ``path`` with ``body`` only when ``header`` carries ``key``; else 401 as the API gateway does."""
    def route(handler) -> None:
        if handler.headers.get(header) == key:
            handler._send(200, body, {"Content-Type": "application/zip"})
        else:
            handler._send(401, json.dumps({"statusCode": 401, "message": "Access denied due to missing subscription key."})
                          .encode(), {"Content-Type": "application/json"})
    server.routes[path] = route


def write_sources(folder: Path, server: LayerServer, **urls: str) -> Path:
    """A list of sources like ``data/bronnen.json`` whose URLs point at ``server`` (``urls`` by id override)."""
    key = {"instelling": "lagen_gtfs_sleutel", "header": KEY_HEADER, "waar": "https://data.belgianmobility.io"}
    sources = [
        {"id": "cambio-vlaanderen", "naam": "Cambio-stations Vlaanderen", "soort": "deelauto", "formaat": "cambio",
         "url": urls.get("cambio-vlaanderen", server.url("/pub/VLA/stations")), "licentie": "openbare API",
         "bronvermelding": "Cambio (cambio-carsharing.com)", "ververs_minuten": 1440, "sleutel": None},
        {"id": "gbfs", "naam": "Deelmobiliteit in België", "soort": "deelauto", "formaat": "gbfs", "url": "",
         "licentie": "per systeem", "bronvermelding": "{systeem}, via de GBFS-catalogus van MobilityData",
         "ververs_minuten": 60, "sleutel": None,
         "catalogus": {"url": urls.get("catalogus", server.url("/gbfs/systems.csv")), "land": "BE",
                       "autodelen": ["getaround", "cambio"]}},
        {"id": "hoppinpunten", "naam": "Hoppinpunten", "soort": "mobipunt", "formaat": "wfs",
         "url": urls.get("hoppinpunten", server.url("/wfs/lambert")), "licentie": "open data Vlaanderen",
         "bronvermelding": "Departement Mobiliteit en Openbare Werken (Hoppin)", "ververs_minuten": 10080, "sleutel": None},
        {"id": "nmbs-stations", "naam": "Treinstations (iRail)", "soort": "station", "formaat": "csv",
         "url": urls.get("nmbs-stations", server.url("/irail/stations.csv")), "licentie": "CC0 1.0",
         "bronvermelding": "iRail stations (CC0)", "ververs_minuten": 10080, "sleutel": None},
        {"id": "delijn-haltes", "naam": "Haltes De Lijn (GTFS)", "soort": "halte", "formaat": "gtfs",
         "url": urls.get("delijn-haltes", server.url("/api/gtfs/feed/delijn/static")), "licentie": "CC BY 4.0",
         "bronvermelding": "Bron: De Lijn - Open Data", "ververs_minuten": 10080, "sleutel": key},
    ]
    path = folder / "bronnen.json"
    path.write_text(json.dumps({"bronnen": sources}, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
