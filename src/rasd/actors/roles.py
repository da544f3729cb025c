"""Title and role parsing around a name, and nisba adjectives.

A role is the run of title words next to a name inside its sentence: before it
(وزير الدفاع الأميركي آشتون كارتر) or after it, in apposition (سارة ساندرز، المتحدثة باسم
البيت الأبيض). The run is made of words the knowledge files know (titles, bodies, country
names, nisbas, connectors) and starts at a title; a nisba or country named inside it gives
the country, the title or the body it names gives the sector.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rasd.actors.knowledge import Knowledge, Title, word_key
from rasd.model import Article, Entity, Span, Token

COMMAS = frozenset({"،", ",", "-", "–", "—"})
# A name and its apposition may be separated by one comma or dash, nothing more.
MAX_APPOSITION_GAP = 1
# Quotes and brackets around a name («تاس») do not separate it from its nisba or type word.
NAME_WRAPPERS = frozenset('«»"“”()#')  # # marks hashtag names (#مايكل_كوهين)
COORDINATING_PROCLITIC = "و"
CONJUNCTIONS = ("و", "ف")
IGO = "IGO"
COUNTERPART = "counterpart"


@dataclass(frozen=True, slots=True)
class Role:
    """A role phrase: its span and text, and what it says about the person."""

    start: int
    end: int
    text: str
    title: str | None
    country: str | None
    sector: str | None
    country_evidence: Span | None = None
    counterpart: bool = False  # نظيره: the office of the person named before
    stateless: bool = False  # serves a body of no country (مبعوث الأمم المتحدة): no country to guess


@dataclass(frozen=True, slots=True)
class NisbaMention:
    """A country adjective in the text (الروسية → RUS)."""

    start: int
    end: int
    country: str


_LAST_VIEW: DocView | None = None


def doc_view(article: Article, kb: Knowledge) -> DocView:
    """The article's DocView, reused while its tokens and entities are unchanged: quotes and
    events resolve many phrases per article, and each view costs a pass over all tokens."""
    global _LAST_VIEW
    cached = _LAST_VIEW
    if (cached is not None and cached.article is article and cached.kb is kb
            and cached.tokens is article.tokens and cached.entity_count == len(article.entities)):
        return cached
    _LAST_VIEW = DocView(article, kb)
    return _LAST_VIEW


class DocView:
    """An article's tokens with their matching keys, and which entity covers each token."""

    def __init__(self, article: Article, kb: Knowledge):
        self.article = article
        self.kb = kb
        self.tokens: list[Token] = article.tokens
        self.token_ends = [t.end for t in self.tokens]
        self.keys = [self._key(t) for t in self.tokens]
        self.entity_at = self._entity_index(article.entities)
        self.entity_count = len(article.entities)
        self.sentence = [article.sentence_of(t.start) for t in self.tokens]

    def _key(self, token: Token) -> str:
        if token.kind != "word":
            return ""
        stem = token.stem
        return word_key(self.article.text[stem.start : stem.end])

    def _entity_index(self, entities: list[Entity]) -> list[Entity | None]:
        out: list[Entity | None] = [None] * len(self.tokens)
        for ent in entities:
            for i in self.token_range(ent.start, ent.end):
                out[i] = ent
        return out

    def token_range(self, start: int, end: int) -> range:
        """Indices of the tokens that overlap [start, end)."""
        first = bisect_right(self.token_ends, start)  # tokens do not overlap: ends are sorted
        last = first
        while last < len(self.tokens) and self.tokens[last].start < end:
            last += 1
        return range(first, last)

    def text(self, i: int) -> str:
        tok = self.tokens[i]
        return self.article.text[tok.start : tok.end]

    def is_wrapper(self, i: int) -> bool:
        return self.tokens[i].kind == "punct" and all(ch in NAME_WRAPPERS for ch in self.text(i))

    def same_sentence(self, i: int, j: int) -> bool:
        return 0 <= i < len(self.tokens) and 0 <= j < len(self.tokens) and self.sentence[i] == self.sentence[j]


def nisba_at(view: DocView, i: int) -> str | None:
    return view.kb.nisbas.get(view.keys[i]) if view.keys[i] else None


