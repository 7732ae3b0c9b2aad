"""Template reports: independent wire items written from one form, for --templates.

Earnings tables, dividend notices, deal announcements, market closes and match reports are
written to a fixed form: the same words around other names and numbers. Two of them are not
reuse (each is its own story), yet word for word they agree more than most spun copies do. All
names here are invented; the wording is the benchmark's own.
"""

SURNAMES = [
    "Harlow", "Brandt", "Kessler", "Marlowe", "Quill", "Dunmore", "Vance", "Ashby", "Corwin",
    "Fenwick", "Galloway", "Hollis", "Iverson", "Jessup", "Kincaid", "Lockhart", "Mercer",
    "Norcross", "Oakley", "Pembrook", "Radcliffe", "Sterling", "Thorne", "Underhill", "Whitcomb",
    "Yardley", "Ballard", "Calloway", "Delacroix", "Ellsworth", "Fairbanks", "Grayson", "Hawthorne",
    "Ingram", "Jardine", "Keswick", "Langford", "Montague", "Nightingale", "Ormsby", "Prescott",
    "Quimby", "Rutherford", "Sinclair", "Tolliver", "Upton", "Vickery", "Winslow", "Ashcombe",
    "Blackwood", "Carrington", "Dalby", "Everett", "Fitzroy", "Garrick", "Halloran", "Kilgore",
]
PLACES = [
    "Northgate", "Riverbend", "Stonebridge", "Clearwater", "Highfield", "Lakemont", "Pinecrest",
    "Redhill", "Silverton", "Westbrook", "Ashford", "Brookhaven", "Cedarvale", "Eastwick",
    "Foxborough", "Glenmore", "Hartwell", "Kingsport", "Larchmont", "Millbrook", "Oakridge",
]
TRADES = [
    "Instruments", "Foods", "Industries", "Holdings", "Energy", "Systems", "Textiles", "Savings",
    "Bancorp", "Pharmaceuticals", "Minerals", "Shipping", "Software", "Paper", "Steel", "Motors",
]
FORMS = ["Inc", "Corp", "Co", "Ltd"]
PRODUCTS = ["electronic components", "industrial valves", "medical devices",
            "specialty chemicals", "packaging", "farm equipment", "office furniture"]
