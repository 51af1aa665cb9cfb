"""Generate a large, realistic-looking board database for benchmarks.

Command line::

    python benchmarks/generate.py --contacts 10000 --interactions 100000 --out big.json

As a module::

    from benchmarks.generate import generate
    generate(path, contacts=10_000, interactions=100_000, seed=1)

The output is a ready-to-open board database (the store's exact on-disk
format: TinyDB's JSON shape, one record to a line, as ``board.store.storage``
writes it, atomically, with mode 0600).

It is deterministic: the same arguments give a byte-identical file.  Every
random choice comes from one seeded ``random.Random``, ids are drawn from it
(not ``uuid4``), and "now" is a fixed reference time (``--now``), not the
clock.

The shape of the data:

* 60% of contacts on the first rung; the rest spread up the ladder, fewer on
  each higher rung.  Each contact's stage history climbs one rung at a time
  from the first rung to its current one (a few stepped back down once on
  the way), timestamps increasing from its creation.
* Interactions follow a Zipf-like law over contacts, people higher up the
  ladder first: a handful of people have thousands, most have a few, some
  none.  Kinds are the ones in ``board/defaults.yaml`` (deeper kinds for
  higher rungs); a few are group touches or introductions.
* Timestamps fall in the three years before "now".
* Names combine first and last name lists; some contacts have a company,
  position, city, handles, email, phone, tags, notes, ...  All invented;
  emails use the reserved ``.example`` domain.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the board next to this file, installed or not
    sys.path.insert(0, str(ROOT))

from board.config import load_config  # noqa: E402
from board.core.schema import Contact, Handle, Interaction, StageChange, to_dict  # noqa: E402
from board.store.database import new_data  # noqa: E402
from board.store.storage import atomic_write_bytes, encode_data  # noqa: E402

DEFAULT_SEED = 20261121
DEFAULT_NOW = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)
SPAN_DAYS = 3 * 365
#: Share of contacts per rung, first rung first (the ladder in defaults.yaml).
RUNG_SHARE = (0.60, 0.16, 0.10, 0.06, 0.05, 0.03)
#: Zipf exponent of the interactions-per-contact law.
ZIPF_S = 0.9

# ---------------------------------------------------------------- word lists


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words("""
Aaliyah Aaron Abdul Ada Adam Adrian Aisha Akira Alba Alejandro Alex Alexandra Ali Alice
Alina Amara Amelia Amir Ana Anastasia Andrea Andrei Andrew Aneta Angela Anita Ann Anna
Annabel Anne Annika Anton Antonio Arjun Astrid Aurora Ayesha Beatriz Ben Bianca Boris
Brian Bruno Camila Carla Carlos Carmen Catarina Chen Chiara Chloe Chris Clara Claudia
Daniel Daniela Dario Darius David Deepa Diana Diego Dimitri Elena Elif Eliza Emil Emma
Enzo Eric Erik Esther Eva Fatima Felix Fernanda Filipa Finn Francesca Gabriel Giulia
Grace Hana Hannah Hans Hassan Helena Henrik Hiro Ines Ingrid Irene Isabel Ivan Jack Jade
Jakob Jan Javier Joana Joanna Johan John Jonas Jorge Jose Julia Julian Kai Karen Karim
Kasia Kenji Khalid Kim Lars Laura Lea Leila Leo Liam Lina Lucas Lucia Luis Luka Maja
Marco Maria Mariana Marta Mateo Matteo Maya Mei Mia Miguel Mila Mohamed Nadia Naomi Nina
Noah Nora Olga Oliver Omar Oscar Paula Pedro Priya Rafael Rahul Rita Rosa Ruben Ruth
Sakura Samir Sara Sebastian Sofia Sophie Stefan Susanna Tariq Teresa Theo Tomas Valentina
Vera Victor Wei Yara Yusuf Zara Zoe
""")

LAST = _words("""
Abbott Acosta Adeyemi Almeida Alves Andersen Anderson Antonelli Araujo Bauer Becker
Bennett Berg Bianchi Brandt Brooks Campbell Cardoso Carvalho Castro Chen Costa Cruz
Dalton Das Dubois Duarte Eriksson Evans Fernandes Ferrari Fischer Fontaine Fraser Garcia
Gomes Gonzalez Gupta Hansen Hartmann Hayashi Hoffmann Horvat Hughes Ibrahim Ivanova
Jansen Jensen Johansson Kaur Keller Khan Kim Klein Kowalski Kruger Larsen Laurent Lee
Lehmann Lima Lindqvist Lopes Lopez Marques Martin Martins Meyer Mendes Moreau Moreira
Morris Muller Murphy Nakamura Nguyen Nielsen Novak Nowak Okafor Oliveira Olsen Ortiz
Park Patel Pereira Petrov Pinto Popescu Quinn Ramos Reis Ribeiro Richter Rocha Rossi
Ruiz Russo Santos Sato Schmidt Schneider Schulz Silva Singh Smith Sousa Suzuki Tan
Tanaka Teixeira Thomas Torres Tran Vasquez Vieira Wagner Walker Wang Weber Wilson Wong
Yamamoto Young Zhang Zimmermann
""")

COMPANIES = """
Acme Analytics|Aperture Labs|Atlas Ventures|Beacon Health|Blue Harbor Capital|
Brightside Studio|Cobalt Systems|Copperleaf|Crescent Bio|Driftwood Media|Ember Energy|
Evergreen Partners|Fieldnote|Foxglove Design|Granite Logistics|Harbor & Co|Helix Robotics|
Hollow Oak Foods|Indigo Finance|Juniper Learning|Keystone Legal|Kite Mobility|Lantern AI|
Larkspur Health|Lumen Retail|Maple Street Bank|Meridian Consulting|Mosaic Travel|
Northwind Trading|Nova Grid|Oakridge Insurance|Orbit Games|Paper Crane|Parallel Works|
Pinecone Software|Quartz Security|Redwood Pharma|Riverbend Studio|Saffron Kitchens|
Sandstone Realty|Silverline Telecom|Solstice Solar|Sparrow Books|Summit Outdoors|
Tidewater Shipping|Timber & Tile|Umbra Fashion|Vantage Point|Verdant Farms|Willow Care|
Windmill Data|Yellowfin Labs|Zephyr Air
""".replace("\n", "").split("|")

POSITIONS = """
Founder|Co-founder|CEO|CTO|COO|Head of Product|Product Manager|Engineering Manager|
Staff Engineer|Designer|Head of Design|Investor|Partner|Principal|Analyst|Researcher|
Marketing Lead|Head of Growth|Sales Director|Account Executive|Consultant|Advisor|
Operations Manager|Recruiter|Editor|Journalist|Professor|Community Manager|Data Scientist
""".replace("\n", "").split("|")

CITIES = """
Lisbon|Porto|Madrid|Barcelona|Paris|Lyon|London|Manchester|Dublin|Amsterdam|Rotterdam|
Berlin|Munich|Hamburg|Zurich|Vienna|Prague|Warsaw|Copenhagen|Stockholm|Oslo|Helsinki|
Milan|Rome|Athens|Istanbul|Tel Aviv|Dubai|Nairobi|Lagos|Cape Town|New York|Boston|
Toronto|Montreal|Chicago|Austin|San Francisco|Seattle|Mexico City|Sao Paulo|
Buenos Aires|Bogota|Singapore|Tokyo|Seoul|Bangalore|Sydney|Melbourne|Auckland
""".replace("\n", "").split("|")

PLATFORMS = ("linkedin", "x", "mastodon", "github", "bluesky", "instagram")

TAGS = _words("""
investor founder design product engineering ai climate health fintech media writer
speaker mentor hiring recruiter client prospect partner alumni lisbon berlin london
community podcast open-source research vc angel operator marketing sales legal
""")

HOW_WE_MET = (
    "Conference talk Q&A",
    "Mutual friend's dinner",
    "Replied to my newsletter",
    "Meetup after-drinks",
    "Cold DM on LinkedIn",
    "Coworking space",
    "University alumni event",
    "Podcast guest",
    "Client project",
    "Hackathon",
    "Workshop I ran",
    "Twitter thread",
)

TOPICS = (
    "pricing", "hiring", "fundraising", "their new role", "remote work", "AI tools",
    "a product launch", "climate tech", "the conference", "burnout", "writing",
    "a side project", "open source", "moving cities", "their podcast", "design systems",
    "sales pipelines", "market entry in Spain", "community building", "a book they liked",
)

NOTE_LINES = (
    "Cares about {topic}.",
    "Wants to get better at {topic}.",
    "Two kids; coaches football on weekends.",
    "Training for a marathon.",
    "Prefers voice notes to email.",
    "Vegetarian; loves Japanese food.",
    "Thinking about starting something around {topic}.",
    "Just moved; still settling in.",
    "Great at explaining {topic} to non-experts.",
    "Reads everything about {topic}.",
)

HELP_LINES = (
    "Intro to someone who knows {topic}.",
    "Feedback on their deck.",
    "Share job openings in product.",
    "Send articles about {topic}.",
    "Beta-test their app.",
    "Speaker slot at the meetup.",
)

PLACES = ("Café Lisboa", "their office", "WeWork", "the conference venue", "Zoom",
          "Google Meet", "a bakery downtown", "the park", "a hotel lobby", "")

#: Interaction kinds by rung index (weights); deeper kinds higher up.
KIND_WEIGHTS: tuple[dict[str, int], ...] = (
    {"comment": 60, "connected": 15, "message": 15, "article": 10},
    {"comment": 45, "connected": 5, "message": 25, "email": 8, "article": 15, "gift": 2},
    {"comment": 30, "message": 35, "email": 15, "article": 12, "call": 6, "gift": 2},
    {"comment": 20, "message": 35, "email": 15, "article": 10, "call": 15, "gift": 2,
     "coffee": 3},
    {"comment": 15, "message": 35, "email": 12, "article": 8, "call": 12, "gift": 3,
     "coffee": 10, "meeting": 5},
    {"comment": 10, "message": 35, "email": 10, "article": 8, "call": 15, "gift": 4,
     "coffee": 10, "meeting": 8},
)
DURATIONS = {"call": (15, 75), "coffee": (30, 90), "meeting": (45, 150)}
NOTE_TEMPLATES = {
    "comment": "Commented on their post about {topic}.",
    "message": "Messaged about {topic}.",
    "email": "Email thread about {topic}.",
    "article": "Sent them an article on {topic}.",
    "gift": "Sent a book about {topic}.",
    "call": "Call about {topic}.",
    "coffee": "Coffee; caught up on {topic}.",
    "meeting": "Met to talk {topic}.",
    "connected": "Connected.",
}


# ---------------------------------------------------------------- generator


class _Gen:
    def __init__(self, seed: int, now: datetime):
        self.rng = random.Random(seed)
        self.now = now
        self.start = now - timedelta(days=SPAN_DAYS)
        self.span = int((now - self.start).total_seconds())
        self._ids: set[str] = set()
        self.rungs = [r.key for r in load_config(use_user_file=False).ladder]

    def new_id(self) -> str:
        while True:
            value = f"{self.rng.getrandbits(48):012x}"
            if value not in self._ids:
                self._ids.add(value)
                return value

    def at(self, lo: int, hi: int) -> datetime:
        """A time ``lo``..``hi`` seconds after the start of the span."""
        return self.start + timedelta(seconds=self.rng.randint(lo, max(lo, hi)))

    def topic_line(self, lines: tuple[str, ...]) -> str:
        return self.rng.choice(lines).format(topic=self.rng.choice(TOPICS))

    # -- contacts ---------------------------------------------------------

    def rung_index(self, n: int, total: int) -> int:
        """Rung of the n-th contact: exact shares, then shuffled later."""
        edges = list(itertools.accumulate(RUNG_SHARE))
        position = (n + 0.5) / total
        return min(bisect.bisect_right(edges, position), len(self.rungs) - 1)

    def contact(self, rung_n: int, others: list[str]) -> Contact:
        rng = self.rng
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{first} {last}"
        # Higher rungs were usually met earlier.
        created_s = int((self.span - 86_400) * rng.random() ** (1 + rung_n * 0.4))
        history = [StageChange(self.rungs[0], self.start + timedelta(seconds=created_s))]
        path = list(range(1, rung_n + 1))
        if rung_n and rung_n < len(self.rungs) - 1 and rng.random() < 0.05:
            path += [rung_n + 1, rung_n]  # went one step too far once, then back
        t = created_s
        for step, r in enumerate(path):
            remaining = self.span - t
            # Leave room for the steps still to come.
            t += max(60, int(remaining * rng.uniform(0.05, 0.9) / (len(path) - step)))
            history.append(StageChange(self.rungs[r], self.start + timedelta(seconds=t)))
        values: dict = {}
        if rng.random() < 0.6:
            handles = []
            for platform in rng.sample(PLATFORMS, rng.choice((1, 1, 1, 2, 3))):
                slug = f"{first}{rng.choice(('', '.', '_', '-'))}{last}".lower()
                if rng.random() < 0.3:
                    slug += str(rng.randint(1, 99))
                handles.append(Handle(platform, "@" + slug if platform == "x" else slug))
            values["handles"] = tuple(handles)
        if rng.random() < 0.5:
            values["company"] = rng.choice(COMPANIES)
        if rng.random() < 0.35:
            values["position"] = rng.choice(POSITIONS)
        if rng.random() < 0.5:
            values["city"] = rng.choice(CITIES)
        if rng.random() < 0.3:
            values["email"] = f"{first}.{last}@{rng.choice(('mail', 'post', 'inbox'))}.example"
            values["email"] = values["email"].lower()
        if rng.random() < 0.1:
            values["phone"] = f"+1 555 01{rng.randint(0, 99):02d}"
        if rng.random() < 0.4:
            values["tags"] = tuple(rng.sample(TAGS, rng.choice((1, 1, 2, 3))))
        if rng.random() < 0.2:
            values["how_we_met"] = rng.choice(HOW_WE_MET)
        if rng.random() < 0.2 + 0.1 * rung_n:
            values["notes"] = "\n".join(
                self.topic_line(NOTE_LINES) for _ in range(rng.randint(1, 4))
            )
        if rng.random() < 0.05 + 0.05 * rung_n:
            values["help"] = self.topic_line(HELP_LINES)
        if others and rng.random() < 0.03:
            values["introduced_by"] = rng.choice(others)
        if rung_n >= 3 and rng.random() < 0.15:
            values["advocate"] = True
        if rng.random() < 0.01:
            values["archived"] = True
        if rng.random() < 0.02:
            values["cadence_days"] = rng.choice((14, 21, 30, 60, 90))
        elif rng.random() < 0.01:
            values["no_cadence"] = True
        if rng.random() < 0.01:
            values["snoozed_until"] = self.now + timedelta(days=rng.randint(1, 30))
        return Contact(
            id=self.new_id(),
            name=name,
            rung=self.rungs[rung_n],
            created=history[0].at,
            history=tuple(history),
            **values,
        )

    # -- interactions -------------------------------------------------------

    def interactions(self, contacts: list[Contact], count: int) -> list[Interaction]:
        rng = self.rng
        if not contacts or count <= 0:
            return []
        index = {r: n for n, r in enumerate(self.rungs)}
        # Rank people: higher rungs first, with noise, then Zipf weights by rank.
        ranked = sorted(
            contacts, key=lambda c: -(index[c.rung] + rng.random() * 2.5)
        )
        weights = list(itertools.accumulate(1 / (n + 1) ** ZIPF_S for n in range(len(ranked))))
        owners = rng.choices(ranked, cum_weights=weights, k=count)
        kind_tables = [
            (list(w), list(itertools.accumulate(w.values()))) for w in KIND_WEIGHTS
        ]
        created_s = {c.id: int((c.created - self.start).total_seconds()) for c in contacts}
        out = []
        for c in owners:
            lo = created_s[c.id]
            at = self.at(lo, self.span)
            keys, cum = kind_tables[min(index[c.rung], len(kind_tables) - 1)]
            kind = rng.choices(keys, cum_weights=cum)[0]
            people: tuple[str, ...] = (c.id,)
            values: dict = {}
            roll = rng.random()
            if roll < 0.01:  # an introduction
                other = rng.choice(contacts).id
                if other != c.id:
                    kind = "introduction"
                    if rng.random() < 0.5:
                        people = (c.id, other)
                        values["direction"] = "given"
                        values["agreed"] = rng.random() < 0.7
                    else:
                        values["direction"] = "received"
                        values["connector"] = other
                    values["why"] = self.topic_line(HELP_LINES)
            elif roll < 0.04:  # a group touch
                extra = [rng.choice(contacts).id for _ in range(rng.randint(1, 3))]
                people = tuple(dict.fromkeys([c.id, *extra]))
            if kind in DURATIONS:
                lo_min, hi_min = DURATIONS[kind]
                values["duration_min"] = rng.randrange(lo_min, hi_min + 1, 5)
                if kind != "call" or rng.random() < 0.3:
                    values["place"] = rng.choice(PLACES)
            if kind in NOTE_TEMPLATES and rng.random() < 0.35:
                values["notes"] = NOTE_TEMPLATES[kind].format(topic=rng.choice(TOPICS))
            out.append(Interaction(id=self.new_id(), kind=kind, at=at, people=people,
                                   **values))
        out.sort(key=lambda i: (i.at, i.id))
        return out

    def build(self, n_contacts: int, n_interactions: int
              ) -> tuple[list[Contact], list[Interaction]]:
        rungs = [self.rung_index(n, n_contacts) for n in range(n_contacts)]
        self.rng.shuffle(rungs)
        contacts: list[Contact] = []
        ids: list[str] = []
        for r in rungs:
            c = self.contact(r, ids)
            contacts.append(c)
            ids.append(c.id)
        contacts.sort(key=lambda c: (c.created, c.id))
        return contacts, self.interactions(contacts, n_interactions)


def build(
    contacts: int, interactions: int, seed: int = DEFAULT_SEED, now: datetime = DEFAULT_NOW
) -> tuple[list[Contact], list[Interaction]]:
    """The records, in memory (no file)."""
    return _Gen(seed, now).build(contacts, interactions)


def encode(contacts: list[Contact], interactions: list[Interaction],
           seed: int = DEFAULT_SEED) -> bytes:
    """The database file's bytes, exactly as the store would write them
    (its file id comes from the seed, so the bytes are the same every time)."""
    data = {
        **new_data(file_id=f"{seed:032x}"),
        "contacts": {c.id: to_dict(c) for c in contacts},
        "interactions": {i.id: to_dict(i) for i in interactions},
    }
    return b"".join(encode_data(data))


def generate(
    path: str | os.PathLike,
    contacts: int = 10_000,
    interactions: int = 100_000,
    seed: int = DEFAULT_SEED,
    now: datetime = DEFAULT_NOW,
) -> Path:
    """Write a board database with ``contacts`` people and ``interactions``
    interactions to ``path`` (replacing it atomically); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    cs, its = build(contacts, interactions, seed=seed, now=now)
    atomic_write_bytes(path, encode(cs, its, seed))
    return path


