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
GEMEENTE_ONBEKEND = "'{waarde}' is geen gekende gemeente of NIS-code."
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

# Pages
UI_NAV_KAART = "Kaart"
UI_NAV_VLAANDEREN = "Vlaanderen"
UI_NAV_PARTNERS = "Partners"
UI_NAV_GEBIED = "Eigen gebied"
UI_KAART_TITEL = "Partners per wijk"
UI_VLAANDEREN_TITEL = "Overzicht Vlaanderen en Brussel"
UI_VLAANDEREN_UITLEG = "Alle wijken met de partners gegroepeerd. Klik op een wijk om haar gemeente te openen."
UI_PARTNERS_TITEL = "Partnerorganisaties"
UI_KIES_GEMEENTE = "Gemeente"
UI_TYP_GEMEENTE = "Typ of kies een gemeente…"
UI_GEMEENTE_VAST = "{label}: **{naam}**"
UI_KIES_EERST_GEMEENTE = "Kies een gemeente om haar wijken en partners te zien."
UI_GEMEENTE_ONBEKEND = "'{waarde}' is geen gekende gemeente of NIS-code. Kies er een uit de lijst."
UI_NAAR_VLAANDEREN = "Of open het overzicht van Vlaanderen"
UI_NAAR_EIGEN_GEBIED = "Zelf een grenzenbestand opladen"
UI_BRONNEN_FOOTER = (
    "Bronnen: Wijken voor omgevingsanalyse. © gemeentebesturen, verzameld door Data & Analyse van de "
    "Vlaamse provincies (Modellicentie Gratis Hergebruik Vlaanderen v1.0) · Gemeentegrenzen: Statbel "
    "(Algemene Directie Statistiek - Statistics Belgium)"
)
UI_BRONNEN_TEGELS = " · Achtergrondkaart: {bron}"
UI_WIJKEN = "Wijken"
UI_PARTNERS = "Partners"
UI_VERTROUWD = "Vertrouwde partners"
UI_ZONDER_LOCATIE = "Zonder locatie"
UI_DEMO_ACTIEF = "Deze kaart toont fictieve demopartners. Je kan ze verwijderen op de pagina Partners."
UI_WIJKEN_TABEL = "Wijken"
UI_GEMEENTEN_TABEL = "Gemeenten"
UI_KOLOM_WIJK = "Wijk"
UI_KOLOM_CODE = "Wijkcode"
UI_KOLOM_OPPERVLAKTE = "Oppervlakte (km²)"
UI_KOLOM_NIS = "NIS-code"
UI_KOLOM_GEMEENTE = "Gemeente"
UI_KOLOM_NAAM = "Naam"
UI_KOLOM_SOORT = "Soort partner"
UI_KOLOM_STATUS = "Status"
UI_KOLOM_KOEPEL = "Organisatie/koepel"
UI_KOLOM_ADRES = "Adres"
UI_KOLOM_CONTACT = "Contactpersoon"
UI_KOLOM_EMAIL = "E-mail"
UI_KOLOM_TELEFOON = "Telefoon"
UI_KOLOM_DEMO = "Demo"
UI_KOLOM_GEWIJZIGD = "Gewijzigd"
UI_GEEN_LOCATIE = "locatie ontbreekt"
UI_FILTER_SOORT = "Soort partner"
UI_FILTER_STATUS = "Status"
UI_FILTER_ZOEK = "Zoeken"
UI_FILTER_ZOEK_HINT = "naam, koepel, adres of contactpersoon"
UI_AANTAL_GETOOND = "{getoond} van {totaal} partners getoond. Klik op een kolomkop om te sorteren."
UI_KIES_PARTNER = "Partner kiezen"
UI_KIES_PARTNER_HINT = "Kies een partner om te bewerken…"
UI_GEEN_ADRES = "geen adres"
UI_NIEUWE_PARTNER = "Nieuwe partner"
UI_BEWERK_PARTNER = "Bewerken"
UI_BEWERK_TITEL = "'{naam}' bewerken"
UI_NIEUW_TITEL = "Nieuwe partner"
UI_KLIK_OP_KAART = "Klik op de kaart om de locatie te kiezen, of typ de coördinaten hieronder."
UI_ONGEPLAATST_KOP = "Zonder locatie: {aantal}"
UI_ONGEPLAATST_UITLEG = ("Deze partners hebben (nog) geen locatie, bijvoorbeeld omdat hun adres bij het importeren niet "
                         "gevonden werd. Ze tellen pas mee voor de dekking als ze op de kaart staan.")
UI_ONGEPLAATST_MEER = "En nog {aantal}: plaats eerst deze, of gebruik de pagina Partners."
UI_PLAATS_OP_KAART = "Plaats op de kaart"
UI_ZOEK_ADRES_OPNIEUW = "Zoek het adres opnieuw"
UI_ZOEK_ADRES_UIT = "Adressen opzoeken staat uit (instelling geocoder = none)."
UI_ZOEK_ADRES_GEEN = "Zonder straat en postcode of gemeente valt er niets op te zoeken."
UI_PLAATS_KLIK = "Klik op de kaart waar **{naam}** ligt, en bewaar dan de locatie."
UI_PLAATS_GEKOZEN = "Gekozen: {lat}, {lon}"
UI_PLAATS_BEWAREN = "Locatie bewaren"
UI_PLAATS_ANNULEREN = "Annuleren"
UI_PLAATS_GELUKT = "{naam} staat nu op de kaart (wijk {wijk})."
UI_ADRES_GEVONDEN = "{naam} staat nu op de kaart: {adres} (wijk {wijk})."
UI_ADRES_KIES = "Het adres van {naam} past bij meer dan één plaats. Kies de juiste:"
UI_ADRES_NIET_GEVONDEN = "{naam}: {uitleg}"
UI_VELD_STRAAT = "Straat"
UI_VELD_HUISNUMMER = "Nr."
UI_VELD_POSTCODE = "Postcode"
UI_VELD_PLAATS = "Gemeente (adres)"
UI_VELD_LAT = "Breedtegraad (WGS84)"
UI_VELD_LON = "Lengtegraad (WGS84)"
UI_VELD_BEREIK = "Bereik in meter (leeg = standaard van de soort)"
UI_VELD_NOTITIES = "Notities"
UI_COORD_HULP = "Decimale graden, met punt of komma, bv. 51,0259 en 4,4776."
UI_BEREIK_HULP = "Hoe ver de partner mensen bereikt, in meter."
UI_KOEPEL_HULP = "Bv. Natuurpunt, Chiro, OKRA."
UI_BEWAREN = "Bewaren"
UI_ANNULEREN = "Annuleren"
UI_VERWIJDEREN = "Verwijderen"
UI_VERWIJDEREN_VRAAG = "Wil je '{naam}' echt verwijderen?"
UI_VERWIJDEREN_JA = "Ja, verwijder"
UI_BEWAARD = "'{naam}' is bewaard."
UI_VERWIJDERD = "'{naam}' is verwijderd."
UI_ANDERE_GEMEENTE = "'{naam}' is bewaard. De locatie ligt in een andere gemeente ({gemeente}); de partner staat nu daar."
UI_DEMO_KOP = "Demogegevens"
UI_DEMO_UITLEG = "De databank bevat fictieve demopartners in Mechelen en Wijnegem (gemarkeerd met '(demo)')."
UI_DEMO_VERWIJDEREN = "Demogegevens verwijderen"
UI_DEMO_VERWIJDERD = "{aantal} demopartners verwijderd."
UI_DEMO_LADEN = "Demogegevens laden"
UI_DEMO_GELADEN = "{aantal} demopartners geladen in Mechelen en Wijnegem."
UI_DEMO_NIET_MOGELIJK = "Demogegevens kunnen enkel in een lege databank geladen worden."
UI_GEBIED_TITEL = "Eigen gebied opladen"
UI_GEBIED_UITLEG = (
    "Werk je met eigen wijkgrenzen, of zijn de officiële grenzen niet beschikbaar? Laad een GeoJSON-, "
    "GeoPackage- of gezipt Shapefile-bestand op. Elk vlak wordt een wijk; kies daarna welk veld de naam bevat."
)
UI_GEBIED_UPLOAD = "Grenzenbestand"
UI_GEBIED_GELEZEN = "{aantal} vlakken gelezen (coördinatensysteem: {crs})."
UI_GEBIED_NAAMVELD = "Veld met de naam van elk gebied"
UI_GEBIED_NAAM = "Naam van dit gebied"
UI_GEBIED_BEWAREN = "Gebied bewaren en openen"
UI_GEBIED_LIJST = "Bewaarde eigen gebieden"
UI_GEBIED_VERWIJDERD = "Het gebied '{naam}' is verwijderd."
UI_OPENEN = "Openen"

# Command line
CLI_GEMEENTE_ONBEKEND = "Onbekende gemeente: '{waarde}'. Geef een NIS-code (bv. 12025) of een naam (bv. Mechelen)."
CLI_INSTELLINGEN = "Databank: {db}\nGebiedsgrenzen: {gebieden}\nAchtergrondkaart: {tegels}"
CLI_DATABANK = "Databank {db} klaar (schemaversie {versie}, {aantal} partners)."
CLI_GRENZEN = "Gebiedsgrenzen klaar: {wijken} wijken in {gemeenten} gemeenten."
CLI_DEKKINGSREKENAAR = "Dekkingsrekenaar klaar ({seconden} s; alleen de eerste start op deze machine compileert hem)."
CLI_INWONERS_KLAAR = "Inwoners klaar: {bron}, {wijken} wijken."
CLI_GEEN_GRENZEN = "Waarschuwing: {fout}\nDe app start toch; je kan er zelf een grenzenbestand opladen."
CLI_DEMO = "{aantal} fictieve demopartners geladen (verwijderbaar op de pagina Partners)."

# User boundary files
UPLOAD_LEEG = "Het bestand '{bestand}' is leeg: er staan geen gebieden in."
UPLOAD_TE_GROOT = "Het bestand '{bestand}' is te groot ({grootte} MB); de limiet is {max} MB."
UPLOAD_TYPE_ONBEKEND = (
    "Bestandstype '{extensie}' wordt niet ondersteund. Laad een GeoJSON (.geojson of .json), "
    "een GeoPackage (.gpkg) of een gezipte shapefile (.zip) op."
)
UPLOAD_LOSSE_SHP = (
    "Een losse .shp is niet genoeg: zip de .shp samen met de .shx, .dbf en .prj met dezelfde naam "
    "en laad die .zip op."
)
UPLOAD_ONLEESBAAR = (
    "Het bestand '{bestand}' kon niet gelezen worden als {formaat}. Is het beschadigd, of van een "
    "ander type dan de extensie zegt?"
)
UPLOAD_GEEN_VLAKKEN = (
    "Het bestand '{bestand}' bevat geen vlakken (polygonen), alleen {soorten}. Gebieden moeten "
    "als vlakken getekend zijn."
)
UPLOAD_CRS_ONBEKEND = (
    "Het bestand '{bestand}' heeft een onbekend coördinatensysteem (CRS). Voeg bij een shapefile "
    "het .prj-bestand toe aan de zip, of bewaar het bestand met een coördinatensysteem "
    "(bv. EPSG:31370 of EPSG:4326)."
)
UPLOAD_CRS_PAST_NIET = (
    "De coördinaten in '{bestand}' passen niet bij het coördinatensysteem {crs}: zo liggen de "
    "gebieden niet op de aarde of ver buiten het gebied waarvoor dat systeem bedoeld is. Klopt het "
    "coördinatensysteem? (Een GeoJSON zonder CRS moet in lengte- en breedtegraden staan.)"
)
UPLOAD_TE_VEEL_OBJECTEN = "Het bestand '{bestand}' bevat {aantal} objecten; het maximum is {max}."
ZIP_ONVEILIGE_NAAM = (
    "De zip '{bestand}' bevat een onveilige bestandsnaam ('{naam}'): namen met een absoluut pad "
    "of '..' worden geweigerd. Er is niets uitgepakt."
)
ZIP_TE_GROOT = (
    "De zip '{bestand}' pakt uit tot {grootte} MB, meer dan toegelaten ({max} MB). Mogelijk is "
    "het een zip-bom; er is niets uitgepakt."
)
ZIP_COMPRESSIE = (
    "De zip '{bestand}' is verdacht sterk gecomprimeerd ('{naam}' is {verhouding} keer groter "
    "uitgepakt). Mogelijk is het een zip-bom; er is niets uitgepakt."
)
ZIP_TE_VEEL_BESTANDEN = "De zip '{bestand}' bevat {aantal} bestanden; het maximum is {max}."
ZIP_VERSLEUTELD = "De zip '{bestand}' is met een wachtwoord beveiligd; laad een zip zonder wachtwoord op."
ZIP_GEEN_SHAPEFILE = "De zip '{bestand}' bevat geen shapefile (.shp)."
ZIP_MEERDERE_SHAPEFILES = (
    "De zip '{bestand}' bevat meerdere shapefiles ({namen}); laad er één per keer op."
)
ZIP_ONVOLLEDIG = (
    "De shapefile '{naam}' in de zip mist {ontbrekend}. Een shapefile bestaat uit een .shp, .shx "
    "en .dbf (en een .prj voor het coördinatensysteem) met dezelfde naam."
)
GPKG_GEEN_VLAKKENLAAG = "De GeoPackage '{bestand}' bevat geen laag met vlakken (polygonen)."
GPKG_LAAG_ONBEKEND = "De laag '{laag}' bestaat niet in '{bestand}'. Kies uit: {lagen}."
WAARSCHUWING_ZONDER_GEOMETRIE = "{aantal} object(en) zonder geometrie werden overgeslagen."
WAARSCHUWING_GEEN_VLAK = "{aantal} object(en) die geen vlak zijn ({soorten}) werden overgeslagen."
NAAMVELD_ONBEKEND = "Het veld '{veld}' bestaat niet in het bestand. Kies uit: {velden}."
GEBIED_ZONDER_NAAM = "Gebied {nummer}"
EIGEN_GEBIED_BRON = "Grenzen: eigen bestand {bestand}"
EIGEN_GEBIED_CODE_ONGELDIG = "'{code}' is geen geldige code van een eigen gebied."
EIGEN_GEBIED_ONBEKEND = "Het eigen gebied '{code}' bestaat niet (meer)."
EIGEN_GEBIED_BESCHADIGD = "Het bewaarde eigen gebied '{code}' is beschadigd en kon niet gelezen worden."

# Import history
IMPORT_INTUSSEN_GEWIJZIGD = "'{naam}' werd gewijzigd sinds het bestand werd nagekeken. Controleer het bestand opnieuw; er is niets ingelezen."
IMPORT_ONBEKEND = "Import {id} bestaat niet."
IMPORT_AL_ONGEDAAN = "Import {id} werd al ongedaan gemaakt ({tijdstip})."
IMPORT_ONGEDAAN_CONFLICT = "De import kan niet ongedaan gemaakt worden: '{naam}' werd sindsdien nog gewijzigd of verwijderd. Er is niets veranderd."

# Import
IMPORT_MODUS_ONBEKEND = "Onbekende modus '{modus}'. Kies uit: {modi}."
IMPORT_BRONREGEL = "Bronvermelding van een export, geen partner."
IMPORT_GEOCODE_GESTOPT = "Adres niet opgezocht: het opzoeken werd gestopt."
IMPORT_GEOCODE_GEVONDEN = "Locatie opgezocht via het adres: {adres}."
IMPORT_GEOCODE_MISLUKT = "Het adres werd niet gevonden."
IMPORT_CATEGORIE_ONBEKEND = "Soort '{waarde}' niet herkend: ingedeeld als 'Andere'."
IMPORT_CATEGORIE_GERADEN = "Soort '{waarde}' geïnterpreteerd als '{categorie}': controleer dit."
IMPORT_STATUS_ONBEKEND = "Status '{waarde}' niet herkend: 'te contacteren' gebruikt."
IMPORT_STATUS_GERADEN = "Status '{waarde}' geïnterpreteerd als '{status}': controleer dit."
IMPORT_BUITEN_GEBIED = "De coördinaten liggen buiten Vlaanderen en Brussel (of het opgeladen gebied); de locatie is weggelaten."
IMPORT_ANDERE_GEMEENTE = "Ligt in een andere gemeente ({gemeente}); wordt daar ingelezen."
IMPORT_GEEN_GEMEENTE = ("Geen locatie en geen aanwijzing voor de gemeente (geen coördinaten, postcode, gemeente of "
                        "deelgemeente): vul het adres aan of kies een gemeente voor de import.")
IMPORT_ADRES_ONBEKEND = ("Geen locatie, en '{adres}' is geen bekende postcode, gemeente of deelgemeente in Vlaanderen "
                         "of Brussel: vul het adres aan of kies een gemeente voor de import.")
IMPORT_ADRES_ELDERS = "Geen locatie, en het adres ligt in {gemeente}, buiten Vlaanderen en Brussel."
IMPORT_LOCATIE_ONTBREEKT = ("Locatie ontbreekt: ingelezen zonder locatie in {gemeente}; plaats de partner later op de "
                            "kaart (pagina Kaart of Partners).")
IMPORT_GEMEENTE_TEGENSTRIJDIG = ("Postcode en plaats wijzen naar verschillende gemeenten ({kandidaten}): ingelezen in "
                                 "{gekozen}; kies zo nodig een andere gemeente bij de twijfelgevallen.")
IMPORT_GEMEENTE_DUBBELZINNIG = ("'{adres}' kan in {kandidaten} liggen: ingelezen in {gekozen}; kies zo nodig een "
                                "andere gemeente bij de twijfelgevallen.")
IMPORT_GEMEENTE_GEKOZEN = "Gemeente {gekozen} gekozen bij het nakijken (mogelijk: {kandidaten})."
IMPORT_GEOCODER_OPGEGEVEN = ("Adres niet opgezocht: de adresdienst gaf {aantal} keer na elkaar een fout ({fout}); "
                             "de overige adressen zijn niet opgezocht.")
