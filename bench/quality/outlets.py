"""Invented news outlets and the site furniture (boilerplate) each one glues around a story.

An outlet renders a story as a list of blocks (`Block`): head furniture, the headline and body
paragraphs, tail furniture. `render` turns blocks into the document text in one of three
layouts (one paragraph per line, blank-line separated, or hard-wrapped at 60-80 columns) and
returns the exact boilerplate lines alongside, which are the truth for boilerplate removal.
"""

import dataclasses

from textutil import wrap

SHARE_BAR = "Share on Facebook | Share on X | Email"


@dataclasses.dataclass
class Block:
    """A run of lines rendered together; `boiler` marks site furniture."""
    lines: list
    boiler: bool


@dataclasses.dataclass
class Outlet:
    """One invented outlet and its fixed furniture."""
    slug: str
    name: str
    company: str
    sections: list
    staff: list
    popular: list
    comment_policy: list
    newsletter: str
    placement: str  # "top": most furniture before the story; "bottom": most after it
    layouts: tuple  # layout weights: (one paragraph per line, blank lines, hard-wrapped)
    dated_byline: bool = False


OUTLETS = [
    Outlet(
        slug="harrowgate", name="The Harrowgate Courier", company="Harrowgate Courier Media",
        sections=["News | Politics", "News | Nation", "News | Economy", "News | World"],
        staff=["By Eleanor Vance, Staff Writer", "By Marcus Oyelaran, Political Reporter",
               "By Priya Kettering, Washington Correspondent"],
        popular=["Ferry fares to rise for the first time in a decade",
                 "Council approves new cycle lanes on Quay Street",
                 "Local bakery wins national sourdough award",
                 "Storm knocks out power to 4,000 homes overnight",
                 "School governors back four-day timetable trial",
                 "Harbour cleanup volunteers pull 2 tonnes of plastic from water",
                 "Why the old mill chimney will stay, for now",
                 "Rail replacement buses this weekend: what you need to know"],
        comment_policy=["Comments are moderated and may take up to 24 hours to appear. Please "
                        "keep the discussion civil and on topic; personal attacks, spam and "
                        "links to commercial sites will be removed."],
        newsletter="Sign up for The Morning Courier: the day's top stories in your inbox by 7 a.m.",
        placement="top", layouts=(1, 3, 2), dated_byline=True),
    Outlet(
        slug="lakeshore", name="Lakeshore Daily Ledger", company="Lakeshore Ledger Company",
        sections=["Politics", "Nation", "Business", "Opinion & Analysis"],
        staff=["By Tom Hadley", "By Renata Guzman", "By the Ledger Washington Bureau"],
        popular=["Pier renovation delayed until spring, city says",
                 "Five takeaways from the county budget hearing",
                 "Lakeshore high school robotics team heads to finals",
                 "Ice fishing season opens early after cold snap",
                 "Downtown parking garage to go cashless",
                 "Beloved diner reopens after kitchen fire",
                 "Water main break closes Shoreline Drive"],
        comment_policy=["We welcome your comments. Readers must register to comment, and "
                        "comments that break our community guidelines will be removed."],
        newsletter="Get the Ledger Daily newsletter. Subscribe today for free.",
        placement="bottom", layouts=(2, 2, 1)),
    Outlet(
        slug="meridian", name="Meridian Wire Service", company="Meridian Wire Service Ltd",
        sections=["WIRE / GENERAL NEWS", "WIRE / POLITICS", "WIRE / ECONOMY"],
        staff=["Meridian Wire staff", "Compiled by the Meridian news desk"],
        popular=["Markets close mixed as traders weigh rate outlook",
                 "Airline strike talks resume Monday",
                 "Wildfire season starts early in the southwest",
                 "Central bank holds rates steady for third month",
                 "Shipping costs ease as port backlog clears",
                 "Chipmaker unveils plans for new plant"],
        comment_policy=["Comments on wire stories are closed."],
        newsletter="Subscribe to Meridian Morning Brief for the headlines that matter.",
        placement="bottom", layouts=(3, 1, 1)),
    Outlet(
        slug="copperfield", name="Copperfield Evening Post", company="Copperfield Post Group",
        sections=["Home > News > National", "Home > News > Politics", "Home > News > Business"],
        staff=["By Agnes Whitlock", "By Desmond Achebe", "By Hollis Fairweather"],
        popular=["Mayor unveils plan to fill potholes within 48 hours",
                 "Copperfield Zoo welcomes twin red panda cubs",
                 "Inside the fight over the new library wing",
                 "Restaurant week returns with 60 participating venues",
                 "Police appeal for witnesses after bridge collision",
                 "Ten years on: how the floods changed the valley"],
        comment_policy=[
            "Our comment policy: The Copperfield Evening Post encourages lively, respectful "
            "debate. Comments are the opinions of their authors and do not represent the views "
            "of the Post or its staff.",
            "We remove comments that contain abuse, threats, hate speech, personal information, "
            "advertising or links to malicious sites, and comments that impersonate others. "
            "Repeat offenders will be banned without notice.",
            "By posting a comment you grant the Copperfield Post Group a licence to publish it "
            "in print and online. Comments may be edited for length and clarity. To report a "
            "comment, use the flag icon next to it or write to our community team.",
            "Comment threads close 72 hours after publication. Questions about this policy can "
            "be sent to the readers' editor."],
        newsletter="Newsletter: Get the Evening Post Briefing every weekday at 5 p.m. Sign up now.",
        placement="bottom", layouts=(1, 2, 3)),
    Outlet(
        slug="northstar", name="NorthStar Newsroom", company="NorthStar Digital Inc.",
        sections=["Top Stories", "U.S. Politics", "Economy Watch", "Global"],
        staff=["By Kai Lindqvist | NorthStar Newsroom", "By Jordan Mbeki | NorthStar Newsroom"],
        popular=["The 12 best budget laptops right now",
                 "Scientists spot a comet visible to the naked eye next week",
                 "How to lower your energy bill this winter",
                 "The quiet town that became a remote-work magnet",
                 "Streaming prices are going up again",
                 "What the new tax brackets mean for you",
                 "Stargazers guide: meteor showers this season"],
        comment_policy=["Join the conversation. Comments are reviewed by our moderators."],
        newsletter="Want more stories like this? Sign up for the NorthStar Daily Digest.",
        placement="top", layouts=(2, 1, 2)),
    Outlet(
        slug="tidewater", name="Tidewater Gazette", company="Tidewater Gazette Publishing",
        sections=["Politics", "State & Nation", "Business"],
        staff=["By Loretta Banks, Gazette staff", "By Samuel Okafor, Gazette staff",
               "By Wen Li, Gazette staff"],
        popular=["Crab harvest rebounds after two lean years",
                 "County fair announces headline act",
                 "New bridge lighting gets mixed reviews",
                 "Tidewater teachers ratify contract",
                 "Marina expansion plan heads to vote"],
        comment_policy=["Comments are subject to our terms of service. Be respectful; the "
                        "Gazette may remove comments at its discretion."],
        newsletter="Sign up for the Tidewater Gazette newsletter and never miss a story.",
        placement="top", layouts=(1, 1, 2), dated_byline=True),
    Outlet(
        slug="summitvalley", name="Summit Valley Herald", company="Summit Valley Herald LLC",
        sections=["NEWS", "POLITICS", "BUSINESS", "NATION & WORLD"],
        staff=["By Grace Holloway", "By Ivan Petrov", "By Herald staff"],
        popular=["Ski resort adds night skiing on three runs",
                 "Valley hospital opens new maternity ward",
                 "Trail closures announced for elk calving season",
                 "High school grads earn record scholarships",
                 "Summit Valley named among best small towns",
                 "Snowplow drivers wanted: county raises pay"],
        comment_policy=["Comments are the sole responsibility of their authors. The Herald "
                        "reserves the right to remove any comment."],
        newsletter="Get the Herald in your inbox: sign up for our free morning newsletter.",
        placement="bottom", layouts=(1, 2, 2)),
]

