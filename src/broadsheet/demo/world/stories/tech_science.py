"""Single-outlet technology and science stories from Signal."""

from __future__ import annotations

from broadsheet.demo.world.model import Story, hours

STORIES: tuple[Story, ...] = (
    Story(
        outlet="signal",
        slug="seaweed-zinc-battery-velmont-university",
        section="science",
        ago=hours(47, 10),
        headline="A battery made with seaweed could make grid storage cheaper, researchers say",
        standfirst="Velmont University’s zinc cells kept 91% of their capacity after 2,000 cycles, thanks to a gel extracted from kelp.",
        authors=("Felix Durand",),
        caption="Prototype zinc cells in the Velmont University electrochemistry lab.",
        tags=("Batteries", "Energy"),
        body="""
        Researchers at Velmont University say they have built a rechargeable zinc battery that uses an electrolyte derived from seaweed, a design they argue could make grid storage cheaper and safer than today’s lithium-ion systems.

        The team, led by electrochemist Professor Hana Sörensen, published its results this week in the journal Energy Materials Letters. Their prototype cells kept 91 per cent of their capacity after 2,000 charge cycles, a significant improvement on earlier zinc designs, which tend to fail when needle-like crystals called dendrites grow across the cell and short it out.

        The trick, according to the paper, is a gel made from alginate, a compound extracted from brown kelp harvested off the Calderran coast. The gel slows the movement of zinc ions just enough to make them deposit evenly.

        “Zinc is cheap, abundant and doesn’t catch fire. Its problem has always been lifetime,” Sörensen told Signal. “If you can fix the lifetime, you have a very attractive chemistry for storing solar and wind power.”

        ## Not ready for your phone

        Zinc batteries store less energy for their weight than lithium-ion, so they are unlikely to appear in phones or cars. The target is stationary storage: the rooms full of batteries that utilities use to smooth out supply from renewable sources.

        Independent researchers were cautiously positive. Dr Marek Olsson, a battery scientist at the Institute of Energy Technology in Port Arden who was not involved in the work, said the cycling results were “impressive for a lab cell” but warned that scaling up often revealed new problems. “The graveyard of battery chemistry is full of things that worked in a coin cell,” he said.

        The university has filed a patent application and is in talks with two manufacturers about a pilot production line.
        """,
    ),
    Story(
        outlet="signal",
        slug="trailcommons-maps-every-kestrel-footpath",
        section="science",
        ago=hours(58, 25),
        headline="Volunteers have mapped every footpath in the Kestrel Highlands, and found 212 that have moved",
        authors=("Marisol Eze",),
        caption="A TrailCommons volunteer logs a stile near Askerby.",
        tags=("Open data", "Maps"),
        body="""
        Volunteers working on the open mapping project TrailCommons have finished surveying every public footpath in the Kestrel Highlands: 4,860 km of routes that until now existed in full only on paper maps held in council offices.

        Over 18 months, around 300 contributors walked the paths with GPS-enabled phones, logged gates, stiles and bridges, and compared their traces with the legal records of rights of way. They found 212 places where the path on the ground no longer matched the official route, usually because a bridge had washed away or a field boundary had moved.

        The data is free to use under an open licence, and several hiking apps have already started importing it. Highland Council said it would use the survey to decide which repairs to do first.

        “Paper maps tell you where a path is supposed to be. We wanted to know where it actually is,” said project coordinator Ruth Abernethy, a software developer from Askerby who started the survey after getting lost on a path that turned out to have been diverted decades ago.

        The volunteers used a custom app, built on open-source code, that lets walkers record problems offline and upload them when they regain a signal, a necessity in glens where mobile coverage is patchy.

        ## What comes next

        The project now plans to map the Sallow Valley, where it estimates there are another 3,100 km of paths. Abernethy said accessibility data, such as gradients and surfaces for wheelchair users, would be a priority.

        The Kestrel Mountain Rescue Team welcomed the survey. “Good data saves time on a call-out,” said team leader Graeme Sutherland.
        """,
    ),
    Story(
        outlet="signal",
        slug="tallis-fold-3-review",
        section="gadgets",
        ago=hours(35, 0),
        headline="Tallis Fold 3 review: clever, fast and still too fragile",
        authors=("Theo Lang",),
        caption="The Tallis Fold 3, unfolded.",
        tags=("Reviews", "Phones"),
        body="""
        The Tallis Fold 3 is the best foldable phone the Velmont company has made, and for the first week I used it I thought it might finally be the one that makes the format make sense. Then I dropped it onto a wooden floor from roughly the height of a kitchen table.

        First, the good. Unfolded, the 7.9-inch inner screen is bright, sharp and, crucially, nearly free of the crease that marred the first two models. Tallis says it has redesigned the hinge with a teardrop-shaped cavity that lets the panel bend more gently, and it shows. Folded, the phone is 12.1 mm thick, thinner than many phones in a case.

        The new Cobalt X2 chip is fast and efficient. With mixed use, including an hour of video and a lot of messaging, I regularly finished the day with more than 30 per cent battery left. The main camera is excellent in daylight and decent at night, though it still lags behind the best conventional phones.

        ## The catch

        The outer screen survived the fall without a mark. The hinge did not: it now makes a faint grinding sound and no longer holds the phone half-open, which breaks one of the Fold’s best tricks, propping itself up for video calls.

        Tallis says the hinge is rated for 400,000 folds and that drops are covered by its Cr 129 Care+ plan. Without that plan, a hinge repair costs Cr 340.

        At Cr 1,899, the Fold 3 is expensive, but no more so than its rivals. If you want a foldable and are careful with your things, it is the one to buy. If, like me, you occasionally drop your phone, I would wait for the Fold 4.
        """,
    ),
    Story(
        outlet="signal",
        slug="quenchwave-raises-40m-wave-powered-desalination",
        section="startups",
        ago=hours(21, 15),
        headline="Quenchwave raises Cr 40m to turn wave power into drinking water",
        authors=("Marisol Eze",),
        caption="Quenchwave’s pilot buoy off Saltmarket Point.",
        tags=("Startups", "Water", "Funding"),
        body="""
        Quenchwave, a Port Arden start-up that uses the motion of waves to desalinate seawater, has raised Cr 40 million in a funding round led by Velmont venture firm Northlight Capital.

        The company’s buoys, each about the size of a shipping container, float a few kilometres offshore. As they rise and fall, a hydraulic pump pushes seawater through reverse-osmosis membranes on board, and fresh water is piped to shore. Because the pumping is driven directly by the waves, the system needs no electricity from the grid, which is usually the largest cost of desalination.

        A pilot buoy moored off Saltmarket Point has delivered about 45,000 litres of drinking water a day for the past year, according to the company.

        “Desalination today is basically a way of turning electricity into water. We skip the electricity,” said co-founder and chief executive Idris Mwangi, a former naval engineer. The new money will pay for a fleet of ten buoys for the island community of Skerrow, which currently ships in drinking water by tanker during dry summers.

        ## Sceptics on the seabed

        Not everyone is convinced the economics hold. Wave energy companies have a long history of promising prototypes that struggled to survive storms. “The ocean is very good at breaking expensive machines,” said Dr Carla Ruiz-Haines, an ocean engineer at Velmont University. She said Quenchwave’s real test would be a full winter with a fleet in open water.

        The company also faces questions about the brine left over from desalination. Mwangi said the buoys discharge it in a diluted plume, and that monitoring so far had shown no measurable effect on marine life near the pilot site.

        Quenchwave employs 34 people and plans to double its staff within a year.
        """,
    ),
    Story(
        outlet="signal",
        slug="skylark-2-reaches-orbit",
        section="science",
        ago=hours(64, 40),
        headline="Skylark-2 reaches orbit, 14 months after Calderra lost its first satellite",
        authors=("Felix Durand",),
        caption="Mission control at the Calderra Space Agency in Velmont.",
        tags=("Space",),
        body="""
        Calderra’s Skylark-2 Earth observation satellite reached orbit early this morning, 14 months after its predecessor was lost when a rocket failed shortly after launch.

        The 180 kg satellite was carried by a commercial launcher from the Halmar Point spaceport. Ground controllers at the Calderra Space Agency’s operations centre in Velmont confirmed contact with the spacecraft on its first pass about 90 minutes later, and its solar panels have deployed.

        Skylark-2 carries a camera capable of resolving objects about 3 metres across and an infrared sensor designed to monitor crops, flooding and wildfires. The agency says the data will be released free of charge to researchers and emergency services.

        “There were a lot of quiet faces in the control room during the ascent. After last year, nobody was taking anything for granted,” said mission director Dr Yusuf Adeleke. “When the first telemetry came in, I think the cheering could be heard in the car park.”

        The programme cost Cr 62 million, including insurance that covered most of the loss of Skylark-1.

        ## Fire watch

        The satellite’s infrared sensor can map active fire fronts through smoke, and the agency said it had offered imagery to the national fire services once the instrument is commissioned, which is expected to take about three weeks.

        Skylark-2 will orbit at an altitude of 520 km, passing over Calderra twice a day.
        """,
    ),
    Story(
        outlet="signal",
        slug="draft-rules-public-sector-ai-procurement",
        section="policy",
        ago=hours(29, 50),
        headline="Government publishes draft rules for buying AI in the public sector",
        authors=("Ada Kwan",),
        caption="The Ministry of Digital Affairs in Velmont.",
        tags=("AI", "Regulation"),
        body="""
        The government has published draft rules that would require public bodies buying artificial intelligence systems to test them for bias, keep records of how they are used and give people a way to challenge decisions made with their help.

        The draft procurement standard, released by the Ministry of Digital Affairs for a 12-week consultation, would apply to any system used to make or support decisions about individuals, such as benefit claims, school admissions or fraud checks. Suppliers would have to document the data used to train their models and allow independent audits.

        Minister for Digital Affairs Tomas Ekwueme said the rules were intended to give the public confidence without stopping departments from using useful tools. “If the state uses a computer to help decide something about your life, you deserve to know, and you deserve a human who can be asked to look again,” he said.

        ## Industry wary of costs

        Tech industry body Digital Calderra welcomed the aim but warned that the audit requirements could shut out small companies. “A start-up with ten staff cannot afford the compliance team of a multinational,” said its policy director, Lorna Vickers.

        Civil liberties groups said the draft did not go far enough. The Open Rights Forum pointed out that police forces would be exempt and called for a public register of every algorithmic system used by government.

        Officials expect the final standard to take effect in around a year.
        """,
    ),
    Story(
        outlet="signal",
        slug="comet-harrow-linde-naked-eye",
        section="science",
        ago=hours(41, 5),
        headline="Comet found by a retired postman should be visible to the naked eye next month",
        authors=("Felix Durand",),
        caption="Comet Harrow–Linde photographed from the Kestrel Observatory.",
        tags=("Astronomy",),
        body="""
        A comet discovered by an amateur astronomer in the Kestrel Highlands should become visible to the naked eye next month, according to calculations published by the Kestrel Observatory.

        Comet Harrow–Linde was first spotted 11 weeks ago by retired postman Alec Harrow, who photographed it from his back garden near Askerby using a 20 cm telescope. It was independently confirmed a day later by Dr Ingrid Linde at the observatory, and the comet carries both their names.

        The comet is currently about 190 million km from the Sun and brightening steadily as it approaches. Astronomers expect it to reach a brightness similar to the stars of the Plough, low in the north-western sky after sunset, for about two weeks around its closest approach to the Sun.

        “Comets are famously unpredictable. Some fizzle out, some break apart, and a few put on a show far better than anyone expected,” said Dr Linde. “The signs so far are good: it is releasing plenty of gas and dust, and it has already developed a tail we can see in small telescopes.”

        ## A lifelong hobby

        Mr Harrow, 67, has been observing from the same garden for 40 years and has previously discovered three asteroids. He said finding a comet was “the thing every amateur dreams about”. “I checked it about twenty times before I sent the report. I was convinced I had made a mistake,” he said.

        The observatory plans public viewing evenings and has published a guide for people who want to photograph the comet with a phone on a tripod.
        """,
    ),
    Story(
        outlet="signal",
        slug="velmont-driverless-bus-trial-route-12",
        section="policy",
        ago=hours(17, 25),
        headline="Velmont will put driverless buses on Route 12 next month",
        authors=("Theo Lang",),
        caption="One of the three autonomous buses at the Velmont Transport depot.",
        tags=("Autonomous vehicles", "Transport"),
        body="""
        Velmont will begin trialling driverless buses on one of its busiest routes next month, becoming the first city in Calderra to carry paying passengers in autonomous vehicles on public roads.

        Three electric single-deckers fitted with self-driving systems supplied by Port Arden firm Waymark Robotics will run on Route 12 between Central Station and the Docklands business district, a 7.4 km journey with 15 stops. A safety driver will sit behind the wheel at all times during the first phase, ready to take control.

        Velmont Transport said the 12-month trial would cost Cr 8.6 million, half of it paid by the national government’s innovation fund. The buses will run alongside the existing fleet, and fares will be the same.

        “This is not about replacing drivers. We are short of 200 drivers as it is,” said Kasia Lindholm, Velmont Transport’s director of innovation.

        The drivers’ union was less enthusiastic. “Every time a company says this is not about replacing drivers, it turns out to be about replacing drivers,” said Mick Farrelly, branch secretary of the Transport Workers’ Union.

        ## How it works

        Each bus carries eight cameras, five lidar sensors and two radars, and is limited to 40 km/h. Waymark says its system has covered 90,000 km in testing on closed roads and a private business park without a collision in which it was at fault.

        The city said it would publish monthly data on incidents, passenger numbers and disengagements, the occasions on which the safety driver takes control.
        """,
    ),
)