IMPORT_DUBBEL_SAMENGEVOEGD = "Precies dezelfde rij als rij {rij}: samengevoegd tot één partner."
IMPORT_MOGELIJK_DUBBEL = ("Mogelijk dezelfde organisatie als rij {rij} (zelfde naam en plaats), maar {verschil} "
                          "verschilt: {keuze}.")
IMPORT_DUBBEL_BEIDE = "beide worden bewaard"
IMPORT_DUBBEL_EERSTE = "alleen rij {rij} wordt bewaard"
IMPORT_DUBBEL_MATCH = "Verwijst naar dezelfde bestaande partner '{naam}' als een eerdere rij: wordt een nieuwe partner."
IMPORT_BESTAAT_AL = "Lijkt al te bestaan als '{naam}'; kies 'bijwerken' om die aan te passen in plaats van een nieuwe toe te voegen."
IMPORT_VERVANGEN_BEVESTIGEN = "Vervangen verwijdert eerst {aantal} bestaande partners van deze gemeente: bevestig dit uitdrukkelijk."
IMPORT_VERVANGEN_GEMEENTE = "Kies een gemeente om haar lijst te vervangen."
CLI_BESTAND_ONLEESBAAR = "Het bestand {bestand} kon niet gelezen worden: {fout}"
CLI_BESTAND_TE_GROOT = "Het bestand {bestand} is groter dan {max} MB."
CLI_IMPORT_TELLING = (
    "{rows} rijen: {accepted} aanvaard (waarvan {warnings} met waarschuwing), {rejected} geweigerd, "
    "{merged} samengevoegd of overgeslagen als dubbel, "
    "{needs_location} zonder locatie, {geocoded} via het adres gelokaliseerd.\n"
    "Toevoegen: {toevoegen}, bijwerken: {bijwerken}, verwijderen: {verwijderen}."
)
CLI_DRY_RUN = "Proefdraaien (--dry-run): er is niets bewaard."
CLI_IMPORT_KLAAR = "Ingelezen als import {id}. Ongedaan maken kan op de pagina Importeren."
CLI_IMPORT_NIETS = "Er is niets bewaard: geen enkele rij wordt toegevoegd, bijgewerkt of verwijderd."
CLI_MAP_BESTAAT_NIET = "Het bestand {bestand} kan niet geschreven worden: de map {map} bestaat niet."
CLI_GEEN_SCHRIJFRECHT = "geen schrijfrechten of het is een map"

# Import page
UI_NAV_IMPORTEREN = "Importeren"
UI_IMPORT_TITEL = "Organisaties importeren"
UI_IMPORT_UITLEG = (
    "Laad een CSV-, TXT- of Excel-bestand (.xlsx) met organisaties op. Je ziet eerst per rij wat er zou gebeuren; "
    "pas na **Inlezen** wordt iets bewaard, en elke import kan je ongedaan maken."
)
UI_IMPORT_LEZEN = "Bestand lezen…"
UI_GEBIED_LEZEN = "Grenzen lezen en nakijken…"
UI_IMPORT_GEMEENTE = "Gemeente (voor rijen zonder locatie of adres, en voor 'vervangen')"
UI_IMPORT_BESTAND = "Bestand met organisaties"
UI_IMPORT_LEESOPTIES = "Leesopties (codering, scheidingsteken)"
UI_IMPORT_CODERING = "Tekencodering"
UI_IMPORT_SCHEIDINGSTEKEN = "Scheidingsteken"
UI_IMPORT_WERKBLAD = "Werkblad"
UI_AUTOMATISCH = "automatisch"
UI_JA = "ja"
UI_NEE = "nee"
UI_IMPORT_GELEZEN = "{rijen} rijen en {kolommen} kolommen gelezen (codering {codering}, scheidingsteken '{scheiding}')."
UI_IMPORT_KOLOMMEN = "Kolommen"
UI_IMPORT_KOLOM = "Kolom in het bestand"
UI_IMPORT_VELD = "Wordt"
UI_IMPORT_VOORBEELD = "Voorbeeld"
UI_IMPORT_MODUS = "Wat moet er gebeuren?"
UI_MODUS_TOEVOEGEN = "nieuwe partners toevoegen"
UI_MODUS_BIJWERKEN = "bestaande aanpassen (op id, naam + postcode, of naam binnen 50 m), andere toevoegen"
UI_MODUS_VERVANGEN = "de hele lijst van de gemeente vervangen"
UI_IMPORT_CRS = "Coördinaten"
CRS_LABELS = {
    "EPSG:4326": "graden (WGS84)",
    "EPSG:31370": "Lambert 72 (EPSG:31370)",
    "EPSG:3812": "Lambert 2008 (EPSG:3812)",
}
UI_IMPORT_OMGEWISSELD = "Breedte- en lengtegraad omgewisseld?"
UI_IMPORT_GEOCODEREN = "Rijen met een adres maar zonder coördinaten opzoeken"
UI_IMPORT_DUBBELS = "Mogelijke dubbels in het bestand (zelfde naam en plaats, andere velden)"
UI_IMPORT_DUBBELS_KEUZES = {"beide": "beide bewaren", "eerste": "alleen de eerste bewaren"}
UI_IMPORT_SAMENGEVOEGD = "Dubbel"
UI_IMPORT_TWIJFEL_KOP = "Twijfelgevallen: in welke gemeente?"
UI_IMPORT_TWIJFEL_UITLEG = ("Het adres van deze rijen past bij meer dan één gemeente (postcode en plaatsnaam spreken "
                            "elkaar tegen, of de plaatsnaam bestaat meermaals). Kies per rij; de eerste keuze is "
                            "wat er anders gebeurt.")
UI_IMPORT_TWIJFEL_RIJ = "Rij {rij}: {naam}"
UI_IMPORT_TWIJFEL_MEER = "En nog {aantal} rijen: die komen in de eerst voorgestelde gemeente (zie het rapport)."
UI_IMPORT_NAKIJKEN = "Nakijken"
UI_IMPORT_STOPPEN = "Opzoeken stoppen"
UI_IMPORT_STOPPEN_HULP = "Stopt het opzoeken van adressen; wat al gevonden is, blijft behouden."
UI_IMPORT_BEZIG = "Bestand nakijken…"
UI_IMPORT_ETA = "nog ongeveer {seconden} s"
UI_IMPORT_VOORTGANG = "Adressen opzoeken: {klaar} van {totaal} {eta}"
UI_IMPORT_RIJEN = "Rijen"
UI_IMPORT_OK = "In orde"
UI_IMPORT_WAARSCHUWING = "Met waarschuwing"
UI_IMPORT_GEWEIGERD = "Geweigerd"
UI_IMPORT_ZONDER_LOCATIE = "Zonder locatie"
UI_IMPORT_GEOCODEERD = "Adres opgezocht"
UI_IMPORT_GESTOPT = "Het opzoeken van adressen werd gestopt; de rest blijft zonder locatie. Klik opnieuw op Nakijken om verder te zoeken."
UI_IMPORT_ACTIES = "Bij inlezen: {toevoegen} toevoegen, {bijwerken} bijwerken, {verwijderen} verwijderen."
UI_IMPORT_TOON = "Toon rijen"
UI_IMPORT_RAPPORT = "Rapport downloaden (CSV)"
UI_IMPORT_VOORBEELDKAART = "Voorbeeld: de partners die toegevoegd of bijgewerkt worden."
UI_IMPORT_VERVANGEN_OK = "Ja, verwijder de {aantal} bestaande partners van deze gemeente en vervang ze door dit bestand."
UI_IMPORT_INLEZEN = "Inlezen"
UI_IMPORT_GELUKT = "Ingelezen: {toegevoegd} toegevoegd, {bijgewerkt} bijgewerkt, {verwijderd} verwijderd."
UI_IMPORT_GESCHIEDENIS = "Importgeschiedenis"
UI_IMPORT_GEEN_GESCHIEDENIS = "Nog geen imports."
UI_IMPORT_REGEL = "#{id} · {tijdstip} · {bestand} · {modus} · door {gebruiker}: +{toegevoegd} / ~{bijgewerkt} / -{verwijderd} (geweigerd: {geweigerd})"
UI_IMPORT_ONGEDAAN_OP = " · ongedaan gemaakt op {tijdstip}"
UI_IMPORT_ONGEDAAN_MAKEN = "Ongedaan maken"
UI_IMPORT_ONGEDAAN = "Import {id} is ongedaan gemaakt."
UI_PARTNERS_DOWNLOAD = "Getoonde partners downloaden (CSV voor Excel)"

# Geocoding
GEOCODE_DIENST_VLAANDEREN = "het Vlaamse adressenregister"
GEOCODE_DIENST_NOMINATIM = "Nominatim (OpenStreetMap)"
GEOCODE_ONVOLLEDIG = (
    "Het adres '{adres}' is onvolledig: geef minstens een straat en een gemeente of postcode op."
)
GEOCODE_NIET_GEVONDEN = "Het adres '{adres}' werd niet gevonden via {dienst}."
GEOCODE_NIET_GEVONDEN_UITLEG = "Het adres '{adres}' werd niet gevonden via {dienst}: {uitleg}"
GEOCODE_DUBBELZINNIG = (
    "Het adres '{adres}' past bij {aantal} verschillende plaatsen; kies de juiste of vul het adres "
    "aan (postcode, huisnummer)."
)
GEOCODE_ONZEKER = (
    "Het adres '{adres}' werd niet met zekerheid gevonden (beste overeenkomst: {score} op 100); "
    "controleer de voorstellen."
)
GEOCODE_ENKEL_STRAAT = (
    "Voor '{adres}' werd enkel de straat of de buurt gevonden, niet het huisnummer; controleer de ligging."
)
GEOCODE_TIMEOUT = (
    "Geen antwoord van {dienst} binnen {timeout} seconden. Probeer het later opnieuw of verhoog "
    "PARTNERKAART_GEOCODER_TIMEOUT."
)
GEOCODE_TE_VEEL_VRAGEN = (
    "Te veel vragen na elkaar aan {dienst} (HTTP 429). Probeer het later opnieuw; wat al gevonden "
    "is, blijft bewaard."
)
GEOCODE_HTTP_FOUT = "Fout bij {dienst} (HTTP {status}). Probeer het later opnieuw."
GEOCODE_GEWEIGERD = "De vraag voor '{adres}' werd geweigerd door {dienst} (HTTP {status}): {uitleg}"
GEOCODE_GEEN_TOEGANG = (
    "Geen toegang tot {dienst} (HTTP {status}). Stel PARTNERKAART_GEOCODER_USER_AGENT en "
    "PARTNERKAART_GEOCODER_EMAIL in, zodat de dienst weet wie de vragen stelt."
)
GEOCODE_ONBEREIKBAAR = "Geen verbinding met {dienst} ({fout}). Ben je offline? Probeer het later opnieuw."
GEOCODE_ONGELDIG_ANTWOORD = (
    "Onverwacht antwoord van {dienst}: het kon niet gelezen worden. Probeer het later opnieuw."
)
GEOCODE_NOMINATIM_ZONDER_EMAIL = (
    "PARTNERKAART_GEOCODER_EMAIL is niet ingesteld. De gebruiksvoorwaarden van de publieke "
    "Nominatim-server vragen dat een toepassing een contactadres meestuurt; stel een e-mailadres in."
)

# Reading partner files
TABEL_TYPE_ONBEKEND = (
    "Bestandstype '{extensie}' wordt niet ondersteund voor een lijst met partners. Laad een CSV-bestand "
    "(.csv of .txt) of een Excel-bestand (.xlsx) op."
)
TABEL_XLS_OUD = (
    "'{bestand}' is een oud Excel-bestand (.xls). Open het in Excel of LibreOffice en bewaar het als "
    ".xlsx of als CSV."
)
TABEL_EIGENLIJK_EXCEL = "'{bestand}' heet een tekstbestand maar is een Excel-bestand; het werd als Excel gelezen."
TABEL_LEEG = "Het bestand '{bestand}' is leeg."
TABEL_TE_GROOT = "Het bestand '{bestand}' is te groot ({grootte} MB); de limiet is {max} MB."
TABEL_TE_VEEL_RIJEN = (
    "Het bestand '{bestand}' bevat meer dan {max} rijen, het maximum. Splits het op in kleinere bestanden."
)
TABEL_TE_VEEL_KOLOMMEN = "Het bestand '{bestand}' heeft {aantal} kolommen; het maximum is {max}."
TABEL_ONLEESBAAR = (
    "Het bestand '{bestand}' kon niet gelezen worden als {formaat}. Is het beschadigd, of van een ander "
    "type dan de extensie zegt?"
)
TABEL_BINAIR = (
    "Het bestand '{bestand}' bevat geen leesbare tekst (het lijkt een programma, afbeelding of ander "
    "binair bestand). Bewaar de lijst als CSV of als Excel-bestand (.xlsx)."
)
TABEL_GEEN_KOP = "Het bestand '{bestand}' bevat geen kolomkoppen: er staat geen enkele gevulde rij in."
TABEL_GEEN_RIJEN = "Het bestand '{bestand}' bevat alleen kolomkoppen en geen rijen met partners."
TABEL_CODERING_ONBEKEND = "'{codering}' is geen gekende tekencodering. Kies bv. utf-8, cp1252 of latin-1."
TABEL_CODERING_FOUT = (
    "Het bestand '{bestand}' kan niet gelezen worden met de tekencodering {codering}. Kies een andere "
    "codering of laat ze automatisch bepalen."
)
TABEL_CODERING_GERADEN = (
    "Het bestand '{bestand}' is niet in UTF-8 bewaard; het werd gelezen als {codering}. Zie je vreemde "
    "tekens in de namen (zoals Ã« of ?), kies dan een andere tekencodering."
)
TABEL_TEKENS_VERVANGEN = (
    "Sommige tekens in '{bestand}' konden niet gelezen worden en zijn vervangen door �. Kies eventueel "
    "een andere tekencodering."
)
TABEL_SCHEIDINGSTEKEN_ONGELDIG = "Het scheidingsteken moet één teken zijn, zoals ; of , of tab (niet '{waarde}')."
TABEL_CSV_FOUT = (
    "Het bestand '{bestand}' kon niet gelezen worden vanaf lijn {lijn} ({fout}). Staat er ergens een "
    "aanhalingsteken (\") dat niet gesloten wordt?"
)
TABEL_ZIP_TE_GROOT = (
    "Het Excel-bestand '{bestand}' pakt uit tot {grootte} MB, meer dan de toegestane {max} MB (instelling "
    "{instelling}); het grootste deel is {onderdeel} ({onderdeel_grootte} MB). Dat is te groot of verdacht "
    "(een zip-bom). Er is niets gelezen."
)
TABEL_WERKBLAD_ONBEKEND = "Het werkblad '{werkblad}' bestaat niet in '{bestand}'. Kies uit: {werkbladen}."
TABEL_WERKBLAD_GEEN_TABEL = "Het werkblad '{werkblad}' bevat geen cellen (is het een grafiek?). Kies een ander werkblad."
TABEL_ANDERE_WERKBLADEN = "Het werkblad '{werkblad}' werd gelezen. Het bestand bevat ook: {andere}."
TABEL_KOPPEN_LEEG = "Kolommen zonder kop kregen een naam: {namen}."
TABEL_KOPPEN_DUBBEL = "Sommige kolomkoppen kwamen meer dan eens voor en werden hernoemd: {namen}."
RIJ_LEEG = "Lege rij."
RIJ_TE_VEEL_CELLEN = "De rij heeft {aantal} gevulde cellen, maar er zijn maar {kolommen} kolommen."
RIJ_TE_VEEL_CELLEN_CSV = (
    " Staat er een scheidingsteken ({scheidingsteken}) in een tekst die niet tussen aanhalingstekens staat?"
)
RIJ_CEL_TE_LANG = "De cel in kolom '{kolom}' is te lang (meer dan {max} tekens)."
KOLOM_GEEN_NAAM = "Geen enkele kolom bevat de naam van de partner. Duid aan welke kolom de naam bevat."
KOLOM_LATLON_HALF = (
    "Duid zowel de kolom voor de breedtegraad (lat) als die voor de lengtegraad (lon) aan, of geen van beide."
)
KOLOM_XY_HALF = "Duid zowel de kolom voor x als die voor y (Lambert) aan, of geen van beide."
KOLOM_DUBBEL = "Het veld '{veld}' is aan meer dan één kolom gekoppeld: {kolommen}. Kies er één."
KOLOM_VELD_ONBEKEND = "Kolom '{kolom}': '{veld}' is geen veld dat geïmporteerd kan worden."
IMPORT_VELDEN = {
    "id": "Id (uit het bestand)",
    "naam": "Naam",
    "categorie": "Soort partner",
    "organisatie": "Organisatie/koepel",
    "straat": "Straat",
    "huisnummer": "Huisnummer",
    "postcode": "Postcode",
    "plaats": "Gemeente (adres)",
    "lat": "Breedtegraad (WGS84)",
    "lon": "Lengtegraad (WGS84)",
    "x": "X (Lambert)",
    "y": "Y (Lambert)",
    "adres": "Volledig adres",
    "contactpersoon": "Contactpersoon",
    "email": "E-mail",
    "telefoon": "Telefoon",
    "notities": "Notities",
    "status": "Status",
    "bereik_m": "Bereik (m)",
}
COORD_GEEN = "Er zijn geen coördinaten ingevuld."
COORD_WGS84 = "De coördinaten zijn breedte- en lengtegraden (WGS84)."
COORD_LAMBERT72 = (
    "De coördinaten zijn Belgische Lambert 72 (EPSG:31370) in meter; ze worden omgerekend naar breedte- "
    "en lengtegraden."
)
COORD_LAMBERT2008 = (
    "De coördinaten zijn Belgische Lambert 2008 (EPSG:3812) in meter; ze worden omgerekend naar breedte- "
    "en lengtegraden."
)
COORD_OMGEWISSELD = "De twee kolommen lijken omgewisseld: de waarden liggen pas in België als ze omgewisseld worden."
COORD_DEELS = "Slechts {procent}% van de {aantal} ingevulde coördinaten past hierbij; controleer de andere."
COORD_ONBEKEND = (
    "De coördinaten passen niet bij breedte- en lengtegraden in België, Lambert 72 of Lambert 2008. "
    "Controleer de kolommen of kies het coördinatensysteem zelf."
)
COORD_GEEN_GETAL = "'{waarde}' is geen getal."
COORD_HALF = "Slechts één van beide coördinaten is ingevuld."
COORD_ONMOGELIJK = "De coördinaten ({x}, {y}) kunnen niet omgerekend worden."
COORD_BUITEN_GEBIED = "De locatie ({lat}, {lon}) ligt buiten Vlaanderen en Brussel."
COORD_BUITEN_EIGEN_GEBIED = "De locatie ({lat}, {lon}) ligt buiten het gebied '{gebied}'."
GEBIED_ONGELDIG = "Ongeldig bediend gebied '{waarde}': kies leeg (standaard), 'cirkel', 'gemeente' of 'wijken:<code>,<code>'."
GEBIED_WIJK_ONBEKEND = "Onbekende wijkcode(s) in het bediende gebied: {codes}."
UI_VELD_GEBIED = "Bediend gebied"
UI_GEBIED_KEUZES = {"": "standaard van de soort", "cirkel": "cirkel met het bereik", "gemeente": "hele gemeente",
                    "wijken": "gekozen wijken"}
