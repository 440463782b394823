"""Two earthquakes that must not be merged: ``quake-kestrel`` (at home, magnitude 5.1) and
``quake-veska`` (abroad, magnitude 6.4). The Veska story is also the wire story: one
Meridian Press Agency report republished by three outlets with small edits."""

from __future__ import annotations

from broadsheet.demo.world.model import Story, hours

WIRE_ID = "mpa-veska-quake"

_W_LEDE = "SANTA IREA, Lusan Republic (MPA) — A magnitude 6.4 earthquake struck off the coast of Veska Island, killing at least 19 people, injuring more than 200 and bringing down buildings in the historic centre of the island’s main town, officials said."
_W_TIMING = "The Lusan Seismological Institute said the quake hit at 2.52pm local time, with its epicentre 22 kilometres off the south-west coast at a depth of 18 kilometres. A tsunami warning issued for the island’s southern shore was lifted two hours later after waves of about 40 centimetres were recorded at the harbour."
_W_RESCUE = "Interior Minister Rafael Montaury told reporters in Santa Irea that rescuers were searching for people trapped in at least four collapsed buildings in the old town, including a three-storey apartment block near the cathedral square. “We are working through the night. Every hour counts,” he said."
_W_SCENES = "Television footage showed residents using their hands to pull at rubble as sirens sounded across the town, and cracks running along the quayside of the ferry terminal, which serves around 6,000 passengers a day."
_W_HOSPITAL = "Santa Irea General Hospital said it had treated 214 people, 31 of them for serious injuries, and had set up tents in its car park to cope with the influx. Doctors appealed for blood donors."
_W_MOURNING = "President Dalia Ferrand declared three days of national mourning and said the armed forces would fly water, tents and generators in from the mainland."
_W_TOURISTS = "Veska, a volcanic island of about 85,000 people, is a popular destination for tourists from across the region. Tour operators said they were trying to contact guests staying in the south of the island."
_W_HISTORY = "The island sits close to the boundary of two tectonic plates and has experienced several damaging earthquakes, most recently a magnitude 5.9 tremor in 2009 that killed three people."

_BUGLE_LOCAL = "A Brindlemoor couple on holiday on Veska told the Bugle by text message that they were safe. Tom and Carys Whitlow, who are staying in the north of the island, said their hotel had been evacuated as a precaution. “We felt the building sway for what seemed like a full minute,” Mrs Whitlow wrote."


