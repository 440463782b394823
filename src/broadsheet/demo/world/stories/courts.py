"""Two trials opening the same week that must not be merged: ``trial-lesage`` (fraud at a
water utility, Velmont) and ``trial-pike`` (a quarry worker's death, Brindlemoor)."""

from __future__ import annotations

from broadsheet.demo.world.model import Story, hours

STORIES: tuple[Story, ...] = (
    Story(
        outlet="harbourtimes",
        slug="calder-water-finance-chief-fraud-trial",
        section="news",
        ago=hours(30, 20),
        headline="Former Calder Water finance chief ‘invented consultancy to siphon Cr 3.2m’, jury told",
        standfirst="Victor Lesage denies fraud and money laundering at the start of a trial expected to last six weeks.",
        authors=("Rachel Imrie",),
        role="Courts Reporter",
        caption="Velmont Crown Court, where the trial is expected to last six weeks.",
        event="trial-lesage",
        tags=("Courts", "Calder Water"),
        body="""
        A former finance director of Calder Water created a fictitious consultancy and used it to divert Cr 3.2 million of public money into his own pocket over six years, a jury at Velmont Crown Court was told yesterday.

        Victor Lesage, 58, of Hillcrest Avenue, Velmont, denies two counts of fraud by abuse of position and two counts of money laundering. His brother-in-law, Hugo Marrin, 61, denies one count of money laundering.

        Opening the prosecution case, Marcus Adeyemi said Mr Lesage had approved 140 invoices from a company called Greyfen Consulting for work that was “never commissioned, never carried out and never delivered”. Greyfen, the court heard, was registered to Mr Marrin’s address and had no employees.

        “The defendant was the man whose job it was to protect this money,” Mr Adeyemi told the jury. “Instead, the Crown says, he treated the accounts of a public utility as a personal savings scheme.”

        The jury heard that payments to Greyfen were kept below Cr 25,000, the threshold above which a second signature was required. Investigators later traced funds to the purchase of a 14-metre motor yacht moored at Port Arden marina and to the training fees of two racehorses.

        The alleged fraud came to light when a newly appointed internal auditor, Leah Fontaine, noticed that Greyfen’s invoices used the same template as Calder Water’s own purchase orders.

        Sofia Brandt, for Mr Lesage, told the jury that her client would say the payments were for genuine advisory work and that “sloppy paperwork is not a crime”.

        Judge Eleanor Whitcombe told jurors the case was expected to last six weeks. The trial continues.
        """,
    ),
    Story(
        outlet="ledger",
        slug="calder-water-governance-fraud-trial",
        section="companies",
        ago=hours(27, 40),
        headline="Calder Water governance under scrutiny as fraud trial opens",
        standfirst="The utility’s controls allowed 140 invoices below a Cr 25,000 sign-off threshold, prosecutors say.",
        authors=("Clara Mendes",),
        caption="Calder Water supplies 1.9 million people in and around Velmont.",
        event="trial-lesage",
        tags=("Utilities", "Governance"),
        body="""
        The trial of Calder Water’s former finance director has turned a spotlight on the internal controls at the state-owned utility, which supplies 1.9 million people in and around Velmont and is preparing a Cr 1.1 billion bond programme to fund pipe replacement.

        Prosecutors allege that Victor Lesage, who ran the company’s finance function for nine years until his dismissal, approved 140 invoices worth Cr 3.2 million from Greyfen Consulting, a company with no staff. Each invoice was kept under Cr 25,000, the level at which a second approval was required. Mr Lesage denies fraud and money laundering.

        Calder Water said in a statement that it had “comprehensively overhauled” its procurement rules since the allegations surfaced, lowering the dual-signature threshold to Cr 5,000 and introducing automated checks for duplicate suppliers. Its chairman, Roland Ekberg, is due to appear before parliament’s public accounts committee next month.

        The Water Services Regulator fined the company Cr 4 million last year for separate failings in leakage reporting.

        ## Bond investors watching

        The utility’s outstanding debt of Cr 2.7 billion is rated A by Castellan Ratings. “A fraud of this size is not a credit event for a company with revenues of Cr 640 million,” said Tobias Renn, head of public finance at the agency. “What matters for us is whether the governance reforms stick.”

        Calder Water’s current chief financial officer, Yasmin Holt, told analysts earlier this year that the bond programme would go ahead once the company’s accounts had been signed off without qualification.

        The trial at Velmont Crown Court is expected to last six weeks.
        """,
    ),
    Story(
        outlet="eveningpost",
        slug="water-boss-spent-cash-on-yacht",
        section="news",
        ago=hours(28, 55),
        headline="Water boss ‘spent public cash on yacht and racehorses’",
        authors=("Liam Harte",),
        caption="Victor Lesage arrives at Velmont Crown Court.",
        event="trial-lesage",
        body="""
        A FORMER water company boss blew public money on a luxury yacht and racehorses, a court heard.

        Victor Lesage, 58, is accused of pocketing Cr 3.2 million from Calder Water, the firm that supplies taps across Velmont, by paying invoices to a fake consultancy.

        Jurors were told the so-called Greyfen Consulting had no staff, no office and did no work. It was registered to the home of Lesage’s brother-in-law, Hugo Marrin, 61.

        Prosecutor Marcus Adeyemi said the cash paid for a 14-metre motor yacht berthed at Port Arden marina and the training bills of two racehorses, named Copper Kettle and Night Tariff.

        Each of the 140 payments was kept just under Cr 25,000 so that no one else had to sign it off, the court heard.

        Lesage, of Hillcrest Avenue, denies fraud and money laundering. Marrin denies money laundering.

        Outside court, pensioner Derek Wynn, 73, who had come to watch the case, said: “My water bills have gone up three years running. I want to know where the money went.”

        The trial, expected to last six weeks, continues.
        """,
    ),
    Story(
        outlet="bugle",
        slug="quarry-boss-ignored-warnings-court-hears",
        section="courts",
        ago=hours(33, 10),
        headline="Quarry boss ignored warnings before worker died, court hears",
        authors=("Beth Kinsella",),
        caption="The north face of the Hatchet Lane quarry.",
        event="trial-pike",
        body="""
        The owner of a Sallow Valley quarry ignored a written warning that a rock face was unstable six weeks before it collapsed and killed one of his workers, a jury has heard.

        Gordon Pike, 63, managing director of Sallow Valley Quarries Ltd, denies gross negligence manslaughter over the death of Daniel Orme at the company’s Hatchet Lane site, just outside Brindlemoor. The company, which is also on trial, denies corporate manslaughter and breaches of health and safety law.

        Mr Orme, a 34-year-old father of two from Thornby, was operating an excavator at the foot of the quarry’s north face when an estimated 800 tonnes of rock fell on the cab.

        Opening the case at Brindlemoor Crown Court, prosecutor Imogen Hale said a geotechnical engineer had inspected the face and sent Mr Pike a report recommending that work below it stop until it had been stabilised. “That report was read. It was not acted on,” she said. Blasting on the face continued for another five weeks, the jury heard.

        Ms Hale said the prosecution would also show that the company had cut its safety staff from three to one in the year before the collapse.

        Mr Orme’s partner, Kayleigh Benn, sat in the public gallery with members of his family as the evidence was outlined.

        Richard Okafor, for Mr Pike, said his client had been “devastated” by the death and would tell the jury he believed the necessary precautions had been taken.

        Judge Simon Carberry told the jury the trial would last about three weeks.
        """,
    ),
    Story(
        outlet="valleyrecord",
        slug="quarry-collapse-trial-orme-family",
        section="news",
        ago=hours(31, 30),
        headline="Quarry collapse trial: family of Daniel Orme hope for answers",
        authors=("Tom Ashdown",),
        caption="Pauline Orme outside Brindlemoor Crown Court.",
        event="trial-pike",
        body="""
        For two years, the family of Daniel Orme have driven past the gates of the Hatchet Lane quarry where he died without knowing exactly why the rock face above him gave way. This week, as the trial of the quarry’s owner opened at Brindlemoor Crown Court, they hoped to begin to find out.

        Gordon Pike, managing director of Sallow Valley Quarries Ltd, denies gross negligence manslaughter. His company denies corporate manslaughter. The prosecution says Mr Pike received a geotechnical report warning that the north face was unstable six weeks before it collapsed onto the excavator Mr Orme was driving.

        Mr Orme’s mother, Pauline Orme, said outside court that the family had waited “far too long” for the case to be heard. “Danny went to work and didn’t come home. All we have ever wanted is for somebody to explain how that was allowed to happen,” she said.

        ## A dangerous industry

        Quarrying remains one of Calderra’s most dangerous occupations. Figures from the Health and Safety Inspectorate show that 11 workers have died in quarries across the country in the past five years, four of them in rockfalls.

        Graham Ellery, regional organiser for the Construction and Extractive Workers’ Union, said the case was being watched across the industry. “Every quarry worker in the valley knows someone who has had a near miss. This trial matters to all of them,” he said.

        Hatchet Lane quarry, which produces limestone for road building, reopened eight months after the collapse under new management arrangements approved by the inspectorate. Sallow Valley Quarries employs 46 people.

        The trial continues.
        """,
    ),
)