UI_GEBIED_HULP = "Welk gebied de partner bereikt: standaard volgt de soort (adviesraden en de stad: hele gemeente; wijkcomités: hun wijk)."
UI_VELD_GEBIED_WIJKEN = "Wijken (bij 'gekozen wijken')"
CLI_RAPPORT_KLAAR = "Rapport geschreven naar {bestand}."

# Coverage pages
UI_NAV_DEKKING = "Dekking"
UI_NAV_WITTE_VLEKKEN = "Witte vlekken"
UI_NAV_INSTELLINGEN = "Instellingen"
UI_DEKKING_TITEL = "Dekking door vertrouwde partners"
UI_DEKKING_FILTERS = "Filters (soort, status)"
UI_INWONERS_KOP = "Inwoners per wijk"
UI_INWONERS_UITLEG = "Optioneel: een CSV met een kolom wijkcode (bv. 12025W01) en een kolom inwoners; die vervangt de ingebouwde cijfers van Statbel. Gedekte inwoners gaan uit van inwoners gelijk verdeeld over de wijk."
UI_INWONERS_BESTAND = "Inwonersbestand (CSV)"
UI_METRIEK = "Kleur de wijken volgens"
UI_METRIEK_AANDEEL = "Gedekt aandeel"
UI_METRIEK_INWONERS = "Gedekte inwoners"
UI_WITTE_VLEKKEN = "Witte vlekken"
UI_KIES_WIJK = "Wijk"
UI_KIES_WIJK_HINT = "Klik op een wijk op de kaart of kies ze hier…"
UI_DICHTSTE = "Dichtste vertrouwde partner"
UI_AANWEZIG = "Aanwezige soorten vertrouwde partners: {soorten}"
UI_ONTBREKEND = "Ontbrekende soorten: {soorten}"
UI_BUURPARTNERS = "Vertrouwde partners uit een buurgemeente die hier bereiken: {namen}"
UI_EXPORT_KOP = "Downloads voor de mobiliteitsraad"
UI_DECIMALE_KOMMA = "Decimale komma in de CSV (Excel NL-BE)"
UI_RAPPORT_MAKEN = "Rapport maken"
UI_WITTE_VLEKKEN_TITEL = "Witte vlekken en wie eerst contacteren"
UI_WITTE_VLEKKEN_UITLEG = "Een wijk is een witte vlek als vertrouwde partners minder dan {drempel} % ervan bereiken. Gerangschikt op {maat}."
UI_MAAT_INWONERS = "niet-bereikte inwoners"
UI_MAAT_OPPERVLAKTE = "niet-bereikte oppervlakte (laad inwoners op om op inwoners te rangschikken)"
UI_GEEN_WITTE_VLEKKEN = "Geen witte vlekken: elke wijk heeft een vertrouwde partner in de buurt."
UI_KOLOM_SOORT_VLEK = "Soort"
UI_KOLOM_ONGEDEKT_KM2 = "Niet bereikt (km²)"
UI_KOLOM_ONGEDEKT_INWONERS = "Niet-bereikte inwoners"
UI_KOLOM_ONTBREKEND = "Ontbrekende soorten"
UI_KOLOM_KANDIDATEN = "Dichtste kandidaten"
UI_ADVIES_TITEL = "Wie eerst contacteren?"
UI_ADVIES_UITLEG = "De kandidaten (te contacteren of gecontacteerd) die samen het meeste van wat nog niet bereikt wordt zouden dekken als ze vertrouwde partner werden, in volgorde van extra winst."
UI_ADVIES_K = "Aantal kandidaten"
UI_GEEN_ADVIES = "Geen kandidaat zou de dekking nog verbeteren."
UI_KOLOM_WINST = "Extra winst"
UI_KOLOM_NIEUW_GEDEKT = "Wijken die geen witte vlek meer zijn"
UI_KOLOM_REDEN = "Waarom"
UI_INSTELLINGEN_TITEL = "Instellingen voor de dekking"
UI_INSTELLINGEN_UITLEG = "Deze instellingen gelden voor iedereen die deze databank gebruikt."
UI_VERTROUWDE_STATUSSEN = "Statussen die als vertrouwde partner tellen"
UI_DREMPEL = "Witte vlek: een wijk die minder dan dit aandeel gedekt is"
UI_STRALEN = "Standaardbereik per soort partner (meter)"
UI_STRAAL_HULP = "Standaard {standaard} m (bereik: {type}). Een eigen bereik bij een partner gaat voor."
UI_MINSTENS_EEN_STATUS = "Kies minstens één status die als vertrouwd telt."
UI_INSTELLINGEN_BEWAARD = "De instellingen zijn bewaard."
UI_STANDAARD_HERSTELLEN = "Standaardwaarden herstellen"
UI_INSTELLINGEN_HERSTELD = "De standaardwaarden zijn hersteld."
KAART_TITEL = "Kaart"
KAART_TWEE_VINGERS = "Twee vingers: kaart verschuiven en zoomen"
KAART_MIJN_LOCATIE = "Gebruik mijn locatie"
KAART_LOCATIE_ONVEILIG = ("Je locatie gebruiken kan alleen als de app via https (of op deze computer, localhost) "
                          "geopend is. Tik of klik anders op de kaart.")
KAART_LOCATIE_BEZIG = "Locatie opvragen…"
KAART_LOCATIE_GEVONDEN = "Je locatie is gekozen; bewaar ze hieronder."
KAART_LOCATIE_FOUT = "Je locatie is niet beschikbaar (geen toestemming of geen signaal). Tik of klik op de kaart."
KAART_TITEL_GEMEENTE = "Kaart van de wijken en partners van {gemeente}"
KAART_TITEL_VLAANDEREN = "Kaart van alle wijken van Vlaanderen en Brussel"
KAART_TITEL_DEKKING = "Kaart van de dekking per wijk in {gemeente}: {maat}"
KAART_TITEL_VLEKKEN = "Kaart van de witte vlekken in {gemeente}"
KAART_TITEL_VOORBEELD = "Voorbeeldkaart van de te importeren partners"
KAART_TITEL_LOCATIE = "Kaart om een locatie te kiezen in {gemeente}"
KAART_LAAG_VLEKKEN = "Witte vlekken en zwak gedekte wijken"
KAART_LAAG_KANDIDATEN = "Kandidaten om eerst te contacteren"
KAART_LAAG_BEREIK_KANDIDATEN = "Bereik van de kandidaten"
KAART_VOLDOENDE_GEDEKT = "voldoende gedekt"
KAART_KANDIDAAT = "{rang}. {naam} ({soort})"
KAART_LEGENDE = "Legende"
KAART_LEGENDE_KANDIDAAT = "kandidaat: het nummer is de # in 'Wie eerst contacteren?'"
KAART_LEGENDE_BEREIK = "bereik van een kandidaat als vertrouwde partner"
KAART_LEGENDE_CONTEXT = "Contextlagen"
UI_BRONNEN_LAGEN = "Contextlagen: {bronnen}."
CONTEXT_WIJK = "Contextlagen in de wijk: {in_wijk}. {dichtste}."
CONTEXT_NIETS = "niets"
CONTEXT_DICHTSTE = "dichtstbijzijnde {soort} op {afstand}"
CONTEXT_GEEN_AFSTAND = "geen deelauto of station bekend"
UI_METRIEK_PARTNER_GEEN_AUTO = "Partner maar geen deelauto"
UI_METRIEK_AUTO_GEEN_PARTNER = "Deelauto maar geen partner"
UI_DEELAUTO_KOP = "Deelauto's en partners"
UI_DEELAUTO_UITLEG = ("Partner maar geen deelauto: wijken gedekt door vertrouwde partners zonder deelauto binnen {afstand} m "
                      "van hun middelpunt. Deelauto maar geen partner: deelauto's in witte vlekken, waar een partner zou "
                      "helpen om de auto te laten gebruiken (instelling lagen_afstand_m).")
UI_DEELAUTO_GEEN = "Geen wijken."
UI_KOLOM_UITLEG = "Uitleg"
UI_VLEKKEN_NABIJ = "Eerst wijken met een deelauto of station binnen {afstand} m"
UI_VLEKKEN_NABIJ_HULP = ("Binnen elke groep (witte vlekken, dan zwak gedekte wijken) komen de wijken met een deelauto "
                         "of station nabij hun middelpunt eerst: daar helpt een partner de auto het snelst gebruiken.")
UI_KOLOM_NABIJ = "Deelauto of station"

# Lagen page (context layers)
UI_NAV_LAGEN = "Lagen"
UI_LAGEN_TITEL = "Contextlagen"
UI_LAGEN_UITLEG = ("Deelauto's, stations, mobipunten (Hoppinpunten) en laadpunten naast de partners, op Kaart, Dekking, "
                   "Witte vlekken en Vlaanderen. Een laag komt uit een bestand of van een adres dat de server ophaalt "
                   "(GeoJSON, een GBFS-feed van een deelmobiliteitsaanbieder, een GTFS-zip). Een deellink toont alleen "
                   "de lagen die je publiek maakt.")
UI_LAGEN_GEEN = "Nog geen contextlagen. Voeg er hieronder een toe."
UI_LAGEN_SOORT = "Soort"
UI_LAGEN_BRON = "Bron"
UI_LAGEN_OBJECTEN = "Objecten"
UI_LAGEN_PUBLIEK = "Publiek"
UI_LAGEN_VERVERS = "Vernieuwen (min)"
UI_LAGEN_OPGEHAALD = "Opgehaald (UTC)"
UI_LAGEN_MELDING = "Melding"
UI_LAGEN_LAAG = "{naam} ({aantal} objecten)"
UI_LAGEN_KLEUR = "Kleur"
UI_LAGEN_KLEUR_HULP = "De kleur van de vierkante markeringen; het symbool erin maakt de laag ook zonder kleur herkenbaar."
UI_LAGEN_SYMBOOL = "Symbool"
UI_LAGEN_SYMBOOL_HULP = ("Eén of twee tekens in de markering (leeg: A voor deelauto, S station, M mobipunt, L laadpunt, "
                         "H halte, F deelfiets).")
UI_LAGEN_PUBLIEK_VRAAG = "Publiek: ook tonen via deellinks"
UI_LAGEN_VERVERS_VRAAG = "Automatisch vernieuwen om de … minuten (0: alleen met de knop)"
UI_LAGEN_BRONVERMELDING = "Bronvermelding"
UI_LAGEN_BRONVERMELDING_HULP = "Staat op elke kaart en export die de laag toont. Leeg: wat de bron zelf opgeeft."
UI_LAGEN_BEWAREN = "Wijzigingen bewaren"
UI_LAGEN_VERNIEUWEN = "Nu vernieuwen"
UI_LAGEN_NIEUW_BESTAND = "Nieuw bestand"
UI_LAGEN_VERVANGEN = "Objecten vervangen"
UI_LAGEN_VERWIJDER_BEVESTIG = "Ja, verwijder deze laag"
UI_LAGEN_BEZIG = "Laag lezen…"
UI_LAGEN_KLAAR = "Laag '{naam}' {actie}: {aantal} objecten."
UI_LAGEN_GEWIJZIGD = "gewijzigd"
UI_LAGEN_VERNIEUWD = "vernieuwd"
UI_LAGEN_VERVANGEN_KLAAR = "vervangen"
UI_LAGEN_TOEGEVOEGD = "toegevoegd"
UI_LAGEN_VERWIJDERD = "Laag '{naam}' verwijderd."
UI_LAGEN_NIEUW = "Nieuwe laag"
UI_LAGEN_HERKOMST = "Waar komt de laag vandaan?"
UI_LAGEN_VAN_BESTAND = "Bestand opladen"
UI_LAGEN_VAN_URL = "Adres (URL)"
UI_LAGEN_BRON_GEOJSON = "GeoJSON"
UI_LAGEN_BRON_GBFS = "GBFS-feed (gbfs.json)"
UI_LAGEN_BRON_GTFS = "GTFS-zip (haltes)"
UI_LAGEN_BRON_CAMBIO = "Cambio-stationslijst (JSON)"
UI_LAGEN_BRON_WFS = "WFS met GeoJSON-antwoord"
UI_LAGEN_BRON_CSV = "CSV met coördinaten"
UI_LAGEN_URL = "Adres (http of https)"
UI_LAGEN_BESTAND = "Bestand (CSV, Excel, GeoJSON, GeoPackage, gezipte shapefile of GTFS-zip)"
UI_LAGEN_TOEVOEGEN = "Laag toevoegen"
UI_LAGEN_NAAM_NODIG = "Geef de laag een naam."
UI_LAGEN_URL_NODIG = "Vul het adres van de bron in."
UI_LAGEN_BESTAND_NODIG = "Kies een bestand."
LAAG_SOORTEN = {"deelauto": "deelauto", "station": "station", "mobipunt": "mobipunt (Hoppinpunt)",
                "laadpunt": "laadpunt", "halte": "halte (bus, tram, metro)", "deelfiets": "deelfiets", "ander": "ander"}
LAAG_OP_KAART = "{naam} ({aantal})"
LAAG_BRON = "{naam}: {bron}"
LAAG_BRON_KORT = "Bron: {bron}"
KAART_VLEKKEN_TABELLEN = ("De kaart van de witte vlekken heeft de tabel van de witte vlekken (kolommen wijk_code en "
                          "soort) en de dekkingstabel per wijk (wijk_code, gedekt_aandeel) nodig.")
KAART_BEREIK_CRS = "De bereikgebieden moeten in EPSG:31370 (Lambert 72) staan, niet in {crs}."

# Printable coverage report (geo/report/)
RAPPORT_TITEL = "Dekking door vertrouwde partners"
RAPPORT_ONDERTITEL = "{gemeente} · {datum}"
RAPPORT_ONDERWERP = "Witte vlekken en wie eerst contacteren in {gemeente}"
RAPPORT_INSTELLINGEN = "Vertrouwd: {statussen} · witte vlek onder {drempel} gedekt · bereik in meter, berekend in Lambert 72"
RAPPORT_VERVOLG = "{kop} (vervolg)"
RAPPORT_BLADZIJDE = "p. {nummer}/{totaal}"
RAPPORT_BRONNEN = "Bronnen: {bronnen}"
RAPPORT_VLEKKEN_KOP = "Witte vlekken en zwak gedekte wijken"
RAPPORT_VLEKKEN_KOLOMMEN = ("Wijk", "Gedekt", "Ongedekt", "Ontbrekende soorten", "Dichtste kandidaten")
RAPPORT_GEEN_VLEKKEN = "Geen witte vlekken."
RAPPORT_VLEKKEN_MEER = "De {getoond} belangrijkste van {aantal}; alle wijken staan in de tabel achteraan."
RAPPORT_ADVIES_KOP = "Wie eerst contacteren?"
RAPPORT_ADVIES_KOLOMMEN = ("#", "Kandidaat", "Soort", "Winst", "Waarom")
RAPPORT_GEEN_ADVIES = "Geen kandidaten (te contacteren of gecontacteerd) die de dekking verbeteren."
RAPPORT_TABEL_KOP = "{titel}: alle wijken van {gemeente}"
RAPPORT_TABEL_KOLOMMEN = ("Code", "Wijk", "Partners", "Vertrouwd", "Gedekt", "Witte vlek", "Dichtste vertrouwde",
                          "Inwoners gedekt")
RAPPORT_JA = "ja"
RAPPORT_NEE = "nee"
RAPPORT_INWONERS = "{aantal} inw."
RAPPORT_LEGENDE_TITEL = "Gedekt aandeel van de wijk"
RAPPORT_LEGENDE_VLEK = "witte vlek"
RAPPORT_LEGENDE_VERTROUWD = "vertrouwde partner"
RAPPORT_LEGENDE_ANDERE = "andere partner"
RAPPORT_LEGENDE_BUUR = "buurgemeente"
RAPPORT_NOORDEN = "N"

