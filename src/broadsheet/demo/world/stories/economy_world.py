"""Events ``rate-decision``, ``tarsenia-talks`` and ``tarsenia-riots``. The last two share a
country and its people but are different stories: related, never merged."""

from __future__ import annotations

from broadsheet.demo.world.model import Story, hours

STORIES: tuple[Story, ...] = (
    Story(
        outlet="ledger",
        slug="bank-of-calderra-raises-rates-split-vote",
        section="economy",
        ago=hours(2, 50),
        headline="Bank of Calderra raises rates to 4.5% in split vote",
        standfirst="Three of nine board members voted to hold as Governor Augusta Fenn warned that inflation was proving ‘stickier than we had hoped’.",
        authors=("Anneke Vos", "Henrik Solberg"),
        caption="Governor Augusta Fenn at the Bank of Calderra press conference.",
        event="rate-decision",
        tags=("Interest rates", "Inflation", "Bank of Calderra"),
        body="""
        The Bank of Calderra raised its base rate by a quarter of a percentage point to 4.5 per cent, the highest level in 16 years, as policymakers judged that inflation was falling too slowly to risk a pause.

        The Monetary Policy Board voted 6–3 for the increase. The three dissenters, including deputy governor Lars Whitfield, preferred to keep rates at 4.25 per cent, citing signs that the labour market was cooling.

        Consumer price inflation was 4.1 per cent last month, more than twice the bank’s 2 per cent target. Services inflation, which the bank watches closely as a gauge of domestic price pressure, rose to 5.3 per cent.

        “Inflation is proving stickier than we had hoped, particularly in services,” Governor Augusta Fenn told a press conference in Velmont. “We would rather act now and be able to ease sooner than wait and have to do more later.”

        ## Growth forecast cut

        The bank lowered its forecast for economic growth this year to 0.9 per cent from 1.2 per cent and said the risk of a mild recession had increased. It noted that disruption at Port Arden would have “a small and temporary” effect on output.

        Markets had priced in roughly a 60 per cent chance of a rise before the announcement. The crown strengthened 0.6 per cent on a trade-weighted basis, and two-year government bond yields rose 9 basis points to 4.38 per cent.

        Ingrid Lowe, chief economist at Halden & Crisp, said the split vote suggested the bank was close to the end of its tightening cycle. “Three dissents is a loud signal. I would be surprised if we see another rise this year,” she said.

        The board’s next decision is due in six weeks.
        """,
    ),
    Story(
        outlet="eveningpost",
        slug="mortgage-misery-interest-rates-16-year-high",
        section="money",
        ago=hours(1, 35),
        headline="Mortgage misery as interest rates hit 16-year high",
        authors=("Sasha Brennan",),
        caption="Estate agents’ boards on a street in Kingsmead.",
        event="rate-decision",
        body="""
        HOMEOWNERS face another hike in their monthly payments after the Bank of Calderra put up interest rates again.

        The base rate rises from 4.25 per cent to 4.5 per cent, the highest for 16 years.

        About 420,000 households on variable-rate mortgages will see their bills go up almost immediately. Someone with a Cr 150,000 variable mortgage will pay around Cr 31 a month more.

        It is the fifth rise in 18 months.

        Mortgage broker Nicola Fairbairn, of Velmont firm Keystone Home Finance, said: “My phone hasn’t stopped. People who fixed two years ago are coming to the end of their deals and facing payments hundreds of crowns a month higher.”

        First-time buyer Josh Terrell, 29, a nurse at Velmont Royal Infirmary, said: “I’ve been saving for four years. Every time I get close, the goalposts move.”

        ## Savers win

        There was better news for savers, with banks expected to raise rates on easy-access accounts. But campaigners warned that many banks are slow to pass on increases.

        Bank boss Augusta Fenn said the rise was needed to stop prices running out of control, but hinted that it could be the last for a while after three of her colleagues voted against it.
        """,
    ),
    Story(
        outlet="valleyrecord",
        slug="valley-businesses-brace-for-rate-rise",
        section="business",
        ago=hours(0, 55),
        headline="Valley businesses brace for higher borrowing costs after rate rise",
        authors=("Priya Nandakumar",),
        caption="The workshop at Hollins & Daughter in Eastwick.",
        event="rate-decision",
        body="""
        Small businesses in the Sallow Valley say the Bank of Calderra’s decision to raise interest rates to 4.5 per cent will make it harder to invest, just as many were hoping for relief after two difficult years.

        The bank’s Monetary Policy Board voted 6–3 for the quarter-point rise, its fifth in 18 months, arguing that inflation, at 4.1 per cent, was falling too slowly.

        At Hollins & Daughter, a family-run agricultural engineering firm in Eastwick, director Ruth Hollins said plans to build a new workshop had been put on hold. “The loan we were quoted a year ago would now cost us Cr 9,000 a year more in interest. That is an apprentice’s wage,” she said.

        The Sallow Valley Chamber of Trade said a survey of its 240 members found that 37 per cent had postponed investment because of borrowing costs. Its chief executive, Alun Morgan, said: “Our members are not asking for special treatment, just for the people in Velmont to remember that the economy is not only the capital.”

        Farmers, many of whom borrow heavily against land, are also exposed. The Valley Farmers’ Union estimates that the average farm business in the region carries debts of Cr 410,000.

        Some businesses took comfort from signs that rates may be close to their peak: three of the nine board members voted to keep rates on hold.

        Governor Augusta Fenn said higher rates were needed now so that they could come down sooner.
        """,
    ),
    Story(
        outlet="harbourtimes",
        slug="tarsenia-dorvan-prisoner-swap-velmont-talks",
        section="world",
        ago=hours(19, 10),
        headline="Tarsenia and Dorvan rebels agree prisoner swap after talks in Velmont",
        standfirst="The third round of Calderran-brokered negotiations ends with a deal on detainees and aid, but no ceasefire.",
        authors=("Nils Adebayo",),
        role="Foreign Affairs Writer",
        caption="Delegations at Hallam House, Velmont.",
        event="tarsenia-talks",
        tags=("World", "Tarsenia", "Diplomacy"),
        body="""
        Negotiators for the government of Tarsenia and separatist leaders from the Dorvan region have agreed to exchange 120 detainees and open a humanitarian corridor, at the end of three days of talks at Hallam House in Velmont.

        The agreement, announced shortly before midnight by Calderra’s Foreign Minister, Agnes Rowe, is the most concrete result yet of a process that began eight months ago.

        Under the deal, each side will release 60 prisoners within 30 days, with the exchange supervised by neutral observers at the Kalvo border crossing. A corridor will allow aid convoys to reach Lesk, Dorvan’s largest city, where aid agencies say some 90,000 people have been without reliable electricity since last winter.

        The two delegations failed to agree on the terms of a ceasefire, which remains the central issue dividing them. Tarsenia insists that Dorvan fighters disarm before any political settlement; the Dorvan People’s Council wants guarantees on regional autonomy first.

        “Nobody should pretend tonight solves the conflict,” Ms Rowe said. “But 120 families will see someone come home, and that matters.”

        Milan Derevko, Tarsenia’s Deputy Prime Minister, who led his government’s delegation, called the agreement “a practical step that tests good faith”. Irina Sostak, head of the Dorvan delegation, said her side would judge the government “by what happens at Kalvo, not by what is said in Velmont”.

        More than 4,000 people have been killed and some 300,000 displaced in three years of fighting in Dorvan. A fourth round of talks is provisionally scheduled for next month.
        """,
    ),
    Story(
        outlet="ledger",
        slug="dorvan-corridor-deal-reconstruction-hopes",
        section="world",
        ago=hours(18, 0),
        headline="Dorvan corridor deal raises hopes for Tarsenia reconstruction contracts",
        standfirst="Calderran engineering and logistics firms eye a role if the Velmont talks lead to a lasting settlement.",
        authors=("Jonas Weir",),
        caption="Hallam House, the venue for the third round of talks.",
        event="tarsenia-talks",
        tags=("Tarsenia", "Trade"),
        body="""
        Calderran companies are positioning for a role in rebuilding Tarsenia’s Dorvan region after the government and separatist leaders agreed in Velmont to open a humanitarian corridor and exchange 120 detainees.

        The deal stops well short of a ceasefire. But executives and diplomats said it was the first sign that the talks, hosted by Calderra at Hallam House, could produce a framework for reconstruction in a region where international lenders put damage to roads, bridges and power lines at around Cr 14 billion.

        Brannock Shipping, which ran a container service to the Tarsenian port of Halvik until the fighting began, said it was “ready to resume sailings as soon as conditions allow”. Engineering group Stahl & Merrow, which built two of Dorvan’s bridges in the 1990s, confirmed it had held exploratory talks with Tarsenian officials.

        Trade between Calderra and Tarsenia fell by more than half after the conflict began, to Cr 1.3 billion last year, according to customs data.

        “The corridor is a humanitarian arrangement, not a business opportunity, and companies should be careful not to get ahead of the diplomacy,” said Eleni Sarris, a senior fellow at the Velmont Institute for International Affairs. “But if a ceasefire follows, the reconstruction bill will be enormous, and Calderra will have a seat at the table because it hosted the talks.”

        Tarsenia’s government bonds rallied on the news, with the yield on its ten-year debt falling 22 basis points to 9.8 per cent, although analysts said protests in the capital, Corvaine, over fuel prices were weighing on sentiment.

        Calderra’s Foreign Minister, Agnes Rowe, said a fourth round of talks would be held next month.
        """,
    ),
    Story(
        outlet="valleyrecord",
        slug="dorvan-families-await-prisoner-exchange",
        section="world",
        ago=hours(6, 30),
        headline="‘Someone is coming home’: Dorvan families in the valley await prisoner exchange",
        authors=("Ewan Tait",),
        caption="Lidia Markovna at her bakery on Market Street, Brindlemoor.",
        event="tarsenia-talks",
        body="""
        For Lidia Markovna, who fled Dorvan with her two daughters three years ago and now runs a bakery on Brindlemoor’s Market Street, the news from Velmont came in a late-night phone call from her sister.

        “She said: ‘They have the lists. Pavel might be on the list.’ I have not slept since,” she said. Her brother-in-law, Pavel, was detained by Tarsenian forces 19 months ago.

        Negotiators for Tarsenia and the Dorvan People’s Council agreed at the end of talks at Hallam House in Velmont to exchange 120 detainees within 30 days and to open a humanitarian corridor to the city of Lesk. The names of those to be released have not been published.

        Around 1,400 people from Dorvan have settled in the Sallow Valley since the fighting began, many of them housed at first in Brindlemoor and Eastwick. The community has its own Saturday school and a choir that has performed at the valley’s summer festival.

        ## Cautious hope

        Andrei Vasko, who chairs the Sallow Valley Dorvan Association, said the mood was hopeful but careful. “We have had agreements before that were broken before the ink was dry. People will believe it when they see buses crossing at Kalvo,” he said.

        The talks did not produce a ceasefire, and a fourth round is expected next month.

        Clara Voss, the newly elected mayor of Brindlemoor, said the town would “stand with our Dorvan neighbours whatever happens”.
        """,
    ),
    Story(
        outlet="eveningpost",
        slug="two-dead-fuel-riots-tarsenian-capital",
        section="world",
        ago=hours(3, 30),
        headline="Two dead as fuel riots rock Tarsenian capital",
        authors=("Ryan Colley",),
        caption="Burning cars in Corvaine’s Old Town.",
        event="tarsenia-riots",
        body="""
        TWO people have been killed and hundreds arrested after protests over soaring fuel prices turned violent in Corvaine, the capital of Tarsenia.

        Rioters set fire to cars and hurled petrol bombs at police outside the energy ministry as anger boiled over at a 30 per cent rise in pump prices.

        A 23-year-old protester and a police officer died in clashes in the city’s Old Town, officials said. More than 300 people were arrested.

        Prime Minister Anton Keller declared a night-time curfew from 10pm to 5am and warned that “violence will not change the price of a litre of diesel”.

        The fuel hike came after the government scrapped subsidies to secure a Cr 2.4 billion emergency loan from international lenders.

        Taxi driver Goran Ivanek, 41, told reporters: “I spend half my day’s earnings filling the tank. What am I supposed to feed my children with?”

        Calderra’s Foreign Office advised against all but essential travel to Corvaine. Around 2,000 Calderrans live in Tarsenia.
        """,
    ),
    Story(
        outlet="ledger",
        slug="tarsenia-fuel-subsidy-cut-deadly-unrest",
        section="world",
        ago=hours(2, 15),
        headline="Tarsenia fuel subsidy cut sparks deadly unrest, testing loan deal",
        standfirst="Prime Minister Anton Keller insists the reforms attached to a Cr 2.4bn rescue package will go ahead.",
        authors=("Jonas Weir",),
        caption="Riot police in Corvaine.",
        event="tarsenia-riots",
        tags=("Tarsenia", "Emerging markets"),
        body="""
        Deadly riots in Tarsenia’s capital over a 30 per cent jump in fuel prices have raised doubts about the government’s ability to carry out the reforms attached to a Cr 2.4 billion emergency loan, on which the country depends to avoid a default on its foreign debt.

        Two people died and more than 300 were arrested in clashes in Corvaine overnight, the third night of protests since the government removed fuel subsidies that cost the state about 3 per cent of its economic output each year.

        Prime Minister Anton Keller said the subsidy reform would not be reversed. “We did not choose this medicine because it tastes good,” he said in a televised address. But the Finance Minister, Dusan Varga, hinted at targeted support for low-income households and farmers, to be announced within days.

        The subsidy cut is a condition of the first Cr 600 million tranche of the loan, arranged by a group of regional development banks. A review is due next month.

        ## Markets wobble

        Tarsenian ten-year bond yields rose 41 basis points to 10.2 per cent, reversing gains made after this week’s agreement with Dorvan separatists on a prisoner exchange and aid corridor. The Tarsenian mark fell 1.8 per cent against the crown.

        Economists said the unrest followed a pattern seen in other countries that have removed fuel subsidies quickly. “The economics of cutting subsidies are sound; the politics are brutal,” said Eleni Sarris of the Velmont Institute for International Affairs. “Governments that cushion the poorest usually survive it. Those that don’t often end up reversing course.”

        Calderran exports to Tarsenia, mostly machinery and pharmaceuticals, were worth Cr 1.3 billion last year.
        """,
    ),
)
