"""Running the app for many users on one machine: a local PostGIS cluster (:mod:`.postgres`), HAProxy
with sticky sessions (:mod:`.haproxy`) and the replicas behind it (:mod:`.replicas`)."""