def nisba_mentions(article: Article, kb: Knowledge, start: int = 0, end: int | None = None) -> list[NisbaMention]:
    """Country adjectives in [start, end) of the article (the whole text by default)."""
    view = doc_view(article, kb)
    end = len(article.text) if end is None else end
    out = []
    for i in view.token_range(start, end):
        country = nisba_at(view, i)
        if country:
            stem = view.tokens[i].stem
            out.append(NisbaMention(stem.start, stem.end, country))
    return out


def nisba_runs(article: Article, kb: Knowledge) -> list[list[NisbaMention]]:
    """Runs of two or more adjacent country adjectives: مشاورات روسية أميركية names two
    countries, the parties of a bilateral event."""
    view = doc_view(article, kb)
    runs: list[list[NisbaMention]] = []
    current: list[NisbaMention] = []
    for i in range(len(view.tokens)):
        country = nisba_at(view, i)
        if country and (not current or current[-1].country != country):
            stem = view.tokens[i].stem
            current.append(NisbaMention(stem.start, stem.end, country))
            continue
        if len(current) >= 2:
            runs.append(current)
        current = []
    if len(current) >= 2:
        runs.append(current)
    return runs


def _is_role_word(view: DocView, i: int) -> bool:
    """May token i sit inside a title phrase? Known words and non-person names may."""
    ent = view.entity_at[i]
    if ent is not None and ent.type != "PER":
        return True
    if ent is not None:  # a tagger's "person" made only of title words (الشيشاني) is no person
        return all(view.keys[j] in view.kb.vocabulary for j in view.token_range(ent.start, ent.end))
    return view.tokens[i].kind == "word" and view.keys[i] in view.kb.vocabulary


def _body_name_start(view: DocView, i: int, first: int) -> int | None:
    """Token i is unknown; if a body-type word stands a few words before it (لحزب المشروع
    العربي), the words between are that body's name: the index of the type word, else None."""
    for j in range(i - 1, max(-1, i - 1 - view.kb.rules["max_body_name_words"]), -1):
        if not view.same_sentence(j, first) or view.tokens[j].kind != "word":
            return None
        if type_sector(view, j):
            return j
    return None


def _title_at(view: DocView, i: int, stop: int) -> tuple[str, Title, int] | None:
    """The longest title starting at token i and ending before `stop`: (key, title, length)."""
    best = None
    words: list[str] = []
    for j in range(i, min(stop, i + view.kb.max_key_words)):
        if not view.keys[j]:
            break
        words.append(view.keys[j])
        key = " ".join(words)
        title = view.kb.title(key, view.tokens[i].has_article)
        if title is not None:
            best = (key, title, j - i + 1)
    return best


def _run_before(view: DocView, first: int) -> list[int]:
    """Role-word token indices right before token `first`, nearest last; one comma may
    stand between the title and the name (الرئيس الأميركي، دونالد ترامب)."""
    limit = view.kb.rules["max_role_tokens"]
    run: list[int] = []
    i = _skip_wrappers(view, first - 1)
    if i > 0 and view.text(i) in COMMAS and view.same_sentence(i, first):
        i = _skip_wrappers(view, i - 1)
    while i >= 0 and len(run) < limit and view.same_sentence(i, first):
        if not _is_role_word(view, i):
            body_start = _body_name_start(view, i, first) if view.tokens[i].kind == "word" else None
            if body_start is None:
                body_start = _case_start(view, i, first)
            if body_start is None and not run:
                body_start = _related_person_start(view, i)
            if body_start is None:
                break
            run.extend(range(i, body_start, -1))
            i = body_start
            continue
        run.append(i)
        if view.tokens[i].proclitics.startswith(COORDINATING_PROCLITIC):
            break  # "ووزير ..." opens a coordinated phrase: nothing before it belongs here
        i -= 1
    return run[::-1]


def _case_start(view: DocView, i: int, first: int) -> int | None:
    """Token i is unknown; if a case word stands a few tokens before it (المحقق الخاص في
    قضية #التدخل_الروسي، NAME), the tokens between name the case the title holder works on:
    the index of the case word, else None. A comma ends the search: it closes the role."""
    for j in range(i - 1, max(-1, i - 1 - view.kb.rules["max_case_tokens"]), -1):
        if not view.same_sentence(j, first) or view.text(j) in COMMAS:
            return None
        if view.keys[j] in view.kb.case_words:
            return j
    return None


