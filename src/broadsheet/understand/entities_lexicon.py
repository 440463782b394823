"""Word lists the rule-based entity recogniser reads its cues from.

All entries are lower case. The lists are cues, not a gazetteer of the world: a name that
is on none of them is still found when its context says what it is (``Mayor Helen Voss``,
``in Velmont``, ``Arden Port Authority``). Only countries and the best-known cities and
organisations are listed outright, because news mentions them bare.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _lines(text: str) -> frozenset[str]:
    return frozenset(line.strip() for line in text.strip().splitlines() if line.strip())


# Words placed before a person's name ("Mayor Helen Voss", "Dr Okafor").
TITLES = _words(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady mayor president minister judge
    justice inspector detective sergeant constable superintendent chief councillor
    senator governor chancellor captain coach bishop archbishop father rev reverend pope
    king queen prince princess duke duchess general colonel major lieutenant admiral
    commander commissioner sheriff officer ambassador premier deputy secretary speaker
    sen rep gov gen col sgt capt lt supt insp det cllr
    """
)

# Lower-case nouns that introduce a person's name ("union secretary Maria Okafor").
PERSON_ROLES = _words(
    """
    secretary executive director minister spokesman spokeswoman spokesperson chairman
    chairwoman chair president leader head owner founder manager coach striker goalkeeper
    defender midfielder forward captain player judge lawyer barrister solicitor prosecutor
    attorney officer inspector detective analyst economist professor researcher scientist
    doctor surgeon nurse teacher resident worker farmer mayor councillor candidate mp
    senator governor correspondent reporter editor author writer novelist poet artist
    painter singer actor actress musician curator chef driver pilot engineer seismologist
    volunteer firefighter commissioner ambassador envoy negotiator mediator chancellor
    deputy official activist campaigner organiser organizer architect historian
    geologist meteorologist forecaster spokesperson boss ceo cfo chairperson treasurer
    superintendent sergeant constable witness defendant accused victim survivor son
    daughter wife husband mother father brother sister widow neighbour neighbor colleague
    cousin grandmother grandfather fisherman docker dockworker shopkeeper landlord tenant
    skipper keeper mum dad grandad nan auntie uncle
    student pupil graduate director-general premier president-elect incumbent challenger
    rival opponent winner runner-up referee umpire manager-elect economist strategist
    physician paramedic pathologist coroner magistrate juror developer programmer
    """
)

# Lower-case words after an organisation's name ("Calder Water finance director").
ORG_FOLLOWERS = _words(
    """
    spokesman spokeswoman spokesperson employees staff shares shareholders headquarters
    board executives chief director directors customers members chairman chairwoman
    boss bosses subsidiary investors workforce accounts
    """
)

# Lower-case nouns that name a kind of organisation, before a name or in apposition.
ORG_NOUNS = _words(
    """
    company firm airline carrier bank lender insurer group charity maker manufacturer
    retailer operator supplier utility developer publisher broadcaster newspaper agency
    startup start-up club team side union association council party regulator watchdog
    business chain brand label studio consultancy nonprofit non-profit organisation
    organization outfit conglomerate subsidiary distributor wholesaler vendor provider
    insurer hospital university school college museum gallery campaign society trust
    """
)

# Lower-case nouns that name a kind of place.
PLACE_NOUNS = _words(
    """
    town city village island country region capital river district suburb port county
    province state valley hamlet neighbourhood neighborhood borough municipality
    """
)

# Last words of organisation names.
ORG_SUFFIXES = _words(
    """
    ltd limited inc incorporated plc llc llp corp corporation co company group holdings
    systems technologies technology labs laboratories partners bank airlines airways
    energy media motors pharmaceuticals pharma insurance capital industries mining water
    council ministry department union agency authority university college school academy
    institute foundation trust hospital clinic association federation party committee
    commission court police service services board office club fc united athletic rovers
    wanderers league society assembly parliament senate congress government
    cabinet army navy force forces guard brigade times post news herald gazette journal
    press tribune chronicle observer telegraph guardian mail standard courier express
    review magazine radio television tv network broadcasting exchange fund bureau
    directorate secretariat tribunal coalition alliance movement front organisation
    organization network institute centre center museum gallery theatre theater orchestra
    opera ballet library archive archives consortium cooperative co-operative railway
    railways rail lines shipping logistics freight utilities utility consulting consultancy
    commissioner security cloud
    finance homes survey team distillery networks works zoo shop store stores cafe café
    bakery pub inn hotel restaurant brewery dairy infirmary
    associates solutions software ratings regulator watchdog inspectorate ombudsman studios
    foods farms brewery airport hospitals trust airlines partnership fc
    """
)

# Words that start organisation names when followed by "of" ("Bank of Calderra").
ORG_HEADS = _words(
    """
    bank ministry university department office institute council chamber court board
    college school academy federation association union church museum society commission
    committee bureau agency authority league house
    """
)

