"""Write a synthetic policybrief project with N briefs over shared content.

    .venv/bin/python benchmarks/make_corpus.py N DEST [--seed 1]

The project is organised in topic clusters (about one per 25 briefs): each
cluster pairs two states with a topic and has its own officials, ministries, a
bilateral body, agenda items and analysis sections; its briefs draw mostly on
them, so ``agenda: auto`` and ``actors: auto`` select a realistic handful of
items rather than the whole corpus. Mentions follow a skewed (Zipf-like)
distribution, so some actors are shown by many briefs and some by only a few.

Sizes: max(20, N/3) actors (some with Cyrillic or Devanagari native names),
max(10, N/5) agenda items, max(30, N) analysis sections of every kind (key
judgments carry likelihood and confidence), 20 sources, N briefs. Each brief
has a summary with links and citations, 2-3 key judgments, 3-5 analysis
sections and ``agenda: auto``, ``actors: auto``, ``sources: auto``; it prints
to about 2-4 A4 pages. The output is a deterministic function of N and the
seed, and passes ``build.py check`` with no errors or warnings.

``--pages P`` makes each brief print to about P pages: chapters of analysis
(sub-headed parts, tables, lists, footnotes, citations; ``corpus_long.py``) after
its usual sections. Without it the corpus is unchanged.

DEST must not exist or be empty (the script refuses to write into a folder
holding anything else).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from corpus_long import write_chapters

REFERENCE_DATE = date(2025, 12, 1)  # "today" in the corpus: earlier items are held

# --- name pools ------------------------------------------------------------

# (Latin, native) given names by culture, split into (male, female); surnames
# as (Latin, native); for Russian the feminine surname adds -a.
RUSSIAN_MALE = [
    ("Alexei", "Алексей"), ("Dmitry", "Дмитрий"), ("Mikhail", "Михаил"), ("Sergei", "Сергей"),
    ("Pavel", "Павел"), ("Yuri", "Юрий"), ("Nikolai", "Николай"), ("Viktor", "Виктор"),
]  # fmt: skip
RUSSIAN_FEMALE = [
    ("Elena", "Елена"), ("Irina", "Ирина"), ("Natalia", "Наталья"), ("Olga", "Ольга"),
    ("Tatiana", "Татьяна"), ("Marina", "Марина"), ("Svetlana", "Светлана"), ("Anna", "Анна"),
]  # fmt: skip
RUSSIAN_SURNAMES = [
    ("Volkov", "Волков"), ("Sokolov", "Соколов"), ("Morozov", "Морозов"), ("Lebedev", "Лебедев"),
    ("Kozlov", "Козлов"), ("Novikov", "Новиков"), ("Orlov", "Орлов"), ("Zaitsev", "Зайцев"),
    ("Fedorov", "Федоров"), ("Belyaev", "Беляев"), ("Gusev", "Гусев"), ("Titov", "Титов"),
]  # fmt: skip
SERBIAN_MALE = [("Marko", "Марко"), ("Nikola", "Никола"), ("Dragan", "Драган"), ("Milan", "Милан")]
SERBIAN_FEMALE = [("Jelena", "Јелена"), ("Ana", "Ана"), ("Milica", "Милица"), ("Ivana", "Ивана")]
SERBIAN_SURNAMES = [
    ("Jovanovic", "Јовановић"), ("Petrovic", "Петровић"), ("Nikolic", "Николић"),
    ("Markovic", "Марковић"), ("Djordjevic", "Ђорђевић"), ("Stojanovic", "Стојановић"),
]  # fmt: skip
KAZAKH_MALE = [("Nurlan", "Нурлан"), ("Yerlan", "Ерлан"), ("Askar", "Асқар"), ("Timur", "Тимур")]
KAZAKH_FEMALE = [
    ("Aigerim", "Айгерім"),
    ("Dana", "Дана"),
    ("Saule", "Сәуле"),
    ("Aruzhan", "Аружан"),
]
KAZAKH_SURNAMES = [
    ("Akhmetov", "Ахметов"), ("Nurpeisov", "Нұрпейісов"), ("Seitkali", "Сейітқали"),
    ("Zhakupov", "Жақыпов"), ("Omarov", "Омаров"), ("Bekov", "Беков"),
]  # fmt: skip
INDIAN_MALE = [
    ("Arjun", "अर्जुन"), ("Rahul", "राहुल"), ("Vikram", "विक्रम"), ("Amit", "अमित"),
    ("Rajesh", "राजेश"), ("Sanjay", "संजय"), ("Anil", "अनिल"), ("Rohan", "रोहन"),
]  # fmt: skip
INDIAN_FEMALE = [
    ("Priya", "प्रिया"), ("Anjali", "अंजलि"), ("Sunita", "सुनीता"), ("Kavita", "कविता"),
    ("Meera", "मीरा"), ("Neha", "नेहा"), ("Pooja", "पूजा"), ("Asha", "आशा"),
]  # fmt: skip
INDIAN_SURNAMES = [
    ("Sharma", "शर्मा"), ("Verma", "वर्मा"), ("Gupta", "गुप्ता"), ("Joshi", "जोशी"),
    ("Mehta", "मेहता"), ("Rao", "राव"), ("Singh", "सिंह"), ("Patel", "पटेल"),
    ("Mishra", "मिश्रा"), ("Kumar", "कुमार"), ("Iyer", "अय्यर"), ("Nair", "नायर"),
]  # fmt: skip
NEPALI_SURNAMES = [
    ("Shrestha", "श्रेष्ठ"), ("Adhikari", "अधिकारी"), ("Thapa", "थापा"), ("Koirala", "कोइराला"),
    ("Pokharel", "पोखरेल"), ("Bhattarai", "भट्टराई"),
]  # fmt: skip
WESTERN_MALE = ["James", "Thomas", "Daniel", "Lukas", "Pierre", "Mateus", "Rafael", "Jonas"]
WESTERN_FEMALE = ["Sarah", "Claire", "Laura", "Sophie", "Camille", "Julia", "Marta", "Hannah"]
WESTERN_SURNAMES = {
    "united-states": ["Carter", "Reed", "Whitman", "Hughes", "Brennan", "Foster"],
    "france": ["Moreau", "Lefebvre", "Girard", "Fontaine", "Mercier", "Rousseau"],
    "germany": ["Becker", "Hoffmann", "Krause", "Schreiber", "Vogel", "Wagner"],
    "brazil": ["Almeida", "Carvalho", "Ribeiro", "Moura", "Teixeira", "Barbosa"],
    "indonesia": ["Santoso", "Wijaya", "Hidayat", "Kusuma", "Pratama", "Saputra"],
}


@dataclass(frozen=True)
class State:
    id: str
    name: str
    native: str | None
    adjective: str
    culture: str
    capital: str
    aliases: tuple[str, ...] = ()


STATES = [
    State("russia", "Russia", "Россия", "Russian", "russian", "Moscow", ("Russian Federation",)),
    State("india", "India", "भारत", "Indian", "indian", "New Delhi", ("Republic of India",)),
    State("serbia", "Serbia", "Србија", "Serbian", "serbian", "Belgrade"),
    State("kazakhstan", "Kazakhstan", "Қазақстан", "Kazakh", "kazakh", "Astana"),
    State("nepal", "Nepal", "नेपाल", "Nepali", "nepali", "Kathmandu"),
    State("belarus", "Belarus", "Беларусь", "Belarusian", "russian", "Minsk"),
    State("france", "France", None, "French", "france", "Paris"),
    State("germany", "Germany", None, "German", "germany", "Berlin"),
    State("brazil", "Brazil", None, "Brazilian", "brazil", "Brasília"),
    State("indonesia", "Indonesia", None, "Indonesian", "indonesia", "Jakarta"),
    State("united-states", "United States", None, "US", "united-states", "Washington"),
    State("bulgaria", "Bulgaria", "България", "Bulgarian", "russian", "Sofia"),
]


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str  # for brief titles
    phrase: str  # noun phrase inside sentences
    ministry: str  # "Ministry of …"
    things: tuple[str, ...]  # concrete programmes or instruments
    tags: tuple[str, ...]


TOPICS = [
    Topic("defence-industry", "defence-industrial ties", "defence-industrial cooperation",
          "Defence", ("co-production lines", "spare-parts contracts", "licensed assembly",
                      "air-defence deliveries"), ("defence", "industry")),
    Topic("energy-trade", "energy trade", "the energy trade",
          "Energy", ("long-term crude contracts", "refinery stakes", "LNG cargoes",
                     "pipeline tariffs"), ("energy", "trade")),
    Topic("payments", "payments and sanctions", "settlement in national currencies",
          "Finance", ("correspondent accounts", "rupee–rouble settlement", "payment messaging",
                      "trade credit lines"), ("sanctions", "finance")),
    Topic("nuclear-energy", "civil nuclear cooperation", "civil nuclear cooperation",
          "Energy", ("reactor units", "fuel-supply agreements", "small modular reactors",
                     "training centres"), ("nuclear", "energy")),
    Topic("space", "space cooperation", "space cooperation",
          "Science and Technology", ("crewed-flight training", "navigation ground stations",
                                     "launch services", "satellite data sharing"),
          ("space", "technology")),
    Topic("connectivity", "transport corridors", "transport connectivity",
          "Transport", ("rail corridors", "port concessions", "customs green lanes",
                        "shipping insurance"), ("connectivity", "trade")),
    Topic("food-security", "fertiliser and food security", "the fertiliser and grain trade",
          "Agriculture", ("potash contracts", "grain quotas", "phytosanitary rules",
                          "storage terminals"), ("agriculture", "trade")),
    Topic("technology", "technology and export controls", "technology cooperation",
          "Industry", ("semiconductor tooling", "dual-use licences", "software localisation",
                       "joint research centres"), ("technology", "export-controls")),
    Topic("maritime", "maritime security", "maritime security cooperation",
          "Defence", ("naval exercises", "port calls", "information-sharing centres",
                      "anti-piracy patrols"), ("maritime", "security")),
    Topic("multilateral", "multilateral diplomacy", "coordination in multilateral forums",
          "Foreign Affairs", ("joint statements", "voting coordination", "summit communiqués",
                              "working groups"), ("diplomacy", "multilateral")),
    Topic("labour", "labour mobility", "labour mobility",
          "Labour", ("work-visa quotas", "recruitment agencies", "remittance channels",
                     "skills recognition"), ("labour", "migration")),
    Topic("pharmaceuticals", "pharmaceutical trade", "the pharmaceutical trade",
          "Health", ("generic-drug registrations", "active-ingredient supply",
                     "vaccine production", "price agreements"), ("health", "trade")),
]  # fmt: skip

PERSON_ROLES = [
    "Minister of {m}", "Deputy Minister of {m}", "Special Envoy for {t}",
    "Director, {t} Department", "Ambassador in {c}", "Senior Adviser on {t}",
    "Chief Negotiator for {t}", "Head of the {t} Directorate",
]  # fmt: skip

PUBLISHERS = [
    ("Ministry of Foreign Affairs (press service)", "Official statement; read in translation"),
    ("State news agency", "State-owned agency; reliable on official positions, not on facts"),
    ("Regional business daily", "Independent newspaper; usually reliable on trade figures"),
    ("Institute for Strategic Studies", "Think-tank analysis; well sourced, with a house view"),
    ("Parliamentary committee", "Official record; reliable"),
    ("Central bank statistics office", "Official statistics; reliable, published with a lag"),
    ("International energy monitor", "Commercial data service; reliable on volumes"),
    ("Wire service", "International wire report; usually reliable"),
    ("Customs authority", "Official trade data; reliable, revised quarterly"),
    ("Trade association bulletin", "Industry body; interested party"),
]
SOURCE_TITLES = [
    "Joint statement on the outcome of the {x} talks", "{x} trade figures for the third quarter",
    "Briefing by the foreign ministry spokesperson", "The {x} partnership after sanctions",
    "Annual report on {x} cooperation", "Minister’s remarks to the press in {c}",
    "Interview with the deputy minister", "Transcript of the parliamentary hearing",
    "Market outlook: {x} flows to 2027", "Readout of the leaders’ telephone call",
]  # fmt: skip

AUTHORS = ["Policy Analysis Unit", "Eurasia Desk", "South Asia Desk", "Economic Security Team",
           "Strategic Assessments Group"]  # fmt: skip
AUDIENCES = [
    "Officials working on {a} and {b}",
    "Desk officers covering {a}, {b} and sanctions policy",
    "Senior officials preparing for talks with {a}",
    "Ministers’ offices and the {t} working group",
]  # fmt: skip
DISTRIBUTIONS = [
    "Ministers and senior officials",
    "Government departments; partner desks on request",
    "Internal: policy and analysis staff",
]  # fmt: skip


# --- text generation --------------------------------------------------------


@dataclass
class Cluster:
    index: int
    a: State
    b: State
    topic: Topic
    actors: list[str] = field(default_factory=list)  # non-state actor ids, Zipf-ranked
    #: Actors that one analysis section each names, and nothing else: shown by a few briefs.
    peripheral: list[str] = field(default_factory=list)
    named: int = 0  # how many peripheral actors a section has named so far
    body: str = ""
    agenda: list[str] = field(default_factory=list)
    analysis: dict[str, list[str]] = field(default_factory=dict)  # kind → ids
    sources: list[str] = field(default_factory=list)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (safe for any text we generate)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def block(text: str, indent: int = 2) -> str:
    """A YAML literal block scalar holding ``text``."""
    pad = " " * indent
    return "|\n" + "\n".join(pad + line if line else "" for line in text.splitlines()) + "\n"


def wrap(text: str, width: int = 88) -> str:
    """Wrap a paragraph at spaces, never inside ``[…]`` (a reference must stay on one line)."""
    text = re.sub(r"\[[^\[\]]*\]", lambda m: m.group(0).replace(" ", "\0"), text)
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines).replace("\0", " ")


class Writer:
    """Generates the corpus; every random choice goes through one seeded generator."""

    def __init__(self, n: int, seed: int, pages: int | None = None) -> None:
        self.n = n
        self.pages = pages
        self.rng = random.Random(seed)
        self.files: dict[str, str] = {}
        self.names: dict[str, str] = {}  # actor/agenda id → display name
        self.used_ids: set[str] = set()
        self.person_country: dict[str, str] = {}

    # -- helpers --
    def new_id(self, base: str) -> str:
        slug = slugify(base)
        candidate, k = slug, 2
        while candidate in self.used_ids:
            candidate, k = f"{slug}-{k}", k + 1
        self.used_ids.add(candidate)
        return candidate

    def zipf(self, items: list[str]) -> str:
        weights = [1 / (rank + 1) ** 1.1 for rank in range(len(items))]
        return self.rng.choices(items, weights)[0]

    def pick_actors(self, cluster: Cluster, k: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < min(k, len(cluster.actors)):
            actor = self.zipf(cluster.actors)
            if actor not in chosen:
                chosen.append(actor)
        return chosen

    def link(self, actor: str) -> str:
        """``[[id]]``, or for a person now and then ``[[id|Surname]]``."""
        if actor in self.person_country and self.rng.random() < 0.25:
            return f"[[{actor}|{self.names[actor].split()[-1]}]]"
        return f"[[{actor}]]"

    def cite(self, cluster: Cluster) -> str:
        r = self.rng.random()
        first = self.rng.choice(cluster.sources)
        if r < 0.55:
            return f"[@{first}]"
        if r < 0.8:
            return f"[@{first}, p. {self.rng.randint(2, 40)}]"
        second = self.rng.choice([s for s in cluster.sources if s != first])
        return f"[@{first}; @{second}]"

    # -- entities --
    def person_name(self, state: State) -> tuple[str, str | None]:
        culture = state.culture
        female = self.rng.random() < 0.45
        rng = self.rng
        if culture in ("russian", "serbian", "kazakh"):
            given_pool = {
                "russian": (RUSSIAN_MALE, RUSSIAN_FEMALE, RUSSIAN_SURNAMES),
                "serbian": (SERBIAN_MALE, SERBIAN_FEMALE, SERBIAN_SURNAMES),
                "kazakh": (KAZAKH_MALE, KAZAKH_FEMALE, KAZAKH_SURNAMES),
            }[culture]
            given = rng.choice(given_pool[1] if female else given_pool[0])
            last = rng.choice(given_pool[2])
            latin_last, native_last = last
            if female and culture != "serbian" and latin_last.endswith(("ov", "ev", "in")):
                latin_last, native_last = latin_last + "a", native_last + "а"
            return f"{given[0]} {latin_last}", f"{given[1]} {native_last}"
        if culture in ("indian", "nepali"):
            given = rng.choice(INDIAN_FEMALE if female else INDIAN_MALE)
            last = rng.choice(INDIAN_SURNAMES if culture == "indian" else NEPALI_SURNAMES)
            return f"{given[0]} {last[0]}", f"{given[1]} {last[1]}"
        given_latin = rng.choice(WESTERN_FEMALE if female else WESTERN_MALE)
        return f"{given_latin} {rng.choice(WESTERN_SURNAMES[culture])}", None

    def write_state(self, state: State) -> None:
        lines = [f"name: {state.name}"]
        if state.native:
            lines.append(f"native_name: {state.native}")
        lines.append("kind: state")
        if state.aliases:
            lines.append(f"aliases: [{', '.join(state.aliases)}]")
        self.files[f"content/actors/{state.id}.yaml"] = "\n".join(lines) + "\n"
        self.names[state.id] = state.name
        self.used_ids.add(state.id)

    def write_cluster_actors(self, cluster: Cluster, count: int) -> None:
        topic = cluster.topic
        # One ministry per side, one bilateral body, the rest officials.
        ministries = []
        for state in (cluster.a, cluster.b):
            name = f"{state.adjective} Ministry of {topic.ministry}"
            actor = self.new_id(f"{state.id} ministry of {topic.ministry}")
            text = (
                f"name: {name}\nkind: organisation\ncountry: {state.id}\n"
                f"summary: Leads {state.name}’s side of {topic.phrase} with "
                f"{other(cluster, state).name}.\n"
            )
            self.files[f"content/actors/{actor}.yaml"] = text
            self.names[actor] = name
            ministries.append(actor)
        body_name = f"{cluster.a.name}–{cluster.b.name} Working Group on {topic.title.capitalize()}"
        body = self.new_id(f"{cluster.a.id} {cluster.b.id} {topic.slug} working group")
        cluster.body = body
        # Peripheral actors: an outside analyst per side, named by one section only.
        for side in (cluster.a, cluster.b)[: 1 if count < 8 else 2]:
            for _ in range(50):
                name, native = self.person_name(side)
                if slugify(name) not in self.used_ids:
                    break
            actor = self.new_id(name)
            lines = [f"name: {name}"]
            if native:
                lines.append(f"native_name: {native}")
            lines += [
                "kind: person",
                f"role: Independent analyst of {topic.title}",
                f"country: {side.id}",
                f"summary: Writes on {topic.phrase}; a frequent commentator in {side.name}’s "
                "press.",
            ]
            self.files[f"content/actors/{actor}.yaml"] = "\n".join(lines) + "\n"
            self.names[actor] = name
            self.person_country[actor] = side.id
            cluster.peripheral.append(actor)
        persons: list[str] = []
        for k in range(max(2, count - 3 - len(cluster.peripheral))):
            side = (cluster.a, cluster.b)[k % 2]
            for _ in range(50):
                name, native = self.person_name(side)
                if slugify(name) not in self.used_ids:
                    break
            actor = self.new_id(name)
            role = self.rng.choice(PERSON_ROLES).format(
                m=topic.ministry, t=topic.title.title(), c=other(cluster, side).capital
            )
            lines = [f"name: {name}"]
            if native:
                lines.append(f"native_name: {native}")
            lines += ["kind: person", f"role: {role}", f"country: {side.id}"]
            if "Minister" in role or "Director" in role or "Directorate" in role:
                lines.append(f"affiliation: {ministries[k % 2]}")
            if self.rng.random() < 0.4:
                lines.append(f"aliases: [{name.split()[-1]}]")
            self.names[actor] = name
            self.person_country[actor] = side.id
            persons.append(actor)
            self.files[f"content/actors/{actor}.yaml"] = "\n".join(lines) + "\n"
        # Summaries and sources once every person of the cluster exists.
        for actor in persons:
            path = f"content/actors/{actor}.yaml"
            if self.rng.random() < 0.7:
                peer = self.rng.choice([p for p in persons if p != actor])
                summary = (
                    f"Works on {topic.phrase} and meets [[{peer}]] regularly; "
                    f"took part in the last round of the [[{body}|working group]]."
                )
                self.files[path] += f"summary: {block(wrap(summary, 80))}"
            if self.rng.random() < 0.5:
                self.files[path] += f"sources: [{self.rng.choice(cluster.sources)}]\n"
        chair_a, chair_b = persons[0], persons[1]
        summary = (
            f"Meets twice a year, co-chaired by [[{chair_a}]] and [[{chair_b}]]; "
            f"it reviews {topic.phrase} and reports to both governments."
        )
        self.files[f"content/actors/{body}.yaml"] = (
            f"name: {body_name}\nkind: body\naliases: [the Working Group]\n"
            f"summary: {block(wrap(summary, 80))}"
            f"sources: [{cluster.sources[0]}]\n"
        )
        self.names[body] = body_name
        # Zipf rank: officials first (they are what analysis talks about), then
        # the institutions; shuffled within so each cluster differs.
        self.rng.shuffle(persons)
        cluster.actors = [*persons[:3], body, *persons[3:], *ministries]

    def write_agenda(self, cluster: Cluster, count: int) -> None:
        topic = cluster.topic
        kinds = ["meeting", "session", "visit", "summit", "signing", "deadline", "other"]
        for k in range(count):
            kind = kinds[(k + cluster.index) % len(kinds)] if k else "session"
            day = date(2025, 3, 1) + timedelta(days=self.rng.randint(0, 480))
            precision = self.rng.choices(["day", "month", "year"], [80, 15, 5])[0]
            when = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[
                precision
            ]
            if kind == "session":
                number = ordinal(self.rng.randint(3, 25))
                title = f"{number} session of the working group on {topic.title}"
            elif kind == "visit":
                title = f"{cluster.a.adjective} delegation visits {cluster.b.capital}"
            elif kind == "summit":
                title = f"{cluster.a.name}–{cluster.b.name} summit in {cluster.a.capital}"
            elif kind == "signing":
                title = f"Signing of the agreement on {self.rng.choice(topic.things)}"
            elif kind == "deadline":
                title = f"Deadline for the review of {self.rng.choice(topic.things)}"
            elif kind == "meeting":
                title = f"Ministers’ meeting on {topic.title}"
            else:
                title = f"Business forum on {topic.phrase}"
            item = self.new_id(f"{cluster.a.id} {cluster.b.id} {topic.slug} {kind} {k + 1}")
            # Participants uniformly (not by mention rank): timelines stay short.
            participants = self.rng.sample(cluster.actors, self.rng.choice([2, 2, 3]))
            if day < REFERENCE_DATE - timedelta(days=40):
                status = self.rng.choices(["held", "postponed", "cancelled"], [85, 10, 5])[0]
            elif day < REFERENCE_DATE:
                status = "held"
            else:
                status = self.rng.choices(["scheduled", "postponed"], [90, 10])[0]
            if precision != "day" and status == "held" and self.rng.random() < 0.5:
                status = "under-way" if day.year == 2025 and day.month >= 11 else status
            lines = [f"title: {yaml_str(title)}", f"kind: {kind}", f"date: {when}"]
            if (
                precision == "day"
                and kind in ("visit", "summit", "session")
                and self.rng.random() < 0.5
            ):
                lines.append(f"end: {(day + timedelta(days=self.rng.randint(1, 3))).isoformat()}")
            if kind != "deadline":
                host = {"visit": cluster.b, "summit": cluster.a}.get(
                    kind, self.rng.choice((cluster.a, cluster.b))
                )
                lines.append(f"location: {host.capital}")
            lines.append(f"participants: [{', '.join(participants)}]")
            lines.append(f"status: {status}")
            if kind != "deadline" and self.rng.random() < 0.5:
                outcomes = self.rng.sample(
                    [
                        f"A protocol on {self.rng.choice(topic.things)}.",
                        f"A timetable for {self.rng.choice(topic.things)} through 2027.",
                        "A joint statement reaffirming the partnership.",
                        f"Terms of reference for a sub-group on {self.rng.choice(topic.things)}.",
                        "An agreed list of projects for the next session to review.",
                    ],
                    self.rng.choice([1, 1, 2]),
                )
                lines.append("outcomes:")
                lines += [f"  - {yaml_str(o)}" for o in outcomes]
            summary = (
                f"{self.link(participants[0])} and {self.link(participants[1])} "
                f"{self.rng.choice(['review', 'take stock of', 'discuss'])} "
                f"{self.rng.choice(topic.things)} and the wider agenda of {topic.phrase}."
            )
            if self.rng.random() < 0.5:
                lines.append(f"summary: {block(wrap(summary, 80))}".rstrip("\n"))
            if self.rng.random() < 0.6:
                lines.append(f"sources: [{self.rng.choice(cluster.sources)}]")
            self.files[f"content/agenda/{item}.yaml"] = "\n".join(lines) + "\n"
            self.names[item] = title
            cluster.agenda.append(item)

    def write_sources(self, count: int) -> list[str]:
        ids = []
        for k in range(count):
            publisher, reliability = PUBLISHERS[k % len(PUBLISHERS)]
            state = STATES[k % len(STATES)]
            topic = TOPICS[k % len(TOPICS)]
            title = SOURCE_TITLES[(k * 3) % len(SOURCE_TITLES)].format(
                x=f"{state.adjective} {topic.title}", c=state.capital
            )
            sid = self.new_id(f"{slugify(publisher).split('-')[0]} {state.id} {topic.slug} {k + 1}")
            when = date(2025, 1, 1) + timedelta(days=self.rng.randint(0, 330))
            lines = [
                f"title: {yaml_str(title)}",
                f"publisher: {yaml_str(f'{state.name}: {publisher}')}",
            ]
            if k % 3 == 0:
                given = self.rng.choice(WESTERN_MALE + WESTERN_FEMALE)
                lines.append(f"author: {given} {self.rng.choice(WESTERN_SURNAMES['france'])}")
            lines.append(f"date: {when.isoformat() if k % 4 else when.isoformat()[:7]}")
            if k % 5 != 4:
                lines.append(f"url: https://example.org/{state.id}/{topic.slug}/{k + 1}")
                lines.append(f"accessed: {(when + timedelta(days=3)).isoformat()}")
            lines.append(f"reliability: {yaml_str(reliability)}")
            self.files[f"content/sources/{sid}.yaml"] = "\n".join(lines) + "\n"
            ids.append(sid)
        return ids

    # -- analysis --
    def sentence(
        self, cluster: Cluster, actors: list[str], cite: bool, pick: int | None = None
    ) -> str:
        t = cluster.topic
        a, b = cluster.a, cluster.b
        x = self.rng.choice(t.things)
        who = self.link(self.rng.choice(actors))
        templates = [
            f"{who} has pressed for faster progress on {x}, arguing that {t.phrase} should not "
            "wait for a wider settlement.",
            f"Officials in {a.capital} describe {x} as the test of whether {t.phrase} with "
            f"{b.name} can survive outside pressure.",
            f"The figures point the same way: volumes linked to {x} rose in each of the last "
            "three quarters, though from a low base.",
            f"{b.adjective} negotiators, led by {who}, have so far avoided firm commitments on "
            f"{x}.",
            f"Neither side has published the text of the arrangements on {x}, which limits what "
            "can be said about their terms.",
            f"Much depends on financing: without a workable payment channel, commitments on {x} "
            "will be hard to honour on time.",
            f"{who} told reporters that the two governments had agreed on a road map, but gave no "
            "dates.",
            "Third parties matter here too: insurers, banks and shipping firms read every "
            f"statement on {x} for signs of sanctions risk.",
            f"The pattern is familiar from earlier rounds, when announcements on {x} ran well "
            "ahead of delivery.",
            f"Within {a.name}, {t.phrase} enjoys support across ministries, which makes a sharp "
            "reversal hard to imagine.",
            f"Opposition in {b.name}’s parliament is vocal but has not yet blocked any agreement "
            f"on {x}.",
            f"The [[{cluster.body}|working group]] is where technical disputes over {x} are meant "
            "to be settled.",
        ]
        if pick is None:
            pick = self.rng.randrange(len(templates))
        text = templates[pick % len(templates)]
        if cite:
            text = text[:-1] + f" {self.cite(cluster)}."
        return text

    def paragraph(self, cluster: Cluster, actors: list[str], sentences: int) -> str:
        picks = self.rng.sample(range(SENTENCE_TEMPLATES), sentences)
        parts = [
            self.sentence(cluster, actors, cite=self.rng.random() < 0.35, pick=pick)
            for pick in picks
        ]
        return wrap(" ".join(parts))

    def write_analysis(self, cluster: Cluster, aid: str, kind: str) -> None:
        t = cluster.topic
        a, b = cluster.a, cluster.b
        actors = self.pick_actors(cluster, self.rng.randint(2, 4))
        x = self.rng.choice(t.things)
        meta = []
        paragraphs: list[str] = []
        if kind == "key-judgment":
            likelihood = self.rng.choice(
                ["unlikely", "roughly-even-chance", "likely", "likely", "very-likely",
                 "almost-certain", "very-unlikely"]
            )  # fmt: skip
            lead = LIKELY_WORDS[likelihood]
            title = self.rng.choice(
                [
                    f"{lead} {a.name} and {b.name} will expand {x} within a year",
                    f"{lead} {t.phrase} will survive new sanctions pressure",
                    f"{lead} {b.name} will agree binding terms on {x}",
                    f"{lead} delivery on {x} will lag the announcements",
                ]
            )
            confidence = self.rng.choice(["low", "moderate", "moderate", "high"])
            meta += [f"likelihood: {likelihood}", f"confidence: {confidence}"]
            paragraphs.append(
                wrap(
                    f"{lead} {t.phrase} between {a.name} and {b.name} "
                    f"will produce results on {x} "
                    f"over the next twelve months. {self.sentence(cluster, actors, True)}"
                )
            )
            paragraphs.append(self.paragraph(cluster, actors, 2))
            paragraphs.append(
                wrap(
                    f"Confidence is {confidence}. "
                    + {
                        "low": (
                            "Our reporting is thin and mostly secondary, and the key decisions "
                            "are taken in private."
                        ),
                        "moderate": (
                            "The pattern is well established, but the latest round is "
                            "known only from official statements."
                        ),
                        "high": (
                            "Several independent sources agree, and the trend has held for "
                            "three years."
                        ),
                    }[confidence]
                )
            )
        elif kind == "indicator":
            title = self.rng.choice(["Indicators to watch", f"Signposts for {t.title}"])
            paragraphs.append(
                wrap(f"The signs below would confirm or weaken the judgments on {t.phrase}.")
            )
            items = self.rng.sample(list(t.things), 3)
            paragraphs.append(
                "\n".join(
                    f"- **{item.capitalize()}.** Whether {self.link(self.rng.choice(actors))} "
                    f"announces dates, volumes or money for {item}."
                    for item in items
                )
                + f"\n- **Official language.** Whether statements after the next "
                f"[[{cluster.body}|working group]] round repeat the current formulas."
            )
        elif kind == "recommendation":
            title = self.rng.choice(["Recommendations", f"Options on {t.title}"])
            recs = [
                f"**Judge by delivery.** Track {x} for six to twelve months before revising the "
                "assessment.",
                f"**Engage {self.link(actors[0])} directly.** Use the next round of talks to ask "
                f"about {self.rng.choice(t.things)}.",
                "**Obtain the primary texts.** Several judgments here rest on secondary reports.",
                f"**Check sanctions exposure early.** Screen announced projects in {t.phrase} "
                "before firms start asking.",
            ]
            self.rng.shuffle(recs)
            paragraphs.append(
                "\n".join(
                    f"{i}. " + wrap(r, 84).replace("\n", "\n   ") for i, r in enumerate(recs[:3], 1)
                )
            )
            paragraphs.append(self.paragraph(cluster, actors, 2))
        else:
            title = {
                "background": f"Background: {t.phrase} between {a.name} and {b.name}",
                "assessment": f"How far {t.phrase} has come on {x}",
                "implication": f"What {t.phrase} means for partners",
                "outlook": f"Outlook for {t.title} to 2027",
            }[kind]
            if kind in ("assessment", "outlook") and self.rng.random() < 0.5:
                likelihood = self.rng.choice(["unlikely", "roughly-even-chance", "likely"])
                meta += [
                    f"likelihood: {likelihood}",
                    f"confidence: {self.rng.choice(['low', 'moderate', 'high'])}",
                ]
            if self.rng.random() < 0.7:
                paragraphs.append(self.paragraph(cluster, actors, 3))
            else:
                paragraphs += [self.paragraph(cluster, actors, 2) for _ in range(2)]
            if kind in ("assessment", "implication", "outlook") and cluster.named < len(
                cluster.peripheral
            ):
                analyst = cluster.peripheral[cluster.named]
                cluster.named += 1
                paragraphs[-1] = wrap(
                    paragraphs[-1].replace("\n", " ")
                    + f" [[{analyst}]] argues that {x} will decide the matter."
                )
            if kind == "background" and cluster.agenda:
                paragraphs.append(
                    wrap(
                        f"The next milestone is [[{self.rng.choice(cluster.agenda)}]], "
                        f"where {self.link(actors[0])} is expected to set out {a.name}’s position."
                    )
                )
            if kind == "assessment" and self.rng.random() < 0.4:
                rows = "\n".join(
                    f"| {thing.capitalize()} | "
                    f"{self.rng.choice(['agreed', 'under talks', 'stalled'])} "
                    f"| [[{self.rng.choice(actors)}\\|lead]] |"
                    for thing in self.rng.sample(list(t.things), 3)
                )
                paragraphs.append(f"| Programme | Status | Lead |\n| --- | --- | --- |\n{rows}")
            if kind == "assessment" and self.rng.random() < 0.5:
                paragraphs[0] += "[^1]"
                paragraphs.append(
                    wrap(f"[^1]: Figures for {x} are estimates; official series stop in 2024.")
                )
        cited = sorted(set(re.findall(r"@([a-z0-9-]+)", "\n".join(paragraphs))))
        front = [f"title: {yaml_str(title)}", f"kind: {kind}", *meta]
        front.append(f"tags: [{', '.join(t.tags)}]")
        if cited or self.rng.random() < 0.3:
            front.append(f"sources: [{', '.join(cited or [cluster.sources[0]])}]")
        body = "\n\n".join(paragraphs)
        self.files[f"content/analysis/{aid}.md"] = (
            "---\n" + "\n".join(front) + "\n---\n" + body + "\n"
        )

    # -- briefs --
    def write_brief(self, k: int, cluster: Cluster, clusters: list[Cluster]) -> None:
        t = cluster.topic
        a, b = cluster.a, cluster.b
        slug = f"{a.id}-{b.id}-{t.slug}-{k + 1:03d}"
        day = date(2025, 9, 1) + timedelta(days=self.rng.randint(0, 200))
        kjs = self.rng.sample(cluster.analysis["key-judgment"], self.rng.randint(2, 3))
        others = [
            i for kind, ids in cluster.analysis.items() if kind != "key-judgment" for i in ids
        ]
        backgrounds = cluster.analysis.get("background", [])
        count = self.rng.randint(3, 5)
        chosen: list[str] = []
        if backgrounds:
            chosen.append(self.rng.choice(backgrounds))
        if self.rng.random() < 0.35:
            chosen.append(kjs[0])  # a key judgment's full text
        if self.rng.random() < 0.05:  # now and then a section from another cluster
            stranger = self.rng.choice(clusters)
            pool = [
                i for kind, ids in stranger.analysis.items() if kind != "key-judgment" for i in ids
            ]
            pick = self.rng.choice(pool)
            if pick not in chosen:
                chosen.append(pick)
        while len(chosen) < count:
            pick = self.rng.choice(others)
            if pick not in chosen:
                chosen.append(pick)
        actors = self.pick_actors(cluster, 3)
        summary = wrap(
            f"{self.link(actors[0])} and {self.link(actors[1])} have put {t.phrase} at the "
            f"centre of relations between {a.name} and {b.name} "
            f"{self.cite(cluster)}. "
            f"Progress on {self.rng.choice(t.things)} is real but uneven, and "
            f"{self.link(actors[2])} has signalled that {b.name} wants firmer terms before "
            f"[[{self.rng.choice(cluster.agenda)}]]. "
            f"Partners should judge the relationship by what is delivered rather than announced, "
            f"and watch financing and sanctions exposure closely {self.cite(cluster)}."
        )
        split = self.rng.randint(1, len(chosen) - 1)
        sections = [f"  - analysis: {i}" for i in chosen[:split]]
        sections += ["  - agenda: auto", "  - actors: auto"]
        sections += [f"  - analysis: {i}" for i in chosen[split:]]
        if self.pages:
            chapters = write_chapters(self, cluster, slug, self.pages)
            sections += [f"  - analysis: {i}" for i in chapters]
        sections += ["  - sources: auto"]
        subtitle = self.rng.choice(SUBTITLES).format(t=t.phrase, x=self.rng.choice(t.things))
        lines = [
            f"title: {yaml_str(f'{a.name} and {b.name}: {t.title}')}",
            f"subtitle: {yaml_str(subtitle)}",
            f"date: {day.isoformat()}",
            # Drawn and dropped (the rest of the corpus stays as it was): a later
            # edition warns when the project is not a git checkout.
            f"edition: {min(1, self.rng.choice([1, 1, 1, 2, 3]))}",
            f"status: {self.rng.choice(['final', 'final', 'final', 'draft'])}",
            f"authors: [{self.rng.choice(AUTHORS)}]",
        ]
        if self.rng.random() < 0.15:
            lines.append("marking: OFFICIAL-SENSITIVE")
        lines += [
            "audience: "
            f"{yaml_str(self.rng.choice(AUDIENCES).format(a=a.name, b=b.name, t=t.title))}",
            f"distribution: {yaml_str(self.rng.choice(DISTRIBUTIONS))}",
            f"summary: {block(summary)}".rstrip("\n"),
            f"key_judgments: [{', '.join(kjs)}]",
            "sections:",
            *sections,
            f"tags: [{', '.join([a.id, b.id, *t.tags])}]",
        ]
        self.files[f"briefs/{slug}.yaml"] = "\n".join(lines) + "\n"

    # -- the whole project --
    def generate(self) -> dict[str, str]:
        n = self.n
        n_actors = max(20, n // 3)
        n_agenda = max(10, n // 5)
        n_analysis = max(30, n)
        n_clusters = max(2, round(n / 25))
        n_states = min(len(STATES), max(6, n_actors // 8))
        states = STATES[:n_states]
        for state in states:
            self.write_state(state)
        sources = self.write_sources(20)
        clusters = []
        for c in range(n_clusters):
            a = states[c % n_states]
            b = states[(c + 1 + c // n_states) % n_states]
            if a == b:
                b = states[(c + 2) % n_states]
            cluster = Cluster(c, a, b, TOPICS[c % len(TOPICS)])
            start = (c * 5) % len(sources)
            cluster.sources = [sources[(start + i) % len(sources)] for i in range(4)]
            clusters.append(cluster)
        for c, cluster in enumerate(clusters):
            self.write_cluster_actors(cluster, share(n_actors - n_states, n_clusters, c))
        for c, cluster in enumerate(clusters):
            self.write_agenda(cluster, max(2, share(n_agenda, n_clusters, c)))
        pattern = [
            "key-judgment", "background", "assessment", "key-judgment", "implication",
            "outlook", "key-judgment", "recommendation", "indicator", "assessment",
        ]  # fmt: skip
        for c, cluster in enumerate(clusters):
            count = max(len(pattern), share(n_analysis, n_clusters, c))
            for k in range(count):
                kind = pattern[k % len(pattern)]
                aid = self.new_id(
                    f"{cluster.topic.slug} {cluster.a.id} {cluster.b.id} {kind} {k + 1}"
                )
                cluster.analysis.setdefault(kind, []).append(aid)
                self.write_analysis(cluster, aid, kind)
        for k in range(n):
            self.write_brief(k, clusters[k % n_clusters], clusters)
        self.files["policybrief.yaml"] = SETTINGS
        self.drop_unused_sources()
        return self.files

    def drop_unused_sources(self) -> None:
        """Remove the sources nothing cites or lists: the lint warns about them."""
        others = "\n".join(text for rel, text in self.files.items() if "/sources/" not in rel)
        named = set(re.findall(r"[@\[ ,]([a-z0-9-]+)", others))
        for rel in [r for r in self.files if r.startswith("content/sources/")]:
            if rel.split("/")[-1].removesuffix(".yaml") not in named:
                del self.files[rel]


#: The words that open a judgment at each likelihood (ICD 203's terms, which the
#: estimative-language lint reads; "that" takes any subject).
#: How many sentence templates ``Writer.sentence`` has.
SENTENCE_TEMPLATES = 12
LIKELY_WORDS = {
    "almost-certain": "It is almost certain that",
    "very-likely": "It is very likely that",
    "likely": "It is likely that",
    "roughly-even-chance": "There is a roughly even chance that",
    "unlikely": "It is unlikely that",
    "very-unlikely": "It is very unlikely that",
}
SUBTITLES = [
    "Where {t} stands before the next round",
    "Progress on {x}, and what to watch",
    "Announcements, delivery and the sanctions question",
    "Why {x} matters for partners",
]
SETTINGS = """\
# Synthetic benchmark project (benchmarks/make_corpus.py).
organisation: Policy Analysis Unit
marking: UNCLASSIFIED
paper: A4
template: brief
language: en
site:
  title: Policy briefs (benchmark corpus)
  include_drafts: false
