"""Dutch user-facing messages, in one place so the wording stays consistent.

Code and comments are English; everything a user reads comes from here.
"""

APP_TITEL = "Partnerkaart"

# Boundary data
GEBIEDEN_ONTBREKEN = (
    "De gebiedsgrenzen zijn niet gevonden in {bron} (ontbrekend: {bestanden}). "
    "Controleer PARTNERKAART_GEBIEDEN of laad hieronder zelf een grenzenbestand op."
)
DOWNLOAD_HTTP = "De gebiedsgrenzen konden niet gedownload worden: {url} gaf HTTP-fout {status}."
DOWNLOAD_OFFLINE = (
    "De gebiedsgrenzen konden niet gedownload worden van {url} en er is nog geen lokale kopie "
    "({fout}). Ben je offline? Laad hieronder zelf een grenzenbestand op, of zet "
    "PARTNERKAART_GEBIEDEN op een lokale map."
)
CACHE_BESCHADIGD = (
    "De lokale kopie van {bestand} is beschadigd (grootte of controlegetal klopt niet) en kon niet "
    "opnieuw gedownload worden: {fout}"
)
CRS_ONBEKEND = "Het bestand vermeldt geen coördinatensysteem (CRS); voeg een .prj of CRS toe."
WIJK_ZONDER_GEMEENTE = "Wijk {wijk} ligt in geen enkele gemeente."

# Partner validation
NAAM_VERPLICHT = "De naam is verplicht."
CATEGORIE_ONBEKEND = "Onbekende categorie: '{waarde}'."
STATUS_ONBEKEND = "Onbekende status '{waarde}'. Kies uit: {toegelaten}."
EMAIL_ONGELDIG = "'{waarde}' is geen geldig e-mailadres."
TELEFOON_ONGELDIG = "'{waarde}' is geen geldig telefoonnummer."
POSTCODE_ONGELDIG = "'{waarde}' is geen Belgische postcode (4 cijfers)."
TE_LANG = "Het veld '{veld}' is te lang (maximaal {max} tekens)."
STUURTEKENS = "Het veld '{veld}' bevat ongeldige stuurtekens."
COORDINAAT_GEEN_GETAL = "Breedtegraad en lengtegraad moeten getallen zijn (bv. 51,0259 en 4,4776)."
COORDINAAT_HALF = "Geef zowel breedtegraad als lengtegraad op, of geen van beide."
COORDINAAT_BEREIK = "De coördinaten ({lat}, {lon}) bestaan niet: breedtegraad ligt tussen -90 en 90, lengtegraad tussen -180 en 180."
BUITEN_GEBIED = "De locatie ({lat}, {lon}) ligt buiten Vlaanderen en Brussel. Zijn breedte- en lengtegraad misschien omgewisseld?"
GEMEENTE_OF_LOCATIE_NODIG = "Kies een gemeente of geef een locatie op."
BEREIK_ONGELDIG = "Het bereik moet een getal in meter zijn tussen 1 en {max}."

# Store
STORE_NIET_OPEN = "De databank {pad} kon niet geopend worden: {fout}"
STORE_BEZET = "De databank is even bezet door een andere gebruiker. Probeer het over enkele seconden opnieuw; er is niets gewijzigd."
STORE_ALLEEN_LEZEN = "De databank {pad} is alleen-lezen; er is niets gewijzigd."
STORE_VOL = "De schijf is vol; er is niets gewijzigd."
STORE_ONGELDIG = "De gegevens zijn ongeldig en werden niet bewaard ({fout})."
STORE_FOUT = "De databank gaf een fout; er is niets gewijzigd ({fout})."
PARTNER_WEG = "Deze partner bestaat niet (meer); misschien heeft iemand anders hem verwijderd."
PARTNER_INTUSSEN_GEWIJZIGD = (
    "'{naam}' werd intussen door iemand anders gewijzigd (om {gewijzigd}). Je wijziging is niet bewaard: "
    "bekijk de nieuwe gegevens en pas ze opnieuw aan."
)
