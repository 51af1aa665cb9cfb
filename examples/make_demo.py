"""Build ``examples/demo.yaml``, the board that ``board --demo`` opens.

Run it from anywhere::

    python examples/make_demo.py

Everyone in it is invented: names, companies, handles, emails (all on the
reserved ``.example`` domain) and phone numbers (the UK drama range and the
North American 555-01xx range).  The story is a freelance strategy
consultant in Lisbon building a business on relationships.

The output is deterministic: fixed seed, fixed ids, fixed dates.  Running the
script twice gives a byte-identical file.  The latest timestamp in the file is
on REFERENCE_DAY (2026-11-19); the app's ``--demo`` moves every date so that
day becomes yesterday.

The people, their ladder history and the key moments (promotions,
introductions, coffees with two people) are written out by hand below; the
light touches in between (comments, messages, articles) are filled in by a
seeded random generator so the timelines look lived in.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
try:
    import board  # noqa: F401
except ImportError:  # running from a checkout without an install
    sys.path.insert(0, str(HERE.parent))

from board.config import load_config  # noqa: E402
from board.core.schema import Contact, Handle, Interaction, StageChange  # noqa: E402
from board.formats.backup import dump_backup, load_backup  # noqa: E402

OUT = HERE / "demo.yaml"
SEED = 20261119
REFERENCE_DAY = date(2026, 11, 19)


# ---------------------------------------------------------------- the people


@dataclass(frozen=True)
class Beat:
    """One hand-written interaction with a single person."""

    kind: str
    note: str = ""
    place: str = ""
    duration: int | None = None
    hour: int | None = None  # UTC hour; picked at random if None


@dataclass
class Person:
    id: str
    name: str
    company: str = ""
    position: str = ""
    city: str = ""
    handles: list[tuple[str, str]] = field(default_factory=list)
    email: str = ""
    phone: str = ""
    tags: list[str] = field(default_factory=list)
    how_we_met: str = ""
    notes: str = ""
    help: str = ""
    advocate: bool = False
    archived: bool = False
    introduced_by: str = ""
    cadence_days: int | None = None
    # [(rung, "YYYY-MM-DD"), ...]: the first entry is "follower" at creation.
    path: list[tuple[str, str]] = field(default_factory=list)
    # What happened when the card was added: a Beat, the id of a special
    # (a received introduction), or None (they just follow me).
    first: Beat | str | None = None
    # rung -> the interaction that earned the promotion: a Beat, or the id of
    # a special below.  Rungs left out get a default beat.
    beats: dict[str, Beat | str] = field(default_factory=dict)
    extras: list[tuple[str, Beat]] = field(default_factory=list)
    last: tuple[str, Beat] | None = None  # the latest touch
    topics: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # for coffees in the fill
    fill_until: str | None = None  # no light touches after this day


def notes(*lines: str) -> str:
    return "\n".join(lines)


PEOPLE: list[Person] = [
    # ------------------------------------------------------------ friends
    Person(
        "c01", "Inês Carvalhal",
        company="Atelier Maré", position="Founder & creative director", city="Lisbon",
        handles=[("linkedin", "ines-carvalhal"), ("mastodon", "@inescarvalhal@mastodon.social")],
        email="ines@ateliermare.example",
        tags=["design", "studio", "partner", "lisbon"],
        how_we_met="We liked each other's posts about studio pricing for months, then "
        "finally met at a Lisbon design meetup.",
        notes=notes(
            "Runs a six-person brand studio; wants to stop doing one-off logos and sell "
            "retainers.",
            "Two kids. Fridays are sacred: never book her then.",
            "Loves natural wine, hates networking events.",
        ),
        help="Send her B2B clients who need brand work beyond my scope; she sends "
        "strategy work back.",
        advocate=True,
        path=[("follower", "2025-05-21"), ("engaged", "2025-06-10"),
              ("conversation", "2025-07-02"), ("call", "2025-07-22"), ("met", "2025-09-12"),
              ("friend", "2026-01-30")],
        first=Beat("connected"),
        beats={
            "engaged": Beat("comment", "Replied to her post on pricing brand work; she "
                            "answered with her own rate card."),
            "conversation": Beat("message", "First DMs: she asked how I run discovery "
                                 "workshops."),
            "call": Beat("call", "First proper call. She wants to stop doing one-off logos "
                         "and sell retainers; I shared my pricing sheet.", duration=45),
            "met": Beat("coffee", "Met at last, the morning after the design meetup. "
                        "Retainers, kids, and why Fridays are sacred.",
                        place="Café Miradouro, Lisbon", duration=70, hour=9),
            "friend": Beat("meeting", "Dinner for Atelier Maré's fifth birthday. She asked "
                           "me to be a sounding board for the retainer launch.",
                           place="Taberna do Largo, Lisbon", duration=150, hour=19),
        },
        extras=[("2026-06-05", Beat("gift", "Sent a bottle of natural wine for the "
                                    "retainer launch."))],
        last=("2026-11-17", Beat("coffee", "Retainer clients are now 40% of revenue. She "
                                 "wants a second designer by spring; I'll ask around.",
                                 place="Padaria Estrela, Lisbon", duration=60, hour=9)),
        topics=["studio retainers", "pricing brand work", "hiring a second designer"],
        places=["Café Miradouro, Lisbon", "Padaria Estrela, Lisbon"],
    ),
    Person(
        "c02", "Tobias Lindqvist",
        company="Birkenwerk Angels", position="Angel investor", city="Berlin",
        handles=[("linkedin", "tobias-lindqvist"), ("bluesky", "tobiaslq.bsky.social")],
        email="tobias@birkenwerk.example",
        tags=["investor", "climate", "mentor"],
        how_we_met="He replied to my thread on founder-led sales; we kept it going in DMs.",
        notes=notes(
            "Sold his energy-analytics startup in 2023; now angel-invests in climate B2B.",
            "Cares about founders who sell before they build.",
            "Swede in Kreuzberg; runs every morning, so call after ten.",
        ),
        help="Flag strong climate B2B founders raising a pre-seed; he reads every memo "
        "I send.",
        advocate=True,
        path=[("follower", "2025-05-19"), ("engaged", "2025-05-30"),
              ("conversation", "2025-06-18"), ("call", "2025-07-09"), ("met", "2025-10-14"),
              ("friend", "2026-03-20")],
        first=Beat("connected"),
        beats={
            "engaged": Beat("comment", "He replied to my thread on founder-led sales with "
                            "the story of his first ten customers."),
            "conversation": Beat("message", "Moved to DMs; he asked for my notes on sales "
                                 "discovery calls."),
            "call": Beat("call", "First call. Invests in climate B2B, wants founders who "
                         "sell before they build. Offered to send deal flow my way.",
                         duration=30),
            "met": Beat("coffee", "Met in Berlin. Coffee turned into a two-hour walk; he "
                        "talked about life after the exit.",
                        place="Kaffeehaus am Kanal, Berlin", duration=90, hour=10),
            "friend": Beat("meeting", "Dinner at his place in Kreuzberg. Candid about the "
                           "burnout after the exit; we promised to keep each other honest.",
                           place="Kreuzberg, Berlin", duration=180, hour=18),
        },
        last=("2026-11-19", Beat("call", "Call about two climate founders he has backed; "
                                 "both need go-to-market help in January.",
                                 duration=40, hour=10)),
        topics=["climate B2B deals", "founder-led sales", "angel syndicates"],
        places=["Kaffeehaus am Kanal, Berlin"],
    ),
    Person(
        "c03", "Amara Nwosu",
        company="Slow Build Radio", position="Host & producer", city="London",
        handles=[("x", "amaranwosu"), ("linkedin", "amara-nwosu")],
        email="amara@slowbuild.example", phone="+44 7700 900417",
        tags=["podcast", "media", "b2b"],
        how_we_met="Found her podcast through a client. I sent a long note about episode "
        "41 and she invited me on the show.",
        notes=notes(
            "Interviews bootstrapped founders; honest numbers over hype.",
            "Building a paid community around the show in 2026.",
        ),
        help="Suggest guests with real revenue stories; share episodes with my network.",
        advocate=True,
        path=[("follower", "2025-06-04"), ("engaged", "2025-06-20"),
              ("conversation", "2025-07-15"), ("call", "2025-08-19"), ("met", "2025-11-06"),
              ("friend", "2026-05-14")],
        beats={
            "engaged": Beat("comment", "Long comment on episode 41 (the honest-numbers "
                            "one); she replied the same day."),
            "conversation": Beat("email", "She emailed to ask if I'd come on the show."),
            "call": Beat("call", "Pre-interview call for Slow Build Radio. We'll talk "
                         "about pricing my first retainer.", duration=35),
            "met": Beat("meeting", "Recorded the episode in her studio, then lunch round "
                        "the corner.", place="Slow Build Radio studio, Hackney, London",
                        duration=120, hour=11),
            "friend": "M4",
        },
        extras=[("2025-12-09", Beat("email", "My episode is live. Shared it everywhere "
                                    "and thanked her."))],
        last=("2026-10-23", Beat("call", "Call about her paid community: pricing tiers "
                                 "and what to promise in year one.", duration=50)),
        topics=["sponsorship sales", "bootstrapped founders", "the paid community"],
    ),
    Person(
        "c04", "Sō Tanaka",
        company="Kumo Energy", position="Lead product designer", city="Barcelona",
        handles=[("mastodon", "@sotanaka@mastodon.social"), ("github", "sotanaka"),
                 ("linkedin", "so-tanaka")],
        email="so.tanaka@kumo-energy.example",
        tags=["design", "climate"],
        how_we_met="Met in the comments of a design-systems thread; he later asked me for "
        "feedback on his portfolio.",
        notes=notes(
            "Moved from Osaka to Barcelona in 2024; designs field apps for solar "
            "installers.",
            "Now leads a small team and worries about being a good manager.",
            "Thinks in sketches: bring paper.",
        ),
        help="Introductions to climate companies that need design advice; honest "
        "feedback on his talks.",
        path=[("follower", "2025-06-12"), ("engaged", "2025-06-26"),
              ("conversation", "2025-08-05"), ("call", "2025-09-02"), ("met", "2025-12-03"),
              ("friend", "2026-06-18")],
        first=Beat("connected"),
        beats={
            "engaged": Beat("comment", "Answered his question in a design-systems thread; "
                            "he followed up with a thank-you."),
            "conversation": Beat("message", "He asked for feedback on his portfolio; sent "
                                 "detailed notes."),
            "call": Beat("call", "Portfolio review call. He wants to lead a team but is "
                         "nervous about managing.", duration=40),
            "met": "M1",
            "friend": Beat("meeting", "Dinner at his flat in Gràcia; he cooked okonomiyaki. "
                           "Now leading two designers and advising Tideglass.",
                           place="Gràcia, Barcelona", duration=150, hour=19),
        },
        last=("2026-10-09", Beat("message", "His first months managing: sleeping better, "
                                 "still writes too many specs.")),
        topics=["field apps for solar installers", "leading a design team",
                "design systems"],
        places=["Bar Raval Nou, Barcelona"],
    ),
    # ------------------------------------------------------------ met
    Person(
        "c05", "Zoë Ångström",
        company="Kassaflow", position="Head of brand", city="Stockholm",
        handles=[("linkedin", "zoe-angstrom"), ("bluesky", "zoeangstrom.bsky.social")],
        email="zoe@kassaflow.example",
        tags=["b2b", "fintech", "brand"],
        how_we_met="She commented on my case study about fintech onboarding; we swapped "
        "notes on brand for B2B payments.",
        notes=notes(
            "Rebuilding Kassaflow's brand ahead of the German launch.",
            "Dry sense of humour; answers email at 6 a.m.",
        ),
        help="A design-systems partner (introduced Bartosz) and German-market contacts.",
        path=[("follower", "2025-08-20"), ("engaged", "2025-09-08"),
              ("conversation", "2025-10-21"), ("call", "2025-12-09"), ("met", "2026-04-22")],
        first=Beat("connected"),
        beats={
            "engaged": Beat("comment", "She commented on my fintech onboarding case study; "
                            "I replied with the before/after screens."),
            "conversation": Beat("email", "Swapped notes on brand for B2B payments."),
            "call": Beat("call", "Call about the Kassaflow rebrand before the German "
                         "launch. She needs a design-systems partner.", duration=50),
            "met": "M3",
        },
        last=("2026-11-10", Beat("call", "Bartosz is working out well. German launch moved "
                                 "to March; she wants a positioning review first.",
                                 duration=30)),
        topics=["the German launch", "brand for B2B payments", "design systems"],
    ),
    Person(
        "c06", "Rafael Quintero Salas",
        company="Estudio Salitre", position="Managing partner", city="Madrid",
        handles=[("linkedin", "rafael-quintero-salas"), ("x", "rquintero")],
        email="rafa@salitre.example",
        tags=["agency", "partner", "b2b"],
        how_we_met="He reposted my article on agency retainers and asked to borrow the "
        "framework for his team.",
        notes=notes(
            "Runs a 20-person digital agency; always over capacity on strategy work.",
            "Refers the small projects he can't take.",
        ),
        help="Send him dev-heavy projects; he sends strategy work my way.",
        advocate=True,
        path=[("follower", "2025-07-08"), ("engaged", "2025-07-24"),
              ("conversation", "2025-08-28"), ("call", "2025-10-02"), ("met", "2026-02-11")],
        first=Beat("connected"),
        beats={
            "engaged": Beat("comment", "He reposted my article on agency retainers and "
                            "asked to borrow the framework."),
            "conversation": Beat("message", "WhatsApp chat about how his team scopes "
                                 "strategy work."),
            "call": Beat("call", "First call. Agreed to trade referrals: dev-heavy work to "
                         "him, strategy to me.", duration=45),
            "met": Beat("coffee", "Coffee in Madrid. He had sent me a client the week "
                        "before; thanked him in person.",
                        place="Cafetería El Molino, Madrid", duration=75, hour=10),
        },
        extras=[("2026-06-24", Beat("email", "He referred a Madrid fintech that needs "
                                    "positioning work. Thanked him."))],
        last=("2026-10-30", Beat("call", "Call after the Matteo intro; he wants to hear "
                                 "how it goes.", duration=25)),
        topics=["agency retainers", "scoping strategy work", "hiring in Madrid"],
        places=["Cafetería El Molino, Madrid"],
    ),
    Person(
        "c07", "Priya Raghunathan",
        company="Northlight Ventures", position="Investment associate", city="London",
        handles=[("linkedin", "priya-raghunathan"), ("x", "priya_rag")],
        email="priya@northlight.example", phone="+44 7700 900268",
        tags=["investor", "fintech", "b2b"],
        how_we_met="Tobias pointed me to her writing on B2B fintech; I commented and she "
        "followed up.",
        notes=notes(
            "Scouts pre-seed B2B fintech in Europe and West Africa.",
            "Wants to make partner within two years: known as the one who finds founders "
            "early.",
        ),
        help="Send her founders before they raise; mention her in my newsletter.",
        advocate=True,
        path=[("follower", "2025-09-15"), ("engaged", "2025-10-01"),
              ("conversation", "2025-10-27"), ("call", "2025-11-24"), ("met", "2026-03-26")],
        first=Beat("connected"),
        beats={
            "engaged": Beat("comment", "Commented on her piece about pre-seed fintech in "
                            "West Africa."),
            "conversation": Beat("message", "She asked which founders I work with; kept it "
                                 "general."),
            "call": Beat("call", "Intro call. She scouts pre-seed B2B fintech and wants "
                         "founders before they raise.", duration=30),
            "met": "M2",
        },
        last=("2026-10-06", Beat("message", "She's up for partner next year; asked what "
                                 "I'd want from a fund as a consultant.")),
        topics=["pre-seed B2B fintech", "founder storytelling", "West African fintech"],
    ),
    Person(
        "c08", "Yusuf Demir",
        company="Rotaport", position="Co-founder & CTO", city="Amsterdam",
        handles=[("github", "ydemir"), ("linkedin", "yusuf-demir"),
                 ("mastodon", "@yusuf@hachyderm.io")],
        email="yusuf@rotaport.example",
        tags=["b2b", "saas", "logistics"],
        how_we_met="We met in a GitHub discussion about invoice tooling and moved to email "
        "when he mentioned his pricing page.",
        notes=notes(
            "Engineer-founder, shy about sales; his co-founder handles customers.",
            "Freight-booking SaaS stuck at about 40 paying customers.",
        ),
        help="A fractional sales lead; honest feedback on positioning.",
        path=[("follower", "2025-10-06"), ("engaged", "2025-10-20"),
              ("conversation", "2025-11-18"), ("call", "2026-01-13"), ("met", "2026-05-20")],
        beats={
            "engaged": Beat("comment", "Replied in the GitHub discussion about invoice "
                            "tooling; he thanked me."),
            "conversation": Beat("email", "He emailed about their pricing page; sent three "
                                 "quick fixes."),
            "call": Beat("call", "Positioning call. Stuck at 40 customers; the homepage "
                         "talks about features, not freight.", duration=55),
            "met": Beat("meeting", "Half-day positioning workshop with Yusuf and his "
                        "co-founder.", place="Rotaport office, Amsterdam",
                        duration=210, hour=8),
        },
        extras=[("2026-06-11", Beat("call", "Follow-up after the workshop: they rewrote "
                                    "the homepage.", duration=30))],
        last=("2026-09-10", Beat("email", "Sent the workshop follow-ups and a sales-hire "
                                 "scorecard. No reply yet.")),
        topics=["freight-booking pricing", "founder-led sales", "the homepage rewrite"],
    ),
    Person(
        "c09", "Claire Dubois-Mensah",
        company="La Ruche Verte", position="Founder", city="Paris",
        handles=[("linkedin", "claire-dubois-mensah"), ("bluesky", "clairedm.bsky.social")],
        email="claire@rucheverte.example",
        tags=["community", "climate", "coworking"],
        introduced_by="c02",
        how_we_met="Tobias introduced us by email: she wanted help turning her climate "
        "coworking space into a membership business.",
        notes=notes(
            "Runs a coworking space for climate startups in the 11e.",
            "Worried about cash flow every January.",
            "Wants a second location in Lyon.",
        ),
        help="Member referrals; a yearly look at the membership tiers.",
        path=[("follower", "2026-01-22"), ("engaged", "2026-01-23"),
              ("conversation", "2026-01-27"), ("call", "2026-02-05"), ("met", "2026-04-09")],
        first="R3",
        beats={
            "engaged": Beat("email", "Replied to Tobias's intro (moved him to bcc) and "
                            "suggested a call."),
            "conversation": Beat("email", "She sent her membership tiers and numbers "
                                 "ahead of the call."),
            "call": Beat("call", "Call about turning the space into a membership "
                         "business; agreed a pricing review.", duration=50),
            "met": Beat("coffee", "Visited La Ruche Verte, then coffee. New tiers since "
                        "March; churn is down.", place="Le Comptoir Vert, Paris",
                        duration=60, hour=14),
        },
        last=("2026-10-17", Beat("message", "Lyon is a go for 2027; she asked for a "
                                 "checklist for negotiating with landlords.")),
        topics=["membership pricing", "a second location in Lyon", "member events"],
    ),
    # ------------------------------------------------------------ call
    Person(
        "c10", "Nikolai Petrov",
        company="Ledgerline", position="Founder", city="Sofia",
        handles=[("x", "nikpetrov"), ("github", "npetrov")],
        tags=["saas", "founder", "indie"],
        how_we_met="Kept asking sharp questions under my posts on onboarding.",
        notes="Bootstrapped bookkeeping SaaS for Balkan freelancers, about €9k MRR. Does "
        "support himself, often at midnight.",
        help="Landing-page copy feedback; intros to accountants' associations.",
        path=[("follower", "2025-11-10"), ("engaged", "2025-12-01"),
              ("conversation", "2026-02-17"), ("call", "2026-09-08")],
        beats={
            "engaged": Beat("comment", "Another sharp question under my onboarding post; "
                            "answered it properly."),
            "conversation": Beat("message", "Sent him my onboarding teardown template."),
            "call": Beat("call", "First call. Reviewed his landing page live; he's "
                         "rewriting the hero this week.", duration=35),
        },
        last=("2026-11-14", Beat("call", "The new landing page converts better. Wants "
                                 "intros to accountants' associations.", duration=30)),
        topics=["onboarding emails", "landing-page copy", "support at scale"],
    ),
    Person(
        "c11", "Lucía Ferreyra",
        position="Freelance UX researcher", city="Buenos Aires",
        handles=[("linkedin", "lucia-ferreyra"), ("bluesky", "luciaferreyra.bsky.social")],
        email="lucia@ferreyra-research.example",
        tags=["research", "design", "freelance"],
        how_we_met="We replied to the same research-ops thread; she messaged me about "
        "freelancing across time zones.",
        notes="Ten years in-house, freelance since 2025. Wants European clients to fill "
        "her mornings.",
        help="Refer research projects; she'd like a partner for discovery sprints.",
        path=[("follower", "2025-12-15"), ("engaged", "2026-01-08"),
              ("conversation", "2026-03-03"), ("call", "2026-05-05")],
        first=Beat("connected"),
        beats={
            "engaged": Beat("comment", "We kept replying to each other in a research-ops "
                            "thread."),
            "conversation": Beat("message", "She asked how I find European clients from "
                                 "abroad."),
            "call": Beat("call", "Call about a discovery-sprint partnership: she researches, "
                         "I run the strategy half.", duration=45),
        },
        last=("2026-10-22", Beat("email", "Sent her the brief for a Lisbon client's "
                                 "discovery sprint; waiting on scope.")),
        topics=["research ops", "freelancing across time zones", "discovery sprints"],
    ),
    Person(
        "c12", "Kwame Asante",
        company="Susu Pay", position="Co-founder & CEO", city="Accra",
        handles=[("linkedin", "kwame-asante"), ("x", "kwameasante")],
        email="kwame@susupay.example",
        tags=["fintech", "founder", "b2b"],
        how_we_met="I commented on his post about savings groups and mobile money; he "
        "asked me about positioning his pitch.",
        notes=notes(
            "Building savings-group software for market traders.",
            "First-time founder raising a pre-seed: strong on product, unsure of the story.",
        ),
        help="Investor intros (introduced Priya); deck reviews before big meetings.",
        path=[("follower", "2025-12-02"), ("engaged", "2026-01-20"),
              ("conversation", "2026-03-12"), ("call", "2026-04-28")],
        beats={
            "engaged": Beat("comment", "Commented on his post about savings groups and "
                            "mobile money."),
            "conversation": Beat("message", "He asked how to pitch to European investors."),
            "call": Beat("call", "Deck review. Rewrote the first three slides together.",
                         duration=55),
        },
        last=("2026-11-03", Beat("call", "Northlight is doing diligence. Walked through "
                                 "the questions they'll ask.", duration=40)),
        topics=["savings groups", "pitch positioning", "the pre-seed round"],
    ),
    Person(
        "c13", "Hannah Whitcombe",
        company="Operator's Notebook", position="Writer & editor", city="Bristol",
        handles=[("linkedin", "hannah-whitcombe"), ("bluesky", "hwhitcombe.bsky.social")],
        email="hannah@operatorsnotebook.example", phone="+44 7700 900731",
        tags=["newsletter", "b2b", "media"],
        introduced_by="c03",
        how_we_met="Amara introduced us by email. Hannah was looking for operators to "
        "feature in her newsletter series \"How I sell\".",
        notes="Newsletter read by 18k B2B operators. Wants to grow it into a small research "
        "business.",
        help="Guests for the series; a sponsor or two from my client list.",
        path=[("follower", "2026-07-07"), ("engaged", "2026-07-08"),
              ("conversation", "2026-07-14"), ("call", "2026-07-29")],
        first="R1",
        beats={
            "engaged": Beat("email", "Thanked Amara (moved to bcc) and said yes to the "
                            "interview."),
            "conversation": Beat("email", "She sent the interview questions; answered in "
                                 "writing first."),
            "call": Beat("call", "Interview for the 'How I sell' series.", duration=40),
        },
        extras=[("2026-09-03", Beat("email", "My interview went out: 40 replies. Thanked "
                                    "her."))],
        last=("2026-11-07", Beat("email", "She wants a sponsor for Q1; asked two clients "
                                 "if they'd be interested.")),
        topics=["the 'How I sell' series", "newsletter sponsorships", "research reports"],
    ),
    Person(
        "c14", "Mei-Lin Chou",
        company="Tideglass", position="Head of operations", city="Singapore",
        handles=[("linkedin", "mei-lin-chou"), ("x", "meilinchou")],
        email="meilin@tideglass.example",
        tags=["climate", "hardware", "ops"],
        how_we_met="She shared my post on field-team tooling; we got talking about how "
        "hardware startups hire.",
        notes="Tideglass makes sensors for coastal flood monitoring. Looking for European "
        "pilot customers.",
        help="European pilots (ports, water boards); design and ops hires.",
        path=[("follower", "2025-10-28"), ("engaged", "2025-11-20"),
              ("conversation", "2026-01-15"), ("call", "2026-03-18")],
        first=Beat("connected"),
        beats={
            "engaged": Beat("comment", "She shared my post on field-team tooling with a "
                            "note about flood sensors."),
            "conversation": Beat("message", "Talked about how hardware startups hire their "
                                 "first designer."),
            "call": Beat("call", "Tideglass needs a product designer to advise on their "
                         "field app. Thought of Sō.", duration=40),
        },
        last=("2026-10-02", Beat("message", "She asked for European pilot contacts. I owe "
                                 "her a list.")),
        topics=["field-team tooling", "hiring in hardware", "European pilots"],
    ),
    Person(
        "c15", "ليلى حداد",
        company="Qalam Learning", position="Head of product", city="Amman",
        handles=[("linkedin", "layla-haddad"), ("x", "laylahaddad")],
        email="layla@qalam.example",
        tags=["edtech", "product", "b2b"],
        how_we_met="Connected after a product-management AMA I did; she asked about "
        "pricing for schools.",
        notes=notes(
            "Writes her name in Arabic; signs English emails 'Layla Haddad'.",
            "Leads product at an Arabic-first learning app; schools buy once a year.",
        ),
        help="Examples of B2B pricing for schools; intros to edtech founders in Europe.",
        path=[("follower", "2025-09-03"), ("engaged", "2025-10-09"),
              ("conversation", "2026-01-27"), ("call", "2026-06-16")],
        first=Beat("connected"),
        beats={
            "engaged": Beat("comment", "Answered her follow-up question after the AMA."),
            "conversation": Beat("message", "She asked how European edtechs price for "
                                 "schools."),
            "call": Beat("call", "Pricing for schools: annual budgets, pilots and "
                         "procurement.", duration=45),
        },
        last=("2026-09-15", Beat("email", "Sent three examples of per-school pricing "
                                 "pages.")),
        topics=["pricing for schools", "school procurement", "Arabic-first content"],
    ),
    # ------------------------------------------------------------ conversation
    Person(
        "c16", "Felipe Andrade",
        company="Atacado Fácil", position="Founder", city="São Paulo",
        handles=[("linkedin", "felipe-andrade"), ("x", "felipeandrade")],
        tags=["founder", "b2b", "marketplace"],
        how_we_met="Asked me a question after a webinar on B2B marketplaces; we kept "
        "messaging.",
        notes=notes(
            "Wholesale marketplace for small grocery shops.",
            "The round fell through in March and he went quiet. Don't push; check in "
            "kindly.",
        ),
        help="When he's ready, a go-to-market review.",
        path=[("follower", "2025-07-29"), ("engaged", "2025-08-14"),
              ("conversation", "2025-10-07"), ("call", "2025-12-16"),
              ("conversation", "2026-05-04")],
        first=Beat("connected"),
        beats={
            "conversation": Beat("message", "Follow-up questions after the B2B "
                                 "marketplaces webinar."),
            "call": Beat("call", "Go-to-market for small grocery shops; he's raising.",
                         duration=50),
        },
        extras=[("2026-03-18", Beat("message", "The round fell through. He's taking a "
                                    "break from the company."))],
        fill_until="2026-03-01",
        last=("2026-08-01", Beat("message", "Checked in, no agenda. He's consulting for now "
                                 "and will get in touch in the new year.")),
        topics=["wholesale marketplaces", "the seed round", "go-to-market"],
    ),
    Person(
        "c17", "Aoife Gallagher",
        company="Stackyard", position="Community lead", city="Dublin",
        handles=[("mastodon", "@aoife@hachyderm.io"), ("linkedin", "aoife-gallagher")],
        tags=["community", "devtools"],
        how_we_met="Met in the replies of a thread about developer communities.",
        notes="Runs a 6k-member Discord for a devtools company. Wants to speak at more "
        "conferences.",
        help="Speaking slots; maybe a podcast intro to Amara.",
        path=[("follower", "2026-03-10"), ("engaged", "2026-04-02"),
              ("conversation", "2026-09-22")],
        beats={
            "conversation": Beat("message", "She asked for my onboarding teardown; sent it "
                                 "with a note."),
        },
        last=("2026-11-13", Beat("message", "Sent her two conference CFPs that close in "
                                 "December.")),
        topics=["developer communities", "conference talks", "Discord moderation"],
    ),
    Person(
        "c18", "Bartosz Wiśniewski",
        company="Pixelnest", position="Design systems engineer", city="Kraków",
        handles=[("github", "bwisniewski"), ("mastodon", "@bartosz@mastodon.social")],
        tags=["design", "open-source"],
        how_we_met="Starred his design-tokens library, then commented on his talk; he "
        "answered in detail.",
        notes="Maintains a design-tokens library used by a few hundred teams. Wants paid "
        "side projects, not a new job.",
        help="Design-system gigs (introduced Zoë at Kassaflow).",
        path=[("follower", "2025-11-04"), ("engaged", "2025-12-11"),
              ("conversation", "2026-04-07")],
        beats={
            "engaged": Beat("comment", "Commented on his talk about design tokens; he "
                            "answered in detail."),
            "conversation": Beat("email", "Emailed about consulting on the side; he's "
                                 "keen."),
        },
        last=("2026-10-26", Beat("message", "How's Kassaflow going? Two more months "
                                 "booked.")),
        topics=["design tokens", "paid side projects", "open-source maintenance"],
    ),
    Person(
        "c19", "Ngozi Eze",
        company="Naira Bridge", position="Head of partnerships", city="Lagos",
        handles=[("linkedin", "ngozi-eze"), ("x", "ngozieze")],
        email="ngozi@nairabridge.example",
        tags=["b2b", "partnerships", "fintech"],
        how_we_met="She liked my series on partner programmes; I asked how they run "
        "theirs.",
        notes="Building a partner programme for a payments API. Thinks in spreadsheets: "
        "send numbers, not decks.",
        help="Partner-programme benchmarks; agencies that integrate payments.",
        path=[("follower", "2026-02-02"), ("engaged", "2026-03-05"),
              ("conversation", "2026-07-21")],
        first=Beat("connected"),
        beats={
            "conversation": Beat("message", "Asked how they run their partner programme; "
                                 "she sent a spreadsheet."),
        },
        last=("2026-10-21", Beat("email", "Sent partner-programme benchmarks from three "
                                 "SaaS companies.")),
        topics=["partner programmes", "agency integrations", "payments APIs"],
    ),
    Person(
        "c20", "Matteo Rinaldi",
        company="Rinaldi Arredi", position="Founder", city="Milan",
        handles=[("linkedin", "matteo-rinaldi")],
        email="matteo@rinaldiarredi.example",
        tags=["founder", "retail", "b2b"],
        introduced_by="c06",
        how_we_met="Rafael introduced us: Matteo wants to sell his furniture to hotels "
        "and offices, not just online.",
        notes="Third-generation furniture maker moving from direct-to-consumer to "
        "contract sales. Proud of the workshop: ask about it.",
        help="A B2B positioning sprint; hospitality contacts.",
        path=[("follower", "2026-10-20"), ("engaged", "2026-10-21"),
              ("conversation", "2026-10-28")],
        first="R2",
        beats={
            "engaged": Beat("email", "Replied to Rafael's intro; suggested we start by "
                            "email."),
            "conversation": Beat("email", "He sent the catalogue and last year's numbers, "
                                 "with good questions."),
        },
        last=("2026-11-16", Beat("email", "Sent a one-page outline of a positioning "
                                 "sprint; he'll decide after the trade fair.")),
        topics=["contract furniture sales", "hotel buyers", "the workshop"],
    ),
    Person(
        "c21", "Sarah Kim-Laurent",
        company="Carbon Hours", position="Podcast producer", city="Montréal",
        handles=[("bluesky", "sarahkl.bsky.social"), ("linkedin", "sarah-kim-laurent")],
        phone="+1 514 555 0173",
        tags=["podcast", "climate"],
        how_we_met="I commented on her episode about climate careers; she wrote back "
        "asking for guest ideas.",
        notes="Produces a climate-careers podcast: audience growing, money not yet.",
        help="Sponsorship advice (introduced Amara); guest ideas.",
        path=[("follower", "2025-12-08"), ("engaged", "2026-02-24"),
              ("conversation", "2026-06-02")],
        beats={
            "engaged": Beat("comment", "Commented on her episode about climate careers."),
            "conversation": Beat("message", "She asked for guest ideas; sent five names."),
        },
        last=("2026-10-12", Beat("message", "First sponsor signed! She asked for a "
                                 "sanity check of her rate card.")),
        topics=["podcast sponsorships", "climate careers", "guest booking"],
    ),
    Person(
        "c22", "Jonas Weber",
        company="Kleinwerk", position="Co-founder", city="Zürich",
        handles=[("linkedin", "jonas-weber-zh")],
        tags=["saas"],
        how_we_met="Connected over a thread about Swiss SaaS pricing.",
        notes="Left Kleinwerk in May 2026 to retrain as a maths teacher. Archived with "
        "good wishes.",
        archived=True,
        path=[("follower", "2025-06-30"), ("engaged", "2025-07-17"),
              ("conversation", "2025-09-25")],
        first=Beat("connected"),
        beats={
            "conversation": Beat("message", "He asked how I'd price annual plans in CHF."),
        },
        last=("2026-05-03", Beat("message", "He's leaving Kleinwerk to become a maths "
                                 "teacher. Wished him luck.")),
        topics=["Swiss SaaS pricing", "annual plans", "churn"],
    ),
    # ------------------------------------------------------------ engaged
    Person(
        "c23", "Ellie Marchetti",
        company="Price Point", position="Newsletter writer", city="New York",
        handles=[("x", "elliemarchetti"), ("linkedin", "ellie-marchetti")],
        tags=["pricing", "newsletter"],
        how_we_met="I kept commenting on her pricing teardowns; she replied to one at "
        "length.",
        notes="Writes teardowns of SaaS pricing pages.",
        help="Send her good pricing pages to tear down.",
        path=[("follower", "2026-04-14"), ("engaged", "2026-06-23")],
        beats={"engaged": Beat("comment", "She replied at length to my comment on her "
                               "teardown.")},
        last=("2026-11-05", Beat("comment")),
        topics=["SaaS pricing pages", "usage-based pricing", "pricing teardowns"],
    ),
    Person(
        "c24", "Arjun Mehta",
        company="Tinyforms", position="Indie maker", city="Bengaluru",
        handles=[("x", "arjunbuilds"), ("github", "arjunm")],
        tags=["saas", "indie"],
        how_we_met="We followed each other during a build-in-public challenge.",
        notes="Builds tiny B2B tools in public; posts his revenue every month.",
        help="Boost his launches; feedback on launch copy.",
        path=[("follower", "2025-08-11"), ("engaged", "2025-09-30")],
        last=("2026-09-22", Beat("comment")),
        topics=["building in public", "tiny B2B tools", "launch copy"],
    ),
    Person(
        "c25", "Signe Halvorsen",
        company="Halvorsen Impact", position="Sustainability consultant", city="Oslo",
        handles=[("linkedin", "signe-halvorsen"), ("bluesky", "signeh.bsky.social")],
        tags=["climate", "consulting"],
        how_we_met="Liked her post about CSRD reporting for small companies; we've "
        "commented on each other's posts since.",
        notes="Helps mid-size firms with CSRD reporting. Possible referral partner.",
        path=[("follower", "2026-05-18"), ("engaged", "2026-07-09")],
        first=Beat("connected"),
        last=("2026-10-15", Beat("comment")),
        topics=["CSRD reporting", "sustainability for small companies", "referral partners"],
    ),
    Person(
        "c26", "Diego Castillo Rojas",
        company="Estudio Nopal", position="Brand designer", city="Mexico City",
        handles=[("linkedin", "diego-castillo-rojas"), ("x", "diegocastillo_r")],
        tags=["design", "brand"],
        how_we_met="He asked a question under my brand-strategy post; we traded a few "
        "messages.",
        notes="Talented. The conversation faded when he took a full-time job; keep it "
        "light.",
        path=[("follower", "2025-09-22"), ("engaged", "2025-10-16"),
              ("conversation", "2026-01-06"), ("engaged", "2026-04-20")],
        beats={"conversation": Beat("message", "He asked about moving from freelance "
                                    "design into brand strategy.")},
        extras=[("2026-02-16", Beat("message", "He took a full-time job at a studio; "
                                    "congratulated him."))],
        fill_until="2026-02-01",
        last=("2026-08-21", Beat("comment")),
        topics=["brand strategy", "Mexican craft brands", "type design"],
    ),
    Person(
        "c27", "Fatima Zahra El Idrissi",
        company="Quai Numérique", position="Senior product manager", city="Paris",
        handles=[("linkedin", "fz-elidrissi"), ("x", "fz_elidrissi")],
        tags=["product", "b2b"],
        how_we_met="Commented on her product-discovery carousel; she reshared my "
        "follow-up.",
        notes="Moving from B2C to B2B product; reads everything about sales-led growth.",
        path=[("follower", "2026-08-25"), ("engaged", "2026-09-14")],
        first=Beat("connected"),
        last=("2026-11-12", Beat("comment")),
        topics=["product discovery", "sales-led growth", "B2B onboarding"],
    ),
    Person(
        "c28", "Tom Ashworth",
        company="Northern Signal", position="Agency owner", city="Manchester",
        handles=[("linkedin", "tom-ashworth"), ("x", "tomashworth")],
        phone="+44 7700 900552",
        tags=["agency", "b2b"],
        how_we_met="Connected after I praised his post about agency pricing.",
        notes="Runs a 12-person performance agency. Possible white-label partner.",
        path=[("follower", "2025-06-17"), ("engaged", "2025-07-03")],
        first=Beat("connected"),
        last=("2026-07-12", Beat("comment")),
        topics=["agency pricing", "white-label partnerships", "performance marketing"],
    ),
    Person(
        "c29", "Kasia Nowak",
        company="Brightlane", position="Senior UX writer", city="Warsaw",
        handles=[("mastodon", "@kasia@typo.social"), ("linkedin", "kasia-nowak")],
        tags=["writing", "design"],
        how_we_met="We answered the same UX-writing question on Mastodon and kept "
        "replying to each other.",
        notes="Runs a small course on microcopy on the side.",
        path=[("follower", "2026-02-16"), ("engaged", "2026-04-27")],
        last=("2026-10-05", Beat("comment")),
        topics=["microcopy", "UX writing", "her microcopy course"],
    ),
    Person(
        "c30", "Ravi Chandrasekar",
        company="Maple Seed Fund", position="Venture scout", city="Toronto",
        handles=[("linkedin", "ravi-chandrasekar"), ("x", "ravichandra")],
        tags=["investor"],
        how_we_met="Liked my post about pre-seed storytelling and followed up with a "
        "comment.",
        notes="Scout for a Canadian pre-seed fund; looking at B2B deals in Europe.",
        path=[("follower", "2026-01-12"), ("engaged", "2026-03-30")],
        first=Beat("connected"),
        last=("2026-09-18", Beat("comment")),
        topics=["pre-seed storytelling", "European B2B deals", "scout programmes"],
    ),
    # ------------------------------------------------------------ followers
    Person(
        "c31", "Jørgen Vik",
        company="Havdata", position="Founder", city="Bergen",
        handles=[("linkedin", "jorgen-vik")],
        tags=["climate", "founder"],
        how_we_met="Accepted his LinkedIn request after a climate-data webinar.",
        path=[("follower", "2026-01-23")],
        first=Beat("connected"),
    ),
    Person(
        "c32", "Chloé Marchand",
        position="Illustrator", city="Lyon",
        handles=[("bluesky", "chloemarchand.bsky.social")],
        tags=["design"],
        how_we_met="Follows me on Bluesky; draws lovely city bikes.",
        path=[("follower", "2026-03-04")],
    ),
    Person(
        "c33", "Ben Okafor",
        company="Loopwise", position="Growth marketer", city="London",
        handles=[("linkedin", "ben-okafor"), ("x", "benokafor")],
        tags=["growth", "b2b"],
        how_we_met="Follows my posts on LinkedIn.",
        path=[("follower", "2026-06-08")],
        last=("2026-10-30", Beat("comment", "He commented on my post about referral "
                                 "partners; replied with a thank-you.")),
    ),
    Person(
        "c34", "Ana Luísa Prado",
        company="Prado & Lima Arquitetos", position="Architect", city="Porto",
        handles=[("linkedin", "ana-luisa-prado")],
        tags=["architecture"],
        how_we_met="Connected after a Porto coworking newsletter featured us both.",
        path=[("follower", "2026-06-22")],
        first=Beat("connected"),
    ),
    Person(
        "c35", "Kenji Morikawa",
        position="Open-source maintainer", city="Osaka",
        handles=[("github", "kmorikawa"), ("mastodon", "@kenji@fosstodon.org")],
        tags=["open-source"],
        how_we_met="Starred my pricing-calculator repo and follows me on GitHub.",
        path=[("follower", "2026-08-11")],
    ),
    Person(
        "c36", "Leah Rosenthal",
        company="Second Act FM", position="Podcast host", city="Tel Aviv",
        handles=[("x", "leahrosenthal"), ("linkedin", "leah-rosenthal")],
        tags=["podcast"],
        how_we_met="Follows me on X; hosts a show about founders who start late.",
        path=[("follower", "2026-05-26")],
        last=("2026-09-20", Beat("comment", "Liked her episode about founders over "
                                 "fifty and said so.")),
    ),
    Person(
        "c37", "Mateus Albuquerque",
        position="Indie game developer", city="Recife",
        handles=[("bluesky", "mateusalbuquerque.bsky.social")],
        how_we_met="Follows me on Bluesky.",
        path=[("follower", "2025-11-24")],
    ),
    Person(
        "c38", "Olga Shevchenko",
        position="Data scientist", city="Vienna",
        handles=[("linkedin", "olga-shevchenko")],
        tags=["data"],
        how_we_met="Follows me on LinkedIn after my post on churn dashboards.",
        path=[("follower", "2026-10-02")],
    ),
    Person(
        "c39", "Samir Haddou",
        company="Haddou Ventes", position="B2B sales trainer", city="Marseille",
        handles=[("linkedin", "samir-haddou")],
        tags=["sales", "b2b"],
        how_we_met="Sent me a connection request after my post about discovery calls.",
        path=[("follower", "2026-11-09")],
        first=Beat("connected"),
    ),
    Person(
        "c40", "Grace Mwangi",
        position="Climate-tech journalist", city="Nairobi",
        handles=[("x", "gracemwangi"), ("bluesky", "gracemwangi.bsky.social")],
        tags=["climate", "media"],
        how_we_met="Follows me on X; writes about African climate tech.",
        path=[("follower", "2025-12-29")],
        last=("2026-05-03", Beat("comment", "Shared her piece on solar mini-grids "
                                 "with a comment.")),
    ),
]


# --------------------------------------------- moments with several people
#
# Introductions given (I introduced two people), introductions received
# (someone introduced me to a new person) and coffees or dinners with more than
# one person.  Times are UTC.


@dataclass(frozen=True)
class Special:
    key: str
    at: str  # "YYYY-MM-DDTHH:MM:SS", UTC
    kind: str
    people: tuple[str, ...]
    notes: str = ""
    duration: int | None = None
    place: str = ""
    direction: str = ""
    connector: str = ""
    agreed: bool = False
    why: str = ""


SPECIALS: list[Special] = [
    Special(
        "M1", "2025-12-03T10:05:23", "coffee", ("c04", "c01"),
        notes="Sō in Lisbon for a week; introduced him to Inês over pastéis. They talked "
        "type for an hour.",
        duration=90, place="Café Miradouro, Lisbon",
    ),
    Special(
        "R3", "2026-01-22T09:48:10", "introduction", ("c09",),
        direction="received", connector="c02",
        notes="Tobias says Claire runs the best climate coworking space in Paris and "
        "needs someone to look at her pricing.",
    ),
    Special(
        "M2", "2026-03-26T18:40:00", "meeting", ("c02", "c07"),
        notes="Dinner in London with Tobias and Priya after the climate founders' "
        "meetup. Priya and I finally met; talked about what makes a fundable story.",
        duration=150, place="The Larder, Shoreditch, London",
    ),
    Special(
        "G1", "2026-04-14T08:31:47", "introduction", ("c04", "c14"),
        direction="given", agreed=True,
        why="Tideglass needs a product designer to advise on their field app; Sō has "
        "shipped field apps for solar installers.",
        notes="Double opt-in; both said yes within the hour.",
    ),
    Special(
        "M3", "2026-04-22T12:10:36", "meeting", ("c05", "c01"),
        notes="Lisbon Product Week: ran a brand-workshop table with Inês. Zoë joined, "
        "then stayed for lunch.",
        duration=180, place="Lisbon Product Week, Hub Criativo do Beato, Lisbon",
    ),
    Special(
        "M4", "2026-05-14T12:30:00", "meeting", ("c03", "c01"),
        notes="Amara in Lisbon for a festival. Long lunch with Inês too; Amara wants to "
        "record an episode about her studio.",
        duration=150, place="Taberna do Largo, Lisbon",
    ),
    Special(
        "G2", "2026-06-09T14:02:19", "introduction", ("c12", "c07"),
        direction="given", agreed=True,
        why="Kwame is raising a pre-seed for Susu Pay; Northlight backs B2B fintech in "
        "West Africa and Priya asked for exactly this.",
        notes="Asked both first. Sent Kwame's one-pager with the intro.",
    ),
    Special(
        "R1", "2026-07-07T08:55:41", "introduction", ("c13",),
        direction="received", connector="c03",
        notes="Amara thinks Hannah's series needs operators who will talk real numbers, "
        "and that I'm one.",
    ),
    Special(
        "G3", "2026-07-21T16:44:05", "introduction", ("c21", "c03"),
        direction="given", agreed=False,
        why="Sarah wants to sell sponsorships for Carbon Hours; Amara sold out her last "
        "season.",
        notes="Sent it without asking Amara first. She was gracious; double opt-in next "
        "time.",
    ),
    Special(
        "G4", "2026-09-29T09:20:12", "introduction", ("c18", "c05"),
        direction="given", agreed=True,
        why="Kassaflow needs a design-systems partner for the rebrand; Bartosz wants "
        "paid side projects.",
        notes="Both said yes; they have a call on Thursday.",
    ),
    Special(
        "R2", "2026-10-20T15:12:58", "introduction", ("c20",),
        direction="received", connector="c06",
        notes="Rafael says Matteo makes beautiful furniture and wants hotels as "
        "customers; my kind of problem.",
    ),
]


# ---------------------------------------------------------- the generator

HOURS = {  # UTC hours a touch of each kind plausibly happens in
    "comment": (7, 21),
    "connected": (7, 21),
    "message": (8, 20),
    "email": (7, 17),
    "article": (8, 19),
    "gift": (10, 15),
    "call": (8, 16),
    "coffee": (9, 16),
    "meeting": (10, 17),
    "introduction": (8, 17),
}
DURATIONS = {"call": (20, 60), "coffee": (30, 90), "meeting": (60, 150)}
DEFAULT_BEAT = {
    "engaged": "comment",
    "conversation": "message",
    "call": "call",
    "met": "coffee",
    "friend": "meeting",
}
# Days between light touches while a contact sits on a rung (None: no fill).
SPACING = {"follower": None, "engaged": 90, "conversation": 55, "call": 60, "met": 58,
           "friend": 45}
FILL_KINDS = {
    "engaged": ["comment"] * 5 + ["article"],
    "conversation": ["comment", "comment", "message", "message", "email", "article"],
    "call": ["message", "message", "message", "email", "comment", "article"],
    "met": ["message", "message", "email", "comment", "article", "call"],
    "friend": ["message", "message", "call", "call", "article", "comment"],
}
TEMPLATES = {
    "comment": [
        "Liked their post about {topic}.",
        "Left a comment on their post about {topic}.",
        "Replied to their thread on {topic}.",
        "Reshared their post on {topic} with a note.",
    ],
    "message": [
        "Messaged about {topic}.",
        "Quick DM exchange about {topic}.",
        "Checked in on {topic}.",
        "Voice notes back and forth about {topic}.",
    ],
    "email": [
        "Emailed a few thoughts on {topic}.",
        "Email thread about {topic}.",
    ],
    "article": [
        "Sent them an article on {topic}.",
        "Shared a case study about {topic}.",
        "Forwarded a newsletter issue on {topic}.",
    ],
    "call": [
        "Catch-up call, mostly {topic}.",
        "Call about {topic}; agreed next steps.",
    ],
    "coffee": ["Coffee; caught up on {topic}."],
}
FIRST_TOUCH = {
    "engaged": "First real exchange: replied to their post about {topic}.",
    "conversation": "Moved to DMs: they asked about {topic}.",
}
PLATFORM = {"linkedin": "LinkedIn", "x": "X", "mastodon": "Mastodon", "github": "GitHub",
            "bluesky": "Bluesky"}


def day(text: str) -> date:
    return date.fromisoformat(text)


def stamp(d: date, hour: int, minute: int, second: int) -> datetime:
    return datetime(d.year, d.month, d.day, hour, minute, second, tzinfo=UTC)


class Builder:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.specials = {s.key: s for s in SPECIALS}
        # (at, person order, n, fields) before ids are given out
        self.pending: list[tuple[datetime, int, int, dict]] = []
        self.serial = 0

    # ------------------------------------------------------------ helpers

    def time_on(self, d: date, kind: str, hour: int | None = None) -> datetime:
        lo, hi = HOURS[kind]
        h = hour if hour is not None else self.rng.randint(lo, hi)
        return stamp(d, h, self.rng.randint(0, 59), self.rng.randint(0, 59))

    def duration(self, kind: str) -> int | None:
        if kind not in DURATIONS:
            return None
        lo, hi = DURATIONS[kind]
        return self.rng.randrange(lo, hi + 1, 5)

    def add(self, at: datetime, order: int, **fields) -> None:
        self.serial += 1
        self.pending.append((at, order, self.serial, fields))

    def beat_interaction(self, p: Person, order: int, at: datetime, beat: Beat) -> None:
        kind = beat.kind
        note = beat.note
        if not note and kind == "connected":
            platform = p.handles[0][0] if p.handles else "linkedin"
            note = f"Connected on {PLATFORM.get(platform, platform)}."
        elif not note:
            note = self.rng.choice(TEMPLATES[kind]).format(topic=self.rng.choice(p.topics))
        duration = beat.duration if beat.duration is not None else self.duration(kind)
        place = beat.place
        if kind in ("coffee", "meeting") and not place:
            place = self.rng.choice(p.places)
        self.add(at, order, kind=kind, people=(p.id,), notes=note,
                 duration_min=duration, place=place)

    # ------------------------------------------------------------ people

    def person(self, order: int, p: Person) -> tuple[Contact, list[datetime]]:
        """The contact, and the times of its own hand-placed touches."""
        touches: list[datetime] = []
        history: list[StageChange] = []

        for n, (rung, when) in enumerate(p.path):
            d = day(when)
            if n == 0:
                first = p.first
                if isinstance(first, str):  # created from a received introduction
                    at = datetime.fromisoformat(self.specials[first].at).replace(tzinfo=UTC)
                    created = at - timedelta(minutes=self.rng.randint(2, 9))
                else:
                    kind = first.kind if first else "connected"
                    created = self.time_on(d, kind)
                    if first:
                        at = created + timedelta(minutes=self.rng.randint(1, 4))
                        self.beat_interaction(p, order, at, first)
                        touches.append(at)
                history.append(StageChange(rung, created))
                continue
            previous = p.path[n - 1][0]
            climbing = RUNGS.index(rung) > RUNGS.index(previous)
            if not climbing:  # a demotion: nothing happened, that's the point
                at = self.time_on(d, "email")
                history.append(StageChange(rung, at))
                continue
            beat = p.beats.get(rung)
            if isinstance(beat, str):  # earned at a shared moment
                at = datetime.fromisoformat(self.specials[beat].at).replace(tzinfo=UTC)
                if at.date() != d:
                    raise SystemExit(f"{p.id}: {rung} on {d} but {beat} is on {at.date()}")
                touches.append(at)
                moved = at + timedelta(minutes=self.rng.randint(60, 240))
            else:
                if beat is None:
                    kind = DEFAULT_BEAT[rung]
                    note = FIRST_TOUCH.get(rung, "").format(topic=self.rng.choice(p.topics))
                    beat = Beat(kind, note)
                at = self.time_on(d, beat.kind, beat.hour)
                self.beat_interaction(p, order, at, beat)
                touches.append(at)
                end = at + timedelta(minutes=beat.duration or 0)
                moved = end + timedelta(minutes=self.rng.randint(4, 75))
            history.append(StageChange(rung, moved))

        for when, beat in p.extras:
            at = self.time_on(day(when), beat.kind, beat.hour)
            self.beat_interaction(p, order, at, beat)
            touches.append(at)
        if p.last:
            when, beat = p.last
            at = self.time_on(day(when), beat.kind, beat.hour)
            self.beat_interaction(p, order, at, beat)
            touches.append(at)

        contact = Contact(
            id=p.id,
            name=p.name,
            rung=p.path[-1][0],
            created=history[0].at,
            history=tuple(history),
            handles=tuple(Handle(k, v) for k, v in p.handles),
            email=p.email,
            phone=p.phone,
            company=p.company,
            position=p.position,
            city=p.city,
            how_we_met=p.how_we_met,
            introduced_by=p.introduced_by,
            tags=tuple(p.tags),
            notes=p.notes,
            help=p.help,
            advocate=p.advocate,
            archived=p.archived,
            cadence_days=p.cadence_days,
        )
        return contact, touches

    def fill(self, order: int, p: Person, c: Contact, touches: list[datetime]) -> None:
        """Light touches in the long gaps between the hand-placed ones."""
        anchors = sorted(set(touches) | {h.at for h in c.history})
        stop = day(p.fill_until) if p.fill_until else None
        last = max(touches) if touches else None
        for a, b in pairwise(anchors):
            if last is None or b > last:
                break
            rung = rung_at(c, a)
            spacing = SPACING.get(rung)
            if spacing is None:
                continue
            end = b if stop is None else min(b, stamp(stop, 0, 0, 0))
            gap = (end - a).days
            count = int(gap / spacing + self.rng.uniform(-0.4, 0.4))
            if count <= 0 or gap < 8:
                continue
            for k in range(count):
                # evenly spread, with jitter, at least three days from either end
                centre = gap * (k + 1) / (count + 1)
                offset = round(centre + self.rng.uniform(-0.25, 0.25) * gap / (count + 1))
                offset = min(max(offset, 3), gap - 3)
                kinds = FILL_KINDS[rung]
                if rung in ("met", "friend") and p.places:  # they live nearby
                    kinds = [*kinds, "coffee", "coffee"]
                kind = self.rng.choice(kinds)
                at = self.time_on(a.date() + timedelta(days=offset), kind)
                if not a < at < b:
                    continue
                self.beat_interaction(p, order, at, Beat(kind))

    # ------------------------------------------------------------ specials

    def special(self, s: Special) -> None:
        at = datetime.fromisoformat(s.at).replace(tzinfo=UTC)
        self.add(at, -1, kind=s.kind, people=s.people, notes=s.notes,
                 duration_min=s.duration, place=s.place, direction=s.direction,
                 connector=s.connector, agreed=s.agreed, why=s.why)

    def interactions(self) -> list[Interaction]:
        out = []
        for n, (at, _order, _serial, f) in enumerate(sorted(self.pending,
                                                            key=lambda t: t[:3]), 1):
            out.append(Interaction(
                id=f"i{n:03d}",
                kind=f["kind"],
                at=at,
                people=tuple(f["people"]),
                duration_min=f.get("duration_min"),
                place=f.get("place", ""),
                notes=f.get("notes", ""),
                direction=f.get("direction", ""),
                connector=f.get("connector", ""),
                agreed=f.get("agreed", False),
                why=f.get("why", ""),
            ))
        return out


def rung_at(c: Contact, when: datetime) -> str:
    rung = c.history[0].rung
    for h in c.history:
        if h.at <= when:
            rung = h.rung
    return rung


LADDER = load_config(use_user_file=False).ladder
RUNGS = [r.key for r in LADDER.rungs]


def build() -> tuple[list[Contact], list[Interaction]]:
    b = Builder(SEED)
    contacts = []
    special_touches: dict[str, list[datetime]] = {}
    for s in SPECIALS:
        b.special(s)
        at = datetime.fromisoformat(s.at).replace(tzinfo=UTC)
        for cid in s.people + ((s.connector,) if s.connector else ()):
            special_touches.setdefault(cid, []).append(at)
    for order, p in enumerate(PEOPLE):
        contact, touches = b.person(order, p)
        touches = sorted(set(touches + special_touches.get(p.id, [])))
        b.fill(order, p, contact, touches)
        contacts.append(contact)
    return contacts, b.interactions()


# ---------------------------------------------------------------- checks


def check(contacts: list[Contact], interactions: list[Interaction]) -> None:
    problems = []
    ids = {c.id for c in contacts}
    demotions = 0
    for c in contacts:
        h = c.history
        if h[0].rung != RUNGS[0] or h[0].at != c.created:
            problems.append(f"{c.id}: history must start with {RUNGS[0]} at created")
        for a, b in pairwise(h):
            if not a.at < b.at:
                problems.append(f"{c.id}: history out of order at {b.rung}")
            step = RUNGS.index(b.rung) - RUNGS.index(a.rung)
            if step < 0:
                demotions += 1
            if abs(step) != 1:
                problems.append(f"{c.id}: {a.rung} -> {b.rung} is not one rung")
        if h[-1].rung != c.rung:
            problems.append(f"{c.id}: rung {c.rung} is not the last history entry")
        if c.introduced_by and c.introduced_by not in ids:
            problems.append(f"{c.id}: introduced_by {c.introduced_by} unknown")
        mine = [i for i in interactions if c.id in i.people or i.connector == c.id]
        if mine and min(i.at for i in mine) < c.created:
            problems.append(f"{c.id}: an interaction precedes the contact")
        # every promotion comes with an interaction on the same day, just before
        for a, b in pairwise(h):
            climbed = RUNGS.index(b.rung) > RUNGS.index(a.rung)
            if climbed and not any(i.at <= b.at and i.at.date() == b.at.date() for i in mine):
                problems.append(f"{c.id}: promotion to {b.rung} without a touch")
    if demotions > 2:
        problems.append(f"{demotions} demotions; keep it to one or two")
    for i in interactions:
        if i.kind not in {k.key for k in LADDER.kinds}:
            problems.append(f"{i.id}: unknown kind {i.kind}")
        if i.at.microsecond or i.at.tzinfo is not UTC:
            problems.append(f"{i.id}: timestamps are whole seconds in UTC")
        if i.kind == "call" and not 20 <= (i.duration_min or 0) <= 60:
            problems.append(f"{i.id}: call of {i.duration_min} minutes")
    stamps = [i.at for i in interactions] + [h.at for c in contacts for h in c.history]
    if max(stamps).date() != REFERENCE_DAY:
        problems.append(f"latest timestamp is {max(stamps)}, not on {REFERENCE_DAY}")
    if problems:
        raise SystemExit("demo data is inconsistent:\n  " + "\n  ".join(problems))


def main() -> int:
    contacts, interactions = build()
    check(contacts, interactions)
    text = dump_backup(LADDER, contacts, interactions)
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)

    backup = load_backup(OUT.read_text(encoding="utf-8"), str(OUT))
    by_id = {c.id: c for c in contacts}
    assert all(by_id[c.id] == c for c in backup.contacts), "contacts do not round-trip"
    assert sorted(backup.interactions, key=lambda i: i.id) == interactions, \
        "interactions do not round-trip"
    assert [r.key for r in backup.ladder] == RUNGS

    print(f"wrote {OUT}")
    active = [c for c in backup.contacts if not c.archived]
    for rung in RUNGS:
        here = [c for c in backup.contacts if c.rung == rung]
        archived = sum(c.archived for c in here)
        extra = f" (+{archived} archived)" if archived else ""
        print(f"  {rung:<13}{sum(not c.archived for c in here):>3}{extra}")
        if not any(c.rung == rung for c in active):
            raise SystemExit(f"no one on {rung}")
    print(f"  contacts     {len(backup.contacts):>3}")
    print(f"  interactions {len(backup.interactions):>3}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