# Coverage
DEKKING_STRAAL_ONGELDIG = "Het bereik voor '{categorie}' moet tussen 1 en {max} meter liggen, niet '{waarde}'."
DEKKING_DREMPEL_ONGELDIG = "De drempel voor een witte vlek is een aandeel tussen 0 en 1, niet '{waarde}'."
DEKKING_PARTNERKOLOMMEN = "De partnertabel mist de kolom(men): {kolommen}."
DEKKING_CRS = "De wijken moeten in Belgische Lambert 72 (EPSG:31370) staan, niet in {crs}."
BEREIK_GEEN_LOCATIE = "Geen locatie: een bereik van {straal} m rond de partner heeft een ligging nodig."
BEREIK_GEEN_GEMEENTE = "Geen locatie en geen gekende gemeente: het bereik 'hele gemeente' kan niet bepaald worden."
BEREIK_GEEN_WIJK = "Geen wijk: het bereik 'eigen wijk' heeft een ligging in een wijk nodig."
BEREIK_WIJKEN_ONBEKEND = "Geen van de bediende wijken is gekend: {codes}."
BEVOLKING_KOLOM_WIJK = (
    "Het bestand '{bestand}' heeft geen kolom met de wijkcode (bv. 'wijk_code' of 'wijkcode', met codes zoals "
    "12025W01)."
)
BEVOLKING_KOLOM_INWONERS = (
    "Het bestand '{bestand}' heeft geen kolom met het aantal inwoners (bv. 'inwoners' of 'bevolking')."
)
BEVOLKING_SECTOR_ZONDER_WIJK = (
    "Het bestand '{bestand}' telt inwoners per statistische sector, maar heeft geen kolom met de wijkcode. "
    "De grensgegevens bevatten alleen wijken, geen sectoren: voeg per sector de wijkcode toe (kolom 'wijk_code')."
)
BEVOLKING_CODES_ONBEKEND = "{aantal} onbekende wijkcode(s) genegeerd: {codes}."
BEVOLKING_GEEN_GETAL = "Lijn {lijn}: '{waarde}' is geen aantal inwoners; de rij is genegeerd."
BEVOLKING_LEEG = "Lijn {lijn}: het aantal inwoners ontbreekt; de rij is genegeerd."
BEVOLKING_NEGATIEF = "Lijn {lijn}: een negatief aantal inwoners ({waarde}) kan niet; de rij is genegeerd."
BEVOLKING_MEER_PROBLEMEN = "… en nog {aantal} andere rijen met een probleem."
BEVOLKING_DUBBEL = "Wijken die meer dan eens voorkomen, zijn opgeteld: {codes}."
BEVOLKING_GEEN_RIJEN = "Het bestand '{bestand}' bevat geen enkele bruikbare rij met inwoners per wijk."
BEVOLKING_TABEL_ONGELDIG = "De bevolkingstabel moet de kolommen 'wijk_code' en 'inwoners' hebben."
# Built-in inhabitants per wijk (geo/population/)
INWONERS_BRON = "Statbel, bevolking per statistische sector op 1 januari {jaar}"
INWONERS_BRON_EIGEN = "eigen bestand {bestand}"
INWONERS_ATTRIBUTIE = (
    "Inwoners: Statbel, bevolking per statistische sector op 1 januari {jaar} (Statbel (Algemene Directie "
    "Statistiek - Statistics Belgium), open data), opgeteld per wijk met de koppeltabel statsec_ggw7 van Data & "
    "Analyse van de Vlaamse provincies"
)
INWONERS_ATTRIBUTIE_EIGEN = "Inwoners: {bestand} (opgeladen)"
INWONERS_DOWNLOAD_HTTP = "Het bestand {url} kon niet gedownload worden: HTTP-fout {status}."
INWONERS_DOWNLOAD_OFFLINE = "Het bestand {url} kon niet gedownload worden en er is nog geen lokale kopie ({fout})."
INWONERS_DOWNLOAD_TE_GROOT = "Het bestand {url} is groter dan {mb} MB; het downloaden is gestopt."
INWONERS_TERUGVAL = (
    "De bevolkingscijfers van {jaar} konden niet geladen worden ({fout}); de cijfers van {vorig} worden gebruikt."
)
INWONERS_ONBESCHIKBAAR = (
    "Geen ingebouwde inwonerscijfers: {fout} Witte vlekken en advies rangschikken daarom op oppervlakte. Zet "
    "PARTNERKAART_BEVOLKING_PAD op een lokaal Statbel-bestand (OPENDATA_SECTOREN_<jaar>.zip) of laad op Dekking "
    "een inwonersbestand op."
)
INWONERS_NIET_GELEZEN = "Het bestand {bestand} kon niet gelezen worden: {fout}"
INWONERS_ZIP_ONGELDIG = "Het bestand {bestand} is geen geldig zip-bestand."
INWONERS_ZIP_GEEN_TEKST = "Het zip-bestand {bestand} bevat geen tekstbestand (.txt of .csv) met sectoren."
INWONERS_ZIP_TE_GROOT = (
    "Het tekstbestand {naam} in {bestand} pakt uit tot {mb} MB, meer dan de grens van {max} MB "
    "(PARTNERKAART_MAX_UITGEPAKT_MB)."
)
INWONERS_KOLOMMEN = (
    "Het bestand {bestand} is geen Statbel-bestand met inwoners per sector: de kolommen {kolommen} ontbreken "
    "(verwacht: CD_REFNIS|CD_SECTOR|TOTAL|…)."
)
INWONERS_GETAL = "Het bestand {bestand} heeft op lijn {lijn} geen geldig aantal inwoners: '{waarde}'."
INWONERS_KOPPELTABEL_KOLOMMEN = "De koppeltabel {bestand} mist de kolommen 'statsec' en 'ggw7'."
INWONERS_KOPPELTABEL_ONTBREEKT = (
    "De koppeltabel van sectoren naar wijken ({bestand}) is niet gevonden in {bron}."
)
INWONERS_TE_VEEL_ONGEKOPPELD = (
    "De bevolkingscijfers van {jaar} worden niet gebruikt: {inwoners} van de {totaal} inwoners ({procent} %) "
    "wonen in {sectoren} sector(en) die niet in de koppeltabel staan of in een onbekende wijk liggen, meer dan "
    "de toegelaten {max} %. Eerste sectoren: {voorbeelden}."
)
INWONERS_GEEN_GEMEENTE = "geen gemeente"
INWONERS_BUITEN = (
    "{sectoren} sector(en) met {inwoners} inwoners buiten Vlaanderen en Brussel zijn niet meegeteld."
)
INWONERS_MELDING_ONGEKOPPELD = (
    "{gemeente}: {sectoren} sector(en) met {inwoners} inwoners staan niet in de koppeltabel ({voorbeelden})."
)
INWONERS_MELDING_ONTBREKEND = "{gemeente}: {sectoren} sector(en) van de koppeltabel ontbreken in het bestand."
UI_INWONERS_INGEBOUWD = "Inwoners: {bron}."
UI_INWONERS_EIGEN = "Inwoners uit het opgeladen bestand {bestand} (in plaats van de ingebouwde cijfers)."
CLI_BEVOLKING_KOP = "{bron}: {inwoners} inwoners in {wijken} wijken ({sectoren} sectoren)."
CLI_BEVOLKING_TOTAAL = (
    "Totaal: {inwoners} inwoners; in wijken {wijken}, zonder gekend adres (WONB) {wonb}, niet gekoppeld {ongekoppeld}."
)
ADVIES_GEEN_DEKKING = "Geef de dekkingstabel per wijk (met de kolom 'gedekt_aandeel')."
ADVIES_WITTE_VLEK = "witte vlek"
ADVIES_ZWAK_GEDEKT = "zwak gedekt"
ADVIES_DEKT = "Dekt {procent} % van wijk {wijk}"
ADVIES_GEEN_VERTROUWDE = ", waar nog geen vertrouwde partner is"
ADVIES_ANDERE_WIJKEN = " en een deel van {aantal} andere wijk(en)"
ADVIES_SOORT = "; brengt de ontbrekende soort '{soort}'"
ADVIES_GEEN_WITTE_VLEK = "; daarna geen witte vlek meer: {wijken}"
ADVIES_WINST_INWONERS = "; ongeveer {aantal} inwoners extra gedekt"
ADVIES_WINST_KM2 = "; {km2} km² extra gedekt"

# PostGIS store
POSTGIS_PSYCOPG_ONTBREEKT = (
    "Voor een PostgreSQL-databank is het Python-pakket psycopg nodig: installeer de vereisten "
    "(pip install -r requirements.txt)."
)
POSTGIS_NIET_OPEN = (
    "Er kon geen verbinding gemaakt worden met de databankserver {server} ({fout}). Kijk PARTNERKAART_DB na "
    "(adres, poort, gebruiker, wachtwoord, databank) en of de server draait; er is niets gewijzigd."
)
POSTGIS_VERBINDING_WEG = (
    "De verbinding met de databankserver {server} viel weg ({fout}); er is niets gewijzigd. "
    "Probeer het over enkele ogenblikken opnieuw."
)
POSTGIS_VERBINDING_WEG_BIJ_BEWAREN = (
    "De verbinding met de databankserver {server} viel weg terwijl de wijziging bewaard werd ({fout}). Een "
    "wijziging wordt nooit half bewaard: ze is ofwel helemaal, ofwel helemaal niet doorgevoerd. Laad de "
    "gegevens opnieuw en kijk na of ze er is."
)
POSTGIS_ONTBREEKT = (
    "De databank {server} kan de uitbreiding PostGIS niet gebruiken ({fout}). Installeer PostGIS op de server "
    "en laat een beheerder in deze databank 'CREATE EXTENSION postgis;' uitvoeren."
)

# --- Accounts, share links, audit log, backup (store) ---------------------------------
GEBRUIKER_BESTAAT = "Er bestaat al een account met het e-mailadres {email}."
GEBRUIKER_ONBEKEND = "Er is geen account met het e-mailadres {email}."
DEELLINK_ONBEKEND = "Deellink {id} bestaat niet."
HERSTEL_NIET_LEEG = ("Een backup terugzetten kan alleen in een lege databank (zonder partners, imports, logboek of "
                     "deellinks; de demogegevens mogen er nog in staan). Er is niets gewijzigd.")
HERSTEL_GEEN_VERWIJDERING = "Logboekregel {id} is geen verwijderde partner; er valt niets te herstellen."
HERSTEL_BESTAAT_AL = "Partner '{naam}' bestaat al weer; er is niets hersteld."

# --- The view in the URL and "Kopieer link" (geo/viewstate.py, pages/viewstate.py) ----
URL_PARAMETER_ONBEKEND = "De link bevat een onbekende parameter '{naam}'; die wordt genegeerd."
URL_WAARDE_ONGELDIG = (
    "De link bevat een ongeldige waarde voor '{parameter}': '{waarde}'. De standaardwaarde wordt gebruikt. "
    "Mogelijke waarden: {toegestaan}."
)
URL_WAARDEN_ONGELDIG = (
    "De link bevat ongeldige waarden voor '{parameter}': {waarden}; die worden genegeerd. "
    "Mogelijke waarden: {toegestaan}."
)
URL_WIJK_ONGELDIG = "De wijk '{waarde}' uit de link hoort niet bij deze gemeente; er is geen wijk gekozen."
URL_SCHAKELAAR_ONGELDIG = (
    "De link bevat een ongeldige waarde voor '{parameter}': '{waarde}'. Gebruik true of false; "
    "de standaardwaarde ({standaard}) wordt gebruikt."
)
UI_LAAG_BEREIK = "Bereik tonen"
UI_LAAG_BEREIK_HULP = "Toont op de kaart tot waar de vertrouwde partners reiken."
UI_LAAG_PARTNERS = "Partners tonen"
UI_KOPIEER_LINK = "Kopieer link"
UI_LINK_GEKOPIEERD = "Link gekopieerd"
UI_LINK_NIET_GEKOPIEERD = "Kopiëren lukte niet: selecteer de link en kopieer hem zelf."
UI_LINK_KADER = "Link naar deze weergave"
UI_LINK_UITLEG = "De link toont deze weergave: pagina, gemeente, lagen, maat, filters en gekozen wijk."

# --- Accounts and share links (geo/accounts.py, geo/sharing.py) -------------------------
WACHTWOORD_TE_KORT = "Het wachtwoord moet minstens {minimum} tekens lang zijn."
WACHTWOORD_TE_LANG = "Het wachtwoord mag hoogstens {maximum} tekens lang zijn."
WACHTWOORDEN_VERSCHILLEN = "De twee wachtwoorden zijn niet gelijk. Er is niets gewijzigd."
ACCOUNT_EMAIL_ONGELDIG = "'{email}' is geen geldig e-mailadres."
ROL_ONBEKEND = "Onbekende rol '{rol}'; kies uit: {rollen}."
GEMEENTE_CODES_ONBEKEND = "Onbekende gemeentecode(s): {codes}. Gebruik de NIS-code, bv. 12025 voor Mechelen."
ORGANISATOR_ZONDER_GEMEENTE = "Een organisator heeft minstens één gemeente nodig (NIS-code)."
LOGIN_MISLUKT = "E-mailadres of wachtwoord klopt niet."
LOGIN_TE_VEEL = ("Te veel mislukte pogingen voor dit account. Probeer opnieuw over {seconden} seconden; "
                 "elke nieuwe mislukte poging verdubbelt de wachttijd.")
DEELLINK_ONGELDIG = "Deze deellink is ongeldig. Vraag de organisator om een nieuwe link."
DEELLINK_INGETROKKEN = "Deze deellink is ingetrokken. Vraag de organisator om een nieuwe link."
DEELLINK_VERLOPEN = "Deze deellink is verlopen (geldig tot en met {datum}). Vraag de organisator om een nieuwe link."
DEELLINK_ANDERE_GEMEENTE = "Deze deellink geldt niet voor deze gemeente."
DEELLINK_VERLOOPT_IN_VERLEDEN = "De vervaldatum {datum} ligt in het verleden."
DEELLINK_DATUM_ONGELDIG = "'{waarde}' is geen datum; schrijf JJJJ-MM-DD, bv. 2027-06-30."
DEELLINK_OMSCHRIJVING_TE_LANG = "De omschrijving mag hoogstens {maximum} tekens lang zijn."
OPZET_ONGELDIG = ("Deze opzetlink is ongeldig. Gebruik de volledige link die de app bij het starten toonde, of "
                  "laat een nieuwe tonen met: .venv/bin/python -m geo opzetlink. Er is niets aangemaakt.")
OPZET_VERLOPEN = ("Deze opzetlink is verlopen (een link werkt {uren} uur). Start de app opnieuw of laat een nieuwe "
                  "tonen met: .venv/bin/python -m geo opzetlink. Er is niets aangemaakt.")
OPZET_AL_GEBRUIKT = ("Deze opzetlink werkt niet meer: er bestaat al een beheerder. Meld je hieronder aan; een "
                     "beheerder maakt andere accounts aan op de pagina Beheer. Er is niets aangemaakt.")

# --- Command line: accounts and share links (geo/cli_access.py) --------------------------
CLI_GEBRUIKER_TOEGEVOEGD = "Account {email} aangemaakt (rol {rol}; gemeenten: {gemeenten})."
CLI_ALLE_GEMEENTEN = "alle"
CLI_WACHTWOORD_GEWIJZIGD = "Nieuw wachtwoord voor {email} ingesteld; open sessies van dit account zijn gestopt."
CLI_GEBRUIKER_VERWIJDERD = "Account {email} verwijderd."
CLI_GEEN_GEBRUIKERS = "Er zijn nog geen accounts."
CLI_WACHTWOORD_VRAAG = "Wachtwoord: "
CLI_WACHTWOORD_HERHAAL = "Herhaal het wachtwoord: "
CLI_BASIS_URL_ONGELDIG = "'{waarde}' is geen http(s)-adres voor de app."
CLI_DEELLINK_GEMAAKT = "Deellink {id} gemaakt (geldig tot en met: {verloopt}). Deel het adres hierboven; het wordt niet meer getoond."
CLI_NOOIT = "geen einddatum"
CLI_GEEN_DEELLINKS = "Er zijn geen deellinks."
CLI_DEELLINK_INGETROKKEN = "Deellink {id} (gemeente {gemeente}) is ingetrokken en werkt niet meer."
CLI_EERSTE_BEHEERDER = ("Er is nog geen account. Start de app met 'make run' (of .venv/bin/python -m geo start): "
                        "die toont een eenmalige opzetlink om de eerste beheerder in de browser aan te maken.\n"
                        "Of maak de beheerder hier aan:\n"
                        "  .venv/bin/python -m geo gebruiker toevoegen --email jij@voorbeeld.be --naam 'Jouw naam' "
                        "--rol beheerder\n"
                        "Het wachtwoord wordt gevraagd (minstens 12 tekens); er is geen standaardwachtwoord.")
CLI_OPZETLINK = ("\nEr is nog geen account. Open deze link in je browser om de eerste beheerder aan te maken\n"
                 "(eenmalig, {uren} uur geldig; een nieuwe start toont een nieuwe link):\n\n    {link}\n\n"
                 "Of op de opdrachtregel: .venv/bin/python -m geo gebruiker toevoegen --email jij@voorbeeld.be "
                 "--naam 'Jouw naam' --rol beheerder\n")
CLI_OPZET_NIET_NODIG = "Er bestaat al een account: een opzetlink is niet meer nodig (en werkt niet meer)."
CLI_REPLICAS_AANTAL = "Het aantal replica's moet tussen 1 en 16 liggen."
CLI_REPLICAS_KLAAR = ("\nPartnerkaart draait op {url}: {aantal} replica('s) achter HAProxy, met vaste sessies.\n"
                      "Logs en proxyconfiguratie staan in {map}. Stoppen: Ctrl-C.\n")
CLI_REPLICAS_GESTOPT = "{wat} is gestopt; alles wordt afgesloten.\n{logs}"

# --- Backup and restore of the whole store (geo/backup.py, python -m geo backup|restore) ---
BACKUP_TE_GROOT = ("De backup is te groot om op te laden ({grootte} MB; hoogstens {max} MB). Zet een grote backup "
                   "terug op de opdrachtregel: python -m geo restore BESTAND.gpkg. Er is niets gewijzigd.")