# Last words of the names of events, which are none of the three kinds ("Calder Cup").
EVENT_SUFFIXES = _words(
    """
    cup championship championships games olympics open festival awards award prize war age
    era
    summit conference expo trophy final finals derby marathon tournament series season
    """
)

# Last words of place names ("Sallow Ridge", "Veska Island", "Kestrel Highlands").
PLACE_SUFFIXES = _words(
    """
    island islands isle isles highlands lowlands ridge river valley street road lane
    avenue bay mountains mountain hills hill lake sea ocean coast republic kingdom county
    province region district square bridge heights forest strait gulf peninsula desert
    plain plains moor moors falls canyon cross green heath wells estuary delta harbour
    harbor quay quays docks sound channel point head marsh fen woods wood park gardens
    basin plateau glen dale vale peak pass shore shores beach cove creek springs borough
    township village territory territories state states emirates city town stadium arena
    row church chapel cathedral abbey farm rooms wynd crescent terrace drive way close mews
    station terminal tower market house hall ground grounds marina
    """
)

# First words of place names ("Port Arden", "Mount Kerr", "Lake Orvin").
PLACE_PREFIXES = _words(
    """
    port mount mt lake cape fort saint st san santa sao new north south east west upper river
    lower greater little great
    """
)

# Prepositions that put the following name in a place ("in Velmont").
PLACE_PREPOSITIONS = _words("in near outside across around throughout towards toward off inside")
WEAK_PLACE_PREPOSITIONS = _words("from to at into via across between through")

# Verbs of saying: the name next to them is usually a person.
SPEECH_VERBS = _words(
    """
    said says told added explained argued insisted warned admitted asked replied wrote
    recalled claimed noted urged denied confirmed
    """
)

# Capitalised words that are not names: function words and calendar words.
NOT_NAMES = _words(
    """
    i a an the this that these those he she it they we you his her its their our my your
    but and or nor so yet if when while after before as in on at for from with by to of
    however meanwhile still also then now instead although though because since many most
    some several both all each no not what why how who where which there here yes
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday tomorrow
    tonight mr mrs ms dr prof sir madam one two three four five six seven eight nine ten
    first second third last next new read more photo video watch listen update updated
    breaking live analysis opinion comment editorial exclusive subscribe advertisement
    """
)

# Capitalised abbreviations that are not organisations.
NOT_ACRONYMS = _words(
    """
    hr it ai tv ceo cfo coo cto gdp pm am ok id pin vat ftp pdf usb gps dna covid faq cctv
    mp mps ft km kg mph bst gmt utc ad bc phd bbq sms app api vip
    """
)

# Nationality and other group adjectives that are capitalised but are not entities.
DEMONYMS = _words(
    """
    american british english scottish welsh irish french german italian spanish portuguese
    dutch belgian swiss austrian polish czech slovak hungarian romanian bulgarian greek
    turkish russian ukrainian belarusian chinese japanese korean indian pakistani afghan
    iranian iraqi syrian lebanese israeli palestinian egyptian saudi emirati qatari
    african nigerian kenyan ethiopian south-african moroccan algerian tunisian libyan
    canadian mexican brazilian argentine argentinian chilean colombian peruvian cuban
    venezuelan australian european asian western eastern northern southern muslim
    christian jewish catholic protestant hindu buddhist sikh arab kurdish swedish
    norwegian danish finnish icelandic estonian latvian lithuanian serbian croatian
    bosnian albanian georgian armenian azerbaijani kazakh uzbek vietnamese thai
    indonesian filipino malaysian bangladeshi sri lankan nepalese english-language
    republican democratic democrat republicans democrats conservative labour liberal
    """
)

