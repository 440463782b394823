"""The seven fictional outlets of the sample world, with the furniture each prints."""

from __future__ import annotations

from broadsheet.demo.world.model import Comment, Furniture, Outlet, Section

SAMPLE_NOTICE = (
    "Sample data written for the Broadsheet demo; all outlets, people and events are fictional."
)

HARBOUR_TIMES = Outlet(
    slug="harbourtimes",
    name="The Harbour Times",
    tagline="Port Arden’s newspaper since 1871",
    host_octet=11,
    feed_format="rss",
    feed_path="/rss/news.xml",
    full_content_in_feed=True,
    sections=(
        Section("news", "News"),
        Section("business", "Business"),
        Section("world", "World"),
        Section("sport", "Sport"),
        Section("culture", "Culture"),
    ),
    furniture=Furniture(
        cookie_banner="We use cookies to run The Harbour Times, remember your preferences and measure how our journalism is read. You can change your choices at any time under Privacy settings.",
        subscribe_promo="Independent journalism from the Gullmouth since 1871. Subscribe to The Harbour Times from Cr 9 a month.",
        trial_promo="Try us free for a month: unlimited access to every story, the daily edition and our archive.",
        newsletter_title="The Morning Tide",
        newsletter_blurb="Our editors’ pick of the day’s news from Port Arden and beyond, in your inbox at 7am.",
        captcha_error="Please verify you are not a robot: reCAPTCHA check failed. Refresh the page and try again.",
        footer_lines=(
            "© The Harbour Times, Quayside House, Port Arden",
            "Contact the newsroom · Corrections and clarifications · Terms of use · Privacy settings",
        ),
        comments=(
            Comment(
                "Gullwatcher",
                "My grandfather worked those quays for forty years. Nobody in Velmont ever seems to remember this city exists until something goes wrong.",
                41,
            ),
            Comment(
                "M. Tranter",
                "Good to see the Times asking the hard questions. Would like a follow-up on who pays for all this in the end.",
                17,
            ),
            Comment(
                "ardenlass",
                "Third story this week where the official line and what people on the ground say are miles apart.",
                23,
            ),
            Comment("Pieter V.", "Balanced piece, thank you. The comments section, less so.", 9),
            Comment(
                "QuaysideQuentin",
                "I read the print edition over breakfast and still came here for the photos.",
                5,
            ),
            Comment(
                "Rhona from Saltmarket",
                "Can someone explain why the council was not consulted on any of this?",
                12,
            ),
        ),
        extra=("Most read in Port Arden",),
    ),
    robots_txt="User-agent: *\nDisallow: /search\nDisallow: /account/\n",
    image_prefix="/media/img/",
    accent="#0f2d4a",
)

EVENING_POST = Outlet(
    slug="eveningpost",
    name="Velmont Evening Post",
    tagline="Velmont’s liveliest read",
    host_octet=12,
    feed_format="atom",
    feed_path="/feed/atom",
    full_content_in_feed=True,
    sections=(
        Section("news", "News"),
        Section("money", "Money"),
        Section("sport", "Sport"),
        Section("world", "World"),
        Section("lifestyle", "Lifestyle"),
    ),
    furniture=Furniture(
        cookie_banner="Your privacy matters to us! We and our 214 partners store and access information on your device to show personalised ads and content. Click ACCEPT ALL to carry on reading.",
        subscribe_promo="Get the Post delivered! Subscribe now and save 40% on the cover price.",
        trial_promo="Try Post Plus free for a month — no ads, puzzles and exclusive columns. Cancel anytime.",
        newsletter_title="Post Daily Briefing",
        newsletter_blurb="The biggest Velmont stories, straight to your inbox every evening at 6pm.",
        captcha_error="Sorry, we couldn't sign you up. Please verify you are not a robot: reCAPTCHA check failed.",
        footer_lines=(
            "Velmont Evening Post is part of Capital Media Group",
            "Advertise with us · Complaints · Puzzles · Contact us",
        ),
        comments=(
            Comment(
                "VelmontMum3",
                "Typical! Ordinary people pay the price again while the bigwigs carry on as usual.",
                88,
            ),
            Comment("Dave_the_rave", "Been saying this for years. Nobody listens.", 31),
            Comment(
                "Curious of Kingsmead",
                "Does anybody know if this affects the Eastgate area too? Asking for my mum.",
                6,
            ),
            Comment(
                "RedRoverFan",
                "Post journalism at its finest, as ever. Spelling mistake in paragraph three though.",
                14,
            ),
            Comment("Sheila K", "Shared this with my whole street WhatsApp group.", 22),
            Comment("NotAnExpertBut", "Can't believe this is the first I'm hearing of it.", 10),
        ),
        extra=("ADVERTISEMENT", "READ MORE:", "Trending on the Post"),
    ),
    robots_txt="User-agent: *\nDisallow: /admin/\n\nUser-agent: GPTBot\nDisallow: /\n",
    accent="#c8102e",
)