BACKUP_GEEN_GEOPACKAGE = ("Dit bestand is geen GeoPackage (.gpkg). Kies een backup die Partnerkaart maakte. "
                          "Er is niets gewijzigd.")
BACKUP_BESCHADIGD = "De backup is beschadigd of onvolledig ({fout}). Er is niets gewijzigd."
BACKUP_TE_KORT = "het bestand telt {bytes} bytes, het hoort er {verwacht} te tellen"
BACKUP_RIJEN_ONTBREKEN = "er ontbreken rijen in {lagen}"
BACKUP_CONTROLESOM = "de inhoud klopt niet met de controlesom: het bestand is beschadigd of achteraf gewijzigd"
BACKUP_GEEN_PARTNERKAART = ("Dit GeoPackage is geen backup van Partnerkaart (de tabel 'partnerkaart_backup' ontbreekt "
                            "of is onleesbaar). Er is niets gewijzigd.")
BACKUP_FORMAAT_NIEUWER = ("Deze backup is gemaakt door een nieuwere versie van Partnerkaart (backupformaat {backup}, "
                          "deze versie kent tot {hier}). Werk de app eerst bij. Er is niets gewijzigd.")
BACKUP_SCHEMA_NIEUWER = ("Deze backup is gemaakt door een nieuwere versie van Partnerkaart (databankschema {backup}, "
                         "deze databank heeft schema {hier}). Werk de app eerst bij. Er is niets gewijzigd.")
BACKUP_LAGEN_ONTBREKEN = "De backup is onvolledig: de laag of lagen {lagen} ontbreken. Er is niets gewijzigd."
BACKUP_TABELNAMEN = {
    "partner": "partners", "import_run": "imports", "import_change": "door imports gewijzigde partners",
    "audit": "logboekregels", "meta": "instellingen", "column_mapping": "onthouden kolomkoppelingen",
    "gebruiker": "accounts", "deellink": "deellinks",
}
CLI_BACKUP_KLAAR = "Backup geschreven naar {bestand}:\n{telling}"
CLI_HERSTEL_KLAAR = "Backup {bestand} teruggezet in {db}:\n{telling}"
CLI_BESTAND_ONSCHRIJFBAAR = "Het bestand {bestand} kon niet geschreven worden: {fout}"

# --- Landing page, login, access (app.py, pages/welkom.py, pages/auth.py) -----------------
UI_NAV_WELKOM = "Welkom"
UI_NAV_DELEN = "Delen"
UI_NAV_LOGBOEK = "Logboek"
UI_NAV_BEHEER = "Beheer"
UI_WELKOM_UITLEG = (
    "Partnerkaart toont per wijk welke lokale organisaties helpen om **autodelen** te lanceren, en waar nog "
    "geen vertrouwde partner is. Organisatoren melden zich hieronder aan. Leden van de mobiliteitsraad "
    "openen de kaart met de **deellink** die ze van de organisator kregen.")
UI_EERSTE_BEHEERDER = (
    "Er is nog geen account. Wie de app startte, ziet in het venster waarin ze draait (de terminal van "
    "`make run`) een eenmalige **opzetlink** die begint met `…/?opzet=`. Open die link om de eerste "
    "beheerder aan te maken. Is de link verlopen, start de app dan opnieuw of laat een nieuwe tonen met "
    "`.venv/bin/python -m geo opzetlink`. Het kan ook op de server met "
    "`.venv/bin/python -m geo gebruiker toevoegen --email jij@voorbeeld.be --naam 'Jouw naam' --rol beheerder`; "
    "het wachtwoord wordt dan gevraagd. Er is geen standaardwachtwoord.")
UI_OPZET_TITEL = "De eerste beheerder aanmaken"
UI_OPZET_UITLEG = (
    "Welkom! Deze link maakt één keer het eerste account aan: een **beheerder**, die daarna andere organisatoren "
    "toevoegt op de pagina Beheer. Kies een wachtwoord van minstens {minimum} tekens.")
UI_OPZET_NAAM = "Je naam"
UI_OPZET_WACHTWOORD_HERHAAL = "Herhaal het wachtwoord"
UI_OPZET_GEMEENTE = "Kies je gemeente"
UI_OPZET_GEMEENTE_HULP = "De kaart van deze gemeente opent voortaan als eerste; je kunt altijd een andere kiezen."
UI_OPZET_MAKEN = "Beheerder aanmaken"
UI_OPZET_KIES_GEMEENTE = "Kies je gemeente: haar kaart opent na het aanmaken. Er is nog niets aangemaakt."
UI_OPZET_GELUKT = "Welkom, {naam}! Je account is aangemaakt en je bent aangemeld."
UI_AANMELDEN = "Aanmelden"
UI_AANMELDEN_OIDC = "Aanmelden via je organisatie"
UI_EMAIL = "E-mailadres"
UI_WACHTWOORD = "Wachtwoord"
UI_AFMELDEN = "Afmelden"
UI_SESSIECOOKIE = "Aanmelding onthouden"
UI_AANGEMELD_ALS = "Aangemeld als {naam} ({rol})"
UI_ALLEEN_LEZEN = "Alleen-lezen via een deellink: contactgegevens en partners die nog niet instemden zijn verborgen."
UI_DEELLINK_UITLEG = "Kreeg je een deellink? Open dan die volledige link; je hoeft je niet aan te melden."
UI_SESSIE_VERLOPEN = "Je sessie is verlopen. Meld je opnieuw aan."
UI_OIDC_GEEN_ACCOUNT = ("Je bent aangemeld als {email}, maar er is geen Partnerkaart-account met dat e-mailadres. "
                        "Vraag de beheerder om er een aan te maken.")
UI_GEEN_RECHTEN = "Je hebt geen rechten om dit te doen voor deze gemeente."

# --- Share links page (pages/delen.py) ------------------------------------------------
UI_DELEN_TITEL = "Deellinks voor de mobiliteitsraad"
UI_DELEN_UITLEG = ("Een deellink toont de kaart, de dekking en de witte vlekken van deze gemeente, alleen-lezen en "
                   "zonder aanmelden. Contactgegevens, notities en organisaties die nog niet instemden (te contacteren, "
                   "gecontacteerd, haakt af) zijn niet zichtbaar. Je kunt een link op elk moment intrekken.")
UI_DELEN_OMSCHRIJVING = "Omschrijving"
UI_DELEN_OMSCHRIJVING_HINT = "bv. mobiliteitsraad maart"
UI_DELEN_MET_EINDDATUM = "Met einddatum"
UI_DELEN_EINDDATUM = "Geldig tot en met"
UI_DELEN_MAKEN = "Maak deellink"
UI_DELEN_GEMAAKT = "Deellink gemaakt. Kopieer hem nu: het adres wordt maar één keer getoond."
UI_DELEN_LIJST = "Deellinks van deze gemeente"
UI_DELEN_GEEN = "Er zijn nog geen deellinks voor deze gemeente."
UI_DELEN_DOOR = "Gemaakt door"
UI_DELEN_AANGEMAAKT = "Gemaakt op"
UI_DELEN_INTREKKEN_KIES = "Deellink intrekken"
UI_DELEN_INTREKKEN = "Intrekken"
UI_KOLOM_NR = "Nr."

# --- Audit log page (pages/logboek.py) ------------------------------------------------
UI_LOGBOEK_TITEL = "Logboek"
UI_LOGBOEK_GEMEENTE = "Gemeente"
UI_LOGBOEK_ALLE = "Alle"
UI_LOGBOEK_ACTIE = "Actie"
UI_LOGBOEK_WIE = "Wie"
UI_LOGBOEK_AANTAL = "Hoogstens"
UI_LOGBOEK_TIJDSTIP = "Tijdstip (UTC)"
UI_LOGBOEK_DETAILS = "Details"
UI_LOGBOEK_VELDEN = "velden: {velden}"
UI_LOGBOEK_LEEG = "Geen wijzigingen gevonden met deze filters."
UI_LOGBOEK_HERSTELLEN = "Verwijderde partner terugzetten"
UI_LOGBOEK_HERSTEL_KIES = "Verwijderde partner"
UI_LOGBOEK_HERSTEL = "Terugzetten"
UI_LOGBOEK_HERSTELD = "{naam} staat weer op de kaart, zoals vóór het verwijderen."
GEEN_RECHTEN_GEMEENTE = "Je hebt geen rechten om partners van gemeente {gemeente} te wijzigen; er is niets bewaard."
UI_PARTNERS_ALLEEN_BEKIJKEN = ("Je bent geen organisator van deze gemeente: je ziet alleen de partners die instemden, "
                               "zonder contactgegevens, en kunt niets wijzigen.")
UI_IMPORT_EIGEN_GEMEENTE = "Kies eerst een gemeente waarvan je organisator bent; de import komt in die gemeente."
UI_IMPORT_BUITEN_RECHTEN = ("{aantal} organisatie(s) liggen in een gemeente waarvan je geen organisator bent "
                            "(bv. {namen}). Pas het bestand aan of vraag een beheerder; er is niets bewaard.")

# --- Beheer page: accounts, backup and restore (pages/beheer.py) ----------------------
UI_BEHEER_TITEL = "Beheer"
UI_BEHEER_ACCOUNTS = "Accounts"
UI_BEHEER_GEEN_ACCOUNTS = "Er zijn nog geen accounts."
UI_BEHEER_KOLOM_ROL = "Rol"
UI_BEHEER_KOLOM_GEMEENTEN = "Gemeenten"
UI_BEHEER_KOLOM_AANGEMAAKT = "Aangemaakt"
UI_BEHEER_ALLE_GEMEENTEN = "alle gemeenten"
UI_BEHEER_NAAM = "Naam"
UI_BEHEER_ROL = "Rol"
UI_BEHEER_GEMEENTEN = "Gemeenten"
UI_BEHEER_GEMEENTEN_HULP = ("Alleen voor een organisator: de gemeenten waarvan hij of zij partners beheert. "
                            "Een beheerder ziet alle gemeenten.")
UI_BEHEER_KIES_GEMEENTEN = "Typ om een gemeente te zoeken"
UI_BEHEER_WACHTWOORD = "Wachtwoord (minstens {minimum} tekens)"
UI_BEHEER_WACHTWOORD_HERHAAL = "Herhaal het wachtwoord"
UI_BEHEER_TOEVOEGEN_KOP = "Account toevoegen"
UI_BEHEER_TOEVOEGEN = "Account toevoegen"
UI_BEHEER_TOEGEVOEGD = "Account {email} ({rol}) is aangemaakt. Geef het wachtwoord op een veilige manier door."
UI_BEHEER_WIJZIGEN_KOP = "Account wijzigen"
UI_BEHEER_KIES_ACCOUNT = "Account"
UI_BEHEER_KIES_ACCOUNT_HINT = "Kies een account"
UI_BEHEER_TAB_ROL = "Rol en gemeenten"
UI_BEHEER_TAB_WACHTWOORD = "Nieuw wachtwoord"
UI_BEHEER_TAB_VERWIJDEREN = "Verwijderen"
UI_BEHEER_ROL_BEWAREN = "Rol en gemeenten bewaren"
UI_BEHEER_ROL_GEWIJZIGD = "Account {email} is nu {rol}{gemeenten}."
UI_BEHEER_EIGEN_ROL = "Je kunt je eigen rol niet wijzigen: vraag dat aan een andere beheerder."
UI_BEHEER_NIEUW_WACHTWOORD = "Nieuw wachtwoord (minstens {minimum} tekens)"
UI_BEHEER_WACHTWOORD_BEWAREN = "Wachtwoord instellen"
UI_BEHEER_WACHTWOORD_GEWIJZIGD = ("Het wachtwoord van {email} is gewijzigd. Open sessies van dit account zijn "
                                  "beëindigd: wie ermee aangemeld was, meldt zich opnieuw aan.")
UI_BEHEER_VERWIJDEREN_BEVESTIG = "Ja, verwijder dit account definitief"
UI_BEHEER_VERWIJDEREN = "Account verwijderen"
UI_BEHEER_VERWIJDEREN_NIET_BEVESTIGD = "Vink eerst aan dat je dit account definitief wilt verwijderen."
UI_BEHEER_VERWIJDERD = "Account {email} is verwijderd; het kan zich niet meer aanmelden."
UI_BEHEER_EIGEN_ACCOUNT = "Je kunt je eigen account niet verwijderen: vraag dat aan een andere beheerder."
UI_BEHEER_BACKUP_KOP = "Backup en herstel"
UI_BEHEER_BACKUP_UITLEG = (
    "Een backup is één GeoPackage-bestand met de hele databank: partners, imports, logboek, instellingen, "
    "accounts (alleen wachtwoord-hashes) en deellinks (alleen token-hashes). QGIS opent het zoals het is. "
    "Bewaar backups even veilig als de databank zelf.")
UI_BEHEER_BACKUP_MAKEN = "Backup maken"
UI_BEHEER_BACKUP_DOWNLOAD = "Backup (GeoPackage)"
UI_BEHEER_BACKUP_KLAAR = "Backup gemaakt om {tijd}: {partners} partner(s). Download hem hieronder."
UI_BEHEER_HERSTEL_UITLEG = (
    "Terugzetten werkt alleen in een **lege** databank: zonder partners, imports, logboekregels of deellinks "
    "(accounts mogen er al zijn; accounts uit de backup met hetzelfde e-mailadres worden overgeslagen). "
    "De demogegevens van een nieuwe installatie worden vervangen. Het bestand wordt eerst helemaal "
    "gecontroleerd; gaat er iets mis, dan wordt er niets gewijzigd.")
UI_BEHEER_HERSTEL_BESTAND = "Backup om terug te zetten (.gpkg)"
UI_BEHEER_HERSTEL_BEVESTIG = "Ja, zet deze backup terug in de databank"
UI_BEHEER_HERSTEL = "Terugzetten"
UI_BEHEER_HERSTEL_GEEN_BESTAND = "Kies eerst een backup (.gpkg) om terug te zetten."
UI_BEHEER_HERSTEL_NIET_BEVESTIGD = "Vink eerst aan dat je deze backup wilt terugzetten."
UI_BEHEER_HERSTELD = "De backup is teruggezet:"

# --- Concurrent edits (geo/editing.py) -------------------------------------------------
PARTNER_INTUSSEN_DOOR = ("'{naam}' werd intussen gewijzigd door {wie} (om {gewijzigd}). Hun wijziging: {wijzigingen}. "
                         "Jouw wijziging is niet bewaard: bekijk de nieuwe gegevens en pas ze opnieuw aan.")
IEMAND_ANDERS = "iemand anders"
GEEN_VELDEN = "geen zichtbare velden"
UI_UPLOAD_LIMIET = "Hoogstens {mb} MB per bestand; een groter bestand wordt geweigerd."

# --- Time and memory budget of an upload (geo/bounded.py) ---------------------------------
BUDGET_TIJD = ("Het lezen van {bestand} duurde langer dan de toegestane {seconden} seconden (instelling "
               "upload_seconden) en is gestopt. Het bestand is te zwaar, bijvoorbeeld door vlakken die zichzelf "
               "duizenden keren kruisen of een zeer grote tabel. Er is niets bewaard.")
BUDGET_GEHEUGEN = ("Het lezen van {bestand} vroeg meer dan de toegestane {mb} MB geheugen (instelling "
                   "upload_geheugen_mb) en is gestopt. Er is niets bewaard.")
BUDGET_ONVERWACHT = "Het bestand kon niet gelezen worden ({fout}). Er is niets bewaard."

# --- Table limits and encodings (geo/uploads) ---
TABEL_TE_VEEL_CELLEN = (
    "Het bestand '{bestand}' bevat meer dan {max} gevulde cellen, het maximum (instelling max_cellen); die grens "
    "werd bereikt op {plaats}. Splits het op in kleinere bestanden. Er is niets gelezen."
)
TABEL_TE_VEEL_TEKENS = (
    "De cellen van '{bestand}' bevatten samen meer dan {max} tekens, het maximum (instelling max_tekens); die "
    "grens werd bereikt op {plaats}. Een tekst die in veel cellen herhaald wordt, telt in elke cel mee. Splits "
    "het bestand op of kort lange teksten in. Er is niets gelezen."
)
TABEL_TE_VEEL_TEKSTEN = (
    "Het Excel-bestand '{bestand}' bevat meer dan {max} verschillende teksten, meer dan het toegestane aantal "
    "gevulde cellen (instelling max_cellen); de grens werd bereikt in de gedeelde teksten van het bestand "
    "({onderdeel}). Splits het op in kleinere bestanden. Er is niets gelezen."
)
TABEL_PLAATS_LIJN = "lijn {nummer}"
TABEL_PLAATS_RIJ = "rij {nummer}"
TABEL_ZIP_INSTELLING_UPLOAD = "max_upload_mb, keer {factor}"
TABEL_XML_ONVEILIG = (
    "Het Excel-bestand '{bestand}' bevat XML met entiteiten, een DTD of een verwijzing naar een ander bestand, "
    "wat een gewoon werkblad nooit heeft (zo werkt bijvoorbeeld een XML-bom). Het werd geweigerd; er is niets "
    "gelezen. Bewaar de lijst opnieuw in Excel of LibreOffice, of als CSV."
)
TABEL_CODERING_GEMENGD = (
    "'{bestand}' mengt twee tekencoderingen: {lijnen} gelezen als {codering}, de andere als UTF-8. "
    "Kijk de namen op die lijnen na."
)
TABEL_TE_VEEL_LIJNEN_GEMENGD = (
    "Het bestand '{bestand}' mengt UTF-8 met {codering} op meer dan {max} lijnen, meer dan de rijen die een tabel "
    "mag hebben. Bewaar het opnieuw in één tekencodering (UTF-8) of splits het op. Er is niets gelezen."
)
TABEL_LIJN_IS = "lijn {lijst} is"
TABEL_LIJNEN_ZIJN = "lijnen {lijst} zijn"
TABEL_LIJST_EN = "{eerste} en {laatste}"
TABEL_LIJST_EN_NOG = "{eerste} en nog {aantal} andere"
CLI_IMPORT_WAARSCHUWING = "Waarschuwing: {tekst}"

