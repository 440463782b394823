"""Events ``sallow-wildfire`` and ``brindlemoor-election`` in the Sallow Valley."""

from __future__ import annotations

from broadsheet.demo.world.model import Story, hours

STORIES: tuple[Story, ...] = (
    Story(
        outlet="valleyrecord",
        slug="sallow-ridge-fire-600-evacuated",
        section="news",
        ago=hours(4, 20),
        headline="Sallow Ridge fire: 600 evacuated as flames reach edge of Thornby",
        authors=("Hannah Greaves",),
        caption="Smoke over Sallow Ridge seen from the Thornby road.",
        event="sallow-wildfire",
        body="""
        Around 600 people have been evacuated from Thornby and Eastwick after a wildfire on Sallow Ridge spread overnight, burning through 1,800 hectares of heath and forestry plantation and reaching fields on the edge of Thornby village.

        Sallow Valley Fire and Rescue Service said 140 firefighters were tackling the blaze, supported by four water-bombing aircraft from the national fleet. Gusts of up to 45 km/h from the south-west pushed the fire downhill towards the villages shortly after midnight.

        Chief Fire Officer Marta Quill said crews had managed to hold the fire at Thornby Lane, where a firebreak cut by farmers with ploughs had slowed the flames. “Those farmers may well have saved a number of homes tonight,” she said.

        Three outbuildings and a disused farmhouse on the ridge were destroyed. No one has been seriously hurt, although one firefighter was treated for heat exhaustion.

        ## Evacuation centre

        Residents spent the night at Brindlemoor Leisure Centre, where volunteers from the Sallow Valley Red Cross handed out blankets and hot drinks. Some brought pets; others brought photo albums.

        “We were told to leave at about eleven. I grabbed the cat, the passports and my husband’s medication, and that was it,” said Rhiannon Pugh, 58, who has lived in Thornby for 30 years.

        The fire service said the cause of the fire, which was first reported at 3.40pm yesterday by a walker near the Ridgeway car park, was under investigation. It urged people not to use barbecues or light fires in the countryside until further notice.

        Forecasters at the Calderra Met Office expect the wind to ease this evening, with a chance of rain by the weekend.
        """,
    ),
    Story(
        outlet="bugle",
        slug="brindlemoor-opens-its-doors-sallow-ridge-fire",
        section="news",
        ago=hours(11, 35),
        headline="Brindlemoor opens its doors as Sallow Ridge fire forces villagers out",
        authors=("Beth Kinsella",),
        caption="Camp beds in the sports hall at Brindlemoor Leisure Centre.",
        event="sallow-wildfire",
        body="""
        Brindlemoor Leisure Centre became a temporary home for hundreds of people overnight as the wildfire on Sallow Ridge forced the evacuation of Thornby and Eastwick.

        By 2am, more than 300 camp beds had been set up on the sports hall floor. Volunteers from the Red Cross, the Rotary Club and several churches served soup, tea and toast, while a local vet, Dr Anwen Price, set up a corner for evacuated dogs, cats and one tortoise.

        “People just kept turning up with things: blankets, phone chargers, nappies,” said leisure centre manager Craig Dobbs. “At one point we had to ask them to stop bringing food because we had nowhere to put it.”

        The Tanner’s Arms on Market Street opened its function room to families with young children, and the co-operative supermarket on Mill Lane donated bottled water.

        Farmer Ivor Bellamy, whose land runs along the foot of the ridge, spent the night ploughing a firebreak with his neighbour’s tractor. “You do what you can. That’s what you do out here,” he said.

        Fire chiefs said the flames had been held at the edge of Thornby but warned that residents would not be allowed home until the area had been declared safe.

        Anyone who wants to help is asked to contact the council’s volunteer line rather than bring donations directly to the leisure centre.
        """,
    ),
    Story(
        outlet="harbourtimes",
        slug="sallow-ridge-wildfire-dry-spell",
        section="news",
        ago=hours(6, 5),
        headline="Wildfire on Sallow Ridge burns 1,800 hectares as dry spell tests fire services",
        standfirst="Crews from Port Arden have been sent to help after the driest three months in the Sallow Valley for 40 years.",
        authors=("Daniel Ashby",),
        role="Northern Correspondent",
        caption="A water-bombing aircraft over Sallow Ridge.",
        event="sallow-wildfire",
        tags=("Wildfire", "Climate"),
        body="""
        Fire crews from Port Arden and Velmont have been sent to the Sallow Valley to help tackle a wildfire that has burned 1,800 hectares of Sallow Ridge and forced 600 people from their homes.

        The blaze is the largest in the region for at least two decades, and comes after the driest three months in the Sallow Valley since records began in 1984, according to the Calderra Met Office. Rainfall over that period was 41 per cent of the long-term average.

        Four water-bombing aircraft from the national fleet, which has only six, were deployed to the ridge, prompting questions about capacity if another major fire breaks out. The Interior Ministry said it had asked two neighbouring countries about borrowing aircraft under a mutual assistance agreement.

        Chief Fire Officer Marta Quill, of Sallow Valley Fire and Rescue Service, said the fire had been held at the edge of Thornby overnight. “We are not out of the woods, quite literally. The next 24 hours, and the wind, will decide a great deal,” she said.

        ## ‘A warning for the whole country’

        Professor Kirsten Vale, a fire ecologist at Velmont University, said the fire showed how quickly landscapes that rarely burned were becoming vulnerable. “Heath and conifer plantations that would have been too damp to burn a generation ago are now carrying fire like tinder,” she said.

        Port Arden’s fire service sent two engines and 12 firefighters, who drove through the night to reach the valley. The city’s chief fire officer said cover in Port Arden had not been affected.

        The cause of the fire is under investigation.
        """,
    ),
    Story(
        outlet="bugle",
        slug="clara-voss-elected-mayor",
        section="news",
        ago=hours(10, 20),
        headline="Clara Voss elected Brindlemoor’s first independent mayor",
        authors=("Sam Oduya",),
        caption="Clara Voss at the count in Brindlemoor Town Hall.",
        event="brindlemoor-election",
        body="""
        Former headteacher Clara Voss has been elected mayor of Brindlemoor, becoming the first independent candidate to win the post since it was created in 1974.

        Ms Voss, who stood under the Valley First banner, took 11,482 votes, 43.6 per cent of the total, in the by-election triggered by the resignation of Leonard Fitch. Civic Party candidate Howard Ainsley came second with 9,907 votes. The result was declared at Brindlemoor Town Hall at 1.20am.

        Moira Gant of the People’s Alliance received 3,511 votes and Duncan Pell of the Ecology Party 1,433. Turnout was 38.2 per cent.

        In her acceptance speech, Ms Voss thanked the “hundreds of people who knocked on doors in the rain” and promised to “run this town from the market square, not from a party office in Velmont”.

        She campaigned on three pledges: a cap on rent rises for council-owned shop units on Market Street, a new footbridge over the Sallow at Mill Lane, and a public inquiry into the repeated flooding of the Riverside estate.

        Mr Ainsley congratulated his opponent and said the Civic Party would “reflect carefully” on the result. The party had held the mayoralty for 17 years.

        Mr Fitch, who stood down last month on health grounds after nine years in office, sent a message of congratulations that was read out by the returning officer.

        Ms Voss will be sworn in at a council meeting next week.
        """,
    ),
    Story(
        outlet="valleyrecord",
        slug="analysis-clara-voss-victory",
        section="news",
        ago=hours(8, 0),
        headline="Analysis: what Clara Voss’s victory says about the Sallow Valley",
        authors=("Tom Ashdown",),
        caption="Votes being counted at Brindlemoor Town Hall.",
        event="brindlemoor-election",
        body="""
        When the count at Brindlemoor Town Hall began shortly after 10pm, Civic Party organisers were quietly confident. Their candidate, Howard Ainsley, had the party machine, the endorsements of two former mayors and a town that had voted Civic at every mayoral election for 17 years.

        By 1.20am, the independent Clara Voss had won by 1,575 votes.

        Her margin, 43.6 per cent to Mr Ainsley’s 37.6, was built in the wards along the river. In Riverside, where homes have flooded three times in six years, she took almost six votes in ten. In the older terraces around Millfield Road she won comfortably among voters who, canvassers said, had never heard of her until the campaign started.

        ## A familiar story elsewhere

        Dr Farah Quraishi, a political scientist at Velmont University who studies local elections, said the result fitted a pattern seen in smaller towns across Calderra. “Independents do best where people feel the big parties treat the town as a safe seat. Flooding gave this campaign a concrete grievance, and Voss gave it a face,” she said.

        Turnout was 38.2 per cent, low by national standards but above the 31 per cent recorded at the last Brindlemoor mayoral election.

        For the Civic Party, the defeat comes at an awkward time, with national elections due within 18 months. The party’s regional chair, Anthony Grieve, said the result was “about local issues” and should not be read as a verdict on the government.

        Ms Voss will have limited powers. The mayor of Brindlemoor controls a budget of Cr 96 million and shares responsibility for flood defences with the national Environment Agency, and delivering her promised public inquiry will require the support of councillors, most of whom belong to the parties she defeated.
        """,
    ),
    Story(
        outlet="harbourtimes",
        slug="independent-wins-brindlemoor-mayoralty",
        section="news",
        ago=hours(12, 40),
        headline="Independent wins Brindlemoor mayoralty, ending 17 years of Civic Party control",
        standfirst="Clara Voss’s by-election victory adds to pressure on the governing party ahead of national elections.",
        authors=("Owen Castell",),
        role="Political Correspondent",
        caption="Clara Voss celebrates with supporters.",
        event="brindlemoor-election",
        tags=("Politics", "Elections"),
        body="""
        The Civic Party has lost control of the Brindlemoor mayoralty for the first time in 17 years after an independent candidate, Clara Voss, won a by-election with a majority of 1,575 votes.

        Ms Voss, a former headteacher who campaigned on flooding and high-street rents, took 43.6 per cent of the vote. The Civic Party’s Howard Ainsley won 37.6 per cent.

        The result is the third by-election defeat for the governing party in a year, following the loss of council seats in Port Arden and the Kestrel Highlands. Government ministers played down its significance. Speaking in Velmont, the Transport Minister, Helena Straud, said: “By-elections are about local people and local issues. Congratulations to Ms Voss.”

        But some Civic Party members of parliament said privately that the party needed to rethink its approach in smaller towns. “We have been taking places like Brindlemoor for granted, and they have noticed,” said one.

        The People’s Alliance, the main opposition party, saw its candidate finish a distant third with 13.3 per cent. Its national campaign director, Simon Achebe, said the party had “lessons to learn about campaigning outside the big cities”.

        Turnout was 38.2 per cent.
        """,
    ),
)