LEDGER = Outlet(
    slug="ledger",
    name="The Calderra Ledger",
    tagline="Markets, companies and the economy",
    host_octet=13,
    feed_format="json",
    feed_path="/feed.json",
    full_content_in_feed=True,
    sections=(
        Section("markets", "Markets"),
        Section("companies", "Companies"),
        Section("economy", "Economy"),
        Section("world", "World"),
        Section("policy", "Policy"),
    ),
    furniture=Furniture(
        cookie_banner="The Ledger uses strictly necessary cookies and, with your consent, analytics cookies. Manage cookie preferences.",
        subscribe_promo="Subscribe to The Calderra Ledger for markets data, company filings and the daily Ledger Brief.",
        trial_promo="Try The Ledger free for a month, then Cr 29 a month. Cancel online at any time.",
        newsletter_title="Ledger Brief",
        newsletter_blurb="Five things moving markets before the Velmont exchange opens, every weekday.",
        captcha_error="Subscription failed: please verify you are not a robot (reCAPTCHA check failed).",
        footer_lines=(
            "The Calderra Ledger · Exchange Square, Velmont",
            "Market data delayed by at least 15 minutes · Reprints and permissions · Accessibility",
        ),
        comments=(
            Comment(
                "bondvigilante",
                "The market had priced most of this in already. The interesting question is guidance.",
                19,
            ),
            Comment(
                "HL Ferreira",
                "Useful summary. Would be good to see the full figures in a table.",
                7,
            ),
            Comment(
                "Retired actuary",
                "I remember the same arguments in the last cycle. They were wrong then too.",
                12,
            ),
            Comment(
                "equityanalyst_vel",
                "Management commentary on the call was notably more cautious than this suggests.",
                8,
            ),
            Comment("Marta O.", "Paywalled everywhere else, glad the Ledger has it.", 4),
            Comment("Yield Curve Watcher", "Spreads barely moved. Make of that what you will.", 11),
        ),
        extra=("You have 2 free articles left this month.",),
    ),
    robots_txt="User-agent: *\nDisallow: /api/\nAllow: /\n",
    image_prefix="/assets/images/",
    accent="#7a1f1f",
)

COURIER = Outlet(
    slug="courier",
    name="Kestrel Highland Courier",
    tagline="Serving the Highlands since 1889",
    host_octet=14,
    feed_format="rss",
    feed_path="/rss.php",
    full_content_in_feed=False,
    sections=(
        Section("news", "News"),
        Section("community", "Community"),
        Section("outdoors", "Outdoors"),
        Section("business", "Business"),
    ),
    furniture=Furniture(
        cookie_banner="This site uses cookies. By continuing to browse you agree to our use of cookies. [OK]",
        subscribe_promo="Subscribe to the Courier - delivered to your door every Thursday, or read the e-edition.",
        trial_promo="NEW: try the Courier e-edition FREE for one month!",
        newsletter_title="Courier e-mail bulletin",
        newsletter_blurb="Enter your e-mail address to receive our weekly bulletin of Highland news.",
        captcha_error="Error: Please verify you are not a robot - reCAPTCHA check failed.",
        footer_lines=(
            "Kestrel Highland Courier, 14 Market Wynd, Hollin Cross",
            "Best viewed at 1024x768. Webmaster: contact the Courier office.",
        ),
        comments=(
            Comment("hillwalker62", "Great to read some good news from up here for once.", 3),
            Comment(
                "Morven", "This is exactly what the Highlands needs. Well done to all involved.", 5
            ),
            Comment("AskerbyExile", "Reading this from Velmont and missing home.", 2),
            Comment("J. MacAra", "I was there and it was even better than the article says.", 4),
            Comment("Anon", "About time the council did something useful.", 1),
            Comment("Draymere Dave", "Will there be photos in Thursday's paper?", 0),
        ),
        extra=("Family notices", "Property of the week"),
    ),
    charset="windows-1252",
    robots_txt="User-agent: *\nDisallow: /cgi-bin/\nDisallow: /print.php\n",
    image_prefix="/images/stories/",
    accent="#2f5d2f",
)

BUGLE = Outlet(
    slug="bugle",
    name="The Brindlemoor Bugle",
    tagline="News from the heart of the Sallow Valley",
    host_octet=15,
    feed_format="atom",
    feed_path="/feed/atom/",
    full_content_in_feed=True,
    sections=(
        Section("news", "News"),
        Section("sport", "Sport"),
        Section("community", "Community"),
        Section("courts", "Courts"),
        Section("world", "World"),
    ),
    furniture=Furniture(
        cookie_banner="We use cookies on our website to give you the most relevant experience. By clicking “Accept”, you consent to the use of ALL the cookies.",
        subscribe_promo="Support the Bugle: local news costs money to make. Become a subscriber today.",
        trial_promo="Your first month is on us: try Bugle Plus free for a month.",
        newsletter_title="The Bugle Call",
        newsletter_blurb="Sign up for our free weekly newsletter with the best of Brindlemoor.",
        captcha_error="There was an error submitting the form. Please verify you are not a robot: reCAPTCHA check failed.",
        footer_lines=(
            "The Brindlemoor Bugle · 3 Tanner’s Yard, Brindlemoor",
            "Proudly powered by Inkwell CMS · Privacy Policy · Contact",
        ),
        comments=(
            Comment(
                "Jenny Ashcroft",
                "Thanks Bugle, you’re the only ones who cover this stuff properly.",
                6,
            ),
            Comment("Mill Lane Martin", "Shared on the Brindlemoor Noticeboard page.", 3),
            Comment("Gwen P", "Lovely to see. Brindlemoor at its best.", 8),
            Comment("Kev", "Parking is still a nightmare though.", 2),
            Comment("TheOldSchoolteacher", "Proud of this town today.", 4),
            Comment("Sallow Sue", "Does anyone know if the market is still on this weekend?", 1),
        ),
        extra=("Share this:", "Like this:", "Loading…"),
    ),
    robots_txt="User-agent: *\nDisallow: /inkwell-admin/\nAllow: /inkwell-admin/ajax.php\n",
    autodiscovery=True,
    subscribe="site",
    image_prefix="/uploads/",
    accent="#5b3a8c",
)