def _wire(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


STORIES: tuple[Story, ...] = (
    Story(
        outlet="courier",
        slug="hollin-cross-wakes-to-rubble",
        section="news",
        ago=hours(7, 5),
        headline="Hollin Cross wakes to rubble as earthquake topples church spire",
        authors=("Alasdair Brodie",),
        caption="The remains of the spire of St Brannoc’s Church, Hollin Cross.",
        event="quake-kestrel",
        body="""
        Residents of Hollin Cross spent the morning sweeping up broken glass and checking on neighbours after the strongest earthquake to hit the Kestrel Highlands in sixty years shook the town at 3.14am.

        The 19th-century spire of St Brannoc’s Church, a landmark visible from across the glen, collapsed into the churchyard. Nobody was inside the building at the time.

        “It sounded like a train coming through the living room,” said Isla Farquhar, who runs the post office on Market Wynd. “The dog was under the bed before I was out of it. When I came outside the spire was just gone.”

        The Calderra Geological Survey said the quake measured 5.1 and was centred about 8 km north-east of the town at a depth of 10 km. Two aftershocks, of 3.8 and 3.2, followed before dawn.

        Fourteen people were treated for injuries across the area, most of them for cuts and bruises. An 81-year-old woman from Draymere was taken to Velmont Royal Infirmary by air ambulance after part of a ceiling fell on her.

        ## Road closed, schools shut

        A landslide has blocked Route 9 between Hollin Cross and Askerby, and police are advising drivers to use the longer road through Corrie Moss. Highland Council closed eleven schools for the day so that engineers could inspect the buildings.

        Northgrid said power had been restored to most of the 6,200 homes that lost supply, though around 300 properties in the upper glen were still waiting at lunchtime.

        The Rev. Fergus Munro, minister of St Brannoc’s, said the congregation would meet in the community hall until further notice. “The spire can be rebuilt. What matters is that nobody was killed,” he said.
        """,
    ),
    Story(
        outlet="harbourtimes",
        slug="earthquake-shakes-kestrel-highlands",
        section="news",
        ago=hours(9, 50),
        headline="Magnitude 5.1 earthquake shakes Kestrel Highlands, injuring 14",
        standfirst="It was the strongest tremor recorded in the region since 1964. Seismologists warn that aftershocks may continue for days.",
        authors=("Daniel Ashby",),
        role="Northern Correspondent",
        caption="Engineers inspect a damaged house in Hollin Cross.",
        event="quake-kestrel",
        tags=("Earthquake", "Kestrel Highlands"),
        body="""
        An earthquake of magnitude 5.1 struck the Kestrel Highlands in the early hours, injuring 14 people, bringing down a church spire in Hollin Cross and cutting power to more than 6,000 homes.

        The Calderra Geological Survey located the epicentre 8 km north-east of Hollin Cross at a shallow depth of about 10 km, which seismologists said explained why shaking was felt as far away as Brindlemoor, some 90 km to the south.

        It is the largest earthquake recorded in the region since a magnitude 5.4 event in 1964, which damaged dozens of buildings around Askerby.

        Dr Ines Halvorsen, head of seismic monitoring at the survey, said the quake appeared to have occurred on the Glenhaven fault, a known structure that runs beneath the upper glen. “Moderate earthquakes on this fault are rare but not unexpected,” she said. “People should be prepared for further aftershocks over the coming days, and most of them will be small.”

        Two aftershocks, of magnitude 3.8 and 3.2, had been recorded by mid-morning.

        Callum Reith, the leader of Highland Council, said structural engineers were inspecting public buildings and that a rest centre had been opened at Hollin Cross Academy for anyone unable to return home. Eleven schools were closed.

        Route 9, the main road north from Hollin Cross to Askerby, remained shut after a landslide brought down an estimated 2,000 tonnes of rock and soil.

        The Interior Ministry said the national emergency committee had met by video link at 7am and that no request for military assistance had been received.
        """,
    ),
    Story(
        outlet="eveningpost",
        slug="whole-house-jumped-highland-earthquake",
        section="news",
        ago=hours(8, 25),
        headline="‘The whole house jumped’: terror as earthquake rocks Highland town",
        authors=("Ryan Colley",),
        caption="Rubble in the churchyard at Hollin Cross.",
        event="quake-kestrel",
        body="""
        TERRIFIED families fled into the street in their pyjamas after a powerful earthquake rocked the Kestrel Highlands in the dead of night.

        The 5.1-magnitude quake struck at 3.14am, sending a church spire crashing into a graveyard and leaving 14 people injured.

        Grandmother Agnes Lyall, 81, was airlifted to hospital after her bedroom ceiling caved in at her cottage in Draymere. Her son, Colin, said: “Mum’s a tough old bird. She was asking for a cup of tea before they’d even got her on the stretcher.”

        In Hollin Cross, chip shop owner Stuart Baird, 46, said: “The whole house jumped. I thought a lorry had hit the building. Then the lights went out and every car alarm in the street started going.”

        The tremor was felt up to 90 km away, with Post readers in Brindlemoor reporting rattling windows and swinging lampshades.

        ## Could it happen again?

        Experts say aftershocks are likely over the coming days but are usually much weaker than the main quake.

        Dr Ines Halvorsen, of the Calderra Geological Survey, said: “Most people will feel nothing more than a small jolt, if that. But it is sensible to check your home for cracks.”

        The last quake this size in the region struck in 1964.
        """,
    ),
    Story(
        outlet="valleyrecord",
        slug="highland-quake-felt-across-sallow-valley",
        section="news",
        ago=hours(5, 10),
        headline="Highland quake felt across the Sallow Valley as engineers check dams",
        authors=("Hannah Greaves",),
        caption="Brackenfield reservoir, one of two dams inspected at first light.",
        event="quake-kestrel",
        body="""
        The earthquake that struck the Kestrel Highlands overnight was felt across much of the Sallow Valley, with residents in Brindlemoor, Thornby and Eastwick reporting rattling windows and objects falling from shelves.

        The Calderra Geological Survey received more than 2,300 reports from members of the public within two hours of the magnitude 5.1 tremor, which was centred near Hollin Cross, about 90 km north of Brindlemoor.

        Valley Water, which operates the Brackenfield and Upper Sallow reservoirs, said engineers had carried out precautionary inspections of both dams at first light and found no damage. “Our dams are designed for much stronger shaking than this, but we check them after any significant event,” said the utility’s head of assets, Graham Toller.

        No injuries were reported in the valley. Sallow Valley General Hospital said it had been placed on standby to receive patients from the Highlands but had not been called upon.

        ## ‘I thought it was the boiler’

        In Brindlemoor, retired teacher Margaret Oakes said she was woken by a low rumble. “I thought it was the boiler about to go. Then the wardrobe doors started swinging,” she said.

        Calderra Rail suspended services on the Valley Line for ninety minutes while the track was inspected, delaying the first trains of the morning.

        Seismologists say the Sallow Valley sits on older, more stable rock than the Highlands, which is why the shaking was weaker there. The nearest recorded quake to Brindlemoor was a magnitude 3.0 tremor in 1987.
        """,
    ),
    Story(
        outlet="ledger",
        slug="earthquake-kills-19-on-veska",
        section="world",
        ago=hours(25, 35),
        headline="Strong earthquake kills at least 19 on Lusan island of Veska",
        authors=("Lucía Marvell",),
        credit="Meridian Press Agency",
        caption="Rescuers search a collapsed building in Santa Irea.",
        event="quake-veska",
        wire=WIRE_ID,
        body=_wire(
            _W_LEDE,
            _W_TIMING,
            _W_RESCUE,
            _W_SCENES.replace("Television footage", "Video footage"),
            _W_HOSPITAL,
            _W_MOURNING,
            _W_TOURISTS,
            _W_HISTORY,
        ),
    ),
    Story(
        outlet="valleyrecord",
        slug="earthquake-off-veska-kills-19",
        section="world",
        ago=hours(24, 50),
        headline="Earthquake off Veska Island kills 19 and injures hundreds",
        authors=("Meridian Press Agency",),
        caption="Damaged houses in the old town of Santa Irea.",
        event="quake-veska",
        wire=WIRE_ID,
        body=_wire(_W_LEDE, _W_TIMING, _W_RESCUE, _W_SCENES, _W_HOSPITAL, _W_MOURNING, _W_TOURISTS),
    ),
    Story(
        outlet="bugle",
        slug="at-least-19-dead-as-earthquake-hits-lusan-island",
        section="world",
        ago=hours(23, 15),
        headline="At least 19 dead as 6.4 earthquake hits Lusan holiday island",
        authors=("Lucía Marvell",),
        credit="Meridian Press Agency",
        caption="The ferry terminal at Santa Irea after the earthquake.",
        event="quake-veska",
        wire=WIRE_ID,
        body=_wire(
            _W_LEDE,
            _W_TIMING,
            _W_RESCUE,
            _W_SCENES,
            _W_HOSPITAL,
            _W_TOURISTS,
            _W_HISTORY,
            _BUGLE_LOCAL,
        ),
    ),
    Story(
        outlet="harbourtimes",
        slug="calderran-rescuers-fly-to-veska",
        section="world",
        ago=hours(17, 40),
        headline="Calderran rescuers fly to Veska as earthquake death toll rises to 23",
        standfirst="A team of 42 search specialists and four dogs left Velmont overnight to help dig for survivors in Santa Irea.",
        authors=("Nils Adebayo",),
        role="Foreign Affairs Writer",
        caption="The rescue team boards an air force transport at Velmont.",
        event="quake-veska",
        tags=("World", "Earthquake", "Lusan Republic"),
        body="""
        A Calderran search-and-rescue team of 42 specialists and four sniffer dogs landed on Veska Island this morning to help Lusan authorities look for survivors of the earthquake that devastated the town of Santa Irea.

        The death toll from the magnitude 6.4 quake rose to 23 overnight, the Lusan Interior Ministry said, with more than 250 people injured and dozens still unaccounted for.

        The team, drawn largely from the Port Arden and Velmont fire services, flew from Velmont military airfield on an air force transport plane shortly after 1am. It carries listening devices, concrete cutters and enough supplies to work independently for ten days.

        Foreign Minister Agnes Rowe said Calderra had responded within hours of a request from the Lusan government. “Veska is a neighbour and a friend. When friends are in trouble, you go,” she said.

        ## Port Arden firefighters among team

        Station Commander Joel Whitaker, of Port Arden’s Saltmarket fire station, is leading one of the team’s two search units. Speaking before departure, he said the first 72 hours after a collapse were critical. “Buildings like the ones we have seen in the pictures can leave voids where people survive for days. Our job is to find them,” he said.

        The foreign ministry said it was aware of around 400 Calderran nationals on the island, most of them tourists, and had set up a helpline for worried relatives. There were no reports of Calderrans among the dead.

        The Calderran Red Cross has launched an appeal and said it would send two water purification units to the island this week.
        """,
    ),
)