def _related_person_start(view: DocView, i: int) -> int | None:
    """Token i ends a person named in a relational title right before the name (محامي
    الرئيس الأميركي جيم كار، NAME: NAME is the lawyer). The title must open in the construct
    state (محامي, مستشار), since a definite title there (الرئيس جيم كار، NAME) is the other
    person's own: the index of the title's first word, else None."""
    ent = view.entity_at[i]
    if ent is None or ent.type != "PER":
        return None
    span = view.token_range(ent.start, ent.end)
    if i != span[-1]:
        return None
    before = _run_before_entity(view, span[0])
    titles = _titles_in(view, before)
    if not titles or titles[0][0] != 0 or view.tokens[before[0]].has_article:
        return None
    return before[0] - 1


def _run_before_entity(view: DocView, first: int) -> list[int]:
    """Role words directly before token `first` (no comma), nearest last."""
    run: list[int] = []
    i = first - 1
    while i >= 0 and len(run) < view.kb.rules["max_role_tokens"] and view.same_sentence(i, first):
        if not _is_role_word(view, i):
            break
        run.append(i)
        if view.tokens[i].proclitics.startswith(COORDINATING_PROCLITIC):
            break
        i -= 1
    return run[::-1]


def _skip_wrappers(view: DocView, i: int) -> int:
    while i >= 0 and view.is_wrapper(i):
        i -= 1
    return i


def type_sector(view: DocView, i: int) -> str | None:
    """Sector of a body-type word (حزب → PTY). The tokenizer may take a word's first letter
    for a clitic (وكتلة → و+ك+تلة), so the written form less its conjunction is tried too."""
    kb = view.kb
    if view.keys[i] in kb.body_types:
        return kb.body_types[view.keys[i]]
    written = view.text(i)
    if written[:1] in CONJUNCTIONS and view.tokens[i].kind == "word":
        return kb.body_types.get(word_key(written[1:]))
    return None


def _run_after(view: DocView, last: int) -> list[int]:
    """Role-word token indices after token `last`, past at most one comma."""
    limit = view.kb.rules["max_role_tokens"]
    i = last + 1
    gap = 0
    while i < len(view.tokens) and view.same_sentence(i, last) and view.text(i) in COMMAS and gap < MAX_APPOSITION_GAP:
        i, gap = i + 1, gap + 1
    run: list[int] = []
    while i < len(view.tokens) and len(run) < limit and view.same_sentence(i, last) and _is_role_word(view, i):
        if run and view.tokens[i].proclitics.startswith(COORDINATING_PROCLITIC):
            break
        run.append(i)
        i += 1
    return run


def _titles_in(view: DocView, run: list[int]) -> list[tuple[int, tuple[str, Title, int]]]:
    """(position in run, title) for each title in the run, longest first, not overlapping."""
    found = []
    pos = 0
    while pos < len(run):
        title = _title_at(view, run[pos], run[-1] + 1)
        if title:
            found.append((pos, title))
            pos += title[2]
        else:
            pos += 1
    return found


def role_before(view: DocView, first: int) -> Role | None:
    """The title phrase before a name. Of several titles the last definite one is the
    name's own (محامي الرئيس الأميركي دونالد ترمب: ترمب is الرئيس), else the first."""
    run = _run_before(view, first)
    titles = _titles_in(view, run)
    if not titles:
        return _nisba_only(view, run)
    definite = [t for t in titles[1:] if view.tokens[run[t[0]]].has_article]
    if _names_person(view, run):
        definite = []  # the definite title is the related person's (محامي الرئيس فلان، NAME)
    pos, title = (definite or titles)[-1 if definite else 0]
    # Only the title words from the first title on speak for the person; what precedes
    # the first title (تهمة التعامل مع إسرائيل للممثل ...) is another matter.
    return _role(view, run[pos:], title, context=run[titles[0][0]:])