MONTHS = ["Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov",
          "Dec"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
TEAM_NOUNS = ["Hawks", "Mariners", "Rangers", "Comets", "Foxes", "Pilots", "Miners", "Rovers"]


class Names:
    """Company and team names, each given out once."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def _fresh(self, make):
        for _ in range(10000):
            name = make()
            if name not in self.used:
                self.used.add(name)
                return name
        raise SystemExit("template names ran out; ask for fewer --templates")

    def company(self):
        r = self.rng
        return self._fresh(lambda: f"{r.choice(SURNAMES + PLACES)} {r.choice(TRADES)} "
                                   f"{r.choice(FORMS)}")

    def team(self):
        r = self.rng
        return self._fresh(lambda: f"{r.choice(PLACES + SURNAMES)} {r.choice(TEAM_NOUNS)}")


def _mln(rng):
    return f"{rng.uniform(1, 900):.1f} mln"


def _cts(rng):
    return f"{rng.randint(1, 240)} cts"


def _date(rng):
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"


def earnings(rng, names):
    """A quarterly earnings table."""
    company = names.company()
    period = rng.choice(["1st qtr", "2nd qtr", "3rd qtr", "4th qtr", "year"])
    loss = lambda: rng.choice(["", "", "loss "])  # noqa: E731
    lines = [f"Shr {loss()}{_cts(rng)} vs {loss()}{_cts(rng)}",
             f"Net {loss()}{_mln(rng)} dlrs vs {loss()}{_mln(rng)} dlrs",
             f"Revs {_mln(rng)} dlrs vs {_mln(rng)} dlrs"]
    if rng.random() < 0.5:
        lines.append(f"Avg shrs {_mln(rng)} vs {_mln(rng)}")
    paragraphs = [[f"{company} said its {period} net was {_mln(rng)} dlrs."]]
    paragraphs += [[line] for line in lines]
    if rng.random() < 0.5:
        paragraphs.append([f"The {period} included a gain of {_mln(rng)} dlrs, or {_cts(rng)} a "
                           f"share, from the sale of {rng.choice(PRODUCTS)} operations."])
    return f"{company} {period} net", paragraphs


def dividend(rng, names):
    """A dividend notice, as a table or in prose."""
    company = names.company()
    cts = rng.randint(2, 90)
    if rng.random() < 0.5:
        return f"{company} sets quarterly dividend", [
            [f"Qtly div {cts} cts vs {cts} cts prior"], [f"Pay {_date(rng)}"],
            [f"Record {_date(rng)}"]]
    short = company.rsplit(" ", 2)[0]
    return f"{company} raises dividend", [[
        f"{company} said its board declared a quarterly dividend of {cts} cts per share, up "
        f"from {cts - 1} cts per share paid in the previous quarter.",
        f"The dividend is payable {_date(rng)} to shareholders of record {_date(rng)}, "
        f"the company said.",
        f"{short} said the increase reflects its confidence in continued growth in earnings."]]


def acquisition(rng, names):
    """A takeover announcement."""
    buyer, target = names.company(), names.company()
    short_buyer, short_target = buyer.rsplit(" ", 1)[0], target.rsplit(" ", 1)[0]
    when = rng.choice(["the second quarter", "the year", "June", "the third quarter"])
    return f"{buyer} to acquire {target}", [[
        f"{buyer} said it has agreed in principle to acquire {target} for about {_mln(rng)} "
        f"dlrs in cash and stock.",
        f"The company said the acquisition is subject to approval by {short_target} "
        f"shareholders and regulatory agencies."], [
        f"{short_target}, which makes {rng.choice(PRODUCTS)}, had revenues of about "
        f"{_mln(rng)} dlrs last year, {short_buyer} said.",
        f"{short_buyer} said it expects to complete the transaction by the end of {when}."]]


def market_close(rng, names):
    """A stock market close: the same index names every day, other numbers."""
    day = rng.choice(WEEKDAYS)
    up = rng.random() < 0.5
    move, pct = f"{rng.uniform(2, 140):.2f}", f"{rng.uniform(0.1, 2.5):.1f}"
    level = f"{rng.randint(18000, 24000):,}.{rng.randint(10, 99)}"
    leader = names.company()
    return f"Stocks {'rise' if up else 'fall'} on {day}", [[
        f"Stocks closed {'higher' if up else 'lower'} on {day}, with the Dow Jones industrial "
        f"average {'rising' if up else 'falling'} {move} points, or {pct} percent, to {level}.",
        f"Advancing issues {'outnumbered' if up else 'trailed'} declining ones by "
        f"{rng.randint(900, 1600):,} to {rng.randint(400, 900):,} on volume of "
        f"{rng.randint(120, 260)} million shares."], [
        f"{leader} was the most active issue, {'up' if up else 'down'} "
        f"{rng.randint(1, 5)} {rng.choice(['1/8', '1/4', '1/2', '3/4'])} at "
        f"{rng.randint(12, 90)}."]]


def match_report(rng, names):
    """A result from a league round."""
    home, away = names.team(), names.team()
    h, a = rng.randint(0, 5), rng.randint(0, 5)
    day = rng.choice(WEEKDAYS + ["Saturday", "Sunday"])
    scorer = f"{rng.choice(['Sam', 'Alex', 'Jordan', 'Chris', 'Robin'])} {rng.choice(SURNAMES)}"
    return f"{home} {h}, {away} {a}", [[
        f"The {home} {'beat' if h > a else 'drew with' if h == a else 'lost to'} the {away} "
        f"{h}-{a} on {day} before a crowd of {rng.randint(3000, 40000):,}.",
        f"{scorer} scored {rng.randint(1, 3)} for the {home}, who are {rng.randint(1, 12)} "
        f"points {rng.choice(['clear at the top', 'off the pace', 'above the drop zone'])}."]]


KINDS = [earnings, dividend, acquisition, market_close, match_report]


def report(rng, names):
    """(kind, headline, paragraphs of sentences) of one template report."""
    make = rng.choice(KINDS)
    title, paragraphs = make(rng, names)
    return make.__name__, title, paragraphs
