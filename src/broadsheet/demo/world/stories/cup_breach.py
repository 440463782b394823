"""Events ``cup-final`` (a football final seen from both towns) and ``lumora-breach``
(one data breach told as a technical story, a markets story and a consumer explainer)."""

from __future__ import annotations

from broadsheet.demo.world.model import Story, hours

STORIES: tuple[Story, ...] = (
    Story(
        outlet="harbourtimes",
        slug="okoro-strike-ends-mariners-wait-for-calder-cup",
        section="sport",
        ago=hours(14, 5),
        headline="Okoro’s extra-time strike ends Mariners’ 27-year wait for the Calder Cup",
        standfirst="Port Arden came from behind to beat ten-man Brindlemoor Athletic 2–1 in front of 48,210 at Kingsmead.",
        authors=("Callum Dewar",),
        role="Chief Football Writer",
        caption="Aled Rhys lifts the Calder Cup at Kingsmead Stadium.",
        event="cup-final",
        tags=("Football", "Port Arden Mariners"),
        body="""
        Danny Okoro had been on the pitch for eleven minutes when the ball dropped to him twenty yards out in the 112th minute. He did not hesitate, and neither did the 15,000 Mariners supporters behind the goal at the north end of Kingsmead Stadium, who were already celebrating as his shot flew into the top corner.

        It was a goal worthy of winning any final, and it brought the Calder Cup back to Port Arden for the first time since 1997.

        For long spells it looked as though Brindlemoor Athletic, the second-tier side playing in their first final, would complete a remarkable run. Jonas Threlkeld gave them the lead in the 34th minute, sliding in at the far post after the Mariners’ defence failed to clear a long throw.

        The Mariners, so fluent in the league this season, looked nervous. Sigrid Holm’s side did not manage a shot on target until the 58th minute, and it took a set piece to level the score: Elias Varro rose above two defenders to head home Aled Rhys’s corner in the 71st minute.

        ## Red card changes the game

        The decisive moment came eight minutes into extra time, when Brindlemoor’s Callum Frew was shown a second yellow card for a late challenge on Varro. Against ten men, Holm sent on Okoro, and the substitute repaid her.

        “I told him to shoot if he saw the goal. He saw it,” Holm said afterwards. “These players have given this city something it has waited a very long time for.”

        Rhys, the Mariners’ captain, lifted the trophy to a roar that, by some accounts, could be heard on the quays. The team will parade the cup through Port Arden on an open-top bus, finishing at the Custom House steps.
        """,
    ),
    Story(
        outlet="bugle",
        slug="heartbreak-for-athletic-in-calder-cup-final",
        section="sport",
        ago=hours(13, 20),
        headline="Heartbreak for Athletic as ten men fall in extra time",
        authors=("Jake Morley",),
        caption="Brindlemoor Athletic fans in the south stand at Kingsmead.",
        event="cup-final",
        body="""
        Brindlemoor Athletic’s fairytale run to the Calder Cup final ended in heartbreak at Kingsmead Stadium, where ten-man Athletic were beaten 2–1 by Port Arden Mariners after extra time.

        Around 9,000 Athletic fans made the trip to Velmont, filling the south stand with claret and gold, and for more than an hour they dared to dream. Jonas Threlkeld’s 34th-minute goal, bundled in at the far post, sent that end of the ground into raptures.

        But the Mariners, a top-flight side with a wage bill several times larger than Athletic’s, equalised through Elias Varro’s header from a corner in the 71st minute.

        The turning point came in extra time, when defender Callum Frew, already booked, was sent off for a late tackle. With ten men and tired legs, Athletic could not stop substitute Danny Okoro’s long-range winner in the 112th minute.

        Athletic manager Pete Carrick said he had “never been prouder” of a group of players. “Nobody gave us a chance when we started this run in a rainy second-round tie against Askerby Rovers. We have taken a second-tier club to a national final and pushed the best side in the country all the way,” he said.

        ## Homecoming planned

        Frew apologised to supporters on social media. “I let the lads down. I will make it up to you,” he wrote.

        The club said the players would return to Brindlemoor this afternoon and would greet fans outside the Millfield Road ground at 5pm. Town councillors have suggested a civic reception to mark the best season in the club’s 118-year history.
        """,
    ),
    Story(
        outlet="eveningpost",
        slug="mariners-magic-super-sub-okoro",
        section="sport",
        ago=hours(15, 0),
        headline="MARINERS’ MAGIC: super-sub Okoro wins it at the death",
        authors=("Danny Flint",),
        caption="Danny Okoro celebrates his winning goal.",
        event="cup-final",
        body="""
        SUPER-SUB Danny Okoro fired Port Arden Mariners to Calder Cup glory with a stunning extra-time screamer at a packed Kingsmead.

        The 22-year-old striker, on the pitch for just eleven minutes, smashed home from 20 yards to seal a 2–1 win over plucky Brindlemoor Athletic and spark wild scenes among the 48,210 crowd.

        Underdogs Athletic had stunned the capital when Jonas Threlkeld poked them ahead after 34 minutes.

        But big centre-back Elias Varro headed the Mariners level from a corner with 19 minutes of normal time left, and the game swung when Athletic defender Callum Frew saw red for a second booking in extra time.

        Okoro, who joined from Velmont Rovers for Cr 1.2 million in the summer, said: “I just hit it and prayed. This is for my mum, she’s been at every game since I was six.”

        Boss Sigrid Holm, who was drenched with water by her players during her post-match interview, joked: “I’ll need a new suit.”

        It is the Mariners’ first Calder Cup since 1997, and skipper Aled Rhys promised fans “the party of the century” when the squad parades the trophy through Port Arden.
        """,
    ),
    Story(
        outlet="signal",
        slug="lumora-breach-how-attackers-got-in",
        section="security",
        ago=hours(12, 30),
        headline="Lumora breach: how attackers got into payroll data for 2.3 million people",
        standfirst="The intruders exploited a flaw in a third-party file-transfer tool and went unnoticed for nine days, according to Lumora’s disclosure.",
        authors=("Ada Kwan", "Felix Durand"),
        caption="Lumora Systems’ headquarters in Velmont’s Docklands district.",
        event="lumora-breach",
        tags=("Security", "Data breach", "Lumora"),
        body="""
        Lumora Systems, the Velmont company whose payroll software pays roughly one in eight workers in Calderra, has confirmed that attackers stole personal data belonging to 2.3 million people after breaking into a file-transfer server used to exchange payroll files with customers.

        In a disclosure published on its website and filed with the Velmont stock exchange, Lumora said the intruders exploited a vulnerability in ShuttleFTP, a managed file-transfer product made by another company, to gain access to the server. They remained inside the network for nine days before unusual outbound traffic triggered an alert.

        The stolen files include names, home addresses, dates of birth and citizen numbers. For about 410,000 people, the files also contained the bank account numbers used to pay their salaries.

        ## A familiar pattern

        The attack follows a pattern security researchers have seen repeatedly: a file-transfer appliance exposed to the internet, a newly discovered flaw, and a rush by criminals to exploit it before customers patch.

        Mateus Kline, a researcher at Harrowgate Labs who has tracked the flaw, said scanning for vulnerable ShuttleFTP servers began within hours of the vendor’s security advisory. “Anyone who had not patched within the first day should assume they were hit,” he said. According to Kline, at least 60 organisations worldwide still run the affected version.

        A group calling itself Greywake claimed responsibility on its leak site and posted what it said were samples of the data. Signal has seen the samples, which appear to include payslips from at least three employers. Lumora did not say whether it had received a ransom demand.

        Oskar Vintner, Lumora’s chief executive, apologised to customers and their employees. “We have fallen short of the standard people rightly expect of us,” he said in a video statement. The company is offering affected people two years of free credit monitoring.

        The Data Protection Commissioner, Miriam Saldana, said her office had opened an investigation. Lumora says it has taken the server offline, rotated all credentials and hired the incident-response firm Tessellate Security to investigate.
        """,
    ),
    Story(
        outlet="ledger",
        slug="lumora-shares-slide-after-data-breach",
        section="companies",
        ago=hours(10, 5),
        headline="Lumora shares slide 11% after data breach hits 2.3 million",
        standfirst="Analysts warn of regulatory fines and lost customers at the payroll software group.",
        authors=("Clara Mendes",),
        caption="Lumora’s shares had their worst day since the company listed.",
        event="lumora-breach",
        tags=("Technology", "Equities"),
        body="""
        Shares in Lumora Systems fell 11 per cent to Cr 42.15 in Velmont, their biggest one-day drop since the company listed six years ago, after the payroll software group disclosed a data breach affecting 2.3 million people.

        The decline wiped about Cr 610 million off Lumora’s market value. The company, which reported revenue of Cr 880 million last year, serves around 3,000 employers, including several government agencies.

        Lumora said attackers had exploited a flaw in a third-party file-transfer product to reach payroll files, including the bank details of 410,000 people. The company did not estimate the cost of the incident but said it held cyber insurance.

        Analysts said the financial hit would depend on how many customers leave and on the size of any fine. The Data Protection Commissioner can impose penalties of up to 4 per cent of global turnover, which for Lumora would mean as much as Cr 35 million.

        “Payroll is sticky. Switching providers is painful, so we don’t expect a mass exodus,” said Raisa Petrov, software analyst at Halden & Crisp. “But renewal negotiations will get harder for a couple of years, and the public sector contracts are the ones to watch.”

        ## Peers also lower

        Rival HR software firm Northvale Cloud fell 2.4 per cent as investors reassessed risks across the sector.

        Lumora’s chief executive, Oskar Vintner, is scheduled to present half-year results in three weeks. Some analysts said they expected the company to lower its profit guidance then.
        """,
    ),
    Story(
        outlet="eveningpost",
        slug="lumora-data-breach-are-you-affected",
        section="money",
        ago=hours(7, 15),
        headline="Are YOU affected? What to do after the Lumora payroll data breach",
        authors=("Sasha Brennan",),
        caption="Lumora’s software is used by around 3,000 employers.",
        event="lumora-breach",
        body="""
        MILLIONS of workers could have had their personal details stolen in a massive hack at payroll firm Lumora Systems.

        The Velmont company, whose software is used by around 3,000 employers to pay staff, says hackers got hold of the names, addresses, dates of birth and citizen numbers of 2.3 million people. For 410,000 of them, bank account details were also taken.

        Here’s what you need to know.

        ## How do I know if I’m affected?

        Lumora says it will write to everyone whose data was taken within 14 days. Your employer may also tell you. If your payslip has a Lumora logo in the corner, your company uses its software, but that does not mean your data was stolen.

        ## What should I do now?

        Experts say you should watch your bank account closely for unusual payments and be wary of emails, texts or calls claiming to be from Lumora, your employer or your bank.

        “Criminals love a headline like this. They’ll send messages saying you’re owed compensation and ask for your details. Don’t click,” said Janet Moyo of consumer group Fair Deal Calderra.

        ## Can I get compensation?

        Lumora is offering two years of free credit monitoring. Lawyers say affected workers may be able to claim compensation if they suffer financial loss or distress, but it is too early to say.

        The firm’s chief executive, Oskar Vintner, said sorry and promised to “make this right”.
        """,
    ),
)