def _names_person(view: DocView, run: list[int]) -> bool:
    return any(view.entity_at[i] is not None and view.entity_at[i].type == "PER" for i in run)


def _opens_next_name(view: DocView, run: list[int]) -> bool:
    """Does the run after a name lead into the next person (NAME، محامي الرئيس فلان، NAME2)?
    Then it is NAME2's relational title, not an apposition of NAME."""
    nxt = _skip_wrappers_forward(view, run[-1] + 1)
    ent = view.entity_at[nxt] if nxt < len(view.tokens) and view.same_sentence(nxt, run[-1]) else None
    if ent is None or ent.type != "PER":
        return False
    span = view.token_range(ent.start, ent.end)
    comma = _skip_wrappers_forward(view, span[-1] + 1)
    if comma >= len(view.tokens) or view.text(comma) not in COMMAS:
        return False
    name = _skip_wrappers_forward(view, comma + 1)
    return (name < len(view.tokens) and view.same_sentence(name, comma)
            and view.entity_at[name] is not None and view.entity_at[name].type == "PER")


def _skip_wrappers_forward(view: DocView, i: int) -> int:
    while i < len(view.tokens) and view.is_wrapper(i):
        i += 1
    return i


def role_after(view: DocView, last: int) -> Role | None:
    run = _run_after(view, last)
    if run and _opens_next_name(view, run):
        return None
    found = _title_at(view, run[0], run[-1] + 1) if run else None
    return _role(view, run, found) if found else None


def _nisba_only(view: DocView, run: list[int]) -> Role | None:
    """A bare nisba right before the name (بينهم الفرنسي جان إيف لودريان) gives the country."""
    if not run or not nisba_at(view, run[-1]):
        return None
    tok = view.tokens[run[-1]]
    return Role(tok.start, tok.end, view.text(run[-1]), None, nisba_at(view, run[-1]), None,
                Span(tok.stem.start, tok.stem.end))


def _role(view: DocView, run: list[int], found: tuple[str, Title, int], context: list[int] | None = None) -> Role:
    """The role from its title on; the country may also come from the title words before it
    (قائد فيلق القدس في الحرس الثوري الجنرال: the general is Iranian)."""
    key, title, length = found
    first, last = view.tokens[run[0]], view.tokens[run[-1]]
    start = first.stem.start
    country, evidence = phrase_country(view, run)
    if country is None and context:
        country, evidence = phrase_country(view, context)
    if country is None and any(view.tokens[i].enclitic for i in run[:length]):
        country, evidence = _possessor_country(view, run[0])
    body = phrase_body(view, run[length:]) if title.mode == "body" else None
    sector = body.sector if body and body.sector else title.sector
    stateless = bool(body and body.sector == IGO and body.country is None)
    if stateless:
        country, evidence = None, None  # a UN envoy to Libya is not Libyan
    return Role(start, last.end, view.article.text[start : last.end], key, country, sector, evidence,
                counterpart=title.mode == COUNTERPART, stateless=stateless)


def _possessor_country(view: DocView, first: int) -> tuple[str | None, Span | None]:
    """وزيرها للخارجية: the country the pronoun points to, the nearest one named before the
    title in its sentence (واحتجت إيران على لسان نائب وزيرها ...)."""
    kb = view.kb
    i = first - 1
    while i >= 0 and first - i <= kb.rules["max_possessor_distance"] and view.same_sentence(i, first):
        known = kb.countries.get(view.keys[i])
        iso3 = known.country if known else kb.capitals.get(view.keys[i])
        if iso3:
            stem = view.tokens[i].stem
            return iso3, Span(stem.start, stem.end)
        i -= 1
    return None, None


def phrase_country(view: DocView, run: list[int]) -> tuple[str | None, Span | None]:
    """The country a phrase names: its first nisba, else a body or country named in it."""
    for i in run:
        if nisba_at(view, i):
            stem = view.tokens[i].stem
            return nisba_at(view, i), Span(stem.start, stem.end)
    for i, j, known in _names_in(view, run):
        if known.country:
            return known.country, Span(view.tokens[i].stem.start, view.tokens[j].end)
    return None, None


@dataclass(frozen=True, slots=True)
class Body:
    sector: str | None
    country: str | None