VALLEY_RECORD = Outlet(
    slug="valleyrecord",
    name="The Sallow Valley Record",
    tagline="Independent regional journalism",
    host_octet=16,
    feed_format="json",
    feed_path="/feeds/latest.json",
    full_content_in_feed=True,
    sections=(
        Section("news", "News"),
        Section("world", "World"),
        Section("business", "Business"),
        Section("health", "Health"),
        Section("heritage", "Heritage"),
    ),
    furniture=Furniture(
        cookie_banner="Cookies help the Record work. Essential cookies are always on; choose whether to allow the rest.",
        subscribe_promo="The Record is owned by its readers. Join the co-operative from Cr 5 a month.",
        trial_promo="Not sure yet? Try the Record free for a month, no card needed.",
        newsletter_title="Record Weekly",
        newsletter_blurb="Our long reads and investigations from across the Sallow Valley, every Sunday.",
        captcha_error="We could not add you to the list. Please verify you are not a robot: reCAPTCHA check failed.",
        footer_lines=(
            "The Sallow Valley Record is published by Valley Media Co-operative Ltd",
            "Editorial code · Complaints · Jobs · About the co-op",
        ),
        comments=(
            Comment(
                "Owen Teague", "Thoughtful reporting as always. This is why I joined the co-op.", 14
            ),
            Comment(
                "valleygirl_88", "The national papers never bother coming out here. Thank you.", 9
            ),
            Comment(
                "R. Penhallow",
                "A small correction: the old mill is on the east bank, not the west.",
                3,
            ),
            Comment(
                "Farmer Giles (not my real name)",
                "Nobody asked the people who actually live here, as usual.",
                7,
            ),
            Comment("Annika", "Would love a longer piece on this.", 5),
            Comment("Thornby resident", "Grateful to everyone who helped this week.", 11),
        ),
        extra=("Members read this first",),
    ),
    robots_txt="User-agent: *\nDisallow: /comments/\n",
    image_prefix="/static/photos/",
    accent="#3c6e47",
)

SIGNAL = Outlet(
    slug="signal",
    name="Signal",
    tagline="Technology, science and the people building it",
    host_octet=17,
    feed_format="rss",
    feed_path="/rss",
    full_content_in_feed=True,
    sections=(
        Section("security", "Security"),
        Section("science", "Science"),
        Section("gadgets", "Gadgets"),
        Section("startups", "Startups"),
        Section("policy", "Policy"),
    ),
    furniture=Furniture(
        cookie_banner="We use cookies and similar technologies to understand how you use Signal and to improve your experience. Accept all · Reject non-essential",
        subscribe_promo="Signal is supported by readers. Subscribe for ad-free reading and the weekly Deep Signal newsletter.",
        trial_promo="Start your free month of Signal Pro. Cancel anytime.",
        newsletter_title="Signal Daily",
        newsletter_blurb="The tech stories that matter, in five minutes, every weekday morning.",
        captcha_error="Something went wrong: please verify you are not a robot. reCAPTCHA check failed.",
        footer_lines=(
            "Signal Media Labs · Velmont",
            "Ethics policy · Send us a tip securely · Careers",
        ),
        comments=(
            Comment(
                "segfault_sam",
                "The real story here is in the changelog, not the press release.",
                27,
            ),
            Comment("quietbyte", "Cool, but I'll believe it when it ships.", 15),
            Comment(
                "Dr. Ayo",
                "As someone who works in this field: the article gets the details right, which is rare.",
                33,
            ),
            Comment("nullpointer", "Mandatory: this could have been an email.", 4),
            Comment("ClaraCodes", "Great explainer, sharing with my team.", 9),
            Comment("old_unix_hand", "We did this in 1998 with a shell script.", 18),
        ),
        extra=("Listen to this article", "Share this story"),
    ),
    robots_txt="User-agent: *\nDisallow: /preview/\nDisallow: /_next/data/\n",
    image_prefix="/_next/static/media/",
    subscribe="sitemap",
    accent="#111111",
)

OUTLETS: tuple[Outlet, ...] = (
    HARBOUR_TIMES,
    EVENING_POST,
    LEDGER,
    COURIER,
    BUGLE,
    VALLEY_RECORD,
    SIGNAL,
)