# --- Boundary file limits (geo/uploads) ---
GRENS_HOEKPUNTEN_VLAK = (
    "Object {nummer} in '{bestand}' heeft {aantal} hoekpunten; hoogstens {max} per object zijn toegestaan "
    "(instelling max_hoekpunten_per_vlak). Vereenvoudig de grenzen (bv. in QGIS met Vector > Geometrie > "
    "Vereenvoudigen) en laad het bestand opnieuw op."
)
GRENS_HOEKPUNTEN_TOTAAL = (
    "De vlakken in '{bestand}' hebben samen {aantal} hoekpunten; hoogstens {max} zijn toegestaan (instelling "
    "max_hoekpunten). Vereenvoudig de grenzen of laad minder gebieden tegelijk op."
)
GRENS_GEEN_GETAL = (
    "Object {nummer} in '{bestand}' heeft een coördinaat die geen gewoon getal is ({waarde}). Verbeter of "
    "verwijder dat object en laad het bestand opnieuw op."
)
GRENS_KRUISINGEN = (
    "De rand van object {nummer} in '{bestand}' kruist zichzelf meer dan {max} keer (instelling "
    "max_kruisingen_per_vlak). Zo'n vlak valt bij het herstellen uiteen in duizenden stukjes en wordt daarom "
    "niet hersteld maar geweigerd. Teken de rand "
    "opnieuw of verbeter hem in een GIS-programma."
)
GRENS_STUKKEN = (
    "Object {nummer} in '{bestand}' kruist zichzelf zo vaak dat het bij het herstellen uiteenvalt in {aantal} "
    "stukken; hoogstens {max} zijn toegestaan (instelling max_stukken_per_vlak). Teken de rand opnieuw of "
    "verbeter hem in een GIS-programma."
)
GRENS_HERSTELD_EEN = "1 vlak werd hersteld ({redenen}){delen}; {oppervlakte}."
GRENS_HERSTELD_MEER = "{aantal} vlakken werden hersteld ({redenen}){delen}; {oppervlakte}."
GRENS_HERSTELD_DELEN_EEN = " en bestaat nu uit {delen} delen"
GRENS_HERSTELD_DELEN_MEER = " en bestaan nu samen uit {delen} delen"
GRENS_OPPERVLAKTE_PROCENT = "de oppervlakte veranderde met {procent} % (van {voor} naar {na})"
GRENS_OPPERVLAKTE_NU = "de oppervlakte is nu {na} (vóór het herstel: {voor})"
GRENS_REDENEN = {
    "Self-intersection": "zichzelf kruisende randen",
    "Ring Self-intersection": "randen die zichzelf raken",
    "Too few points": "te weinig hoekpunten",
    "Hole lies outside shell": "gaten buiten de buitenrand",
    "Nested holes": "gaten in gaten",
    "Interior is disconnected": "gaten die het vlak in stukken delen",
    "Nested shells": "vlakken in elkaar",
    "Duplicate Rings": "dubbele randen",
    "Invalid Coordinate": "ongeldige coördinaten",
    "Ring is not closed": "niet gesloten randen",
}
GRENS_REDEN_ANDERE = "andere fouten in de vorm"
GRENS_NAAM_TE_LANG = (
    "De naam van object {nummer} (veld '{veld}') is {lengte} tekens lang; hoogstens {max} zijn toegestaan "
    "(instelling max_naam_tekens). Kies een ander veld als naam of kort de namen in."
)
GRENS_TITEL_TE_LANG = (
    "De naam van het gebied is {lengte} tekens lang; hoogstens {max} zijn toegestaan (instelling max_naam_tekens)."
)
UPLOAD_CRS_NIET_HERKEND = (
    "Het bestand '{bestand}' heeft een onbekend coördinatensysteem: het noemt '{crs}', en dat kent Partnerkaart "
    "niet. Er wordt niet gegokt: bewaar het bestand opnieuw met een gekend coördinatensysteem (bv. EPSG:31370 "
    "of EPSG:4326); een GeoJSON in lengte- en breedtegraden (WGS84) mag ook zonder CRS."
)
UPLOAD_CRS_ADRES = (
    "Het bestand '{bestand}' heeft een onbekend coördinatensysteem: het verwijst naar een internetadres "
    "('{crs}'), en Partnerkaart haalt niets van het internet op. Bewaar het bestand opnieuw met een gekend "
    "coördinatensysteem (bv. EPSG:31370 of EPSG:4326)."
)
GPKG_WAT_BESTAND = "De GeoPackage '{bestand}'"
GPKG_WAT_BACKUP = "De backup"
GPKG_GEEN_INHOUD = "{wat} is geen geldige GeoPackage: de tabel gpkg_contents ontbreekt."
GPKG_VIEW = (
    "{wat} bevat een view ('{naam}'): een opgeslagen zoekopdracht in plaats van een gewone tabel. Het lezen "
    "van een view kan eindeloos duren, daarom wordt het bestand geweigerd. Bewaar de lagen als gewone tabellen "
    "(bv. in QGIS met Exporteren > Objecten opslaan als)."
)
GPKG_VIRTUELE_TABEL = (
    "{wat} bevat een virtuele tabel ('{naam}') als laag: een tabel die pas bij het lezen door een programma "
    "gemaakt wordt. Daarom wordt het bestand geweigerd. Bewaar de lagen als gewone tabellen (bv. in QGIS met "
    "Exporteren > Objecten opslaan als)."
)
GPKG_BEREKENDE_KOLOM = (
    "{wat} bevat in de tabel '{naam}' een berekende kolom ('{kolom}') die bij elk lezen opnieuw berekend wordt. "
    "Daarom wordt het bestand geweigerd. Bewaar de lagen als gewone tabellen."
)
GPKG_TE_INGEWIKKELD = "{wat} is te ingewikkeld om veilig na te kijken en wordt daarom geweigerd."
BACKUP_ONVEILIG = "{reden} Er is niets gewijzigd."


# --- Context analysis (geo/context) ---
CONTEXT_OBJECTEN_ONGELDIG = "Geef de objecten van de lagen als lijst of als tabel met de kolommen laag_id, lon en lat."
CONTEXT_LAAG_ZONDER_SOORT = "Van laag {lagen} is de soort niet gegeven; geef de soort van elke laag."
CONTEXT_SOORT_ONBEKEND = "Onbekende soort '{soort}' voor laag {laag}; kies uit {soorten}."
CONTEXT_PUNTEN_SOORT = "Onbekende soort '{soort}' bij de punten van de lagen; kies uit {soorten}."
CONTEXT_PUNTEN_ONGELDIG = (
    "Geef de punten van de lagen als tabel in Belgische Lambert 72 (EPSG:31370) met de kolom 'soort', zoals "
    "context_points ze maakt (nu: {crs})."
)
CONTEXT_ANALYSE_ONGELDIG = "Geef de lagen per wijk zoals wijk_context ze maakt, met de kolommen {kolommen}."
CONTEXT_WIJKEN_ONTBREKEN = (
    "De lagen per wijk missen {aantal} wijk(en) van de dekkingstabel (bv. {codes}); bereken ze voor dezelfde "
    "gemeenten."
)
CONTEXT_DEKKING_ONGELDIG = (
    "Geef de dekkingstabel per wijk, met de kolommen 'wijk_code', 'wijk_naam', 'gemeente_nis', 'gedekt_aandeel' "
    "en 'witte_vlek' (en de wijkgrenzen voor 'deelauto maar geen partner')."
)
CONTEXT_AFSTAND_ONGELDIG = "De afstand moet een positief aantal meter zijn, niet {waarde}."
CONTEXT_DEELAUTO_OP = "deelauto op {afstand}"
CONTEXT_STATION_OP = "station op {afstand}"
CONTEXT_EN = " en "
CONTEXT_GEDEKT = "voor {procent} % gedekt door vertrouwde partners"
CONTEXT_IN_DE_WIJK = " ({aantal} in de wijk)"
CONTEXT_DICHTSTE_DEELAUTO = "; dichtstbijzijnde deelauto op {afstand}"
CONTEXT_GEEN_DEELAUTO = "; geen deelauto gekend"
CONTEXT_WITTE_VLEK = "witte vlek, voor {procent} % gedekt"
CONTEXT_EEN_DEELAUTO = "1 deelauto"
CONTEXT_DEELAUTOS = "{aantal} deelauto's"
CONTEXT_AUTOS_IN_WIJK = "; {autos} in de wijk"
CONTEXT_AUTOS_NABIJ = "; {autos} binnen {afstand} van de wijk"
ADVIES_NABIJ = " ({wat})"

# --- Context layers in the store (geo/store) ---
LAAG_WEG = "Deze laag bestaat niet (meer); misschien heeft iemand anders ze verwijderd."
LAAG_INTUSSEN_GEWIJZIGD = (
    "De laag '{naam}' werd intussen door iemand anders gewijzigd (om {gewijzigd}). Je wijziging is niet bewaard: "
    "bekijk de nieuwe gegevens en pas ze opnieuw aan."
)
LAAG_NAAM_LEEG = "Geef de laag een naam. Er is niets bewaard."
LAAG_GEEN_TEKST = "Het veld '{veld}' van de laag is geen tekst. Er is niets bewaard."
LAAG_TEKST_TE_LANG = "Het veld '{veld}' van de laag is {lengte} tekens lang; hoogstens {max} zijn toegestaan. Er is niets bewaard."
LAAG_SOORT_ONGELDIG = "'{soort}' is geen soort laag; kies uit: {soorten}. Er is niets bewaard."
LAAG_BRON_ONGELDIG = "'{bron}' is geen bron van een laag; kies uit: {bronnen}. Er is niets bewaard."
LAAG_KLEUR_ONGELDIG = "'{kleur}' is geen kleur; schrijf ze als #RRGGBB (bv. #CC6677). Er is niets bewaard."
LAAG_URL_ONGELDIG = "Het adres van een laag moet met http:// of https:// beginnen. Er is niets bewaard."
LAAG_VERVERS_ONGELDIG = (
    "Ververs om de hoeveel minuten: een geheel getal van 0 (alleen met de knop 'vernieuwen') tot {max}. "
    "Er is niets bewaard."
)
LAAG_OBJECT_LIGGING = (
    "Object {nummer} ('{naam}') heeft geen geldige ligging (lengtegraad {lon}, breedtegraad {lat}): de lengtegraad "
    "moet tussen -180 en 180 liggen en de breedtegraad tussen -90 en 90. Er is niets bewaard."
)
LAAG_OBJECT_GEEN_TEKST = "Het veld '{veld}' van object {nummer} is geen tekst. Er is niets bewaard."
LAAG_OBJECT_TE_LANG = (
    "Het veld '{veld}' van object {nummer} is {lengte} tekens lang; hoogstens {max} zijn toegestaan. "
    "Er is niets bewaard."
)
LAAG_WAARDE_LEEG = "leeg"
LAAG_WAARDE_GEEN_GETAL = "geen getal"
BACKUP_TABELNAMEN.update(context_laag="contextlagen", context_object="objecten van contextlagen")

# --- Context layer sources (geo/context) ---
OPHALEN_GEEN_ADRES = "'{url}' is geen volledig webadres (bv. https://voorbeeld.be/laag.geojson)."
OPHALEN_SCHEMA = "Alleen http- en https-adressen kunnen als laag opgehaald worden, niet '{url}'."
OPHALEN_GEBRUIKER = "Het adres '{url}' bevat een gebruikersnaam of wachtwoord; dat wordt niet meegestuurd. Geef het adres zonder."
OPHALEN_NAAM_ONBEKEND = "De naam '{host}' kon niet opgezocht worden ({fout}). Klopt het adres, en is de server online?"
OPHALEN_GEEN_ADRESSEN = "geen adressen gevonden"
OPHALEN_PRIVE = (
    "Het adres '{host}' leidt naar {ip}, {soort}. Zulke adressen worden niet opgehaald, zodat een laag het eigen "
    "netwerk van de server niet kan verkennen. Een beheerder kan loopback-, privé- en link-local-adressen "
    "toelaten met de instelling PARTNERKAART_LAGEN_PRIVE_ADRESSEN=ja (bv. voor een intranet)."
)
OPHALEN_SOORT_LOOPBACK = "de server zelf (loopback)"
OPHALEN_SOORT_PRIVE = "een privénetwerk"
OPHALEN_SOORT_LINK_LOCAL = "een link-local adres (zoals de metadata-dienst van een cloudserver)"
OPHALEN_SOORT_MULTICAST = "een multicastadres"
OPHALEN_SOORT_GERESERVEERD = "een gereserveerd adres"
OPHALEN_SOORT_ONBEPAALD = "een onbepaald adres (0.0.0.0 of ::)"
OPHALEN_SOORT_NIET_OPENBAAR = "een adres dat niet openbaar bereikbaar is"
OPHALEN_SOORT_ONGELDIG = "een ongeldig adres"
OPHALEN_TIMEOUT = "'{url}' antwoordde niet binnen {seconden} seconden (instelling PARTNERKAART_LAGEN_TIMEOUT)."
OPHALEN_HTTP = "'{url}' antwoordde met HTTP-status {status}."
OPHALEN_VERBINDING = "Geen verbinding met '{url}' ({fout})."
OPHALEN_TE_GROOT = (
    "'{url}' stuurt meer dan {max} MB (instelling PARTNERKAART_LAGEN_MAX_MB); het ophalen is gestopt."
)
OPHALEN_CODERING = "'{url}' stuurt inhoud gecomprimeerd als '{codering}'; Partnerkaart leest alleen gzip en deflate."
OPHALEN_GZIP_KAPOT = "'{url}' stuurt beschadigde of onvolledige gecomprimeerde inhoud."
OPHALEN_TE_VEEL_DOORVERWIJZINGEN = "'{url}' verwijst meer dan {max} keer door; het ophalen is gestopt."
LAGEN_OUDE_KOPIE = "Vernieuwen lukte niet ({reden}); de kopie van {tijd} wordt getoond."
LAGEN_KOPIE_BESCHADIGD = "De bewaarde kopie van '{url}' is beschadigd (controlegetal klopt niet) en wordt niet gebruikt."
LAGEN_TE_VEEL_OBJECTEN = "'{bron}' bevat meer dan {max} objecten; zo'n grote laag wordt niet ingelezen."
LAGEN_OBJECT_ZONDER_NAAM = "Object {nummer}"
LAGEN_ZONDER_COORDINATEN = "{aantal} object(en) zonder geldige coördinaten werden overgeslagen."
LAGEN_BUITEN_BELGIE = "{aantal} object(en) buiten België werden overgeslagen."
LAGEN_LEEG = "'{bron}' bevat geen bruikbare objecten."
LAGEN_BRON_BESTAND = "Eigen bestand {bestand}"
LAGEN_BESTANDSTYPE = (
    "'{bestand}' kan niet als laag gelezen worden ({extensie}): kies een CSV, Excel (.xlsx), GeoJSON, GeoPackage, "
    "gezipte shapefile of GTFS-zip."
)
LAGEN_GEEN_COORDINATENKOLOMMEN = (
    "In '{bestand}' staan geen kolommen met coördinaten (lat en lon, of x en y in Lambert). Een laag wordt niet "
    "op adres opgezocht: voeg de coördinaten toe."
)
LAGEN_RIJ = "lijn {lijn}: {probleem}"
LAGEN_RIJ_ZONDER_COORDINATEN = "geen coördinaten"
LAGEN_RIJEN_OVERGESLAGEN = "{aantal} rij(en) zonder bruikbare coördinaten werden niet opgenomen ({voorbeelden})."
LAGEN_GPKG_GEEN_GEOMETRIE = "De GeoPackage '{bestand}' bevat geen laag met geometrie."
LAGEN_VORM_VEREENVOUDIGD = (
    "{aantal} lijn(en) of zone(s) waren te gedetailleerd om te bewaren en worden als punt getoond."
)
LAGEN_GEEN_BESTAND = "Laag '{naam}' heeft geen bestand: laad het bestand opnieuw op."
LAGEN_BESTAND_VERNIEUWEN = "Laag '{naam}' komt uit een bestand en kan niet vernieuwd worden: laad een nieuwe versie op."
LAGEN_GEEN_URL = "Laag '{naam}' heeft geen adres (URL)."
LAGEN_BRON_ONBEKEND = "'{bron}' is geen bron van een laag; kies uit: {bronnen}."
LAGEN_SOORT_ONBEKEND = "'{soort}' is geen soort laag; kies uit: {soorten}."
GBFS_GEEN_JSON = "Het GBFS-bestand {feed} van '{url}' is geen geldige JSON."
GBFS_GEEN_ONTDEKKING = (
    "'{url}' is geen GBFS-overzicht (gbfs.json): er staat geen lijst van feeds in 'data'. Geef het adres van "
    "gbfs.json."
)
GBFS_GEEN_FEEDS = (
    "Het GBFS-overzicht '{url}' noemt geen station_information en geen vehicle_status of free_bike_status: er "
    "is niets om te tonen."
)
GBFS_STRUCTUUR = "Het GBFS-bestand {feed} van '{url}' heeft geen lijst '{veld}'."
GBFS_GEEN_BESTAND = "Een GBFS-feed bestaat uit meerdere bestanden en kan niet opgeladen worden: geef het adres van gbfs.json."
GBFS_VOERTUIG = "Voertuig"
GBFS_VOERTUIGEN = {
    "car": "Deelauto", "bicycle": "Deelfiets", "cargo_bicycle": "Deelbakfiets", "moped": "Deelscooter",
    "scooter": "Deelstep", "scooter_standing": "Deelstep", "scooter_seated": "Deelstep met zit", "other": "Voertuig",
}
GBFS_GEEN_AUTO = "{aantal} voertuig(en) die geen auto zijn werden weggelaten (laag van soort deelauto)."
GBFS_BUITEN_DIENST = "{aantal} voertuig(en) buiten dienst werden weggelaten."
GBFS_GEEN_FIETS = "{aantal} voertuig(en) die geen fiets zijn werden weggelaten (laag van soort deelfiets)."
CAMBIO_GEEN_LIJST = "Het antwoord van '{url}' is geen lijst van Cambio-stations (JSON)."
WFS_GEEN_GEOJSON = ("Het antwoord van '{url}' is geen GeoJSON. Vraag de WFS om GeoJSON met "
                    "outputFormat=application/json in het adres.")