def check(path: Path) -> str:
    """Open the file the way the app does; a one-line summary."""
    from board.session import Session

    t = time.perf_counter()
    session = Session.open(path, load_config(use_user_file=False), background=False)
    try:
        b = session.board
        per_rung = {r.key: len(b.on_rung(r.key)) for r in b.ladder}
        busiest = max((sum(1 for _ in b.interactions_of(c)) for c in b.contacts), default=0)
        took = time.perf_counter() - t
        return (f"ok: {len(b.contacts):,} contacts, {len(b.interactions):,} interactions, "
                f"per rung {per_rung}, busiest person {busiest:,} interactions "
                f"(opened in {took:.2f} s)")
    finally:
        session.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=None,
                        help="default: 10 × contacts")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--now", default=DEFAULT_NOW.isoformat(),
                        help="reference time, ISO 8601 (default: %(default)s)")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--check", action="store_true",
                        help="open the result with Session.open and summarise it")
    args = parser.parse_args(argv)
    if args.contacts < 0 or (args.interactions or 0) < 0:
        parser.error("counts must be ≥ 0")
    interactions = args.contacts * 10 if args.interactions is None else args.interactions
    now = datetime.fromisoformat(args.now)
    now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    t = time.perf_counter()
    generate(args.out, args.contacts, interactions, seed=args.seed, now=now)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.1f} MB) in {time.perf_counter() - t:.2f} s",
          file=sys.stderr)
    if args.check:
        print(check(args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
