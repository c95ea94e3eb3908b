"""GBFS 2.3 and 3.0 systems built from the specification's structure, served by a :class:`LayerServer`.

2.3: ``gbfs.json`` with ``data.<lang>.feeds`` (Dutch and English), integer ``last_updated``,
``free_bike_status`` with ``data.bikes``. 3.0: ``data.feeds`` with relative URLs, RFC 3339
``last_updated``, ``vehicle_status`` with ``data.vehicles``, localized names as lists of
``{text, language}``.
"""

from __future__ import annotations

from tests.geo.context.layer_server import LayerServer

NOW_2X = 1_767_225_600
NOW_3X = "2026-01-01T00:00:00+01:00"


def feeds_23(server: LayerServer, prefix: str = "/v2") -> str:
    """A GBFS 2.3 system (bikes and cars, docked and free-floating) at ``prefix``; its gbfs.json URL."""
    def wrap(data: dict) -> dict:
        return {"last_updated": NOW_2X, "ttl": 60, "version": "2.3", "data": data}

    names = ("system_information", "station_information", "free_bike_status", "vehicle_types")
    server.document(f"{prefix}/gbfs.json", wrap({
        "en": {"feeds": [{"name": n, "url": server.url(f"{prefix}/en/{n}.json")} for n in names]},
        "nl": {"feeds": [{"name": n, "url": server.url(f"{prefix}/{n}.json")} for n in names]},
    }))
    server.document(f"{prefix}/system_information.json", wrap({
        "system_id": "blue-bike", "language": "nl", "name": "Blue-bike", "operator": "Blue-mobility",
        "timezone": "Europe/Brussels"}))
    server.document(f"{prefix}/station_information.json", wrap({"stations": [
        {"station_id": "mechelen", "name": "Station Mechelen", "lat": 51.0174, "lon": 4.4825,
         "address": "Stationsplein 1, 2800 Mechelen", "capacity": 40},
        {"station_id": "gent", "name": "Gent-Sint-Pieters", "lat": 51.0359, "lon": 3.7108},
        {"station_id": "adam", "name": "Amsterdam Centraal", "lat": 52.3791, "lon": 4.9003},  # not Belgium
        {"station_id": "kapot", "name": "Zonder ligging"},
    ]}))
    server.document(f"{prefix}/free_bike_status.json", wrap({"bikes": [
        {"bike_id": "b1", "lat": 51.02, "lon": 4.47, "is_reserved": False, "is_disabled": False, "vehicle_type_id": "fiets"},
        {"bike_id": "c1", "lat": 51.03, "lon": 4.48, "is_reserved": True, "is_disabled": False, "vehicle_type_id": "auto"},
        {"bike_id": "c2", "lat": 51.04, "lon": 4.49, "is_reserved": False, "is_disabled": True, "vehicle_type_id": "auto"},
        {"bike_id": "d1", "station_id": "mechelen", "is_reserved": False, "is_disabled": False, "vehicle_type_id": "fiets"},
    ]}))
    server.document(f"{prefix}/vehicle_types.json", wrap({"vehicle_types": [
        {"vehicle_type_id": "fiets", "form_factor": "bicycle", "propulsion_type": "human"},
        {"vehicle_type_id": "auto", "form_factor": "car", "propulsion_type": "electric", "name": "Renault Zoe"},
    ]}))
    for name in names:  # the English copies must not be read
        server.document(f"{prefix}/en/{name}.json", "niet deze taal", status=500)
    return server.url(f"{prefix}/gbfs.json")


def feeds_30(server: LayerServer, prefix: str = "/v3") -> str:
    """A GBFS 3.0 car-sharing system (as Getaround publishes: cars only, localized texts); its gbfs.json URL."""
    def wrap(data: dict) -> dict:
        return {"last_updated": NOW_3X, "ttl": 0, "version": "3.0", "data": data}

    names = ("system_information", "station_information", "vehicle_status", "vehicle_types")
    server.document(f"{prefix}/gbfs", wrap({"feeds": [{"name": n, "url": f"{n}.json"} for n in names]}))
    server.document(f"{prefix}/system_information.json", wrap({
        "system_id": "getaround_gent", "languages": ["nl", "fr", "en"],
        "name": [{"text": "Getaround Ghent", "language": "en"}, {"text": "Getaround Gent", "language": "nl"}],
        "operator": [{"text": "Getaround", "language": "en"}], "timezone": "Europe/Brussels",
        "opening_hours": "24/7", "feed_contact_email": "gbfs@example.org"}))
    server.document(f"{prefix}/station_information.json", wrap({"stations": [
        {"station_id": "s1", "name": [{"text": "Parking Zuid", "language": "en"}, {"text": "Parking Zuid (NL)", "language": "nl"}],
         "lat": 51.0467, "lon": 3.7288},
    ]}))
    server.document(f"{prefix}/vehicle_status.json", wrap({"vehicles": [
        {"vehicle_id": "v1", "lat": 51.05, "lon": 3.72, "is_reserved": False, "is_disabled": False,
         "vehicle_type_id": "zoe", "last_reported": NOW_3X},
        {"vehicle_id": "v2", "lat": 51.06, "lon": 3.73, "is_reserved": False, "is_disabled": False,
         "vehicle_type_id": "step"},
        {"vehicle_id": "v3", "lat": "51.07", "lon": 3.74, "is_reserved": False, "is_disabled": False,
         "vehicle_type_id": "zoe"},                                                     # a text is no number
        {"vehicle_id": "v4", "lat": 91.0, "lon": 3.74, "is_reserved": False, "is_disabled": False,
         "vehicle_type_id": "zoe"},                                                     # no latitude
    ]}))
    server.document(f"{prefix}/vehicle_types.json", wrap({"vehicle_types": [
        {"vehicle_type_id": "zoe", "form_factor": "car", "propulsion_type": "electric",
         "name": [{"text": "Renault Zoe", "language": "nl"}], "max_range_meters": 300000},
        {"vehicle_type_id": "step", "form_factor": "scooter_standing", "propulsion_type": "electric"},
    ]}))
    return server.url(f"{prefix}/gbfs")