WFS_CRS_ONBEKEND = "Het coördinatensysteem '{crs}' van '{url}' is onbekend; vraag de WFS om srsName=EPSG:4326 of EPSG:31370."
WFS_CRS_ONDUIDELIJK = ("Het antwoord van '{url}' zegt niet in welk coördinatensysteem het staat, en de coördinaten liggen niet "
                       "duidelijk in België in WGS84, Lambert 72 of Lambert 2008. Voeg srsName=EPSG:4326 toe aan het adres.")

# Sources in one click (data/bronnen.json, geo/context/bronnen.py, geo/context/catalogue.py)
BRONNEN_ONLEESBAAR = "De lijst met bronnen '{pad}' kon niet gelezen worden (JSON met een lijst 'bronnen'; instelling lagen_bronnen)."
BRONNEN_FOUT = "De lijst met bronnen '{pad}', bron {nummer}: {fout}."
BRONNEN_DUBBEL = "De lijst met bronnen '{pad}' bevat de id '{id}' meer dan eens."
BRONNEN_ONBEKEND = "'{id}' staat niet in de lijst met bronnen; kies uit: {ids}."
BRONNEN_SLEUTEL_NODIG = (
    "{naam} vraagt een sleutel. U krijgt die na registratie op {waar} (voor Belgian Mobility Data: maak een account, "
    "abonneer u op het gratis product en kopieer de primaire sleutel); zet hem in de instelling {instelling} ({env}).")
BRONNEN_SLEUTEL_GEWEIGERD = (
    "{naam} weigerde de toegang (HTTP-status {status}): de sleutel ontbreekt of is verkeerd. Controleer de instelling "
    "{instelling} ({env}); een sleutel krijgt u bij {waar}.")
BRONNEN_GEEN_CATALOGUS = "De bron '{id}' is geen catalogus van systemen."
BRONNEN_CATALOGUS_ONLEESBAAR = ("De catalogus '{url}' is geen leesbare systems.csv (kolommen Country Code, Name, System ID en "
                                "Auto-Discovery URL).")
BRONNEN_SYSTEEM_NODIG = "Kies bij '{naam}' ook een systeem."
BRONNEN_SYSTEEM_ONBEKEND = "Het systeem '{systeem}' staat niet in de catalogus (land {land})."
UI_BRONNEN_TITEL = "Kies een bron"
UI_BRONNEN_UITLEG = ("Bekende open bronnen in één klik. Een bron die een hele regio dekt, wordt één keer bewaard; elke kaart toont "
                     "de punten in de gemeente en wat net daarbuiten ligt, met de bronvermelding.")
UI_BRONNEN_BRON = "Bekende bron"
UI_BRONNEN_SYSTEEM = "Systeem (autodelen eerst)"
UI_BRONNEN_SYSTEEM_AUTO = "{naam} ({plaats}) · autodelen"
UI_BRONNEN_SYSTEEM_ANDER = "{naam} ({plaats})"
UI_BRONNEN_GEEN_SYSTEMEN = "De catalogus heeft geen systemen voor dit land."
UI_BRONNEN_LICENTIE = "Licentie: {licentie} · Bronvermelding: {bronvermelding} · Soort: {soort}"
UI_BRONNEN_UIT = "{naam} (sleutel nodig)"
UI_BRONNEN_PUBLIEK = "Publiek: ook tonen via deellinks"
UI_BRONNEN_TOEVOEGEN = "Bron als laag toevoegen"
UI_BRONNEN_ONLEESBAAR = "De lijst met bronnen kon niet gelezen worden: {fout}"
CLI_BRONNEN_EEN_KEUZE = "Geef --uit-lijst ID, of --naam, --soort en --bestand of --url; niet allebei."
CLI_BRONNEN_SYSTEEM_ALLEEN = "--systeem hoort bij --uit-lijst (de GBFS-catalogus)."
CLI_LAGEN_NAAM_SOORT = "Geef --naam en --soort (of kies een bron met --uit-lijst ID; zie 'python -m geo lagen bronnen')."
GTFS_GEEN_ZIP = "'{bron}' is geen leesbare GTFS-zip."
GTFS_GEEN_STOPS = "De GTFS-zip '{bron}' bevat geen stops.txt."
GTFS_STOPS_ONLEESBAAR = "stops.txt in '{bron}' kon niet gelezen worden als CSV (UTF-8, gescheiden door komma's)."
GTFS_KOLOMMEN = "stops.txt in '{bron}' mist de kolom(men) {kolommen}."
GTFS_TE_VEEL_RIJEN = "stops.txt in '{bron}' heeft meer dan {max} rijen; zo'n grote dienstregeling wordt niet ingelezen."
GTFS_PERRONS = "{aantal} perron(s) of halte(s) van {stations} station(s) worden als één object per station getoond."

# --- Context layers: command line and report ---
CLI_LAGEN_EEN_BRON = (
    "Geef precies één bron voor de laag: --bestand F (een bestand) of --url U met --bron geojson, gbfs of gtfs. "
    "Er is niets bewaard."
)
CLI_LAGEN_BRON_NODIG = "Geef bij --url ook --bron: {bronnen}. Er is niets bewaard."
CLI_LAGEN_BRON_BIJ_BESTAND = (
    "--bron hoort bij --url; een bestand wordt gelezen volgens zijn extensie. Er is niets bewaard."
)
CLI_LAGEN_BRON_ONBEKEND = "'{bron}' is geen bron van een laag met een adres; kies uit: {bronnen}. Er is niets bewaard."
CLI_LAAG_TOEGEVOEGD = "Laag {id} '{naam}' toegevoegd: {objecten} object(en)."
CLI_LAAG_MELDING = "  Melding: {melding}"
CLI_LAAG_VERNIEUWD = "Laag {id} '{naam}' vernieuwd: {objecten} object(en)."
CLI_LAAG_VERNIEUWD_BESTAND = "Laag {id} '{naam}' vernieuwd uit {bestand}: {objecten} object(en)."
CLI_LAAG_KOPIE = (
    "Laag {id} '{naam}': vernieuwen lukte niet; de laatste goede kopie wordt getoond ({objecten} object(en))."
)
CLI_LAAG_MISLUKT = (
    "Laag {id} '{naam}' kon niet gelezen worden en er is geen goede kopie; de {objecten} bewaarde object(en) blijven."
)
CLI_LAGEN_KOPIE_GETOOND = "{aantal} laag/lagen tonen de laatste goede kopie: zie de melding."
CLI_LAGEN_NIET_GELEZEN = "{aantal} laag/lagen konden niet gelezen worden."
CLI_LAGEN_GEEN_URL = "Er zijn geen lagen met een adres (URL) om te vernieuwen."
CLI_LAAG_ONBEKEND = "Er is geen laag met id {id}; 'python -m geo lagen lijst' toont de lagen. Er is niets bewaard."
CLI_LAAG_UIT_BESTAND = (
    "Laag {id} '{naam}' komt uit een bestand en heeft geen adres om op te halen: vernieuw ze met "
    "'python -m geo lagen vernieuwen {id} --bestand F'. Er is niets bewaard."
)
CLI_LAGEN_BESTAND_EEN_ID = "Geef bij --bestand precies één laag (ID) om te vernieuwen. Er is niets bewaard."
CLI_LAAG_VERWIJDERD = "Laag {id} '{naam}' verwijderd, met {objecten} object(en)."
RAPPORT_KOLOM_DEELAUTO = "Dichtste deelauto"
RAPPORT_LEGENDE_LAAG = "{naam} ({soort})"

# -- joint actions (acties): geo/campaign, geo/store/action_tables.py, pages/acties.py --------------
ACTIE_TITEL_VERPLICHT = "De titel van de actie is verplicht."
ACTIE_SOORT_ONBEKEND = "'{waarde}' is geen gekende soort actie; kies uit: {toegelaten}."
ACTIE_STATUS_ONBEKEND = "'{waarde}' is geen gekende toestand van een actie; kies uit: {toegelaten}."
ACTIE_ROL_ONBEKEND = "'{waarde}' is geen gekende rol van een partner in een actie; kies uit: {toegelaten}."
ACTIE_DATUM_VERPLICHT = "Geef de datum van de actie (bv. 2026-03-12 of 12/03/2026)."
ACTIE_DATUM_ONGELDIG = "De {veld} '{waarde}' is geen geldige datum (bv. 2026-03-12 of 12/03/2026)."
ACTIE_PERIODE_OMGEKEERD = "De einddatum {tot} ligt vóór de begindatum {van}."
ACTIE_WIJK_ONBEKEND = "'{waarde}' is geen gekende wijkcode."
ACTIE_GEMEENTE_NODIG = "Geef een plaats op de kaart, een wijk of een gemeente voor de actie."
ACTIE_BEREIKT_ZONDER_WIJK = "Een actie kan alleen een wijk bereiken als ze in een wijk ligt: kies een plaats of een wijk."
ACTIE_TE_VEEL_PARTNERS = "Een actie kan hoogstens {max} partners hebben."
ACTIE_AANTAL_ONGELDIG = "Het veld '{veld}' moet een geheel getal tussen 0 en {max} zijn."
ACTIE_BEDRAG_ONGELDIG = "Het bedrag moet een getal tussen 0 en {max} euro zijn (bv. 250 of 1.250,50)."
ACTIE_PARTNER_ONBEKEND = "Partner '{waarde}' bestaat niet (meer)."
ACTIE_PARTNER_ANDERE_GEMEENTE = "Partner '{naam}' hoort bij een andere gemeente ({gemeente}) dan de actie ({actie})."
ACTIE_WEG = "Deze actie bestaat niet (meer); misschien heeft iemand anders ze verwijderd."
ACTIE_INTUSSEN_GEWIJZIGD = (
    "Actie '{naam}' is intussen gewijzigd door {wie} (om {gewijzigd}): {wijzigingen}. Er is niets bewaard; "
    "open de actie opnieuw om de nieuwste versie te zien."
)
ACTIE_GEEN_RECHTEN = "Je hebt geen rechten om acties van gemeente {gemeente} te wijzigen; er is niets bewaard."
ACTIE_HERSTEL_GEEN_VERWIJDERING = "Logboekregel {id} is geen verwijderde actie."
ACTIE_HERSTEL_BESTAAT_AL = "Actie '{naam}' bestaat al weer; er is niets veranderd."
ACTIE_ONGELDIG_BEWAARD = "De actie kan niet bewaard worden: {fout}"
ACTIE_TOEGEVOEGD, ACTIE_GEWIJZIGD, ACTIE_VERWIJDERD, ACTIE_HERSTELD, ACTIE_IMPORT = (
    "actie toegevoegd", "actie gewijzigd", "actie verwijderd", "actie hersteld", "acties geïmporteerd")
ACTIE_STATUSSEN = {"gepland": "gepland", "gedaan": "gedaan", "geannuleerd": "geannuleerd"}
ACTIE_VERWIJDERDE_PARTNER = "(verwijderde partner)"
ACTIE_ANDERE_PARTNERS = "{aantal} andere partner(s)"
BACKUP_TABELNAMEN.update(actie="acties", actie_partner="partners van acties")
# The map layer
KAART_LAAG_ACTIES = "Acties ({aantal})"
KAART_LEGENDE_ACTIES = "Acties"
KAART_ACTIE_POPUP_PARTNERS = "Partners"
KAART_ACTIE_POPUP_GEEN_PARTNERS = "geen partners"
KAART_ACTIE_BEREIKT_WIJK = "bereikt de wijk"
KAART_ACTIE_MENSEN = "{aantal} mensen bereikt"
# Import and export
ACTIE_IMPORT_KOLOM_ONTBREEKT = "Het bestand heeft geen kolom voor: {kolommen}. Herkende kolommen: {herkend}."
ACTIE_IMPORT_RIJ = "Rij {rij}: {fouten}"
ACTIE_IMPORT_GEWEIGERD = (
    "Het bestand is niet ingelezen: {aantal} rij(en) hebben een fout. Er is niets bewaard.\n{fouten}"
)
ACTIE_IMPORT_LEEG = "Het bestand bevat geen acties."
ACTIE_IMPORT_PARTNER_ONBEKEND = "partner '{naam}' is niet gevonden in gemeente {gemeente}"
ACTIE_IMPORT_PARTNER_DUBBEL = "partner '{naam}' bestaat meer dan eens in gemeente {gemeente}; gebruik de id"
ACTIE_IMPORT_KLAAR = "{aantal} actie(s) ingelezen."
ACTIE_EXPORT_FORMAAT = "Kies csv, xlsx of json als formaat."
# The command line
CLI_ACTIES_GEEN = "Gemeente {gemeente} heeft geen acties."
# The page
UI_NAV_ACTIES = "Acties"
UI_ACTIES_TITEL = "Acties"
UI_ACTIES_UITLEG = (
    "Gezamenlijke acties met partners: infomomenten, autodeelsalons, standen, artikels, proefritten. "
    "Een geplande actie in een wijk kan die wijk **bereiken**: Dekking toont dan de wijken bereikt door een actie."
)
UI_ACTIES_ALLEEN_BEKIJKEN = "Je kan de acties van deze gemeente bekijken, maar niet wijzigen."
UI_ACTIES_FILTER_SOORT = "Soort actie"
UI_ACTIES_FILTER_STATUS = "Toestand"
UI_ACTIES_FILTER_PERIODE = "Periode"
UI_ACTIES_FILTER_PARTNER = "Partner"
UI_ACTIES_AANTAL = "{getoond} van {totaal} acties getoond."
UI_ACTIES_GEEN = "Nog geen acties in deze gemeente."
UI_ACTIES_KOLOM_TITEL = "Titel"
UI_ACTIES_KOLOM_SOORT = "Soort"
UI_ACTIES_KOLOM_DATUM = "Datum"
UI_ACTIES_KOLOM_STATUS = "Toestand"
UI_ACTIES_KOLOM_PLAATS = "Plaats"
UI_ACTIES_KOLOM_PARTNERS = "Partners"
UI_ACTIES_KOLOM_BEREIKT = "Mensen bereikt"
UI_ACTIES_KOLOM_BEREIKT_WIJK = "Bereikt de wijk"
UI_ACTIES_KOLOM_FINANCIERING = "Financiering"
UI_ACTIES_KOLOM_BEDRAG = "Bedrag (€)"
UI_ACTIES_KIES = "Actie kiezen"
UI_ACTIES_KIES_HINT = "Kies een actie om te bewerken"
UI_ACTIES_BEWERK = "Bewerken"
UI_ACTIES_NIEUW = "Nieuwe actie"
UI_ACTIES_NIEUW_TITEL = "Nieuwe actie"
UI_ACTIES_BEWERK_TITEL = "Actie '{naam}' bewerken"
UI_ACTIES_VELD_EINDDATUM = "Einddatum (voor een periode)"
UI_ACTIES_VELD_WIJK = "Wijk (zonder plaats op de kaart)"
UI_ACTIES_VELD_BEREIKT_WIJK = "Deze actie bereikt haar wijk"
UI_ACTIES_VELD_ORGANISEERT = "Partners die mee organiseren"
UI_ACTIES_VELD_COMMUNICEERT = "Partners die mee communiceren"
UI_ACTIES_VELD_BEREIKT = "Aantal mensen bereikt"
UI_ACTIES_VELD_FINANCIERING = "Financieringsbron"
UI_ACTIES_VELD_BEDRAG = "Bedrag (€)"
UI_ACTIES_KLIK = "Klik op de kaart om de plaats van de actie te kiezen (of kies hieronder alleen een wijk)."
UI_ACTIES_GEEN_PLAATS = "Plaats wissen"
UI_ACTIES_BEWAARD = "Actie '{naam}' is bewaard."
UI_ACTIES_VERWIJDERD = "Actie '{naam}' is verwijderd (terug te zetten in het Logboek)."
UI_ACTIES_ANDERE_GEMEENTE = "Actie '{naam}' is bewaard in gemeente {gemeente} (volgens haar plaats)."
UI_ACTIES_EXPORT = "Acties downloaden"
UI_ACTIES_IMPORT_KOP = "Acties inlezen (CSV of Excel)"
UI_ACTIES_IMPORT_UITLEG = (
    "Kolommen: titel, soort, datum, einddatum, toestand, lat, lon, wijk, bereikt_wijk, partners "
    "(namen of id's, gescheiden door ';', met de rol tussen haakjes: 'Chiro (organiseert mee)'), bereikt, "
    "financiering, bedrag, notities. Alles of niets: één foute rij en er wordt niets bewaard."
)
UI_ACTIES_IMPORT_BESTAND = "Bestand met acties"
UI_ACTIES_IMPORT_KNOP = "Inlezen"
UI_PARTNER_ACTIES_KOP = "Acties met deze partner"
UI_PARTNER_ACTIES_GEEN = "Deze partner doet (nog) niet mee aan een actie."
UI_LAAG_ACTIES = "Acties"
UI_METRIEK_ACTIE_BEREIKT = "Bereikt door een actie"
UI_DEKKING_ACTIES_KOP = "Wijken bereikt door een actie"
UI_DEKKING_ACTIES_UITLEG = (
    "Wijken waar een geplande of gedane actie als 'bereikt de wijk' is aangeduid, naast de wijken die "
    "vertrouwde partners dekken."
)
UI_DEKKING_ACTIES_GEEN = "Nog geen wijk bereikt door een actie."
UI_DEKKING_KOLOM_ACTIES = "Acties"
UI_DEKKING_KOLOM_GEDEKT = "Gedekt door partners"
ACTIE_INTUSSEN_KORT = "Actie '{naam}' is intussen gewijzigd (om {gewijzigd}); er is niets bewaard."
UI_ACTIES_KOLOM_ROL = "Rol"
UI_LOGBOEK_ACTIE_HERSTELLEN = "Een verwijderde actie terugzetten"
UI_LOGBOEK_ACTIE_HERSTEL_KIES = "Verwijderde actie"
UI_LOGBOEK_ACTIE_HERSTEL = "Actie terugzetten"
CLI_ACTIES_XLSX_OUT = "Geef bij --format xlsx ook --out BESTAND.xlsx. Er is niets geschreven."
RAPPORT_ACTIES_KOP = "Acties met partners in {gemeente}"
RAPPORT_ACTIES_KOLOMMEN = ("Datum", "Titel", "Soort", "Toestand", "Wijk", "Partners")

