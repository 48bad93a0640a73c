#!/usr/bin/env python3
"""Builds the compact gazetteers that newsidx compiles into its rule-based entity recogniser.

Run from the repository root, with the shared data beside the checkout:

    python3 tools/build_gazetteers.py            # reads ../shared/data, writes data/gazetteers/
    python3 tools/build_gazetteers.py --shared /path/to/shared
    python3 tools/build_gazetteers.py --audit    # each hand-listed name and the source backing it

The output under data/gazetteers/ is committed; neither the build nor the tests need ../shared.
The run is deterministic (sorted output, no randomness), so re-running it on the same inputs gives
the same files. Sources and licences are recorded in data/gazetteers/README.md.

Outputs (UTF-8, one entry a line, `#` lines are comments):

- entities.tsv     `name<TAB>KIND`, KIND one of PER ORG LOC (an entity), MISC (a known name that
                   is not a person, organization or location: an event, a language, a day name,
                   a non-organization acronym) or DEM (a demonym or group word: Iraqi, Shiite).
                   Built from hand lists below, countries, capitals, continents, US states, the
                   largest cities, S&P 500 names and the entity strings seen in CoNLL-2003 train
                   and GMB (kept when frequent and mostly of one type).
- aliases.tsv      `alias<TAB>canonical` for countries (US -> United States, Republic of Iraq ->
                   Iraq).
- first_names.txt  the most common US first names (SSA) plus the first names of persons seen in
                   the NER corpora.
- surnames.txt     the most common US surnames (1990 census) plus the last names of persons seen
                   in the NER corpora.
- common_words.txt lower-case English words that are mostly written lower-case (measured on
                   Reuters-21578 and GMB): a capitalised sentence-initial "Earlier" or "Showers" is
                   not a name.
- titles.tsv       `word<TAB>T|M`: person titles (T) and the modifiers that may precede or join
                   them (M: interim, prime, vice ...), from nameparser plus a hand list.
- org_words.tsv    `word<TAB>S|H`: legal suffixes (S: inc, plc, gmbh; dots removed, lower-case)
                   and head words that make a capitalised run an organization (H: bank, ministry).
- loc_words.txt    head words that make a capitalised run a location (river, province, zone).
"""

import argparse
import collections
import csv
import json
import os
import re
import sys
import tomllib
import unicodedata

# ---------------------------------------------------------------------------------------------
# Hand lists. Edit here, re-run, commit the output.
# ---------------------------------------------------------------------------------------------

# Hand entries: multi-word names one a line, single words split on white space. Every PER, ORG,
# LOC and MISC entry must be backed by a listed source with the same kind (countries, GeoNames
# places, S&P 500, or the kind CoNLL-2003 train or GMB gives the string at least 60% of the
# time): the build checks this, and `--audit` prints the evidence for each entry.
# An entry a source backs only under another kind moves to CoNLL-2003 train's kind when CoNLL
# gives it one (the convention the model follows: Dow Jones and Nasdaq ORG -> MISC, God and Jesus
# MISC -> PER); otherwise it goes, and the source-derived entries below decide its kind.
# Removed in issue 15, no source backing them (or only under the kind in brackets):
#   orgs: Agence France-Presse, Red Crescent, Islamic State, Kataib Hezbollah, Popular
#     Mobilisation Forces, Popular Mobilization Forces, Hashed al-Shaabi, Quds Force, Shin Bet,
#     Labour Party, Conservative Party (LOC), Bank of England, JP Morgan, Deutsche Bank, Saudi
#     Aramco, Al Jazeera (PER), Al Qaeda, Reuter, UPI, TASS, Kyodo (LOC), Yonhap, DPA, EFE,
#     Al-Jazeera (LOC), Knesset, Bundestag, E.U. (LOC), GATT, UNHCR, ISIS, ISIL, Daesh, al-Qaeda
#     (LOC), Al-Qaeda, Fatah (LOC), Tories, Barclays, HSBC, NYSE, Facebook (MISC), Twitter (MISC),
#     Texaco, Aramco, Nissan (PER), Siemens, Philips, Nestle (PER), Unilever, Peugeot (LOC),
#     Alibaba, Huawei;
#   locations: Green Zone (GMB: org 8, geo 6), Iraqi Kurdistan, Donbas, Downing Street (PER),
#     USSR (ORG), Persia, Raqqa, and the alias U.S.A.;
#   persons: Putin (ORG), Soleimani, Rouhani, Erdogan (ORG), Merkel (LOC), Macron;
#   other names (MISC): Easter (LOC), Ramadan, Eid, Hanukkah, Thanksgiving, Allah, Christ,
#     Christianity (LOC), Judaism, Quran (ORG), Koran (LOC), Bible (PER), COVID, COVID-19, Dow
#     Jones Industrial Average (PER), Dow Jones industrial average, Cold War (ORG), New Year (ORG).
#   (the kinds in brackets are GMB's; GMB's tags are partly machine-made, see ../shared/README.md)
KNOWN_ORGS_LINES = """
Associated Press
Fox News
White House
Federal Reserve
World Bank
Commerce Department
State Department
Justice Department
Defense Department
Supreme Court
European Commission
European Union
United Nations
Security Council
UN Security Council
U.N. Security Council
Red Cross
Amnesty International
Human Rights Watch
Revolutionary Guards
Revolutionary Guard
Democratic Party
Republican Party
Bank of Japan
European Central Bank
Goldman Sachs
Morgan Stanley
Credit Suisse
Wall Street Journal
New York Times
Washington Post
Financial Times
General Motors
General Electric
Royal Dutch Shell
"""
KNOWN_ORG_WORDS = """AFP Reuters AP Xinhua Bloomberg Interfax Itar-Tass IRNA ANSA BBC CNN VOA
CBS NBC ABC Pentagon Kremlin Congress Senate Duma Bundesbank Fed NATO UN U.N. EU EC OPEC IMF WTO
OECD ASEAN OAS WHO UNICEF IAEA Interpol Europol CIA FBI NSA KGB NASA FDA SEC EPA USDA al-Qaida
Taliban Taleban Hamas Hezbollah Hizbollah PLO IRA ETA PKK Likud Citigroup Citibank UBS Google
Microsoft Amazon IBM Toyota Volkswagen Boeing Airbus Exxon Chevron BP Gazprom Honda Renault Fiat
Sony Samsung Hyundai""".split()