BY_SLUG = {o.slug: o for o in OUTLETS}


def popular_block(outlet, day_index):
    """'Most Popular' heading and 3-4 headlines; the selection rotates slowly with the date."""
    n = 3 + (day_index // 3) % 2
    start = (day_index // 5) % len(outlet.popular)
    items = [outlet.popular[(start + i) % len(outlet.popular)] for i in range(n)]
    return Block(["Most Popular"] + [f"{i + 1}. {h}" for i, h in enumerate(items)], True)


def furniture(outlet, rng, date):
    """Head and tail furniture blocks for one story of `outlet` published at `date`."""
    day_index = date.toordinal()
    header = Block([outlet.name.upper() if outlet.slug != "meridian" else outlet.name,
                    rng.choice(outlet.sections)], True)
    byline_text = rng.choice(outlet.staff)
    if outlet.dated_byline:
        byline_text += f" | Published {date.strftime('%B')} {date.day}, {date.year}"
    byline = Block([byline_text], True)
    share = Block([SHARE_BAR], True)
    popular = popular_block(outlet, day_index)
    policy = [Block([p], True) for p in outlet.comment_policy]
    comment = Block(["Click to comment"], True)
    newsletter = Block([outlet.newsletter], True)
    copyright_ = Block([f"\u00a9 {date.year} {outlet.company}. All rights reserved."], True)
    back = Block(["Back to Top"], True)
    if outlet.placement == "top":
        head = [header, byline, share, popular, newsletter]
        tail = policy + [comment, copyright_, back]
    else:
        head = [header, byline]
        tail = [share, newsletter, popular] + policy + [comment, copyright_, back]
    return head, tail


def compose(outlet, rng, date, title, paragraphs, credit=None):
    """Blocks of a whole document: furniture around the headline and body paragraphs, and a
    credit line (furniture) after them when one is given."""
    head, tail = furniture(outlet, rng, date)
    body = [Block([title], False)] + [Block([p], False) for p in paragraphs]
    credits = [Block([credit], True)] if credit else []
    return head + body + credits + tail


def pick_layout(outlet, rng):
    """Choose a layout for one document by the outlet's weights; width for wrapped text."""
    kind = rng.choices(["lines", "blank", "wrapped"], weights=outlet.layouts)[0]
    return kind, rng.randint(60, 80)


def render(blocks, layout, width):
    """Document text and its boilerplate lines, for layout 'lines', 'blank' or 'wrapped'."""
    out_lines, boiler = [], []
    for i, block in enumerate(blocks):
        if i and layout != "lines":
            out_lines.append("")
        for line in block.lines:
            pieces = wrap(line, width) if layout == "wrapped" else [line]
            out_lines.extend(pieces)
            if block.boiler:
                boiler.extend(pieces)
    return "\n".join(out_lines) + "\n", boiler
