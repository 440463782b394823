"""Single-outlet local stories from the Kestrel Highland Courier."""

from __future__ import annotations

from broadsheet.demo.world.model import Story, hours

STORIES: tuple[Story, ...] = (
    Story(
        outlet="courier",
        slug="red-squirrels-return-to-draymere",
        section="outdoors",
        ago=hours(50, 15),
        headline="Red squirrels breeding in Draymere Forest for first time in 40 years",
        authors=("Ishbel Grant",),
        caption="A red squirrel at a feeding station near the Falls of Draymere.",
        body="""
        Red squirrels have been recorded breeding in Draymere Forest for the first time in more than 40 years, in what conservationists are calling one of the most encouraging wildlife stories in the Highlands in a generation.

        Volunteers from the Kestrel Wildlife Trust photographed a female with two young at a feeding station near the Falls of Draymere car park earlier this month. Motion-activated cameras have since captured at least nine different animals in the forest.

        The last confirmed record of breeding red squirrels in the area was in 1982. The species declined sharply across Calderra in the second half of the last century as grey squirrels spread north, carrying squirrelpox, a virus that is harmless to greys but usually fatal to reds.

        Trust project officer Kirsty Munro said years of grey squirrel control along the southern edge of the forest, together with new planting of Scots pine and hazel, had created the conditions for the return. “The reds have done the hard work themselves. They have moved in from the remnant populations further north, and they have found a forest that suits them again,” she said.

        Forestry Calderra, which manages Draymere Forest, has agreed to leave a network of mature trees standing during the next round of felling to give the squirrels corridors between feeding areas.

        Members of the public are asked to report sightings to the trust and to drive slowly on the forest road, where two squirrels have been killed by cars this year.
        """,
    ),
    Story(
        outlet="courier",
        slug="hollin-cross-pupils-win-robotics-prize",
        section="community",
        ago=hours(44, 30),
        headline="Hollin Cross pupils win national robotics title with sheep-spotting robot",
        authors=("Alasdair Brodie",),
        caption="The Hollin Cross Academy team with their robot, Crofty.",
        body="""
        A team of five pupils from Hollin Cross Academy has won the national schools robotics championship, beating 46 other schools with a machine designed to help farmers check on sheep in remote fields.

        The team’s robot, nicknamed Crofty, is a small tracked vehicle fitted with a thermal camera and a solar panel. It can follow a pre-programmed route across rough ground, count animals using image recognition and send a text message if it spots a ewe lying still for too long.

        The pupils, aged between 14 and 16, spent eight months building and testing the robot, much of the time on a hill farm owned by the family of team member Calum Ross, 15. “We had to redesign the tracks three times because it kept getting stuck in bog,” he said. “The sheep got used to it in the end. One of them tried to eat the aerial.”

        The final took place at Velmont University’s engineering faculty in front of a panel of judges from industry, who praised the team for building something “genuinely useful for the place they live”.

        Physics teacher Neil Gillan, who supervised the project in lunch breaks and after school, said the win was “a tribute to pupils who were willing to get muddy”.

        The team receives Cr 5,000 for the school’s science department and will represent Calderra at an international competition next year. The academy is hoping local businesses will help with the cost of the trip.
        """,
    ),
    Story(
        outlet="courier",
        slug="corrie-moss-wind-farm-approved",
        section="news",
        ago=hours(38, 40),
        headline="Councillors approve Corrie Moss wind farm despite 600 objections",
        authors=("Morag Keillor",),
        caption="The view across Corrie Moss towards Ben Askel.",
        body="""
        Highland Council has approved plans for a 14-turbine wind farm at Corrie Moss, despite more than 600 objections from residents and walkers’ groups.

        The planning committee voted seven to four in favour of the scheme, proposed by renewable energy company Ardent Winds, after a four-hour hearing in Hollin Cross town hall. The turbines, each up to 149 metres tall to the tip of the blade, will generate enough electricity for about 48,000 homes.

        Objectors argued that the development would spoil one of the best-loved views in the Highlands and could harm golden eagles that nest in the area. The Kestrel Mountaineering Club said the turbines would be visible from the summits of Ben Askel and three neighbouring peaks.

        “We are not against renewable energy. We are against putting it in the wrong place,” said club secretary Robert Haig.

        Supporters pointed to a community benefit fund worth Cr 700,000 a year, which Ardent Winds has promised to share between eleven local community councils for 30 years. “That is money for village halls, bus routes and broadband that we would otherwise never see,” said Councillor Euan Strachan, who voted in favour.

        Ardent Winds said it would survey eagle flight paths for two further breeding seasons before construction and could shut down individual turbines if birds were at risk.

        Construction is expected to begin in two years. The decision can be appealed to the national planning reporter within three months.
        """,
    ),
    Story(
        outlet="courier",
        slug="walkers-rescued-from-ben-askel-in-fog",
        section="outdoors",
        ago=hours(26, 45),
        headline="Walkers rescued from Ben Askel after getting lost in thick fog",
        authors=("Ishbel Grant",),
        caption="Kestrel Mountain Rescue Team at the Glen Askel car park.",
        body="""
        Two walkers were rescued from Ben Askel last night after becoming lost in thick fog near the summit.

        The pair, a man and a woman in their twenties from Velmont, called for help at about 7pm after losing the path on the mountain’s northern ridge. Kestrel Mountain Rescue Team sent 18 volunteers, who found them sheltering behind a boulder at around 9.30pm, using the location from the woman’s mobile phone.

        The walkers were cold but uninjured and were helped down to the team’s vehicles at the Glen Askel car park by midnight.

        Team leader Graeme Sutherland said the pair had set out late in the afternoon with a route downloaded to a phone but no map or compass. “Phones are a great tool until the battery goes or the signal drops. Up there in fog, every direction looks the same,” he said.

        It was the team’s 41st call-out this year, a figure Mr Sutherland said was on course to be the highest in its 60-year history. Many incidents involved visitors who had been drawn to the hills by photographs on social media.

        The team is entirely volunteer-run and relies on donations. It is raising Cr 120,000 to replace its oldest Land Rover, which has covered more than 300,000 km.

        Walkers are advised to check the mountain weather forecast, carry a map and compass and tell someone where they are going.
        """,
    ),
    Story(
        outlet="courier",
        slug="askerby-distillery-200-years-visitor-centre",
        section="business",
        ago=hours(56, 10),
        headline="Askerby Distillery marks 200 years with Cr 4.5m visitor centre",
        authors=("Morag Keillor",),
        caption="Margaret Askew-Brown cuts the ribbon at the new visitor centre.",
        body="""
        Askerby Distillery, the oldest working distillery in the Kestrel Highlands, has celebrated its 200th anniversary by opening a Cr 4.5 million visitor centre on the banks of the Askel Water.

        The centre, built from local stone and larch, includes a tasting room, a shop, a café and an exhibition telling the story of the distillery since it was first licensed two centuries ago by a farmer named Hector Askew.

        Managing director Fiona Dalgleish said she expected the centre to attract 30,000 visitors a year and to create 22 jobs, most of them year-round. “For two centuries people have come here to make whisky. Now we want people to come here to see how it is done,” she said.

        The distillery produces around 1.2 million litres of spirit a year and employs 48 people. Its 12-year-old single malt is sold in twelve countries.

        Among the guests at the opening was Margaret Askew-Brown, 88, a great-great-granddaughter of the founder, who cut the ribbon. She recalled visiting the stillhouse as a child, when barley was still malted on the distillery floor. “It smelled exactly the same. Some things never change, thank goodness,” she said.

        The centre was part-funded by a Cr 900,000 grant from the Highland Tourism Fund. It opens to the public daily from 10am.
        """,
    ),
    Story(
        outlet="courier",
        slug="route-47-bus-saved-after-campaign",
        section="community",
        ago=hours(62, 20),
        headline="Route 47 bus saved after villagers’ campaign",
        authors=("Alasdair Brodie",),
        caption="Campaigners with their petition outside the council offices.",
        body="""
        The Route 47 bus, the only public transport link between Askerby and the villages of the upper glen, has been saved after a campaign by residents.

        Highland Council had planned to withdraw its Cr 180,000 annual subsidy for the service as part of budget savings, leaving around 200 regular passengers, many of them elderly, without a way to reach the health centre, shops and railway station in Askerby.

        Campaigners collected 3,100 signatures in six weeks, more than the combined population of the villages the route serves. Pupils from Askerby High School, who use the bus to get to after-school clubs, made a short film that was shown to councillors.

        Under a compromise agreed this week, the council will continue to fund the service for three years, while a new community transport charity, Glen Connect, will run extra evening and weekend journeys using two minibuses and volunteer drivers.

        “Everybody told us the decision was already made and we were wasting our time,” said campaign organiser Elspeth Fraser, 72, who uses the bus twice a week to visit her husband in a care home. “It turns out that if enough people make enough noise, councillors do listen.”

        The council’s transport convener, Councillor Alistair Nairn, said the campaign had shown “how much this route means to people” and that the new arrangement would cost Cr 40,000 a year less than the original plan to replace the service with dial-a-ride.

        The timetable is unchanged.
        """,
    ),
    Story(
        outlet="courier",
        slug="draymere-highland-games-record-crowd",
        section="community",
        ago=hours(68, 0),
        headline="Record crowd of 8,000 at Draymere Highland Games",
        authors=("Ishbel Grant",),
        caption="Ruaridh Mackay turns the caber at Draymere.",
        body="""
        A record crowd of more than 8,000 people watched the Draymere Highland Games, with competitors travelling from as far as Port Arden and Velmont to take part.

        Organisers said sunshine, a new family area and a live stream watched by 14,000 people online had helped lift attendance by almost a third on last year.

        The heavy events once again drew the biggest crowds. Local forestry worker Ruaridh Mackay, 29, won the caber toss for the fourth year running, turning a 5.8-metre pine caber cleanly on his second attempt. He also set a games record of 12.41 metres in the heavy stone put.

        More than 140 dancers took part in the Highland dancing competitions on the main stage, and the hill race to the top of Draymere Law and back was won by Shona Keir in 28 minutes and 12 seconds, a course record for a woman.

        Games chieftain Donald Urquhart said the turnout had been beyond the committee’s hopes. “These games were nearly cancelled five years ago for lack of volunteers. To see the field this full makes every committee meeting worthwhile,” he said.

        Organisers said the event had raised around Cr 26,000 for local causes, including the Kestrel Mountain Rescue Team.
        """,
    ),
)