KNOWN_LOCS = """
Middle East
Gulf
Persian Gulf
Arabian Peninsula
Gaza
Gaza Strip
West Bank
Golan Heights
Kurdistan
Balkans
Caucasus
Scandinavia
Siberia
Sahara
Sahel
Horn of Africa
Latin America
Central America
Southeast Asia
South Asia
East Asia
Central Asia
Western Europe
Eastern Europe
Asia-Pacific
Pacific
Atlantic
Mediterranean
Hong Kong
Taiwan
Tibet
Xinjiang
Crimea
Chechnya
Kashmir
Punjab
Darfur
Wall Street
Capitol Hill
Britain
Great Britain
England
Scotland
Wales
Northern Ireland
Holland
Soviet Union
Burma
Ivory Coast
Washington
Moscow
Beijing
Tehran
Baghdad
Mosul
Basra
Erbil
Kirkuk
Fallujah
Ramadi
Tikrit
Najaf
Karbala
Damascus
Aleppo
Idlib
Beirut
Kabul
Kandahar
Islamabad
Riyadh
Jeddah
Doha
Dubai
Abu Dhabi
Ankara
Istanbul
Cairo
Tripoli
Benghazi
Jerusalem
Tel Aviv
Amman
Sanaa
Aden
Salvador
Bahia
New York
Los Angeles
San Francisco
Chicago
London
Paris
Berlin
Brussels
Tokyo
"""

# Known persons are kept few: a name string alone is weak evidence.
KNOWN_PERSONS = """
God
Jesus
Trump
Obama
Xi Jinping
Khamenei
Netanyahu
Saddam Hussein
Osama bin Laden
"""

# Not persons, organizations or locations: known so that they are never guessed. Closed classes
# (no names): day and month names, abbreviations of common words and units, Roman numerals.
NOT_NAME_WORDS = """
Monday Tuesday Wednesday Thursday Friday Saturday Sunday
January February March April May June July August September October November December
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
GDP GNP CEO CFO COO CTO TV PC PCT GMT EST EDT BST CET FOB CIF NOTE II III IV VI VII
VIII IX XI XII XIII XIV XV XX OK AM PM DNA RNA ID PhD MBA BA MA MP MPs LNG
LPG CPI PPI GDR ADR IPO EPS M1 M2 M3 NIL DLRS MLN BLN CTS PCT SHR QTR REVS AVG
"""
# Names that are no person, organization or location (kind MISC): backed like the lists above
# (a corpus gives them a kind other than PER ORG LOC at least 60% of the time, or its tokens are
# mostly outside entities).
KNOWN_MISC = """
Christmas Islam Internet AIDS HIV SARS Nasdaq
"""
KNOWN_MISC_LINES = """
Dow Jones
World War I
World War II
World Cup
Olympic Games
Olympics
Nobel Peace Prize
"""

# Demonyms and group words that are not entities on their own.
KNOWN_DEMONYMS = """Shiite Shiites Shia Shi'ite Sunni Sunnis Kurd Kurds Kurdish Arab Arabs Arabian
Muslim Muslims Moslem Moslems Christians Jew Jews Jewish Catholic Catholics Protestant
Islamic Islamist Islamists Jihadist Jihadists Sikh Hindu Hindus Buddhist Buddhists Coptic Copts
Alawite Alawites Druze Yazidi Yazidis Pashtun Baloch Uighur Uighurs Uyghur Tamil Tamils Sinhalese
Hutu Tutsi Zionist Western Westerners Eastern Northern Southern European Europeans Asian Asians
African Africans Latino Latinos Hispanic Hispanics Caucasian Soviet Soviets Yankee Anglo
Scandinavian Nordic Balkan Arabic Persian Farsi English French German Spanish Philippine Pro-Iranian Pro-American Anti-American""".split()

