"""Events ``port-strike`` and ``velmont-budget``; the Evening Post budget story is the one
that is corrected after publication (see ``Revision``)."""

from __future__ import annotations

from datetime import timedelta

from broadsheet.demo.world.model import Revision, Story, hours

_BUDGET_V1 = """
VELMONT households face a 4.9 per cent council tax rise after the city’s Cr 4.8 billion budget scraped through a bad-tempered council meeting just before midnight.

Councillors voted 31 to 24 in favour after a nine-hour debate that saw tempers fray and the public gallery cleared twice.

For a typical Band C home, the rise will add around Cr 96 a year to bills.

Mayor Isidore Kane hailed the budget as “a plan for a city that works”, pointing to money for 200 extra bus drivers and 450 new social homes.

But opposition leader Gerald Osei blasted it as “a tax on families dressed up as investment”.

## Libraries saved

There was one victory for campaigners. Three branch libraries at Eastgate, Millbrook and Fennick Street, which had been earmarked for closure, were saved by a last-minute amendment. The Cr 2.6 million needed to keep them open will come from parking charges.

Library campaigner Joan Pettifer, 71, who had sat in the public gallery since 2pm, said: “I’m exhausted but I’m thrilled. These libraries are lifelines for people who have nowhere else to go.”

Finance chief Councillor Priya Lamont said the city had been forced to make “hard choices” after its borrowing costs rose by Cr 40 million in a year.

The new charges take effect from the start of the next financial year.
"""

_BUDGET_V2 = """
VELMONT households face a 3.9 per cent council tax rise after the city’s Cr 4.8 billion budget scraped through a bad-tempered council meeting just before midnight.

Councillors voted 31 to 24 in favour after a nine-hour debate that saw tempers fray and the public gallery cleared twice.

For a typical Band C home, the rise will add around Cr 76 a year to bills.

Mayor Isidore Kane hailed the budget as “a plan for a city that works”, pointing to money for 200 extra bus drivers and 450 new social homes.

But opposition leader Gerald Osei blasted it as “a tax on families dressed up as investment”.

Mr Osei said this afternoon that his People’s Alliance group would table a motion at next month’s meeting calling for the rise to be phased in over two years. “Families cannot absorb another shock in one go,” he told the Post.

## Libraries saved

There was one victory for campaigners. Three branch libraries at Eastgate, Millbrook and Fennick Street, which had been earmarked for closure, were saved by a last-minute amendment. The Cr 2.6 million needed to keep them open will come from parking charges.

Library campaigner Joan Pettifer, 71, who had sat in the public gallery since 2pm, said: “I’m exhausted but I’m thrilled. These libraries are lifelines for people who have nowhere else to go.”

Finance chief Councillor Priya Lamont said the city had been forced to make “hard choices” after its borrowing costs rose by Cr 40 million in a year.

The new charges take effect from the start of the next financial year.

Correction: an earlier version of this article said council tax would rise by 4.9 per cent, adding Cr 96 a year to a typical bill. The correct figures are 3.9 per cent and Cr 76.
"""

