"""Single-outlet stories: local life, culture and business that belong to no event."""

from __future__ import annotations

from broadsheet.demo.world.model import Story, hours

STORIES: tuple[Story, ...] = (
    Story(
        outlet="harbourtimes",
        slug="marigold-ferry-final-crossing",
        section="culture",
        ago=hours(45, 30),
        headline="Marigold, Port Arden’s oldest ferry, makes her final crossing",
        standfirst="After 58 years and an estimated 1.4 million crossings of the Gullmouth, the little green ferry is retiring to the maritime museum.",
        authors=("Eilidh Barr",),
        role="Features Writer",
        caption="The Marigold leaves Saltmarket Steps for the last time.",
        tags=("Port Arden", "Heritage"),
        body="""
        Hundreds of people lined both banks of the Gullmouth yesterday evening to watch the Marigold, Port Arden’s oldest working ferry, make her last crossing from Saltmarket Steps to Ferry Point.

        The 22-metre vessel, built at the city’s Harland Street yard, has carried passengers across the estuary every day for 58 years, apart from a spell in dry dock after she was struck by a drifting barge. The city’s transport department estimates she has made around 1.4 million crossings.

        She is being replaced by two electric ferries, the Tern and the Kittiwake, which will cut the crossing time from nine minutes to seven and run every ten minutes at peak times.

        Skipper Jimmy Tolland, who has taken the Marigold across the river for 31 of those years, sounded her horn three times as she left the steps. “She has never once let me down. I know every creak in her,” he said. “I’ll be on the new boats, but it won’t be the same.”

        Among the passengers on the final crossing were Doreen and Frank Ellwood, both 84, who met on board in her first year of service. “He asked me if I was getting off at Ferry Point. I said I was. I wasn’t,” Mrs Ellwood said.

        The Marigold will be restored and displayed at the Port Arden Maritime Museum on Custom House Quay, which has launched an appeal to raise Cr 350,000 for the work. The museum’s director, Samira Haddad, said the ferry belonged “to everyone who ever crossed the river on her”.
        """,
    ),
    Story(
        outlet="eveningpost",
        slug="twin-red-panda-cubs-velmont-zoo",
        section="news",
        ago=hours(52, 5),
        headline="Too cute! Twin red panda cubs born at Velmont Zoo",
        authors=("Gemma Pryce",),
        caption="One of the cubs, caught on the nest-box camera.",
        body="""
        VELMONT Zoo is celebrating after the birth of twin red panda cubs, the first to be born there in 11 years.

        The pair, a male and a female, were born to mum Mei and dad Tonka in a nest box in the zoo’s Mountain Forest enclosure.

        Keepers only discovered the second cub when they spotted two tiny tails poking out of the box on a CCTV camera.

        Head keeper Laura Brightwell said: “We knew Mei was expecting, but twins were a lovely surprise. She’s a brilliant mum and is keeping them tucked away for now.”

        The cubs, who have not yet been named, weigh about 300 g each and will stay in the nest for around three months before venturing out.

        Red pandas are classed as endangered in the wild, where numbers have fallen by half in 20 years because of habitat loss and poaching. Velmont Zoo is part of an international breeding programme that aims to keep a healthy population in zoos.

        The zoo is inviting Post readers to suggest names for the pair. The winners will be chosen by keepers and announced when the cubs make their first public appearance.

        Visitors can watch the family on a live camera in the enclosure’s viewing hut. The zoo is open daily from 9.30am.
        """,
    ),
    Story(
        outlet="eveningpost",
        slug="fennick-street-bakery-best-sourdough",
        section="lifestyle",
        ago=hours(40, 20),
        headline="Velmont’s best loaf? Fennick Street bakery scoops national sourdough crown",
        authors=("Tash Okoye",),
        caption="Tobias Amankwah and Lotte Brink at Crumb & Crust.",
        body="""
        A tiny bakery on Fennick Street has been named the home of the best sourdough in Calderra, beating more than 400 rivals.

        Crumb & Crust, run by former accountant Tobias Amankwah, 38, and his partner Lotte Brink, 35, took the top prize at the National Bread Awards for its country loaf made with rye from the Sallow Valley.

        Judges praised its “deep, blistered crust and a crumb with real character”.

        The couple opened the shop four years ago in a former launderette with one oven and a lot of debt. “We nearly closed twice,” said Tobias. “The first winter we were selling eight loaves a day. Now there’s a queue round the corner by half seven.”

        Demand went through the roof after the win, with the bakery selling out by 9am yesterday. Lotte said: “We baked 300 loaves instead of the usual 180 and they were all gone before most people had finished breakfast. We’re sorry to everyone who missed out.”

        The pair are planning to take on two more bakers and open an hour earlier.

        Their secret? “Time,” said Tobias. “The dough ferments for 36 hours. There are no shortcuts.”
        """,
    ),
    Story(
        outlet="ledger",
        slug="aerocal-orders-24-jets",
        section="companies",
        ago=hours(34, 30),
        headline="Aerocal orders 24 jets in Cr 2.1bn fleet renewal",
        standfirst="The national carrier says the new aircraft will burn 20% less fuel per seat than the planes they replace.",
        authors=("Henrik Solberg",),
        caption="An Aerocal aircraft at Velmont airport.",
        tags=("Airlines", "Aerospace"),
        body="""
        Aerocal, Calderra’s national airline, has ordered 24 narrow-body jets from manufacturer Aviora Aerospace in a deal worth about Cr 2.1 billion at list prices, the largest aircraft order in the carrier’s history.

        The order, split between 18 firm purchases and six options, will replace the airline’s short-haul fleet, some of which is more than 20 years old. Deliveries are due to start in three years.

        Chief executive Miriam Kohl said the new aircraft would burn around 20 per cent less fuel per seat than the planes they replace, lowering both costs and emissions. “Fuel is our biggest single cost after people. Every percentage point matters,” she said.

        The airline, which is 51 per cent owned by the state, carried 9.2 million passengers last year and returned to profit for the first time in five years, reporting net income of Cr 84 million.

        Aerocal will finance the purchase through a mix of cash, sale-and-leaseback agreements and export credit. Analysts said the balance sheet could cope. “Aerocal has been paying down debt for three years and now has the headroom to do this,” said Dominic Ferreira, transport analyst at Halden & Crisp.

        ## Unions seek guarantees

        The Calderran Pilots’ Association said it welcomed the investment but wanted assurances that the new aircraft would be flown by Aerocal crews rather than by a low-cost subsidiary. Aerocal said no decision had been made.

        Shares in Aerocal rose 2.7 per cent to Cr 6.84.
        """,
    ),
    Story(
        outlet="bugle",
        slug="repair-cafe-fixes-1000th-item",
        section="community",
        ago=hours(49, 0),
        headline="Repair Café fixes its 1,000th item: a 1970s radio",
        authors=("Sam Oduya",),
        caption="Edna Holloway with her repaired radio.",
        body="""
        Brindlemoor’s Repair Café reached a milestone at its monthly session when volunteers mended its 1,000th broken item: a 1970s transistor radio belonging to 90-year-old Edna Holloway.

        The café, which meets once a month in the back room of Brindlemoor Library, was set up three years ago by retired electrician Phil Garside and a handful of friends who were fed up with seeing perfectly good things thrown away.

        Since then, volunteers have fixed toasters, lamps, bicycles, jumpers, a wedding dress and, memorably, a mechanical singing bird that had not sung for 30 years.

        “The radio was a wedding present. It has been in my kitchen longer than some of these volunteers have been alive,” said Mrs Holloway, who watched as volunteer Ravi Chauhan replaced a corroded battery contact and a worn volume control. “When it started playing, I had a little cry.”

        Mr Garside said about four in five items brought in were successfully repaired. “People think things are broken when they are usually just a bit tired. A new fuse, a bit of glue, a stitch in the right place,” he said.

        The café estimates it has saved around three tonnes of waste from going to landfill.

        Visitors pay nothing, although there is a donations jar for tea and cake. The café is always looking for volunteers, particularly people who can sew.
        """,
    ),
    Story(
        outlet="bugle",
        slug="mill-lane-closed-gas-main",
        section="news",
        ago=hours(57, 45),
        headline="Mill Lane closed for six weeks as 140-year-old gas main is replaced",
        authors=("Sam Oduya",),
        caption="Barriers at the Market Street end of Mill Lane.",
        body="""
        Drivers in Brindlemoor are being warned to expect delays after Mill Lane was closed for six weeks to allow a 140-year-old gas main to be replaced.

        Valley Gas Networks said the cast iron pipe, one of the oldest still in use in the region, had developed several small leaks. It will be replaced with a plastic pipe along a 600-metre stretch between the Market Street junction and the Sallow bridge.

        A signed diversion via Tanner’s Row and Station Road is in place. Buses on routes 3 and 3A will not serve the Mill Lane stops, and a temporary stop has been set up on Station Road.

        Pedestrian access to homes and businesses on Mill Lane will be maintained throughout.

        Traders said they were worried about the impact. “Six weeks is a long time when you rely on passing trade,” said Denise Rudd, who runs the Mill Lane Café. “We were told about it with ten days’ notice.”

        Valley Gas Networks apologised for the disruption and said crews would work extended hours, from 7am to 7pm, to try to finish early. “Replacing old metal pipes is essential to keep the network safe,” said project manager Kwame Asante.

        The works are part of a Cr 12 million programme to replace old gas mains across the Sallow Valley over five years.
        """,
    ),
    Story(
        outlet="bugle",
        slug="sallow-blue-gold-national-cheese-awards",
        section="community",
        ago=hours(36, 15),
        headline="Sallow Blue scoops gold at national cheese awards",
        authors=("Beth Kinsella",),
        caption="Hannah and Rob Penrose in the maturing store at Hollybrook Farm.",
        body="""
        A blue cheese made on a family farm outside Brindlemoor has won a gold medal at the National Cheese Awards, beating entries from some of Calderra’s best-known dairies.

        Sallow Blue, made by Hannah and Rob Penrose at Hollybrook Farm with milk from their herd of 90 cows, was praised by judges for its “buttery texture and gentle, lingering tang”.

        It is the first time a Sallow Valley cheese has won gold in the blue category in the awards’ 30-year history.

        The Penroses started making cheese seven years ago, when low milk prices threatened the future of the farm, which has been in Rob’s family for four generations. They now make around 12 tonnes a year and sell through farm shops, restaurants and a stall at Brindlemoor market.

        “We turned an old calf shed into a dairy with a second-hand vat and a lot of reading. The first few batches were, let’s say, educational,” Hannah said. “To win this, against people who have been doing it for decades, is unbelievable.”

        Each cheese is matured for at least ten weeks in a cave-like store dug into the hillside behind the farm.

        The couple said they would celebrate by taking a rare day off. The farm shop will stay open, staffed by Rob’s mother, Sheila.
        """,
    ),
    Story(
        outlet="bugle",
        slug="the-tempest-in-the-market-square",
        section="community",
        ago=hours(66, 30),
        headline="The Tempest comes to the market square as amateur players go outdoors",
        authors=("Jake Morley",),
        caption="Rehearsals in the market square.",
        body="""
        Brindlemoor Amateur Dramatic Society is taking Shakespeare outdoors this week, staging The Tempest in the town’s market square for the first time in its 75-year history.

        The production, directed by society chair Marion Kettle, uses the 18th-century market cross as Prospero’s island and has a cast of 26, the youngest aged nine and the oldest 81.

        Ms Kettle said the idea came during the long closure of the society’s usual home, the Assembly Rooms, for repairs to the roof. “We thought: if we can’t have a theatre, we’ll make one. And what better play than one about being stranded somewhere strange and making the best of it?”

        Rehearsals have taken place in a barn lent by a local farmer, with sound effects recorded on Sallow Ridge on windy days.

        Prospero is played by retired solicitor Geoffrey Lamb, 68, who has appeared in more than 40 society productions. Caliban is played by Jade Okonjo, 19, in her first leading role. “I get to be covered in mud and shout a lot. It’s the best part in the play,” she said.

        Three performances are planned, at 7pm each evening, with free entry and a collection for the Assembly Rooms roof fund. Audiences are asked to bring their own chairs or blankets. The society says it will move into St Wilfrid’s Church if it rains.
        """,
    ),
    Story(
        outlet="valleyrecord",
        slug="bronze-age-boat-found-river-sallow",
        section="heritage",
        ago=hours(54, 20),
        headline="3,000-year-old boat found in the bed of the River Sallow",
        authors=("Ewan Tait",),
        caption="Archaeologists lift a section of the log boat near Eastwick.",
        body="""
        Archaeologists have recovered a Bronze Age log boat from the bed of the River Sallow near Eastwick, in what they describe as one of the most important finds in the valley for a century.

        The boat, carved from a single oak trunk, is 7.2 metres long. It was found by a kayaker, Ben Cartwright, who noticed a curved piece of dark timber exposed by unusually low water. Radiocarbon dating by Velmont University has placed it at around 1000 BC.

        A team from the Sallow Valley Archaeological Trust spent nine days lifting the boat in sections, working in waders and using a specially built cradle to stop the waterlogged wood from collapsing. “Wood this old has the consistency of wet cardboard. One wrong move and it falls apart,” said the trust’s director, Dr Miriam Ashworth.

        Inside the hull, the team found a bronze pin, fragments of pottery and several hazelnut shells, possibly the remains of a meal.

        ## Years of conservation

        The boat is now in a tank of water at the trust’s workshop in Brindlemoor, where it will be treated with a wax-like solution for up to three years before it can be dried and displayed. The conservation is expected to cost Cr 280,000.

        Dr Ashworth said the find suggested the Sallow was an important trade route long before the valley’s towns existed. “People were moving goods and ideas along this river 3,000 years ago. That changes how we think about the valley,” she said.

        The trust hopes the boat will eventually go on show at the Sallow Valley Museum.
        """,
    ),
    Story(
        outlet="valleyrecord",
        slug="new-maternity-unit-sallow-valley-general",
        section="health",
        ago=hours(43, 0),
        headline="New Cr 34m maternity unit opens at Sallow Valley General",
        authors=("Priya Nandakumar",),
        caption="One of the birthing rooms at the Willow Birth Centre.",
        body="""
        A new Cr 34 million maternity unit has opened at Sallow Valley General Hospital, ending a seven-year period in which women needing consultant-led care had to travel 60 km to Velmont to give birth.

        The Willow Birth Centre has eight birthing rooms, two of them with pools, a dedicated operating theatre for caesarean sections and a neonatal unit with six cots for premature and sick babies. It expects to deliver about 2,400 babies a year.

        The hospital’s consultant-led maternity service was moved to Velmont seven years ago after a review found it did not have enough specialist staff to be safe. Campaigners have been calling for its return ever since.

        The first baby born in the new unit, a girl named Iris, arrived at 4.12am on its opening day, weighing 3.4 kg. Her mother, Sophie Marsh, 31, from Eastwick, said: “With my first, I had a 70-minute drive in labour. This time it was ten minutes. I can’t tell you the difference that makes.”

        Clinical director Dr Okechukwu Bell said the hospital had recruited 42 midwives and six consultant obstetricians to staff the unit. “We had to prove we could run this safely, and we have the people to do it,” he said.

        Members of the Bring Birth Back campaign, which collected more than 20,000 signatures, held a small celebration outside the main entrance. Its founder, Gemma Lowther, said: “Seven years of meetings and petitions. Today it was worth it.”
        """,
    ),
    Story(
        outlet="valleyrecord",
        slug="thornby-villagers-buy-their-shop",
        section="business",
        ago=hours(60, 40),
        headline="Thornby villagers buy their shop to stop it closing",
        authors=("Hannah Greaves",),
        caption="Thornby village shop and post office, on the green.",
        body="""
        Residents of Thornby have bought their village shop and post office after raising Cr 310,000 through a community share offer, saving the village’s last business from closure.

        The shop, on the green opposite St Oswald’s Church, was put up for sale last year when its owners, Ken and Margaret Dowd, retired after 26 years. No buyer came forward, and the nearest alternative is a supermarket 9 km away in Brindlemoor.

        More than 280 people, most of them from the village of about 900, bought shares at a minimum of Cr 100 each. A grant from the Sallow Valley Community Fund covered the rest of the cost.

        The shop will be run by a paid manager, Rosie Kaur, with a rota of 30 volunteers. It will stock local produce, including eggs, honey and cheese from nearby farms, and keep the post office counter.

        “A village without a shop is just a collection of houses,” said Peter Lindley, chair of the Thornby Community Shop society. “This is where people bump into each other. For some of our older residents it is the only conversation they have all day.”

        Ken Dowd said he and his wife were delighted. “We’d have hated to see the shutters come down. Now it belongs to everyone, which is how it always felt anyway.”

        The shop reopens under community ownership next month after a refit.
        """,
    ),
)