# Person titles (T) and modifiers (M) beyond nameparser's lists; lower-case, no dots.
EXTRA_TITLES = """dr prof professor mr mrs ms miss sir dame lord lady president premier chancellor
minister ambassador envoy senator sen congressman congresswoman congressmen representative rep
governor gov mayor secretary spokesman spokeswoman spokesperson chairman chairwoman chairperson
chair ceo cfo chief director commissioner judge justice sheriff general gen lieutenant lt colonel
col major maj captain capt sergeant sgt admiral adm commander cmdr brigadier marshal corporal
private officer inspector superintendent detective cardinal bishop archbishop pope rabbi imam
ayatollah sheikh sheik emir king queen prince princess crown sultan shah pastor reverend rev
father chancellor-elect president-elect pm mp mep delegate treasurer speaker coach manager
striker midfielder defender goalkeeper keeper skipper analyst economist dealer trader strategist
lawyer attorney prosecutor counsel advocate dean provost rector professor lecturer mullah cleric
monsignor patriarch cmdt leader""".split()
EXTRA_MODIFIERS = """interim acting former ex late then deputy vice first second assistant associate
senior junior chief executive managing general prime foreign defence defense finance interior
home health education energy trade commerce agriculture justice labour labor transport economy
economic oil petroleum information culture environment treasury state national federal supreme
high grand royal crown lord lieutenant major rear brigadier us u.s. uk u.n. un eu nato opposition
party army navy air force police intelligence military militia rebel security armed joint staff
affairs""".split()
# Lower-case words before a capitalised run that make it a person ("commander Abu Mahdi").
# They are the title words above; these are excluded as lower-case cues (too common before
# organizations or places).
NOT_LOWER_CUES = """chief director chair coach manager officer leader private major first
crown speaker counsel advocate justice trader dealer keeper delegate rep sen gov capt maj col gen
lt adm sgt cmdr rev pm mp ceo cfo""".split()

ORG_HEADS = """Administration Agency Agencies Association Associates Authority Bank Banks Bancorp Bancshares Board
Brigade Brigades Bureau Cabinet Chamber Church Club Coalition College Command Commission
Committee Company Confederation Congress Consortium Cooperative Corps Council Court Department
Directorate Exchange Federation Force Forces Foundation Front Fund Group Guard Guards Holdings
Hospital Industries Institute Institution League Legion Liberation Limited Lines Media Militia
Ministry Mission Movement Network Office Organisation Organization Parliament Partners
Partnership Party Police Railways Regiment Republicans Democrats School Secretariat Senate
Service Services Society Studios Syndicate Systems Technologies Trust Tribunal Union University
Airlines Airways Motors Petroleum Pharmaceuticals Communications Electronics Energy Enterprises
Insurance Investments Laboratories Resources Securities Steel Telecom Textiles Trading
Brothers Bros Capital Financial International Mining Oil Petroleum Chemical Chemicals Foods
Realty Savings Utilities Utility Gas Electric Power Products""".split()

# Words that are first names somewhere but open far more names of places and organizations.
NOT_FIRST_NAMES = set("""North South East West Northern Southern Eastern Western Central Middle
National International Federal United New Old Great Little Grand Royal Union Summer Winter
Spring Autumn Christmas Easter Saint Santa San Fort Port Lake Mount Golden Silver Crystal
American British English French Irish Scottish German Dutch Swiss Asian African European
Pacific Atlantic Texas Dallas Houston Austin Phoenix Denver Boston Lincoln Jackson Madison
Washington Chase Sterling Merrill Lynch Morgan Wells Fargo Bank Price Standard Pioneer General
Major King Prince Duke Bishop Judge Marshal Sheriff Mayor Victory Liberty Justice Independence
Freedom Unity Alliance Premier Regal Pilgrim Commerce Security Trust Capital Continental
Citizens Republic Empire Federal Ocean Sierra""".split())

# Single words the corpora tag as places or organizations that are too generic alone.
GENERIC_WORDS = set("""North South East West Northern Southern Eastern Western Central Middle
National International Federal Republic Kingdom State States Island Islands City Capital
Government Parliament Cabinet Army Navy Police Court Council Ministry Department Party Union
Bank Group University Square Street Airport Mission Office Agency Committee Commission
Senate House Assembly Congress Coast Valley River Gulf Sea Ocean Lake Bay Mount Mountains
Interior Treasury Trade Exchange Market Markets Stock Stocks Securities United Continental
Royal Coastal Cable Association Fund Finance Holdings Savings Partners Electric Industries
Capital Financial Energy Resources Power Communications Investment Investments Trust""".split()) - {
    "Parliament", "Congress", "Senate", "Treasury", "Gulf"}

LOC_HEADS = """Airport Avenue Basin Bay Beach Bridge Canal Canyon Cape Coast County Creek Delta
Desert District Gulf Harbor Harbour Heights Highlands Hill Hills Island Islands Isles Lake
Lakes Mount Mountain Mountains Ocean Oasis Park Pass Peninsula Plain Plains Plateau Port
Province Region Reservoir River Road Sea Square Strait Straits Street Valley Zone Governorate
Prefecture Territory Territories Township Borough Oblast""".split()

# Country alternate names that are too short or ambiguous to keep (codes other than these).
KEEP_SHORT_ALIASES = {"US", "USA", "UK", "UAE", "DRC", "PRC", "ROK", "DPRK", "U.S.", "U.K."}
EXTRA_ALIASES = {
    "U.S.": "United States", "America": None,
    "U.K.": "United Kingdom", "Britain": "United Kingdom", "Great Britain": "United Kingdom",
    "Holland": "Netherlands", "the Netherlands": "Netherlands", "Burma": "Myanmar",
    "Ivory Coast": "Ivory Coast", "Soviet Union": None, "South Korea": "South Korea",
    "North Korea": "North Korea", "Czech Republic": "Czechia", "Czechia": "Czechia",
    "Russian Federation": "Russia", "Persia": None,
}