# Common given names (a cue, not a requirement: "Helen Voss" is a person either way).
GIVEN_NAMES = _words(
    """
    aaron abdul abdullah abigail adam adrian ahmed aisha alan albert alex alexander
    alexandra alfred ali alice alicia alison amanda amelia amir amy ana andrea andrew
    angela anita ann anna anne annie anthony antonio arthur ashley barbara barry beatrice
    ben benjamin bernard beth betty bill bob brenda brian bruce callum carl carla carlos
    carmen carol caroline catherine charles charlie charlotte chen chloe chris christine
    christopher claire clara colin craig daniel david dean deborah denise dennis derek
    diana diane dmitri dominic donald dorothy douglas duncan edward eileen elena eleanor
    elizabeth ellen emily emma eric erik ernest esther eva evelyn fatima felix fiona
    florence frances francesca francis frank fred frederick gary gavin george georgia
    gerald gillian gordon grace graham greg gregory hannah harold harriet harry hassan
    heather helen henry hugh ian ibrahim imogen isaac isabel isabella ivan jack jacob
    james jamie jan jane janet jason jean jennifer jessica jill jim joan joanna joe john
    jonathan jorge jose joseph joshua juan judith julia julian julie karen kate katherine
    kathleen keith kelly kenneth kevin kim laura lauren lawrence leah leo leon lewis lily
    linda lisa louis louise lucy luis luke lynn malcolm marco margaret maria marie marion
    mark martin mary matthew maya megan melissa michael michelle miguel mohammed muhammad
    nadia nancy naomi natalie nathan neil nicholas nicola nina noah norman oliver olivia
    omar oscar owen pamela patricia patrick paul pauline peter philip pieter rachel
    ralph raymond rebecca richard rita robert robin roger rosa rose ruth ryan sally samuel
    sam samantha sandra sarah scott sean sebastian sergei simon sofia sophie stephen
    steven stuart susan teresa thomas timothy tom tony tracy valerie vanessa victor
    victoria vincent walter wei william yusuf zoe agnes anders astrid bjorn claude
    dieter franz hans ingrid jens karl klaus lars magnus nils otto sven ulrich yuki hiro
    kenji priya raj rahul sanjay anil deepak arjun kofi kwame amara chidi ngozi tariq
    yasmin leila samir karim mehmet elif olga natasha tatiana pavel igor marta tomas
    lucia pablo diego sergio rafael marcos ines joao pedro andre rui yara zara idris
    malik jamal omari tobias felicity rhona quentin hamish morag agatha ambrose aled
    rhys gareth dafydd sian cerys bryn danny jonny kayleigh leah sigrid jonas elias
    mateus oskar raisa miriam janet marcus hugo roland derek sofia eleanor graham
    pete callum rachel clara tessa moira fergus niamh siobhan aoife ciaran declan
    connor liam noel shaun kieran tyrone darnell marlon winston doreen ken iris edna
    phil ravi rosie gemma sophie okechukwu kwame denise jimmy samira dominic miriam lotte
    sheila hannah rob geoffrey jade marion    """
)

# Countries and the most-named cities and regions: news names these bare.
PLACES = _lines(
    """
    afghanistan
    albania
    algeria
    argentina
    armenia
    australia
    austria
    azerbaijan
    bangladesh
    belarus
    belgium
    bolivia
    bosnia
    brazil
    bulgaria
    cambodia
    cameroon
    canada
    chile
    china
    colombia
    congo
    croatia
    cuba
    cyprus
    czechia
    denmark
    ecuador
    egypt
    england
    eritrea
    estonia
    ethiopia
    europe
    africa
    asia
    america
    finland
    france
    gaza
    georgia
    germany
    ghana
    greece
    guatemala
    haiti
    hungary
    iceland
    india
    indonesia
    iran
    iraq
    ireland
    israel
    italy
    jamaica
    japan
    jordan
    kazakhstan
    kenya
    kosovo
    kuwait
    latvia
    lebanon
    libya
    lithuania
    luxembourg
    madagascar
    malaysia
    mali
    malta
    mexico
    moldova
    mongolia
    montenegro
    morocco
    mozambique
    myanmar
    nepal
    netherlands
    nicaragua
    niger
    nigeria
    norway
    pakistan
    panama
    paraguay
    peru
    philippines
    poland
    portugal
    qatar
    romania
    russia
    rwanda
    scotland
    senegal
    serbia
    singapore
    slovakia
    slovenia
    somalia
    spain
    sudan
    sweden
    switzerland
    syria
    taiwan
    tanzania
    thailand
    tunisia
    turkey
    uganda
    ukraine
    uruguay
    uzbekistan
    venezuela
    vietnam
    wales
    yemen
    zambia
    zimbabwe
    uk
    us
    usa
    uae
    britain
    london
    paris
    berlin
    madrid
    rome
    moscow
    kyiv
    kiev
    beijing
    shanghai
    tokyo
    delhi
    mumbai
    washington
    new york
    los angeles
    chicago
    toronto
    sydney
    melbourne
    brussels
    amsterdam
    vienna
    geneva
    zurich
    dublin
    edinburgh
    glasgow
    manchester
    birmingham
    liverpool
    cairo
    istanbul
    ankara
    tehran
    baghdad
    damascus
    jerusalem
    beirut
    riyadh
    dubai
    nairobi
    lagos
    johannesburg
    cape town
    hong kong
    seoul
    taipei
    bangkok
    jakarta
    manila
    warsaw
    prague
    budapest
    athens
    lisbon
    stockholm
    oslo
    copenhagen
    helsinki
    rio de janeiro
    sao paulo
    buenos aires
    mexico city
    ottawa
    canberra
    california
    texas
    florida
    """
)

# Organisations news names bare, without a suffix to give them away.
ORGANISATIONS = _lines(
    """
    un
    eu
    nato
    who
    imf
    opec
    unicef
    unesco
    interpol
    reuters
    bbc
    cnn
    fifa
    uefa
    nasa
    google
    apple
    microsoft
    amazon
    meta
    facebook
    twitter
    tesla
    nvidia
    openai
    red cross
    world bank
    european union
    united nations
    european commission
    """
)