"""


def other(cluster: Cluster, state: State) -> State:
    return cluster.b if state == cluster.a else cluster.a


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def share(total: int, parts: int, index: int) -> int:
    """Split ``total`` into ``parts`` near-equal integers; the share of part ``index``."""
    return total // parts + (1 if index < total % parts else 0)


def write_project(n: int, dest: Path, seed: int = 1, pages: int | None = None) -> dict[str, int]:
    """Write the project into ``dest``; return how many files of each kind it holds.

    ``pages``: each brief prints to about that many pages (chapters from
    ``corpus_long.py``); None gives the usual 4-5 pages.
    """
    if dest.exists() and any(dest.iterdir()):
        raise SystemExit(f"make_corpus: {dest} exists and is not empty")
    files = Writer(n, seed, pages).generate()
    for rel, text in sorted(files.items()):
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    counts: dict[str, int] = {}
    for rel in files:
        kind = rel.split("/")[1] if rel.startswith("content/") else rel.split("/")[0]
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of briefs")
    parser.add_argument("dest", type=Path, help="project folder to create")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pages", type=int, help="make each brief about this many A4 pages long (e.g. 60)"
    )
    args = parser.parse_args()
    if args.n < 1:
        parser.error("N must be at least 1")
    counts = write_project(args.n, args.dest, args.seed, args.pages)
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()) if k != "policybrief.yaml")
    print(f"wrote {args.dest}: {summary}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