def words(block):
    return [w for w in block.split() if w]


def lines(block):
    return [l.strip() for l in block.strip().splitlines() if l.strip()]


def fold(s):
    """ASCII form of s (São Paulo -> Sao Paulo), or s itself when it has no accents."""
    out = unicodedata.normalize("NFKD", s)
    out = "".join(c for c in out if not unicodedata.combining(c))
    return out


WORD_RE = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")


def word_stats(shared):
    """(lower, cap_mid, cap_initial) counts by lower-case word over Reuters and GMB."""
    lower = collections.Counter()
    cap_mid = collections.Counter()
    cap_init = collections.Counter()

    def count(tok, initial):
        if len(tok) < 2 and tok not in ("a", "I"):
            return
        low = tok.lower()
        if tok == low:
            lower[low] += 1
        elif tok[0].isupper() and not tok.isupper():
            (cap_init if initial else cap_mid)[low] += 1

    path = os.path.join(shared, "data/reuters21578/reuters21578.jsonl")
    with open(path, encoding="utf-8") as f:
        for line in f:
            body = json.loads(line).get("body") or ""
            prev_end = 0
            for m in WORD_RE.finditer(body):
                gap = body[prev_end:m.start()]
                prev_end = m.end()
                initial = m.start() == 0 or bool(re.search(r"[.!?:\"]\s*$|\n\s{2,}$", gap))
                count(m.group(), initial)
    path = os.path.join(shared, "data/gmb/gmb_ner.conll.txt")
    with open(path, encoding="utf-8") as f:
        initial = True
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                initial = True
                continue
            tok = parts[0]
            if WORD_RE.fullmatch(tok):
                count(tok, initial)
            initial = tok in (".", "!", "?", ":", '"', "``")
    return lower, cap_mid, cap_init


# ---------------------------------------------------------------------------------------------
# Audit: every hand-listed entity entry must be backed by a listed public source
# ---------------------------------------------------------------------------------------------

# Kinds of GMB's entity strings as the audit reads them (gpe strings are mostly demonyms).
GMB_AUDIT_KINDS = {"geo": "LOC", "org": "ORG", "per": "PER", "gpe": "DEM", "tim": "MISC",
                   "art": "MISC", "eve": "MISC", "nat": "MISC"}