# --- Progress over time (geo/campaign/progress, pages/voortgang.py) ---
BACKUP_TABELNAMEN.update(partner_historiek="historiek van partners")
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")
VOORTGANG_NIEUWE_PARTNERS = {0: "Geen nieuwe vertrouwde partners.", 1: "1 nieuwe vertrouwde partner: {namen}.",
                             2: "{aantal} nieuwe vertrouwde partners: {namen}."}
VOORTGANG_NIET_MEER_VERTROUWD = {1: "1 partner is niet langer vertrouwd: {namen}.",
                                 2: "{aantal} partners zijn niet langer vertrouwd: {namen}."}
VOORTGANG_NIET_MEER_VERTROUWD_AANTAL = {1: "1 partner is niet langer vertrouwd.",
                                        2: "{aantal} partners zijn niet langer vertrouwd."}
VOORTGANG_WITTE_VLEKKEN_MINDER = {1: "1 witte vlek minder: {namen}.", 2: "{aantal} witte vlekken minder: {namen}."}
VOORTGANG_WITTE_VLEKKEN_MEER = {1: "1 nieuwe witte vlek: {namen}.", 2: "{aantal} nieuwe witte vlekken: {namen}."}
VOORTGANG_WITTE_VLEKKEN_GELIJK = {0: "Nog altijd geen witte vlekken.", 1: "Nog altijd 1 witte vlek.",
                                  2: "Nog altijd {aantal} witte vlekken."}
VOORTGANG_GEDEKT = "Gedekt: van {toen} naar {nu} van de {maat}."
VOORTGANG_MAAT_INWONERS = "inwoners"
VOORTGANG_MAAT_OPPERVLAKTE = "oppervlakte"
VOORTGANG_ACTIES = {0: "Geen acties gedaan.", 1: "1 actie gedaan", 2: "{aantal} acties gedaan"}
VOORTGANG_BEREIKT = ", samen {mensen} mensen bereikt."
VOORTGANG_TRECHTER = "Trechter nu: {stappen}."
VOORTGANG_EN_ANDERE = "{namen} en {aantal} andere"
VOORTGANG_STATUS_MEERVOUD = {"te contacteren": "te contacteren", "gecontacteerd": "gecontacteerd",
                             "communiceert mee": "communiceren mee", "zet zich mee in": "zetten zich mee in",
                             "haakt af": "haken af"}
RAPPORT_VOORTGANG_KOP = "Voortgang sinds {datum}"
RAPPORT_VOORTGANG_REEKS = "Dekking en witte vlekken per datum"
RAPPORT_VOORTGANG_KOLOMMEN = ("Datum", "Gedekt", "Witte vlekken", "Vertrouwde partners")
UI_NAV_VOORTGANG = "Voortgang"
UI_VOORTGANG_TITEL = "Voortgang van de campagne"
UI_VOORTGANG_UITLEG = (
    "Hoe de campagne vordert: de partners per stap, de gedekte wijken en de witte vlekken op elke datum, "
    "berekend zoals de partners er toen voor stonden."
)
UI_VOORTGANG_SINDS = "Sinds"
UI_VOORTGANG_SINDS_HULP = "Kies bijvoorbeeld de datum van de vorige vergadering van de mobiliteitsraad."
UI_VOORTGANG_SINDS_KOP = "Wat veranderde sinds {datum}"
UI_VOORTGANG_TRECHTER_KOP = "Partners per stap"
UI_VOORTGANG_KOLOM_STAP = "Stap"
UI_VOORTGANG_KOLOM_TOEN = "Op {datum}"
UI_VOORTGANG_KOLOM_NU = "Nu"
UI_VOORTGANG_KOLOM_VERSCHIL = "Verschil"
UI_VOORTGANG_REEKS_KOP = "Dekking en witte vlekken doorheen de tijd"
UI_VOORTGANG_GEDEKT_GRAFIEK = "Gedekt (% van de {maat})"
UI_VOORTGANG_VLEKKEN_GRAFIEK = "Witte vlekken"
UI_VOORTGANG_KOLOM_DATUM = "Datum"
UI_VOORTGANG_KOLOM_PARTNERS = "Vertrouwde partners"
UI_VOORTGANG_CIJFERS = "De cijfers per datum"
UI_VOORTGANG_LEEG = "Nog geen partners in deze gemeente: de voortgang begint bij de eerste partner."
UI_VOORTGANG_RAPPORT = "Rapport met voortgang (PDF)"
UI_VOORTGANG_DEELLINK = "Alleen vertrouwde partners staan hier met naam; de andere stappen tonen enkel aantallen."
VOORTGANG_SINDS_ONGELDIG = "Kies een datum vanaf 2000 en vóór vandaag ({vandaag}); er is niets berekend."
UI_VOORTGANG_RAPPORT_MAKEN = "Rapport met voortgang maken"
CLI_VOORTGANG_DATUM = "'{waarde}' is geen datum: geef JJJJ-MM-DD of DD/MM/JJJJ (bv. 2026-09-06)."
UI_VOORTGANG_GRAFIEK_GEDEKT = "Gedekt deel van de {maat} per maand, van {begin} op {van} tot {eind} op {tot}."
UI_VOORTGANG_GRAFIEK_VLEKKEN = "Aantal witte vlekken per maand, van {begin} op {van} tot {eind} op {tot}."
URL_SINDS_ONGELDIG = (
    "De datum '{waarde}' uit de link is geen datum vanaf 2000 en vóór vandaag (JJJJ-MM-DD); de voortgang toont de "
    "laatste drie maanden."
)

# Candidate partners (kandidaten) -------------------------------------------------------------------
KANDIDATEN_OSM_BRONVERMELDING = "© OpenStreetMap-bijdragers, ODbL"
KANDIDATEN_POI_BRONVERMELDING = "Points of Interest, Digitaal Vlaanderen"
KANDIDATEN_REGELS_ONLEESBAAR = (
    "Het bestand met OpenStreetMap-regels voor kandidaten ({pad}) kon niet gelezen worden: verwacht een JSON-object "
    "met een niet-lege lijst 'regels'."
)
KANDIDATEN_REGEL_FOUT = (
    "Regel {regel} in {pad} is ongeldig: 'tag' moet sleutel=waarde zijn (kleine letters) en 'categorie' een code uit "
    "de soorten partners."
)
KANDIDATEN_OVERPASS_ONLEESBAAR = "Het antwoord van de Overpass API is geen OpenStreetMap-antwoord (JSON met 'elements')."
KANDIDATEN_OVERPASS_ONVOLLEDIG = "De Overpass API gaf een onvolledig antwoord: {opmerking}"
KANDIDATEN_TE_VEEL = "Het antwoord bevat {aantal} objecten, meer dan de {max} die Partnerkaart leest."
KANDIDATEN_VERNIEUWEN_MISLUKT = "Kandidaten uit {bron} vernieuwen lukte niet ({reden}); de vorige lijst blijft staan."
KANDIDAAT_AFGEWEZEN = "kandidaat afgewezen"
KANDIDAAT_TERUGGEZET = "kandidaat teruggezet"
KANDIDAAT_MATCH_POSTCODE = "Al partner: {naam} (zelfde naam en postcode {postcode})."
KANDIDAAT_MATCH_NABIJ = "Al partner: {naam} (zelfde naam, {meter} m verder)."
KANDIDAAT_MATCH_GELIJKEND = "Wellicht al partner: {naam} (naam {procent} % gelijk, {meter} m verder)."
KANDIDATEN_IMPORT_BESTAND = "Kandidaten uit {bron}"
KANDIDAAT_NOTITIE = "Kandidaat uit {bron} ({id}, {soort})."
KANDIDAAT_NIET_TOE_TE_VOEGEN = "Kandidaat '{naam}' kon geen partner worden: {fout} Er is niets toegevoegd."
KAART_KANDIDAAT_POPUP = "Kandidaat-partner: {soort} ({detail})"
KAART_KANDIDAAT_BRON = "Bron"
KAART_KANDIDAAT_KORT = "kandidaat"
KAART_LAAG_OPEN_KANDIDATEN = "Kandidaten uit open data ({aantal})"
KAART_LEGENDE_KANDIDATEN = "Kandidaten"
KAART_LEGENDE_KANDIDAAT_HOL = "Hol symbool: nog geen partner (uit open data)"
CLI_KANDIDATEN_HERGEBRUIKT = "{aantal} kandidaten van {datum} hergebruikt (gebruik --vernieuwen om opnieuw op te halen)."
CLI_KANDIDATEN_GEVONDEN = "{aantal} kandidaten gevonden in open data."
CLI_KANDIDATEN_GEEN = "Nog geen kandidaten voor {gemeente}: zoek ze eerst met 'python -m geo kandidaten zoeken'."
CLI_KANDIDATEN_TOEGEVOEGD = "{aantal} kandidaten toegevoegd als partner 'te contacteren'."
CLI_KANDIDATEN_AFGEWEZEN = "{aantal} kandidaten verborgen als 'geen kandidaat'."
CLI_KANDIDATEN_TERUGGEZET = "{aantal} kandidaten worden weer getoond."
CLI_KANDIDATEN_ONBEKEND = "Onbekende kandidaten voor deze gemeente: {ids}. Er is niets gewijzigd."
UI_KANDIDATEN_TITEL = "Kandidaat-partners uit open data"
UI_KANDIDATEN_NOG_NIET = (
    "Welke organisaties zijn er in deze gemeente? Partnerkaart zoekt scholen, jeugdbewegingen, buurthuizen, "
    "fietsbiebs, repair cafés, kringwinkels, verenigingen en meer in OpenStreetMap, en scholen in de Points of "
    "Interest van Digitaal Vlaanderen. Er is nog niet gezocht."
)
UI_KANDIDATEN_STAND = "{aantal} kandidaten uit {bron}, opgehaald op {tijd}."
UI_KANDIDATEN_OUD = "Die lijst is niet meer recent: vernieuw ze."
UI_KANDIDATEN_ZOEKEN = "Zoek kandidaten in open data"
UI_KANDIDATEN_VERNIEUWEN = "Kandidaten vernieuwen"
UI_KANDIDATEN_BEZIG = "Kandidaten zoeken in open data…"
UI_KANDIDATEN_GEVONDEN = "{aantal} kandidaten gevonden in open data."
UI_KANDIDATEN_GEEN_IN_VLEKKEN = "Geen nieuwe kandidaten in of bij de witte vlekken."
UI_KANDIDATEN_VLEK = "Kandidaten in of bij de witte vlek"
UI_KANDIDATEN_VLEK_OPTIE = "{rang}. {wijk} ({aantal} kandidaten)"
UI_KANDIDATEN_KOLOM_ONTBREEKT = "Soort ontbreekt in de wijk"
UI_KANDIDATEN_KOLOM_AFSTAND = "Afstand tot de wijk"
UI_KANDIDATEN_KOLOM_ADRES = "Adres"
UI_KANDIDATEN_KOLOM_WAAROM = "Gevonden als"
UI_KANDIDATEN_BINNEN = "in de wijk"
UI_KANDIDATEN_BRON = "Bron: {bron}. Wie al partner is, staat hier niet."
UI_KANDIDATEN_KIES = "Kies kandidaten"
UI_KANDIDATEN_KIES_HINT = "Kies een of meer organisaties"
UI_KANDIDATEN_TOEVOEGEN = "Voeg toe als te contacteren"
UI_KANDIDATEN_AFWIJZEN = "Geen kandidaat"
UI_KANDIDATEN_TOEGEVOEGD = (
    "{aantal} kandidaten toegevoegd als partner 'te contacteren'. Ongedaan maken kan op de pagina Importeren."
)
UI_KANDIDATEN_AFGEWEZEN = "{aantal} kandidaten verborgen als 'geen kandidaat'."
UI_ADVIES_MET_KANDIDATEN = "Ook kandidaten uit open data voorstellen"
ADVIES_KANDIDAAT_STATUS = "kandidaat"
ADVIES_KANDIDAAT_REDEN = "Nog geen partner: gevonden in {bron}."
UI_BRONNEN_PARTNERS = "Sommige partners komen uit open data: {bronnen}."
UI_KANDIDATEN_AL_PARTNER = "Al partner ({aantal}): gevonden in open data, maar al in de lijst"
UI_KANDIDATEN_KOLOM_BRON = "Bron"
UI_KANDIDATEN_KOLOM_WAAROM_AL = "Waarom al partner"
UI_KANDIDATEN_AFGEWEZEN_KOP = "Geen kandidaat ({aantal})"
UI_KANDIDATEN_TERUG_KIES = "Weer tonen als kandidaat"
UI_KANDIDATEN_TERUGZETTEN = "Toon opnieuw"
UI_KANDIDATEN_TERUGGEZET = "{aantal} kandidaten worden weer getoond."
KANDIDAATBRON_TOEGEVOEGD = "kandidatenbron toegevoegd"
KANDIDAATBRON_VERWIJDERD = "kandidatenbron verwijderd"
KANDIDAATBRON_WEG = "Kandidatenbron {id} bestaat niet (meer)."
KANDIDAATBRON_NAAM = "Geef de bron een naam."
KANDIDAATBRON_FORMAAT = "Onbekend formaat '{formaat}': kies uit {formaten}."
KANDIDAATBRON_GEEN_URL = "Geef het adres (URL) van de bron, of laad een bestand op."
KANDIDAATBRON_SOORT_OF_KOLOM = "Kies één soort partner voor de hele bron, of de kolom die de soort geeft (niet beide)."
KANDIDAATBRON_SOORT_ONBEKEND = "Onbekende soort partner '{soort}'."
KANDIDAATBRON_SOORT_NIET_HERKEND = "{aantal} rijen overgeslagen: hun soort in kolom '{kolom}' werd niet herkend."
KANDIDAATBRON_LEEG = "De bron '{naam}' gaf geen enkele kandidaat; er is niets bewaard. {waarom}"
UI_KANDIDAATBRONNEN_TITEL = "Bronnen van kandidaat-partners"
UI_KANDIDAATBRONNEN_UITLEG = (
    "Lijsten van organisaties die je zelf toevoegt, bijvoorbeeld de lokale groepen die een koepel publiceert. "
    "Hun organisaties verschijnen als kandidaten op Witte vlekken, in elke gemeente waar ze liggen of die ze bereiken. "
    "Een URL wordt opnieuw gelezen bij elke zoektocht naar kandidaten."
)
UI_KANDIDAATBRONNEN_HERKOMST = "Bestand of adres"
UI_KANDIDAATBRONNEN_UIT_KOLOM = "uit kolom '{kolom}'"
UI_KANDIDAATBRONNEN_AANTAL = "Kandidaten"
UI_KANDIDAATBRONNEN_OPGEHAALD = "Gelezen op"
UI_KANDIDAATBRONNEN_MELDING = "Melding"
UI_KANDIDAATBRONNEN_KIES = "Bron"
UI_KANDIDAATBRONNEN_VERWIJDEREN = "Bron verwijderen"
UI_KANDIDAATBRONNEN_VERWIJDERD = "De bron en haar kandidaten zijn verwijderd; partners die eruit kwamen, blijven."
UI_KANDIDAATBRONNEN_SOORT = "Soort partner"
UI_KANDIDAATBRONNEN_KOLOM_KEUZE = "Uit een kolom van de lijst"
UI_KANDIDAATBRONNEN_KOLOM = "Kolom met de soort"
UI_KANDIDAATBRONNEN_KOLOM_HULP = (
    "Alleen als de soort uit een kolom komt: de soort wordt herkend zoals bij het importeren van partners "
    "(bv. 'chiro' of 'scouts' wordt jeugdbeweging)."
)
UI_KANDIDAATBRONNEN_VERMELDING_HULP = "Wordt getoond bij elke kandidaat en partner uit deze bron (leeg: de naam)."
UI_KANDIDAATBRONNEN_TOEVOEGEN = "Bron toevoegen"
UI_KANDIDAATBRONNEN_TOEGEVOEGD = "Bron '{naam}' toegevoegd met {aantal} kandidaten."
CLI_KANDIDAATBRON_TOEGEVOEGD = "Bron {id} ('{naam}') toegevoegd met {aantal} kandidaten."
CLI_KANDIDAATBRON_VERWIJDERD = "Bron {id} en haar kandidaten verwijderd."
UI_KANDIDAATBRONNEN_HERKOMST_VRAAG = "Waar komt de lijst van organisaties vandaan?"
UI_KANDIDAATBRONNEN_NAAM = "Naam van de bron"
UI_KANDIDAATBRONNEN_FORMAAT = "Formaat van de lijst"
UI_KANDIDAATBRONNEN_URL = "Adres (URL) van de lijst"
UI_KANDIDAATBRONNEN_BESTAND = "Bestand met organisaties"
UI_KANDIDAATBRONNEN_VERMELDING = "Bronvermelding van de lijst"
