"""Hard negatives: same-topic articles, same-outlet pairs, and pairs sharing one quote.

None of these is reuse. A same-topic negative is the base article nearest to a source by
tf-idf cosine among the unused bases, sharing no sentence with it. A shared-quote negative is
two unrelated articles into each of which the same short public quote or stock sentence is
inserted, and nothing else is shared.
"""

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from edits import Unit
from textutil import lower_words, paragraphs_of, split_sentences

SPEAKERS = [
    "the White House press secretary said in a statement",
    "a Treasury Department spokesperson said",
    "the Senate majority leader told reporters",
    "a spokesperson for the governor said",
    "the agency said in a statement on its website",
    "a State Department official said",
    "the mayor's office said",
    "a campaign spokesperson said",
    "the chairman of the committee said",
    "the union's president said",
    "a Pentagon spokesperson said",
    "the company said in a filing",
]
STATEMENTS = [
    "We are monitoring the situation closely and will have more to say in the coming days",
    "Our thoughts are with the families of everyone affected",
    "We will not comment on ongoing investigations",
    "This is a good day for working families across the country",
    "Nothing is agreed until everything is agreed",
    "We remain committed to finding a bipartisan solution",
    "The American people deserve answers, and they will get them",
    "We are reviewing the decision and considering our options",
    "Safety remains our top priority",
    "The door to negotiations remains open",
    "We expect to release further details next week",
    "This agreement will create jobs and lower costs for consumers",
    "We have been clear from the start about what we expect",
    "Every option remains on the table",
    "The numbers speak for themselves",
    "We will continue to work with our partners to resolve this",
]
STOCK_SENTENCES = [
    "Officials did not immediately respond to a request for comment.",
    "The investigation is ongoing, officials said.",
    "The report has not been independently verified.",
    "Further details were not immediately available.",
    "A vote is expected later this month.",
    "Markets were little changed in early trading.",
]


def shared_quotes(rng, n):
    """`n` distinct quote sentences (quote + attribution, or a stock sentence)."""
    pool = [f'"{s}," {w}.' for s in STATEMENTS for w in SPEAKERS] + STOCK_SENTENCES * 3
    rng.shuffle(pool)
    out, seen = [], set()
    for q in pool:
        if q not in seen:
            seen.add(q)
            out.append(q)
        if len(out) == n:
            break
    return out


def sentence_keys(text):
    """Normalised sentence keys of a base article."""
    return {" ".join(lower_words(s)) for p in paragraphs_of(text) for s in split_sentences(p)}


class TopicIndex:
    """Tf-idf vectors of all bases, for nearest-neighbour look-ups."""

    def __init__(self, bases):
        """Fit tf-idf over the texts of `bases` (list of dicts with 'text')."""
        self.bases = bases
        self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2)
        self.matrix = self.vectorizer.fit_transform([b["text"] for b in bases])

    def nearest(self, i, allowed):
        """(index, cosine) of the base in `allowed` (set of indices) nearest to base i that
        shares no sentence with it, or None."""
        sims = linear_kernel(self.matrix[i], self.matrix).ravel()
        keys = sentence_keys(self.bases[i]["text"])
        for j in sims.argsort()[::-1]:
            j = int(j)
            if j == i or j not in allowed:
                continue
            if keys & sentence_keys(self.bases[j]["text"]):
                continue
            return j, float(sims[j])
        return None


def insert_quote(story, quote, rng):
    """Insert a quote sentence as its own paragraph at a random place after the first."""
    story.insert(rng.randint(1, len(story)), [Unit((), quote)])
    return story