def token_tag_stats(shared):
    """token -> Counter of "O" / "E" (in an entity) over CoNLL-2003 train and GMB, headlines in
    capitals left out."""
    tags = collections.defaultdict(collections.Counter)

    def sentence(toks):
        caps = sum(1 for t, _ in toks if t.isupper() and len(t) > 1)
        alpha = sum(1 for t, _ in toks if any(c.isalpha() for c in t))
        if alpha == 0 or caps * 2 >= alpha:
            return  # a headline in capitals
        for t, tag in toks:
            tags[t]["O" if tag == "O" else "E"] += 1

    for name, sep, tagcol in (("data/conll2003/train.iob2.txt", " ", 3),
                              ("data/gmb/gmb_ner.conll.txt", "\t", 2)):
        toks = []
        with open(os.path.join(shared, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or line.startswith("-DOCSTART-"):
                    continue
                parts = line.rstrip("\n").split(sep)
                if len(parts) <= tagcol:
                    if toks:
                        sentence(toks)
                    toks = []
                    continue
                toks.append((parts[0], parts[tagcol]))
        if toks:
            sentence(toks)
    return tags


def acronym_stats(shared, tags=None):
    """All-caps tokens that are mostly not entities in CoNLL-2003 train and GMB."""
    tags = tags or token_tag_stats(shared)
    out = set()
    for t, c in tags.items():
        if len(t) >= 2 and t.isupper() and t.isalpha():
            total = c["O"] + c["E"]
            if total >= 3 and c["O"] >= 0.7 * total:
                out.add(t)
    return out


def source_kinds(shared):
    """name -> {kind: [evidence, ...]}: the kinds the sources give a name. Gazetteer sources give
    one kind; a corpus (CoNLL-2003 train, GMB: each on its own) backs the kind it gives a string
    at least 60% of the times it tags it (the threshold the corpus entries below use). CoNLL's
    MISC single words and GMB's gpe strings are nationalities and group words: DEM."""
    gaz = os.path.join(shared, "data/gazetteers")
    src = collections.defaultdict(lambda: collections.defaultdict(list))

    def add(name, kind, what):
        name = " ".join(name.replace("\u2019", "'").split())
        if name:
            src[name][kind].append(what)
            if fold(name) != name:
                src[fold(name)][kind].append(what)

    for c in json.load(open(os.path.join(gaz, "countries/countries.json"), encoding="utf-8")):
        add(c["name"]["common"], "LOC", "countries:name")
        add(c["name"]["official"], "LOC", "countries:official")
        for a in c.get("altSpellings", []):
            if len(a) > 3 or a in KEEP_SHORT_ALIASES:  # not the two-letter codes
                add(a, "LOC", "countries:altSpelling")
        for cap in c.get("capital", []):
            add(cap, "LOC", "countries:capital")
        for d in (c.get("demonyms", {}).get("eng", {}) or {}).values():
            for form in (d or "").split(" or "):
                add(form.strip(), "DEM", "countries:demonym")
    for v in json.load(open(os.path.join(gaz, "places/countries.json"), encoding="utf-8")).values():
        add(v["name"], "LOC", "geonames:country")
        add(v.get("capital") or "", "LOC", "geonames:capital")
    continents = json.load(open(os.path.join(gaz, "places/continents.json"), encoding="utf-8"))
    for v in continents.values():
        add(v["asciiName"], "LOC", "geonames:continent")
    for v in json.load(open(os.path.join(gaz, "places/us_states.json"), encoding="utf-8")).values():
        add(v["name"], "LOC", "geonames:us-state")
    with open(os.path.join(gaz, "places/cities15000.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            add(r["name"], "LOC", "cities15000")
    with open(os.path.join(gaz, "orgs/sp500_constituents.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            add(re.sub(r"\s*\(.*\)$", "", row["Security"].strip()), "ORG", "sp500")
    for path, label, kinds in (("derived/conll2003_train_entity_strings.tsv", "conll", None),
                               ("derived/gmb_entity_strings.tsv", "gmb", GMB_AUDIT_KINDS)):
        counts = collections.defaultdict(collections.Counter)
        raw = collections.defaultdict(collections.Counter)
        with open(os.path.join(gaz, path), encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                kind = kinds[row["type"]] if kinds else row["type"]
                if kind == "MISC" and " " not in row["text"] and label == "conll":
                    kind = "DEM"
                counts[row["text"]][kind] += int(row["count"])
                raw[row["text"]][row["type"]] += int(row["count"])
        for s, c in counts.items():
            kind, n = c.most_common(1)[0]
            if n >= 0.6 * sum(c.values()):
                add(s, kind, label + ":" + ",".join(f"{k}={v}" for k, v in sorted(raw[s].items())))
    return src


def hand_entries():
    """(list name, entry, kind) for every hand-listed entity entry."""
    out = [("KNOWN_ORGS_LINES", n, "ORG") for n in lines(KNOWN_ORGS_LINES)]
    out += [("KNOWN_ORG_WORDS", n, "ORG") for n in KNOWN_ORG_WORDS]
    out += [("KNOWN_LOCS", n, "LOC") for n in lines(KNOWN_LOCS)]
    out += [("KNOWN_PERSONS", n, "PER") for n in lines(KNOWN_PERSONS)]
    out += [("KNOWN_MISC", n, "MISC") for n in words(KNOWN_MISC)]
    out += [("KNOWN_MISC_LINES", n, "MISC") for n in lines(KNOWN_MISC_LINES)]
    out += [("KNOWN_DEMONYMS", n, "DEM") for n in KNOWN_DEMONYMS]
    out += [("EXTRA_ALIASES", a, "LOC") for a, c in EXTRA_ALIASES.items() if c is not None]
    return out


def audit(shared, tags=None):
    """Rows (list, entry, kind, verdict, evidence): verdict "ok", "kind:K" (backed only as K) or
    "unbacked"."""
    src = source_kinds(shared)
    tags = tags or token_tag_stats(shared)
    rows = []
    for lst, name, kind in hand_entries():
        ev = src.get(name, {})
        if kind == "MISC" and ("DEM" in ev or "MISC" in ev):  # CoNLL MISC, GMB tim art eve nat
            rows.append((lst, name, kind, "ok", sorted(ev.get("MISC", []) + ev.get("DEM", []))[0]))
            continue
        if kind in ev:
            rows.append((lst, name, kind, "ok", sorted(set(ev[kind]))[0]))
            continue
        if kind == "MISC":
            # a MISC entry says "no person, organization or location": also backed by a token
            # mostly outside entities in the corpora
            c = tags.get(name) if " " not in name else None
            if c and c["O"] + c["E"] >= 3 and c["O"] >= 0.7 * (c["O"] + c["E"]):
                rows.append((lst, name, kind, "ok", f"corpora tokens:O={c['O']},E={c['E']}"))
                continue
        if ev:
            k = sorted(ev)[0] if len(ev) == 1 else "+".join(sorted(ev))
            rows.append((lst, name, kind, "kind:" + k,
                         "; ".join(sorted({e for v in ev.values() for e in v}))[:120]))
        else:
            c = tags.get(name)
            rows.append((lst, name, kind, "unbacked",
                         f"corpora tokens:O={c['O']},E={c['E']}" if c else ""))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "../../shared"))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "../data/gazetteers"))
    ap.add_argument("--first-names", type=int, default=5000)
    ap.add_argument("--surnames", type=int, default=5000)
    ap.add_argument("--cities", type=int, default=6000)
    ap.add_argument("--audit", action="store_true",
                    help="print every hand-listed entity entry with the source that backs it "
                         "(TSV) and exit; non-zero status when one is unbacked")
    args = ap.parse_args()
    shared = os.path.abspath(args.shared)
    tags = token_tag_stats(shared)
    rows = audit(shared, tags)
    # PER ORG LOC MISC entries must be backed; demonyms and group words (DEM: no entities) are
    # reported by --audit but not enforced
    bad = [r for r in rows if r[3] != "ok" and r[2] != "DEM"]
    if args.audit:
        print("list\tentry\tkind\tverdict\tevidence")
        for r in rows:
            print("\t".join(r))
        print(f"{len(rows)} entries, {sum(r[3] != 'ok' for r in rows)} not backed as listed, "
              f"{len(bad)} of them names (PER ORG LOC MISC)", file=sys.stderr)
        return 1 if bad else 0
    if bad:
        for r in bad:
            print("not backed: " + "\t".join(r), file=sys.stderr)
        print("every hand-listed entity entry must be backed by a listed source "
              "(see --audit)", file=sys.stderr)
        return 1
    gaz = os.path.join(shared, "data/gazetteers")
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)

    print("word statistics ...", file=sys.stderr)
    lower, cap_mid, cap_init = word_stats(shared)
    common = set()
    for w, n in lower.items():
        if n >= 4 and n >= 1.5 * cap_mid[w] and len(w) <= 24:
            common.add(w)
    common |= {"i", "a"}

    # ---- titles
    toml = tomllib.load(open(os.path.join(gaz, "person_titles/nameparser_en.toml"), "rb"))
    titles, modifiers = set(), set()
    for w in toml["word"]:
        t = w["text"].replace(".", "")
        if any(k in w for k in ("salutation", "style", "military", "office", "nobility")):
            titles.add(t)
        elif "religious" in w and t not in ("st", "saint", "blessed", "met", "canon", "prior",
                                            "primate", "buddha", "adept", "brother", "sister",
                                            "mother", "father"):
            titles.add(t)
        elif "modifier" in w and not re.match(r"^\d", t):
            modifiers.add(t)
    titles |= set(EXTRA_TITLES)
    # short military codes read as words or initials: drop those that are common words or
    # look like initials
    titles = {t for t in titles if len(t) >= 2 and (t not in common or t in EXTRA_TITLES
                                                        or len(t) > 3)}
    titles -= {"count", "heir", "heiress", "knight", "ab", "sn", "mg", "bg", "sma", "spc",
               "chairs", "co-chairs", "clerk", "principal", "prin", "registrar", "warden",
               "chief", "major"}
    titles |= {"chief", "major"}
    modifiers |= set(EXTRA_MODIFIERS)
    modifiers -= titles
    modifiers -= {"her", "his", "most", "right", "rt", "wing", "banner", "bearer", "docket",
                  "discovery", "mystery", "excellent", "knowledge", "rock", "blues", "ballet",
                  "opera", "film", "soccer", "baseball", "burlesque", "theater", "theatre",
                  "radio", "television", "software", "travel", "computer", "analytics",
                  "mathematics", "marcher", "edmi", "award-winning", "literary", "classical",
                  "voice", "family", "flying", "field"}

    # ---- organizations: suffixes and heads
    suffixes = set()
    with open(os.path.join(gaz, "orgs/legal_entity_suffixes_cleanco.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            term = row["term"].strip().lower()
            if not term or " " in term or "/" in term:
                continue
            t = term.replace(".", "")
            if 2 <= len(t) <= 8 and t.isascii() and t.isalpha() and (t not in common or t in
                    ("company", "corporation", "incorporated", "limited", "co", "corp", "inc")):
                suffixes.add(t)
    suffixes -= {"ad", "as", "da", "et", "pp", "sp", "ps", "ei", "ep", "ee", "ev", "ec", "ba",
                 "ik", "ij", "fa", "pt", "mb", "ay", "ok", "ud", "og", "sd", "kt", "kb", "ks",
                 "kd", "private", "unlimited", "sal", "dat", "vat", "teo", "tov", "sia"}
    suffixes |= {"inc", "corp", "co", "ltd", "plc", "llc", "llp", "lp", "ag", "sa", "nv", "bv",
                 "spa", "gmbh", "ab", "asa", "oy", "oyj", "kk", "pty", "bhd", "tbk", "srl",
                 "sarl", "kgaa", "oao", "ooo", "zao", "pjsc", "jsc", "cos", "inc's", "corp's"}

    # ---- entities: kind votes by priority level (higher wins)
    ent = {}  # name -> (priority, kind)

    def put(name, kind, prio):
        name = " ".join(name.replace("\u2019", "'").split())
        if not name or len(name) > 60:
            return
        old = ent.get(name)
        if old is None or prio > old[0]:
            ent[name] = (prio, kind)

    aliases = {}

    # personal names
    ssa = collections.Counter()
    with open(os.path.join(gaz, "first_names/ssa_first_names.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            ssa[row["name"]] += int(row["total_count"])
    top_first = [n for n, _ in ssa.most_common(args.first_names)]
    surnames = []
    with open(os.path.join(gaz, "surnames/census1990_dist.all.last"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if parts:
                surnames.append(parts[0].capitalize())
            if len(surnames) >= args.surnames:
                break
    census_top, ssa_top = set(surnames), set(top_first)

    # derived corpora strings (priority 1..2)
    votes = collections.defaultdict(collections.Counter)
    demonymish = set()

    def strip_titles(s):
        toks = s.split()
        while toks and toks[0].lower().rstrip(".") in titles | modifiers:
            toks = toks[1:]
        return " ".join(toks)

    with open(os.path.join(gaz, "derived/conll2003_train_entity_strings.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            t, s, n = row["type"], row["text"], int(row["count"])
            if t == "PER":
                s = strip_titles(s)
            votes[s][t] += n
    gmap = {"geo": "LOC", "org": "ORG", "per": "PER", "tim": "MISC", "art": "MISC",
            "eve": "MISC", "nat": "MISC", "gpe": "GPE"}
    with open(os.path.join(gaz, "derived/gmb_entity_strings.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            t, s, n = gmap[row["type"]], row["text"], int(row["count"])
            if t == "PER":
                s = strip_titles(s)
            votes[s][t] += n

    per_first, per_last = collections.Counter(), collections.Counter()
    for s, c in votes.items():
        if not s or not any(ch.isupper() for ch in s[:1]) and not s.startswith(("al-", "el-")):
            continue
        total = sum(c.values())
        kind, n = c.most_common(1)[0]
        toks = s.split()
        if s.isupper() and (len(s) > 5 or " " in s):
            continue  # from a headline in capitals
        if kind == "MISC" and any(ch.isdigit() for ch in s):
            continue  # dates
        if kind != "PER" and toks[0].lower().rstrip(".") in titles:
            continue  # "Judge Samuel Alito" tagged as an organization
        if kind == "PER" and len(toks) >= 2:
            for tk in toks[:-1]:
                if tk[0].isupper() and tk.isalpha() and len(tk) > 1:
                    per_first[tk] += n
                    break
            if toks[-1][0].isupper() and len(toks[-1]) > 1:
                per_last[toks[-1]] += n
        if total < 2 or n < 0.6 * total:
            continue
        if len(toks) == 1 and s.lower() in common and kind != "MISC":
            continue  # "State", "Army": common words, too weak alone
        if kind == "GPE":
            demonymish.add(s)
            continue
        if len(toks) == 1 and (s in GENERIC_WORDS or s.lower().replace(".", "") in suffixes):
            continue
        if len(toks) == 1 and (s in census_top or s in ssa_top) and kind != "MISC":
            continue  # "Smith", "Baker" alone: a person? a company? too ambiguous alone
        if kind == "MISC" and len(toks) == 1 and s[0].isupper() and not s.isupper():
            # nationalities and the like in CoNLL MISC: not entities
            if s not in ssa_top and re.search(r"(an|ese|ish|i|ic|ch)s?$", s):
                put(s, "DEM", 1)
            continue
        put(s, kind, 2 if total >= 5 else 1)

    # cities (priority 3): largest first, skipping common words and personal names of small towns
    person_words = set(top_first) | set(surnames[:2000])
    with open(os.path.join(gaz, "places/cities15000.tsv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    rows.sort(key=lambda r: -int(r["population"]))
    all_city_names = {r["name"] for r in rows} | {fold(r["name"]) for r in rows}
    kept = 0
    for r in rows:
        if kept >= args.cities:
            break
        name, pop = r["name"], int(r["population"])
        if name.lower() in common or len(name) < 3:
            continue
        if name in person_words and pop < 1_000_000:
            continue
        put(name, "LOC", 3)
        if fold(name) != name:
            put(fold(name), "LOC", 3)
        kept += 1

    # S&P 500 (priority 3)
    with open(os.path.join(gaz, "orgs/sp500_constituents.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["Security"].strip()
            name = re.sub(r"\s*\(.*\)$", "", name)
            put(name, "ORG", 3)
            short = re.sub(r",?\s+(Inc\.?|Corp\.?|Corporation|Co\.?|Company|plc|PLC|Ltd\.?|"
                           r"Group|Holdings|Incorporated|N\.V\.|Limited)$", "", name)
            short = re.sub(r",?\s+(Inc\.?|Corp\.?|Corporation|Co\.?|Company|Group|Holdings)$",
                           "", short)
            if short != name and short.lower() not in common and len(short) > 2:
                put(short, "ORG", 3)

    # countries, capitals, states, continents (priority 5)
    for path in ("places/continents.json",):
        for v in json.load(open(os.path.join(gaz, path), encoding="utf-8")).values():
            put(v["asciiName"], "LOC", 5)
    for v in json.load(open(os.path.join(gaz, "places/us_states.json"), encoding="utf-8")).values():
        put(v["name"], "LOC", 5)
    for v in json.load(open(os.path.join(gaz, "places/countries.json"), encoding="utf-8")).values():
        put(v["name"], "LOC", 5)
    demonyms = set()
    for c in json.load(open(os.path.join(gaz, "countries/countries.json"), encoding="utf-8")):
        common_name = c["name"]["common"]
        put(common_name, "LOC", 5)
        names = [c["name"]["official"]] + [a for a in c.get("altSpellings", [])]
        for a in names:
            a = a.strip()
            if not a.isascii() or "," in a:
                a2 = fold(a)
                if not a2.isascii() or "," in a2:
                    continue
                a = a2
            if (len(a) <= 3 or a.isupper()) and a not in KEEP_SHORT_ALIASES:
                continue
            put(a, "LOC", 5)
            if a != common_name:
                aliases[a] = common_name
        if fold(common_name) != common_name:
            put(fold(common_name), "LOC", 5)
            aliases[fold(common_name)] = common_name
        for cap in c.get("capital", []):
            put(cap, "LOC", 4)  # weaker: Douglas (Isle of Man) is also a name
            put(fold(cap), "LOC", 4)
        dem = c.get("demonyms", {}).get("eng", {})
        for d in set(dem.values()):
            for form in (d or "").split(" or "):
                if form.strip():
                    demonyms.add(form.strip())
    for d in sorted(demonyms | demonymish):
        if d in ent and ent[d][0] >= 5 and ent[d][1] == "LOC":
            continue  # a country written like a demonym (e.g. "Niger" in GMB gpe)
        put(d, "DEM", 4)
        if not d.endswith(("s", "sh", "ch", "ese", "i")):
            put(d + "s", "DEM", 4)
        elif d.endswith("i") and len(d) > 3:
            put(d + "s", "DEM", 4)  # Iraqis, Pakistanis

    # hand lists (priority 9)
    for name in words(NOT_NAME_WORDS) + words(KNOWN_MISC):
        put(name, "MISC", 9)
    for name in lines(KNOWN_MISC_LINES):
        put(name, "MISC", 9)
    for name in acronym_stats(shared, tags):
        if name not in ent or ent[name][0] < 5:
            put(name, "MISC", 6)
    for name in KNOWN_DEMONYMS:
        put(name, "DEM", 9)
    for name in KNOWN_ORG_WORDS + lines(KNOWN_ORGS_LINES):
        put(name, "ORG", 9)
    for name in lines(KNOWN_LOCS):
        put(name, "LOC", 9)
    for name in lines(KNOWN_PERSONS):
        put(name, "PER", 9)
    for a, c in EXTRA_ALIASES.items():
        if c is None:
            aliases.pop(a, None)
        else:
            put(a, "LOC", 9)
            if a != c:
                aliases[a] = c
            else:
                aliases.pop(a, None)
    # derived single words in capitals that are also written normally (TEXAS, from sports
    # headlines) are not acronyms: the normal form decides
    for name in [k for k in ent if k.isupper() and len(k) >= 4 and " " not in k]:
        for other in (name.capitalize(), name.title()):
            if other in ent and ent[name][0] < 9:
                del ent[name]
                break
    # a place name alone is a place: CoNLL tags city names of sports teams as organizations
    for name in [k for k, (p, kind) in ent.items() if kind == "ORG" and p < 9 and " " not in k]:
        if name in all_city_names:
            ent[name] = (ent[name][0], "LOC")
    # titles are never entities by themselves
    for t in titles:
        if t in ent and ent[t][0] < 9:
            del ent[t]

    # ---- first names and surnames
    firsts = set(top_first)
    for n, c in per_first.items():
        if c >= 1:
            firsts.add(n)
    lasts = set(surnames)
    for n, c in per_last.items():
        lasts.add(n)
    bad = {k for k, (p, kind) in ent.items() if kind in ("LOC", "ORG", "DEM", "MISC") and p >= 4}
    firsts = {n for n in firsts if n not in bad and n.lower() not in titles and len(n) > 1
              and n.replace("-", "").isalpha() and n not in NOT_FIRST_NAMES
              and n.lower() not in modifiers}
    lasts = {n for n in lasts if n not in bad and n.lower() not in titles and len(n) > 1}

    # ---- write
    def write(name, header, rows):
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write("# " + header + "\n# generated by tools/build_gazetteers.py; do not edit\n")
            for r in rows:
                f.write(r + "\n")

    write("entities.tsv", "name<TAB>kind (PER ORG LOC MISC DEM; lower case: weaker evidence, "
          "from corpora, cities and companies rather than hand lists and countries)",
          sorted(f"{k}\t{kind if p >= 5 or kind in ('MISC', 'DEM') else kind.lower()}"
                 for k, (p, kind) in ent.items()))
    write("aliases.tsv", "alias<TAB>canonical country name",
          sorted(f"{a}\t{c}" for a, c in aliases.items() if a in ent))
    write("first_names.txt", "first names", sorted(firsts))
    write("surnames.txt", "surnames", sorted(lasts))
    write("common_words.txt", "lower-case words mostly written lower-case", sorted(common))
    write("titles.tsv", "word<TAB>T (title) | M (modifier) | L (title, also a lower-case cue)",
          sorted([f"{t}\t{'T' if t in NOT_LOWER_CUES or len(t) <= 3 else 'L'}" for t in titles]
                 + [f"{m}\tM" for m in modifiers]))
    write("org_words.tsv", "word<TAB>S (legal suffix, lower-case, no dots) | H (head word)",
          sorted([f"{s}\tS" for s in suffixes] + [f"{h}\tH" for h in set(ORG_HEADS)]))
    write("loc_words.txt", "location head words", sorted(set(LOC_HEADS)))
    total = sum(os.path.getsize(os.path.join(out, n)) for n in os.listdir(out))
    print(f"entities {len(ent)}, aliases {len(aliases)}, first names {len(firsts)}, "
          f"surnames {len(lasts)}, common words {len(common)}, titles {len(titles)}, "
          f"modifiers {len(modifiers)}, suffixes {len(suffixes)}; {total} bytes", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
