"""The named people, organisations and places of the sample world, for judging entity
recognition. Every name is fictional (or, for a few generic institutions such as the Red
Cross, used generically). ``mentions`` finds them in a text, longest name first, so that
"Velmont" inside "Velmont University" is not counted twice.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

EntityKind = Literal["person", "organisation", "place"]

PEOPLE = """
Agnes Lyall; Agnes Rowe; Alec Harrow; Aled Rhys; Alun Morgan; Andrei Vasko; Anthony Grieve;
Anton Keller; Anwen Price; Augusta Fenn; Ben Cartwright; Bernard Osgood; Callum Frew;
Callum Reith; Calum Ross; Carla Ruiz-Haines; Clara Voss; Craig Dobbs; Dalia Ferrand;
Daniel Orme; Danny Okoro; Declan Morrow; Denise Rudd; Derek Wynn; Dominic Ferreira;
Donald Urquhart; Duncan Pell; Dusan Varga; Edna Holloway; Eleanor Whitcombe; Eleni Sarris;
Elias Varro; Elspeth Fraser; Euan Strachan; Farah Quraishi; Fergus Munro; Fiona Dalgleish;
Gemma Lowther; Geoffrey Lamb; Gerald Osei; Goran Ivanek; Gordon Pike; Graeme Sutherland;
Graham Ellery; Graham Toller; Hana Sörensen; Hector Askew; Helena Straud; Howard Ainsley;
Hugo Marrin; Idris Mwangi; Imogen Hale; Ines Halvorsen; Ingrid Linde; Ingrid Lowe;
Irina Sostak; Isidore Kane; Isla Farquhar; Ivor Bellamy; Jade Okonjo; Janet Moyo;
Jimmy Tolland; Joan Pettifer; Joel Whitaker; Jonas Threlkeld; Josh Terrell; Kasia Lindholm;
Kayleigh Benn; Ken Dowd; Kerry Dunmore; Kirsten Vale; Kirsty Munro; Kwame Asante;
Lars Whitfield; Laura Brightwell; Leah Fontaine; Leonard Fitch; Lidia Markovna; Lorna Vickers;
Lotte Brink; Marcus Adeyemi; Marek Olsson; Margaret Askew-Brown; Margaret Oakes;
Marion Kettle; Marta Quill; Mateus Kline; Mick Farrelly; Milan Derevko; Miriam Ashworth;
Miriam Kohl; Miriam Saldana; Moira Gant; Neil Gillan; Nicola Fairbairn; Okechukwu Bell;
Oskar Vintner; Pauline Orme; Pete Carrick; Peter Lindley; Phil Garside; Piet Lindqvist;
Priya Lamont; Rafael Montaury; Raisa Petrov; Ravi Chauhan; Rhiannon Pugh; Richard Okafor;
Robert Haig; Roland Ekberg; Rosalind Achterberg; Rosie Kaur; Ruaridh Mackay; Ruth Abernethy;
Ruth Hollins; Samira Haddad; Shona Keir; Sigrid Holm; Simon Achebe; Simon Carberry;
Sofia Brandt; Sophie Marsh; Stuart Baird; Tobias Amankwah; Tobias Renn; Tomas Ekwueme;
Tomas Reyne; Victor Lesage; Yasmin Holt; Yusuf Adeleke
"""

ORGANISATIONS = """
Aerocal; Ardent Winds; Askerby Distillery; Askerby High School; Askerby Rovers;
Aviora Aerospace; Bank of Calderra; Brannock Shipping; Brindlemoor Amateur Dramatic Society;
Brindlemoor Athletic; Brindlemoor Crown Court; Calder Water; Calderra Chamber of Commerce;
Calderra Geological Survey; Calderra Met Office; Calderra Rail; Calderra Space Agency;
Calderran Pilots’ Association; Castellan Ratings; Civic Party;
Construction and Extractive Workers’ Union; Corran Freight; Crumb & Crust; Digital Calderra;
Dorvan People’s Council; Draymere Woollens; Ecology Party; Environment Agency;
Fair Deal Calderra; Farrow’s; Forestry Calderra; Glen Connect; Greyfen Consulting; Greywake;
Gullmouth Port Authority; Halden & Crisp; Harbour and Dock Workers’ Union; Harrowgate Labs;
Health and Safety Inspectorate; Highland Council; Hollin Cross Academy; Hollins & Daughter;
Institute of Energy Technology; Interior Ministry; Kestrel Mountain Rescue Team;
Kestrel Mountaineering Club; Kestrel Observatory; Kestrel Wildlife Trust;
Keystone Home Finance; Lumora Systems; Lusan Seismological Institute;
Ministry of Digital Affairs; Monetary Policy Board; Northgrid; Northlight Capital;
Northvale Cloud; Open Rights Forum; People’s Alliance; Port Arden Mariners;
Port Arden Maritime Museum; Quenchwave; Red Cross; Rotary Club;
Sallow Valley Archaeological Trust; Sallow Valley Chamber of Trade;
Sallow Valley Dorvan Association; Sallow Valley Fire and Rescue Service;
Sallow Valley General Hospital; Sallow Valley Museum; Sallow Valley Quarries;
Santa Irea General Hospital; Stahl & Merrow; Tessellate Security; TrailCommons;
Transport Workers’ Union; Valley Farmers’ Union; Valley First; Valley Gas Networks;
Valley Water; Velmont City Council; Velmont Crown Court;
Velmont Institute for International Affairs; Velmont Rovers; Velmont Royal Infirmary;
Velmont Transport; Velmont University; Velmont Zoo; Water Services Regulator;
Waymark Robotics; Willow Birth Centre
"""

PLACES = """
Askerby; Ben Askel; Brackenfield; Brindlemoor; Calderra; Central Station; Corrie Moss;
Corvaine; Custom House Quay; Docklands; Dorvan; Draymere; Draymere Forest; Draymere Law;
Eastgate; Eastwick; Fennick Street; Ferry Point; Glen Askel; Gullmouth; Hallam House;
Halmar Point; Halvik; Hatchet Lane; Hillcrest Avenue; Hollin Cross; Kalvo; Kestrel Highlands;
Kingsmead; Kingsmead Stadium; Kingsquay Terminal; Lesk; Lusan Republic; Market Street;
Mill Lane; Millbrook; Millfield Road; Port Arden; River Sallow; Ropewalk Street;
Sallow Ridge; Sallow Valley; Saltmarket Point; Saltmarket Steps; Santa Irea; Skerrow;
Tarsenia; Thornby; Velmont; Veska; Veska Island
"""


def _names(block: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in block.replace("\n", " ").split(";") if name.strip())


ENTITIES: dict[str, EntityKind] = {
    **dict.fromkeys(_names(PEOPLE), "person"),
    **dict.fromkeys(_names(ORGANISATIONS), "organisation"),
    **dict.fromkeys(_names(PLACES), "place"),
}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    names = sorted(ENTITIES, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def mentions(text: str) -> tuple[tuple[str, EntityKind], ...]:
    """The distinct entities named in ``text``, in order of first mention."""
    seen: dict[str, EntityKind] = {}
    for match in _pattern().finditer(text):
        seen.setdefault(match.group(1), ENTITIES[match.group(1)])
    return tuple(seen.items())