STORIES: tuple[Story, ...] = (
    Story(
        outlet="harbourtimes",
        slug="dockworkers-walk-out-as-talks-collapse",
        section="news",
        ago=hours(9, 5),
        headline="Port Arden dockworkers walk out as pay and automation talks collapse",
        standfirst="Some 3,400 members of the Harbour and Dock Workers’ Union began a 72-hour strike at 6am, leaving 41 ships at anchor in the Gullmouth estuary.",
        authors=("Mara Quillon",),
        role="Transport Correspondent",
        caption="Pickets at Gate 4 on Kingsquay Road, where the walkout began at 6am.",
        event="port-strike",
        tags=("Port Arden", "Strikes", "Shipping"),
        body="""
        Cranes stood idle across Port Arden’s five terminals this morning after talks between the Gullmouth Port Authority and the Harbour and Dock Workers’ Union broke down shortly after midnight, triggering the first full stoppage at the port in eleven years.

        Pickets gathered at Gate 4 on Kingsquay Road from 5.30am, where union organisers handed out coffee and placards reading “People, not robots”. By mid-morning the port authority’s own tracking showed 41 cargo ships waiting at anchor in the estuary, among them two container vessels carrying fruit for supermarkets in Velmont.

        The dispute turns on two issues: a pay offer of 2.1 per cent, which the union says falls far short of inflation, and the authority’s plan to introduce remote-controlled cranes at the new Kingsquay Terminal. The union has warned that the automation programme could cost as many as 600 jobs over five years.

        ## ‘We were ready to talk all night’

        Rosalind Achterberg, general secretary of the HDWU, said her negotiators had left the table only after the authority refused to put a no-redundancy guarantee in writing.

        > “We were ready to talk all night, and we did. What we were not ready to do was sign away 600 jobs on a handshake,” Ms Achterberg told reporters outside the union’s offices on Ropewalk Street.

        Declan Morrow, chief executive of the Gullmouth Port Authority, said the offer on the table was “fair and affordable” and that automation was needed to keep Port Arden competitive with larger ports along the coast. “Nobody will be made compulsorily redundant. We have said that publicly, and we will say it again at the table,” he said.

        Among those on the picket line was Tomas Reyne, 52, who has driven straddle carriers at the port for 24 years. “My father worked these quays, and I want my son to have the chance to,” he said.

        The Transport Minister, Helena Straud, urged both sides to return to talks brokered by the national conciliation service. The strike is due to end at 6am on the third day unless an agreement is reached sooner.
        """,
    ),
    Story(
        outlet="eveningpost",
        slug="empty-shelves-warning-port-strike",
        section="news",
        ago=hours(6, 40),
        headline="Empty shelves warning as port strike leaves fruit stuck at sea",
        authors=("Gemma Pryce",),
        caption="Gaps on the fruit aisle at a Farrow’s store in Eastgate.",
        event="port-strike",
        tags=("Strike", "Shopping"),
        body="""
        SHOPPERS in Velmont were last night warned to expect gaps on supermarket shelves after a walkout by dockers at Port Arden left dozens of ships stranded offshore.

        Bananas, citrus fruit and salad crops are among the goods stuck on vessels anchored in the Gullmouth estuary as the 72-hour strike by 3,400 port workers bites.

        Supermarket giant Farrow’s, which runs 112 stores across Calderra, said it was “monitoring the situation closely” and had started diverting some deliveries by road from northern ports.

        But one store manager in Eastgate, who asked not to be named, told the Post: “We had half a lorry this morning instead of two. If this goes on past the weekend, the fruit aisle is going to look very sad.”

        Mum-of-three Kerry Dunmore, 34, shopping at Farrow’s on Kingsmead Parade, said: “Prices are high enough already. Now we can’t even get the basics. It’s the kids I feel for.”

        ## Why are they striking?

        Dockers are furious at a 2.1 per cent pay offer and plans for robot cranes that union bosses claim could wipe out 600 jobs.

        The Harbour and Dock Workers’ Union, led by firebrand Rosalind Achterberg, walked out after all-night talks collapsed.

        Retail consultant Bernard Osgood said fresh produce would be hit first. “Tinned and dried goods are fine for weeks. Anything with a short shelf life, like berries, lettuce and tomatoes, you’ll notice within days,” he said.

        The Gullmouth Port Authority insists no jobs will be forced out and says its door “remains open”.
        """,
    ),
    Story(
        outlet="ledger",
        slug="port-arden-strike-trade-at-risk",
        section="economy",
        ago=hours(4, 15),
        headline="Port Arden strike puts Cr 60m of daily trade at risk, exporters warn",
        standfirst="Shipping shares fall as the Chamber of Commerce urges ministers to intervene in the dockworkers’ dispute.",
        authors=("Henrik Solberg",),
        caption="Container ships at anchor off Port Arden.",
        event="port-strike",
        tags=("Shipping", "Trade", "Labour"),
        body="""
        A three-day strike at Port Arden could disrupt around Cr 60 million of trade a day, the Calderra Chamber of Commerce estimated, as exporters scrambled to reroute cargo through smaller northern harbours with limited container capacity.

        Port Arden handles roughly 38 per cent of Calderra’s container traffic and almost all of its refrigerated imports. The Gullmouth Port Authority reported 41 vessels waiting at anchor by mid-morning, against a typical queue of four or five.

        Shares in Brannock Shipping, which operates two of the port’s five terminals, fell 3.2 per cent to Cr 18.40 in Velmont trading. Logistics group Corran Freight lost 1.9 per cent.

        Piet Lindqvist, director of trade policy at the Chamber, said members were already paying demurrage charges of up to Cr 40,000 a day per ship. “Every day of delay is a cost that lands somewhere, usually on the customer,” he said. “We would urge the government to use every tool it has to get both sides back to the table.”

        ## Automation at the heart of the dispute

        The Harbour and Dock Workers’ Union rejected a 2.1 per cent pay offer and is seeking a written guarantee against redundancies linked to the Cr 310 million Kingsquay Terminal, where the port authority plans to install remote-operated cranes next year.

        Analysts at Velmont brokerage Halden & Crisp said the stoppage was unlikely to dent quarterly growth figures on its own. “A 72-hour strike is a nuisance for the economy, not a shock,” wrote Ingrid Lowe, the firm’s chief economist. “A rolling programme of strikes would be a different matter.”

        The port authority, which is owned jointly by the state and the city of Port Arden, reported an operating profit of Cr 142 million last year.
        """,
    ),
    Story(
        outlet="courier",
        slug="highland-distillers-port-walkout",
        section="business",
        ago=hours(2, 50),
        headline="Highland distillers fear export delays as port walkout halts shipments",
        authors=("Morag Keillor",),
        caption="Casks awaiting shipment at Askerby Distillery.",
        event="port-strike",
        body="""
        Whisky makers in the Kestrel Highlands say shipments bound for overseas customers are stuck in warehouses after the strike at Port Arden brought loading to a halt.

        Askerby Distillery, which exports around 70 per cent of its output, had 14 containers booked onto a vessel due to sail from the port this week. Managing director Fiona Dalgleish said the distillery had been told the sailing was “postponed indefinitely”.

        “We have customers in twelve countries waiting for stock, and some of them have launch orders riding on it,” she said. “We understand the dockers have their reasons, but for a small business up here a few days can become a few weeks very quickly.”

        Other firms in the area reported similar problems. A spokesman for Draymere Woollens said a consignment of knitwear was sitting in a haulage yard outside Velmont with nowhere to go.

        The Harbour and Dock Workers’ Union began its 72-hour stoppage after talks with the Gullmouth Port Authority broke down over pay and the introduction of automated cranes.

        Highland Council’s economic development convener, Councillor Euan Strachan, said he would write to the Transport Minister asking for Highland exporters to be considered in any contingency plans. “Our firms are a long way from the port, but they depend on it completely,” he said.

        Road hauliers said alternative sailings from the northern harbour at Skerrow were already fully booked for the next fortnight.
        """,
    ),
    Story(
        outlet="eveningpost",
        slug="council-tax-rise-budget-squeaks-through",
        section="news",
        ago=hours(22, 10),
        headline="Council tax to rise as Velmont budget squeaks through after marathon row",
        authors=("Liam Harte",),
        caption="Campaigners in the public gallery at Velmont City Hall.",
        event="velmont-budget",
        tags=("Council", "Velmont"),
        body=_BUDGET_V1,
        revision=Revision(
            body=_BUDGET_V2,
            updated_ago=timedelta(0),
            note="4.9% corrected to 3.9% (Cr 96 to Cr 76), Osei paragraph and correction line added",
        ),
    ),
    Story(
        outlet="harbourtimes",
        slug="velmont-passes-budget-after-nine-hour-debate",
        section="news",
        ago=hours(20, 30),
        headline="Velmont passes Cr 4.8bn budget after nine-hour debate",
        standfirst="Three branch libraries were saved by a late amendment, but the opposition says a 3.9% tax rise will hit families hardest.",
        authors=("Owen Castell",),
        role="Political Correspondent",
        caption="Velmont City Hall, where the budget debate ran until 11.40pm.",
        event="velmont-budget",
        tags=("Politics", "Velmont"),
        body="""
        Velmont City Council approved a Cr 4.8 billion budget for the coming year by 31 votes to 24 late last night, after a nine-hour session that ended at 11.40pm.

        The budget raises the city’s property levy by 3.9 per cent, funds the recruitment of 200 bus drivers to restore cancelled routes, and commits Cr 95 million to building 450 social homes over three years.

        Councillor Priya Lamont, who chairs the finance committee, told the chamber that rising interest payments had added Cr 40 million to the city’s costs. “We have protected frontline services and found savings elsewhere, but we cannot pretend that money is free any more,” she said.

        The most significant change came shortly after 10pm, when an amendment tabled by two members of the ruling Civic Party passed with opposition support. It reverses planned closures of the Eastgate, Millbrook and Fennick Street libraries, funded by Cr 2.6 million from on-street parking income.

        Gerald Osei, leader of the opposition People’s Alliance group, said the budget leaned too heavily on households. “The mayor has balanced his books by asking families to pay more for less,” he said.

        Mayor Isidore Kane said the vote showed the council could still make difficult decisions. He is expected to face questions about a Cr 18 million fund for road repairs, which critics say is too small to clear the city’s backlog of 31,000 reported potholes.

        The budget now goes to the city’s auditors for a statutory review before taking effect at the start of the financial year.
        """,
    ),
    Story(
        outlet="ledger",
        slug="velmont-leans-on-property-levy",
        section="policy",
        ago=hours(15, 45),
        headline="Velmont leans on property levy as borrowing costs climb Cr 40m",
        standfirst="The capital’s budget relies on a 3.9% levy rise and a drawdown of reserves, raising questions about its credit rating.",
        authors=("Anneke Vos",),
        caption="Velmont’s interest bill is forecast to reach Cr 212 million.",
        event="velmont-budget",
        tags=("Public finance", "Velmont", "Bonds"),
        body="""
        Velmont’s newly approved budget leans heavily on a 3.9 per cent increase in the property levy and a Cr 55 million drawdown from reserves to absorb a sharp rise in debt-service costs, according to documents published alongside last night’s vote.

        The city’s interest bill is forecast to reach Cr 212 million in the coming year, up from Cr 172 million, as fixed-rate loans taken out a decade ago are refinanced at higher rates. Debt service will account for 4.4 per cent of total spending, the highest share since the city began publishing comparable figures.

        Councillors approved the Cr 4.8 billion plan by 31 votes to 24.

        Credit analysts said the use of reserves would be watched closely. “Drawing down reserves once is a choice. Doing it two years running starts to look like a structural gap,” said Tobias Renn, head of public finance at Castellan Ratings, which rates Velmont’s debt at AA-minus with a stable outlook.

        ## Where the money goes

        Transport receives the largest increase, with Cr 31 million for recruiting 200 bus drivers and restoring routes cut last year. Housing capital spending rises to Cr 95 million over three years.

        Savings of Cr 63 million are to come mostly from back-office restructuring and a freeze on 300 vacant posts, according to the finance committee’s report. A late amendment reversed Cr 2.6 million of planned library closures, funded from parking income.

        Velmont’s ten-year municipal bonds were little changed in early trading, yielding 4.31 per cent.
        """,
    ),
)