def phrase_body(view: DocView, run: list[int]) -> Body | None:
    """The first body a phrase names: a known organisation, an institution or a type word."""
    kb = view.kb
    for pos, i in enumerate(run):
        for j in range(min(len(run), pos + kb.max_key_words), pos, -1):
            key = " ".join(view.keys[k] for k in run[pos:j])
            if key in kb.organizations:
                return Body(kb.organizations[key].sector, kb.organizations[key].country)
            if key in kb.institutions:
                return Body(kb.institutions[key][0], None)
        if type_sector(view, i):
            return Body(type_sector(view, i), None)
    return None


def _names_in(view: DocView, run: list[int]):
    """(first, last, Known) for each known organisation or country named in the run."""
    kb = view.kb
    pos = 0
    while pos < len(run):
        for j in range(min(len(run), pos + kb.max_key_words), pos, -1):
            key = " ".join(view.keys[k] for k in run[pos:j])
            known = kb.organizations.get(key) or kb.countries.get(key)
            if known:
                yield run[pos], run[j - 1], known
                pos = j - 1
                break
        pos += 1


def _leader_cue_before(view: DocView, first: int) -> int | None:
    """Index of a leader cue (برئاسة, يرأسه) before token `first`: right before it, or before
    a few words that describe the leader (يرأسه رجل الأعمال الكردي NAME), none of them a
    comma or another name."""
    cues = {word_key(w) for w in view.kb.rules["leader_cues"]}
    for i in range(first - 1, max(-1, first - 2 - view.kb.rules["max_leader_title_words"]), -1):
        if not view.same_sentence(i, first) or view.text(i) in COMMAS:
            return None
        # The cue is matched as written: its clitics (ب, ـه) are part of the cue.
        if word_key(view.text(i)) in cues:
            return i
        if view.entity_at[i] is not None and view.entity_at[i].type == "PER":
            return None
    return None


def role_as_leader(view: DocView, first: int) -> Role | None:
    """The head of the body named just before: حراك «جيل الجديد» الذي يرأسه NAME. The body's
    type word or known name gives the sector, a nisba in the phrase the country."""
    cue = _leader_cue_before(view, first)
    if cue is None:
        return None
    relatives = {word_key(w) for w in view.kb.rules["relatives"]}
    lo = max(0, cue - view.kb.rules["max_leader_distance"])
    span = [i for i in range(lo, cue) if view.same_sentence(i, cue) and view.keys[i] not in relatives]
    for pos in range(len(span) - 1, -1, -1):
        body = phrase_body(view, span[pos:])
        if body is not None and body.sector:
            phrase = span[pos:] + [cue]
            country, evidence = phrase_country(view, phrase)
            start, end = view.tokens[phrase[0]].stem.start, view.tokens[cue].end
            return Role(start, end, view.article.text[start:end], None, country, body.sector, evidence)
    return None


def _plausible_inner_title(view: DocView, run: list[int], title: tuple[str, Title, int]) -> bool:
    """A first name may look like a title (أمير, سلطان): inside a name only a definite or
    multiword title, or a longer title phrase, counts."""
    first = view.tokens[run[0]]
    return first.has_article or title[2] > 1 or len(run) > 1


def _given_name(view: DocView, i: int) -> bool:
    return not view.tokens[i].has_article and view.keys[i] in view.kb.given_names


def role_inside(view: DocView, idx: list[int]) -> tuple[Role | None, int]:
    """A title the tagger put inside a person's span (الرئيس فلاديمير بوتين): the role, and
    the position in `idx` where the name itself starts (0 when there is no title)."""
    pos = 0
    while pos < len(idx) - 1 and view.keys[idx[pos]] in view.kb.vocabulary:
        pos += 1
    run = idx[:pos]
    titles = _titles_in(view, run) if run else []
    if titles and run[titles[0][0]] == run[0] and _plausible_inner_title(view, run, titles[0][1]):
        return _role(view, run, titles[0][1]), pos
    # A nisba that is also a first name (تركي بن بندر) names the person, not a country.
    if run and all(nisba_at(view, i) and not _given_name(view, i) for i in run):
        return _nisba_only(view, run), pos
    return None, 0
