"""Source and target of an event from the shape of the Arabic sentence around its trigger:
بين X و Y; a nisba pair (مشاورات روسية أميركية); the genitive of a verbal noun (غارات التحالف);
a verb's subject after it (VSO) or before it (SVO) and its object; a preposition that marks
the target for the event type (على, ضد, مع ...; data/events/arguments.json)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rasd.events.mentions import Mention
from rasd.events.triggers import TriggerMatch, is_marked_passive
from rasd.model import Token
from rasd.resources import read_json
from rasd.text.normalize import normalize_word

ARGUMENTS_FILE = ("events", "arguments.json")
BETWEEN_REACH = 2  # بين may follow the trigger by this many tokens (محادثات مكثفة بين)
SUBJECT_GAP = 3  # words a VSO subject may stand after its verb (قصفت أمس الطائرات)
NISBA_PAIR = 2
GENITIVE_GAP = 1  # adjectives between a verbal noun and its doer (الزيارة الثالثة لـ)
GENITIVE_LAM = "ل"
CONJUNCTION = "و"
DOER_REACH = 3  # a verb of carrying out may follow its noun this far (الهجوم الذي تبناه)
TARGET_VERB_REACH = 9  # الهجوم الذي وقع فجرا ثم استهدف سوقا
MAX_CONJUNCTS = 3
COORDINATORS = ("و", "ف")  # a verb joined with these after a comma goes on with the same subject
COUNTED_REACH = 5  # قتل المئات من أفراد الجيش
GIVER_REACH = 3  # بدعم من الجيش, بدعم من المشير حفتر
UNDERGO_REACH = 6  # تعرض الموكب أمس لهجوم
AGENT_REACH = 8  # تعرض مكتبه الاثنين الماضي في نيويورك لمداهمة من جانب مكتب التحقيقات
PREPOSITION_PROCLITICS = "بلك"  # the prepositions written joined to the next word
OBLIQUE_PLURAL = "ين"
OPEN_BRACKET, CLOSE_BRACKET = "(", ")"
RELATIVE_REACH = 16  # tokens a relative clause on the subject may push the target away
SVO_REACH = 3  # an SVO subject this far before its verb yields to a VSO subject right after it
PATIENT_REACH = 4  # tokens after a verb where the thing it was done to may stand
PARTITIVE = "من"
APPOSITION_MARKS = ("،", ",")
APPOSITION_HEAD = 1  # words of a title an appositive may open with (بابا الفاتيكان)
NISBA_I, NISBA_IYYA = "ي", "ية"  # after a quantity word (أكثر من, مئات من) it is part of the count
BRACKETED_GLOSS = 4  # tokens after a bracketed name before its bracket closes (- Vote Leave)


@dataclass(slots=True)
class Arguments:
    source: Mention | None = None
    target: Mention | None = None


@dataclass(slots=True)
class SentenceView:
    """A sentence's tokens as the argument rules see them."""

    text: str
    tokens: list[Token]
    forms: list[tuple[str, ...]]
    mentions: list[Mention]
    breaks: list[bool]  # token i ends a clause
    subject_breaks: list[bool]  # token i ends a clause or is a comma
    comment_verbs: frozenset[int] = frozenset()  # tokens that are verbs of comment (تدين, نفى, رحب)
    passive_verbs: frozenset[int] = frozenset()  # tokens that are passive verb triggers (أصيب, قُتل)
    verbs: frozenset[int] = frozenset()  # first tokens of the verb triggers


@cache
def rules() -> dict:
    return read_json(*ARGUMENTS_FILE)


@cache
def object_is_target(type_: str, lemma: str) -> bool:
    return rules()["types"][type_]["object"] or normalize_word(lemma) in _norm_set("lemma_object")


@cache
def comment_types() -> frozenset[str]:
    return frozenset(rules()["comment_types"])


@cache
def _norm_set(key: str) -> frozenset[str]:
    return frozenset(normalize_word(w) for w in rules()[key])


@cache
def target_preps(type_: str, lemma: str = "") -> frozenset[str]:
    own = rules()["lemma_target_preps"].get(lemma, [])
    never = {normalize_word(p) for p in rules()["lemma_not_target_preps"].get(lemma, [])}
    return frozenset(normalize_word(p) for p in rules()["types"][type_]["target_preps"] + own) - never


def clause_breaks(text: str, tokens: list[Token], forms: list[tuple[str, ...]]) -> list[bool]:
    marks, words = _norm_set("clause_breaks"), _norm_set("clause_words")
    return [text[t.start: t.end] in marks or (bool(f) and f[0] in words) for t, f in zip(tokens, forms, strict=True)]


def name_brackets(text: str, tokens: list[Token], mentions: list[Mention]) -> set[int]:
    """Indexes of the brackets that wrap a name (جماعة (فوت ليف - Vote Leave)) rather than a
    parenthetical: they do not end a clause."""
    out: set[int] = set()
    for m in mentions:
        i = m.first - 1
        if i < 0 or text[tokens[i].start: tokens[i].end] != OPEN_BRACKET:
            continue
        close = next((j for j in range(m.last + 1, min(len(tokens), m.last + 1 + BRACKETED_GLOSS + 1))
                      if text[tokens[j].start: tokens[j].end] == CLOSE_BRACKET), None)
        if close is not None:
            out.update((i, close))
    return out


def subject_breaks(text: str, tokens: list[Token], breaks: list[bool]) -> list[bool]:
    commas = _norm_set("subject_breaks")
    return [b or text[t.start: t.end] in commas for t, b in zip(tokens, breaks, strict=True)]


def _word_before(view: SentenceView, i: int) -> int:
    """Index of the word before token i, past numbers, quantity words (with their من: أكثر من
    30, عشرات من) and quote marks; a من of its own is a preposition (انسحب من غزة)."""
    j = i - 1
    while j >= 0 and (_skippable(view, j) or (_partitive(view, j) and j > 0 and _counting(view, j - 1))):
        j -= 1
    return j


def _skippable(view: SentenceView, j: int) -> bool:
    skip = _norm_set("skip_before_argument")
    return view.tokens[j].kind == "number" or view.text[view.tokens[j].start: view.tokens[j].end] in skip \
        or (bool(view.forms[j]) and view.forms[j][0] in skip)


def _counting(view: SentenceView, j: int) -> bool:
    return _skippable(view, j) or (bool(view.forms[j]) and view.forms[j][0] in _norm_set("quantity_words"))


def _partitive(view: SentenceView, j: int) -> bool:
    return bool(view.forms[j]) and view.forms[j][0] == PARTITIVE


def _marking_prep(view: SentenceView, m: Mention) -> str | None:
    """The preposition that governs a mention: a proclitic on it, or the word before it."""
    token = view.tokens[m.first]
    if token.proclitics:
        letter = token.proclitics[-1]
        if letter in PREPOSITION_PROCLITICS:
            return letter
        if token.proclitics.startswith(CONJUNCTION):
            first = [c for c in view.mentions if c.last == m.first - 1]
            if first:  # a conjunct shares the preposition of the first (في سورية والعراق)
                return _marking_prep(view, first[0])
    j = _word_before(view, m.first)
    if j >= 0 and view.forms[j]:
        if view.forms[j][0] in _norm_set("prepositional_complementizers"):
            return view.forms[j][0][0]  # ثقته بأن الرئيس ...: the clause is what ب governs
        return _through_locative(view, j)
    return None


def _through_locative(view: SentenceView, j: int) -> str:
    """The word before a mention, or, when that is a locative noun (في ضواحي واشنطن, إلى
    شمال بغداد), the preposition before the locative: the name is a place there."""
    locatives = _norm_set("locative_heads")
    head = j - 1 if _place_adjective(view, j) and j > 0 and view.forms[j - 1] else j  # العاصمة التشيكية براغ
    if view.forms[head][0] in locatives and head > 0 and view.forms[head - 1] \
            and view.forms[head - 1][0] in _all_preps():
        return view.forms[head - 1][0]
    token = view.tokens[j]
    locative = view.forms[j][0] in locatives or not locatives.isdisjoint(view.forms[j][1:2])
    if locative and _has_preposition_proclitic(token):  # بوسط المدينة
        return token.proclitics[-1]
    return view.forms[j][0]


def _place_adjective(view: SentenceView, j: int) -> bool:
    """A definite nisba after a locative noun (العاصمة التشيكية): the name comes after both."""
    token = view.tokens[j]
    word = view.text[token.stem.start: token.stem.end]
    return token.kind == "word" and token.has_article and word.endswith((NISBA_I, NISBA_IYYA))


def _preposition_marked(view: SentenceView, m: Mention) -> bool:
    prep = _marking_prep(view, m)
    return prep is not None and (prep in _all_preps() or prep in PREPOSITION_PROCLITICS)


@cache
def _all_preps() -> frozenset[str]:
    preps = {normalize_word(p) for t in rules()["types"].values() for p in t["target_preps"]}
    return frozenset(preps | {normalize_word(w) for w in ("في", "من", "عن", "إلى", "منذ", "حول", "لدى", "عند")})


def _between(view: SentenceView, match: TriggerMatch) -> Arguments | None:
    word, conj = normalize_word(rules()["between"]), normalize_word(rules()["and"])
    for i in range(match.last + 1, min(len(view.tokens), match.last + 1 + BETWEEN_REACH + 1)):
        if view.forms[i] and view.forms[i][0] == word:
            after = [m for m in view.mentions if m.first > i]
            if len(after) >= 2 and view.tokens[after[1].first].proclitics.startswith(conj):
                return Arguments(after[0], after[1])
    return None


def _nisba_pair(view: SentenceView, match: TriggerMatch) -> Arguments | None:
    pair = [m for m in view.mentions if match.last < m.first <= match.last + NISBA_PAIR and m.first == m.last]
    if len(pair) == NISBA_PAIR and all(m.nisba for m in pair) \
            and pair[0].country != pair[1].country:
        return Arguments(pair[0], pair[1])
    return None


def _in_clause(view: SentenceView, lo: int, hi: int, subject: bool = False) -> bool:
    """No clause break strictly between token lo and token hi."""
    breaks = view.subject_breaks if subject else view.breaks
    return not any(breaks[lo + 1: hi])


def _after(view: SentenceView, match: TriggerMatch, window: int) -> list[Mention]:
    return [m for m in view.mentions if match.last < m.first <= match.last + window
            and _in_clause(view, match.last, m.first) and not m.place and not _spokesman(view, m)]


def _spokesman(view: SentenceView, m: Mention) -> bool:
    """على لسان X: X speaks for the source; it is neither source nor target."""
    j = _word_before(view, m.first)
    return j >= 0 and bool(view.forms[j]) and not _norm_set("speaker_markers").isdisjoint(view.forms[j])


def _before(view: SentenceView, match: TriggerMatch, window: int) -> list[Mention]:
    """Possible subjects before the trigger: in its clause and not after a preposition."""
    return [m for m in view.mentions if match.first - window <= m.last < match.first
            and _in_clause(view, m.last, match.first, subject=True) and not view.subject_breaks[m.last]
            and not _preposition_marked(view, m) and not m.place]


def _places_after(view: SentenceView, match: TriggerMatch, type_: str) -> list[Mention]:
    """Places after the trigger, for the types whose target may be one (انسحب من غزة)."""
    if not rules()["types"][type_].get("place_target"):
        return []
    return [m for m in view.mentions if m.place and match.last < m.first <= match.last + rules()["window"]
            and _in_clause(view, match.last, m.first)]


def _target_by_prep(view: SentenceView, candidates: list[Mention], type_: str, lemma: str,
                    match: TriggerMatch | None = None) -> Mention | None:
    preps = target_preps(type_, lemma)
    if match is not None:
        candidates = sorted(candidates + _places_after(view, match, type_), key=lambda m: m.first)
    for m in candidates:
        if _marking_prep(view, m) in preps:
            return m
    return None


def _can_be_subject(view: SentenceView, match: TriggerMatch, m: Mention) -> bool:
    """A VSO subject stands near its verb with no prepositional phrase before it (طالبت بسحب
    قواتها: قواتها belongs to بسحب, it is not who demanded)."""
    if m.first - match.last > SUBJECT_GAP or _oblique_plural(view, m):
        return False
    preps = _all_preps()
    return not any(_has_preposition_proclitic(view.tokens[i]) or (view.forms[i] and view.forms[i][0] in preps)
                   for i in range(match.last + 1, m.first))


def _oblique_plural(view: SentenceView, m: Mention) -> bool:
    """A common noun in -ين (مدنيين, المسلحين) is accusative or genitive, never a subject
    (that would be -ون); names are left alone (بوتين, حسين)."""
    if m.from_entity:
        return False
    head = view.tokens[m.first]
    return view.text[head.stem.start: head.stem.end].endswith(OBLIQUE_PLURAL)


def _has_preposition_proclitic(token: Token) -> bool:
    return bool(token.proclitics) and token.proclitics[-1] in PREPOSITION_PROCLITICS


def _next_content(view: SentenceView, i: int) -> int:
    """The token after i, past a preposition with its pronoun (اعترفت بهم إسرائيل)."""
    j = i + 1
    pronouns = _norm_set("prepositional_pronouns")
    return j + 1 if j < len(view.tokens) and view.forms[j] and view.forms[j][0] in pronouns else j


def _verb_arguments(view: SentenceView, match: TriggerMatch, type_: str, window: int) -> Arguments:
    after, before = _before_clause(view, match, _after(view, match, window)), _before(view, match, window)
    if _said_by_a_vehicle(view, match):  # هتافات تطالب الحكومة: the chants demand; الحكومة is asked
        bare = [m for m in after if not _preposition_marked(view, m)]
        by_prep = _target_by_prep(view, after, type_, match.entry.lemma, match)
        found = ([bare[0]] if bare else []) + ([by_prep] if by_prep is not None else [])
        # the issuer of the statement, if the clause names one (أصدرت المعارضة بيانا يدين الحكومة)
        return Arguments(before[-1] if before else None, min(found, key=lambda m: m.first) if found else None)
    bare_after = [m for m in after if not _preposition_marked(view, m)]
    # a verb that carries its subject (اقتحموا السفارة) has its object after it, not its subject
    subject_after = bool(bare_after) and not match.entry.carries_subject and _can_be_subject(view, match, bare_after[0])
    source, resumed = None, None
    next_word = _next_content(view, match.last)
    adjacent_vso = subject_after and bare_after[0].first == next_word and bool(before) \
        and before[-1].last < match.first - SVO_REACH  # وهو ما نفاه الرئيس: the subject follows
    if subject_after and before and next_word > match.last + 1 and bare_after[0].first == next_word:
        # اللاجئون اعترفت بهم إسرائيل: the pronoun takes up the noun before; the subject follows
        source, resumed = bare_after.pop(0), before[-1]
    elif subject_after and (not before or adjacent_vso):
        source = bare_after.pop(0)  # VSO
    elif before:
        source = before[-1]  # SVO, or the subject of a verb before an infinitive
    elif subject_after:
        source = bare_after.pop(0)
    bare_after = _past_conjuncts(view, source, bare_after)
    found = [bare_after[0]] if bare_after and object_is_target(type_, match.entry.lemma) else []
    found += [resumed] if resumed is not None else []
    by_prep = _target_by_prep(view, after, type_, match.entry.lemma, match)
    found += [by_prep] if by_prep is not None else []
    if not found and source is not None and source.last > match.last:
        found = [m for m in [_target_past_relative(view, match, source, type_)] if m is not None]
    # the nearer of the direct object and the preposition's actor (طلبت من الشرطة حماية ...)
    return Arguments(source, min(found, key=lambda m: m.first) if found else None)


def _target_past_relative(view: SentenceView, match: TriggerMatch, source: Mention, type_: str) -> Mention | None:
    """A relative clause on a VSO subject puts the target farther (لم يلتق المبعوثان اللذان
    توجها إلى الأردن في إطار جولتهما بعباس): the actor with the target's preposition joined
    to it after the clause, which is the first to have such a preposition as a proclitic."""
    relatives = _norm_set("relative_pronouns")
    i = _coordination_end(view, source) + 1
    while i < len(view.tokens) and view.tokens[i].proclitics.startswith(CONJUNCTION) and i <= source.last + MAX_CONJUNCTS:
        i += 1  # a conjunct the tagger did not name (كوشنير وغرينبلات اللذان)
    if i >= len(view.tokens) or not view.forms[i] or view.forms[i][0] not in relatives:
        return None
    preps = target_preps(type_, match.entry.lemma)
    far = [m for m in view.mentions if i < m.first <= i + RELATIVE_REACH and not m.place
           and _in_clause(view, i, m.first) and view.tokens[m.first].proclitics[-1:] in preps]
    return far[0] if far else None


def _coordination_end(view: SentenceView, m: Mention) -> int:
    """Index of the last token of the coordination that m opens (كوشنير وغرينبلات)."""
    return conjuncts(view, m)[-1].last


def _past_conjuncts(view: SentenceView, source: Mention | None, candidates: list[Mention]) -> list[Mention]:
    """Drop the actors coordinated with the subject (التقى كوشنير وغرينبلات نتنياهو: غرينبلات
    is a second subject, not the object; the stage turns the conjuncts into events of their
    own) and the one set after it between commas, which names it again (يستضيف الرئيس
    التركي، رجب طيب أردوغان، نظيريه)."""
    if source is None:
        return candidates
    joined = {id(m) for m in conjuncts(view, source)}
    return [m for m in candidates if id(m) not in joined and not _appositive(view, source, m)]


def _appositive(view: SentenceView, head: Mention, m: Mention) -> bool:
    """m stands right after head's comma, its title at most before it, and is closed by
    another comma (X، Y،; البابا فرانسيس، بابا الفاتيكان،): Y names X again."""
    comma, closing = head.last + 1, m.last + 1
    bare_country = m.country is not None and m.sector is None and m.group is None  # حمّل قديروف، فرنسا، مسؤولية
    return not bare_country and comma + 1 <= m.first <= comma + APPOSITION_HEAD + 1 and closing < len(view.tokens) \
        and view.text[view.tokens[comma].start: view.tokens[comma].end] in APPOSITION_MARKS \
        and view.text[view.tokens[closing].start: view.tokens[closing].end] in APPOSITION_MARKS


def _said_by_a_vehicle(view: SentenceView, match: TriggerMatch) -> bool:
    """A verb right after a noun that carries words (بيان يدين, هتافات تطالب, لافتات تندد) is
    said by that noun: the actor after the verb is its object, not its subject."""
    j = match.first - 1
    return match.entry.verbal and j >= 0 and bool(view.forms[j]) and view.forms[j][0] in _norm_set("vehicle_nouns") \
        and not any(m.first <= j <= m.last for m in view.mentions)


def _genitive(view: SentenceView, match: TriggerMatch, m: Mention, type_: str) -> bool:
    """The mention completes the verbal noun: غارات التحالف, الزيارة الثالثة لرئيس الوزراء
    (ل for the doer, unless ل marks this type's target)."""
    if m.first - match.last > GENITIVE_GAP + 1 or not _in_clause(view, match.last, m.first) \
            or any(match.last < i < m.first for i in view.verbs):  # هتافات تطالب الحكومة: a verb between
        return False
    prep = _marking_prep(view, m)
    carrier = next((i for i in range(match.last + 1, m.first) if _has_preposition_proclitic(view.tokens[i])), None)
    if carrier is not None:  # زيارته للعاصمة الدنماركية: m is inside the phrase ل opens
        prep = view.tokens[carrier].proclitics[-1]
    elif prep is None or not _preposition_marked(view, m):
        return True
    # زيارة لليونان, زيارته للعاصمة الدنماركية: ل before a country or place, or after a noun
    # whose suffix already names the doer, gives where the act went, not who did it
    where_to = m.place or m.nisba or (m.country is not None and m.sector is None and m.group is None)
    owned = view.tokens[match.last].enclitic in _norm_set("possessive_pronouns")
    return prep == GENITIVE_LAM and GENITIVE_LAM not in target_preps(type_) and not where_to and not owned


def _doer_after(view: SentenceView, match: TriggerMatch) -> Mention | None:
    """The subject of a verb of carrying out that follows the noun: هجوم شنه مقاتلو الحركة,
    الهجوم الذي تبنته جماعة مسلحة."""
    doers = _norm_set("doer_verbs")
    for i in range(match.last + 1, min(len(view.tokens), match.last + 1 + DOER_REACH)):
        if view.forms[i] and not doers.isdisjoint(view.forms[i]):
            after = [m for m in view.mentions if i < m.first <= i + SUBJECT_GAP and not _preposition_marked(view, m)]
            return after[0] if after else None
    return None


def _in_doer_clause(view: SentenceView, doer: Mention, window: int) -> list[Mention]:
    """The actors after the doer of a relative clause (الاتفاق الذي وقعته الحكومة مع المعارضة)."""
    return [m for m in view.mentions if doer.last < m.first <= doer.last + window
            and _in_clause(view, doer.last, m.first) and not m.place and not _spokesman(view, m)]


def _target_after(view: SentenceView, match: TriggerMatch) -> Mention | None:
    """The object of a targeting verb that follows the noun: الهجوم الذي استهدف مارة."""
    verbs = _norm_set("target_verbs")
    for i in range(match.last + 1, min(len(view.tokens), match.last + 1 + TARGET_VERB_REACH)):
        if view.forms[i] and not verbs.isdisjoint(view.forms[i]):
            after = [m for m in view.mentions if i < m.first <= i + SUBJECT_GAP and not m.place]
            return after[0] if after else None
    return None


def targets_for_noun(view: SentenceView, match: TriggerMatch, nouns: list[TriggerMatch]) -> bool:
    """A targeting verb in the relative clause of a noun of its type (الهجوم الذي وقع مساء
    السبت، واستهدف مارة) names the noun's target (_target_after), not an act of its own."""
    if not match.entry.verbal or _norm_set("target_verbs").isdisjoint(view.forms[match.first]):
        return False
    return any(n.last < match.first <= n.last + TARGET_VERB_REACH and _target_after(view, n) is not None for n in nouns)


def _doer_of_verb_before(view: SentenceView, match: TriggerMatch) -> Mention | None:
    """The noun is the object of a verb of carrying out right before it whose subject stands
    right before that verb (لمسلحين يشنون هجمات, عناصر تنفذ عمليات): that subject did the act."""
    verb = match.first - 1
    if verb < 1 or _norm_set("carrying_out_verbs").isdisjoint(view.forms[verb][:2]):
        return None
    return next((m for m in view.mentions if m.last == verb - 1 and not m.place), None)


def _noun_arguments(view: SentenceView, match: TriggerMatch, type_: str, window: int) -> Arguments:
    after, before = _after(view, match, window), _before(view, match, window)
    source, patient = _doer_after(view, match) or _doer_of_verb_before(view, match), None
    if source is not None:  # the relative clause of the doer goes on with the target (مع المعارضة)
        after = [m for m in after if m is not source] + _in_doer_clause(view, source, window)
    elif after and _genitive(view, match, after[0], type_):
        if match.entry.lemma in rules()["patient_genitive"]:
            patient = after[0]  # مقتل عشرة أشخاص: the genitive is the victim
        else:
            source = after[0]  # غارات التحالف: the genitive is the doer
    if source is None and before and not _commented(view, before[-1], match) \
            and not _after_outcome(view, before[-1], match) and not _reported_clause(view, before[-1], match) \
            and not _referred_to(view, match) and not _after_passive(view, match):
        source = before[-1]  # the subject of the verb that governs the noun
    rest = [m for m in after if m is not source and m is not patient]
    target = patient or _target_by_prep(view, rest, type_, match.entry.lemma, match) or _target_after(view, match)
    return Arguments(source, target if target is not source else None)


def _commented(view: SentenceView, subject: Mention, match: TriggerMatch) -> bool:
    """A verb of comment governs the noun (بلاده تدين الهجوم, أدانت فرنسا الهجوم): its subject
    judges the act; it did not do it."""
    return _comment_verb_in(view, _clause_opening(view, subject.first) + 1, match.first)


def _comment_verb_in(view: SentenceView, lo: int, hi: int) -> bool:
    return any(lo <= i < hi for i in view.comment_verbs)


def _complementizer_in(view: SentenceView, lo: int, hi: int, words: frozenset[str] | None = None) -> int | None:
    """Index of the first complementizer (إن, أن, بأن; or of `words`) among tokens lo..hi-1."""
    words = _norm_set("complementizers") if words is None else words
    return next((i for i in range(lo, hi) if view.forms[i] and view.forms[i][0] in words), None)


@cache
def _plain_complementizers() -> frozenset[str]:
    """إن and أن without a preposition joined (بأن governs a clause as its preposition's object)."""
    return _norm_set("complementizers") - _norm_set("prepositional_complementizers")


def _before_clause(view: SentenceView, match: TriggerMatch, after: list[Mention]) -> list[Mention]:
    """Actors a verb's arguments may be: not past a complementizer after it (نفى مسؤول أن تكون
    الغارات قد أصابت مدنيين: the civilians belong to the clause denied, not to the denial)."""
    stop = _complementizer_in(view, match.last + 1, len(view.tokens), _plain_complementizers())
    return after if stop is None else [m for m in after if m.first < stop]


def _after_passive(view: SentenceView, match: TriggerMatch) -> bool:
    """A passive verb before the noun in its clause (أصيب الجنود في الهجوم): the verb's subject
    underwent the act; it did not do it."""
    return any(i < match.first and _in_clause(view, i, match.first) for i in view.passive_verbs)


def _referred_to(view: SentenceView, match: TriggerMatch) -> bool:
    """A noun after a preposition of cause, time or topic (قتلوا جراء انفجار, منذ هجمات سبتمبر,
    حول طبيعة المعارك) names an act the clause refers to: its subject did not do it. The
    preposition may stand a noun before (حول طبيعة المعارك)."""
    preps = _norm_set("reference_prepositions")
    return any(view.forms[j] and view.forms[j][0] in preps for j in range(max(0, match.first - 2), match.first))


def _reported_clause(view: SentenceView, subject: Mention, match: TriggerMatch) -> bool:
    """A complementizer between the subject and the noun (قال الوزير إن الهجوم ...): the noun
    is in the clause the subject reports; the reporter did not do the act."""
    return _complementizer_in(view, subject.last + 1, match.first) is not None


def _after_outcome(view: SentenceView, subject: Mention, match: TriggerMatch) -> bool:
    """A noun of an outcome (مقتل, إصابة) at the trigger or between the subject and it: the
    subject reports the outcome (أعلن الجيش مقتل اثنين من جنوده في هجوم); it did not act."""
    outcomes = _norm_set("outcome_nouns")
    return any(view.forms[i] and not outcomes.isdisjoint(view.forms[i][:1])
               for i in range(subject.last + 1, match.first + 1))


def in_reported_clause(view: SentenceView, match: TriggerMatch) -> bool:
    """A noun of an act after a complementizer (نفى مسؤول أن تكون الغارات ...): the clause is
    what someone says; its doer is not to be carried over from the sayer."""
    if match.entry.verbal:
        return False
    return _complementizer_in(view, _clause_opening(view, match.first) + 1, match.first) is not None


def judged_act(view: SentenceView, match: TriggerMatch) -> bool:
    """A noun of an act after a verb of comment (أدانت فرنسا الهجوم), in its clause or past
    commas with no other verb between (حمّل الرئيس، فرنسا، مسؤولية الهجوم): who did the act
    is unsaid, and not to be carried from the sentence before either."""
    if match.entry.verbal:
        return False
    if _comment_verb_in(view, _clause_opening(view, match.first) + 1, match.first):
        return True
    comment = max((i for i in view.comment_verbs if i < match.first), default=None)
    return comment is not None and not any(comment < i < match.first for i in view.verbs) \
        and _complementizer_in(view, comment + 1, match.first) is None


def _relative_pronoun_before(view: SentenceView, match: TriggerMatch) -> int | None:
    """Index of the relative pronoun whose clause holds the trigger, if any."""
    relatives = _norm_set("relative_pronouns")
    for i in range(match.first - 1, -1, -1):
        if view.forms[i] and view.forms[i][0] in relatives:
            return i
        if view.subject_breaks[i]:
            return None
    return None


def inside_relative_clause(view: SentenceView, match: TriggerMatch) -> bool:
    """The trigger is in a relative clause (الرجل الذي نفذ هجوم الطعن): its doer is the noun
    before the pronoun, an actor or not; none is to be carried from elsewhere."""
    return _relative_pronoun_before(view, match) is not None


def relative_antecedent(view: SentenceView, match: TriggerMatch) -> Mention | None:
    """In a relative clause (النواب الذين هتفوا; الجنرال سليماني، الذي يدعم), the noun the
    pronoun refers back to."""
    i = _relative_pronoun_before(view, match)
    if i is None:
        return None
    end = i - 2 if i >= 1 and view.subject_breaks[i - 1] else i - 1  # past a comma
    before = [m for m in view.mentions if m.last == end and not m.place]
    return before[0] if before else None


def _pronoun_suffix(view: SentenceView, match: TriggerMatch) -> bool:
    return view.tokens[match.last].enclitic in _norm_set("possessive_pronouns")


def takes_pronoun_object(view: SentenceView, match: TriggerMatch) -> bool:
    """A pronoun object on a verb (يتهمه) or on a transitive verbal noun (توقيفهم)."""
    patient_noun = not match.entry.verbal and match.entry.lemma in rules()["patient_genitive"]
    return (match.entry.verbal or patient_noun) and _pronoun_suffix(view, match) and not _after_relative_word(view, match)


def _after_relative_word(view: SentenceView, match: TriggerMatch) -> bool:
    """وهو ما نفاه: the suffix goes back to the relative word of a thing, not to an actor
    before it."""
    return match.first > 0 and bool(view.forms[match.first - 1]) \
        and view.forms[match.first - 1][0] in _norm_set("resumptive_antecedents")


def _object_antecedent(view: SentenceView, match: TriggerMatch, source: Mention | None) -> Mention | None:
    """A pronoun object stands for the nearest actor before the trigger, not a place; a subject
    after the verb stays apart."""
    if not takes_pronoun_object(view, match):
        return None
    locatives = _norm_set("locatives")
    before = [m for m in view.mentions if m.last < match.first and not m.place
              and _marking_prep(view, m) not in locatives]
    if source is not None and source.last >= match.first:
        before = [m for m in before if m is not source]
    return before[-1] if before else None


def _possessor(view: SentenceView, match: TriggerMatch, target: Mention | None) -> Mention | None:
    """A verbal noun with a pronoun suffix (غاراتها) is done by the sentence's subject: its
    first actor that no preposition governs."""
    if match.entry.verbal or match.entry.lemma in rules()["patient_genitive"] or not _pronoun_suffix(view, match):
        return None
    bare = [m for m in view.mentions if m is not target and not m.place and not _preposition_marked(view, m)
            and not (match.first <= m.first <= match.last)]
    return bare[0] if bare else None


def _agent_at(view: SentenceView, i: int) -> Mention | None:
    """The actor of an agent phrase starting at token i (من قبل X, على أيدي X), if one is."""
    first, second = _norm_set("agent_first_words"), _norm_set("agent_second_words")
    if i + 1 >= len(view.tokens) or not view.forms[i] or view.forms[i][0] not in first \
            or second.isdisjoint(view.forms[i + 1]):
        return None
    return next((m for m in view.mentions if m.first == i + 2 and not m.place), None)


def agent_phrase(view: SentenceView, match: TriggerMatch) -> Mention | None:
    """Who did what a verbal noun or a passive names: من قبل X, من جانب X, على يد X."""
    for i in range(match.last + 1, min(len(view.tokens) - 1, match.last + 1 + AGENT_REACH)):
        if not _in_clause(view, match.last, i):
            return None
        agent = _agent_at(view, i)
        if agent is not None:
            return agent
    return None


def _giver(view: SentenceView, match: TriggerMatch) -> Mention | None:
    """The one who gives what a noun of support names, after its preposition (بدعم من الجيش)."""
    preps = rules()["giver_preps"].get(match.entry.lemma)
    if match.entry.verbal or not preps:
        return None
    after = [m for m in view.mentions if match.last < m.first <= match.last + GIVER_REACH and not m.place]
    # the preposition right after the noun; a title may stand between it and the name (من المشير حفتر)
    opens = match.last + 1 < len(view.tokens) and view.forms[match.last + 1] and view.forms[match.last + 1][0] in preps
    return next((m for m in after if (view.forms[m.first - 1] and view.forms[m.first - 1][0] in preps)
                 or (opens and m.first > match.last + 1)), None)


def undergone(view: SentenceView, match: TriggerMatch) -> bool:
    """A noun after a verb of undergoing (تعرض لهجوم, نجا من محاولة اغتيال): the verb's subject
    is who the act was done to."""
    if match.entry.verbal:
        return False
    return _undergoing_verb_at(view, match) is not None


def _undergoing_verb_at(view: SentenceView, match: TriggerMatch) -> int | None:
    """Index of the verb of undergoing before the noun, at most UNDERGO_REACH words back
    (commas between a date or a place do not count: تعرض مكتبه، الاثنين، في نيويورك، لمداهمة)."""
    verbs = _norm_set("undergoing_verbs")
    words = 0
    for i in range(match.first - 1, -1, -1):
        if view.tokens[i].kind != "word":
            continue
        if not verbs.isdisjoint(view.forms[i][:2]):
            return i
        words += 1
        if words >= UNDERGO_REACH:
            return None
    return None


def impersonal(view: SentenceView, match: TriggerMatch) -> bool:
    """A verbal noun after تم (تم توقيف الأربعة): a passive that names no doer."""
    if match.entry.verbal or match.first == 0:
        return False
    verbs = _norm_set("impersonal_verbs")
    return not verbs.isdisjoint(view.forms[match.first - 1][:2])


def _with_agent(view: SentenceView, match: TriggerMatch, found: Arguments) -> Arguments:
    """An agent phrase names the source. After a verb it also shows the verb is a passive
    written without vowels (اختطف الصحفي على أيدي مسلحين): its subject is the target."""
    agent = agent_phrase(view, match) or _giver(view, match)
    if agent is None:
        return found
    unmarked_passive = match.entry.verbal and not match.passive and found.source is not None
    target = found.source if unmarked_passive else found.target
    return Arguments(agent, target if target is not agent else None)


def _clause_opening(view: SentenceView, i: int) -> int:
    """Index of the break (comma, colon, clause word) that opens token i's clause, or -1."""
    return next((j for j in range(i - 1, -1, -1) if view.subject_breaks[j]), -1)


def _opens_with_coordinated_verb(view: SentenceView, opening: int) -> bool:
    """The clause opens with a word joined by و/ف that is no actor and no preposition: a verb
    that goes on with the subject before (، ويواصل الضغط)."""
    head = opening + 1
    if opening < 0 or head >= len(view.tokens) or view.tokens[head].kind != "word":
        return False
    if not view.tokens[head].proclitics.startswith(COORDINATORS) or _has_preposition_proclitic(view.tokens[head]):
        return False
    return not any(m.first == head for m in view.mentions) and view.forms[head][-1] not in _all_preps()


def coordinated_subject(view: SentenceView, match: TriggerMatch) -> Mention | None:
    """Arabic drops the subject of a verb coordinated after a comma (إن الغرب أخفق في ...،
    ويواصل الضغط لفرض عقوبات): it is the subject of the clause before, its first actor that
    no preposition governs."""
    opening = _clause_opening(view, match.first)
    if not _opens_with_coordinated_verb(view, opening):
        return None
    start = _clause_opening(view, opening) + 1
    complementizers = _norm_set("complementizers")  # قال الوزير إن الاتحاد ...: the subject follows إن
    start = max([start] + [i + 1 for i in range(start, opening) if view.forms[i] and view.forms[i][0] in complementizers])
    return next((m for m in view.mentions if start <= m.first and m.last < opening and not m.place
                 and not _preposition_marked(view, m)), None)


def _main_subject(view: SentenceView, match: TriggerMatch) -> Mention | None:
    """The subject of the verb a participle of manner goes with (تظاهر نحو 60 شابا داخل
    الكنيسة، مطالبين بـ ...): the nearest actor before it that no preposition governs."""
    locatives = _norm_set("locatives")
    return next((m for m in reversed(view.mentions) if m.last < match.first and not m.place
                 and not _preposition_marked(view, m) and _marking_prep(view, m) not in locatives), None)


def event_arguments(view: SentenceView, match: TriggerMatch, type_: str) -> Arguments:
    found = _shaped_arguments(view, match, type_)
    suffered = undergone(view, match)
    if suffered:
        found = Arguments(None, found.source or found.target)
    elif impersonal(view, match):
        found = Arguments(None, found.target)
    found = _with_agent(view, match, found)
    if found.source is None and not match.passive and not suffered and not impersonal(view, match):
        found.source = coordinated_subject(view, match)
    if found.source is None and match.entry.circumstantial:
        found.source = _main_subject(view, match)
    if found.target is None:
        found.target = _possessor_of_patient(view, match, suffered, found.source)
    if found.source is not None and found.target is found.source:
        found.target = None
    return found


def _patient_word(view: SentenceView, match: TriggerMatch, suffered: bool) -> int | None:
    """The word that names what the act was done to, when no actor does: the subject of a
    verb of undergoing (تعرض مكتبه لمداهمة), or the word right after a verb (استهدف منزله)."""
    if suffered:
        at = _undergoing_verb_at(view, match)
        return at + 1 if at is not None and at + 1 < match.first else None
    if match.entry.verbal:  # past a VSO subject (استهدف مسلحون منزله)
        inside = {i for m in view.mentions for i in range(m.first, m.last + 1)}
        return next((i for i in range(match.last + 1, min(len(view.tokens), match.last + 1 + PATIENT_REACH))
                     if i not in inside), None)
    return None


def possessed_patient(view: SentenceView, match: TriggerMatch) -> bool:
    """What the act was done to is someone's thing, named with a pronoun suffix (منزله)."""
    return _possessive_word(view, _patient_word(view, match, undergone(view, match)))


def _possessive_word(view: SentenceView, i: int | None) -> bool:
    return i is not None and view.tokens[i].kind == "word" and not any(m.first <= i <= m.last for m in view.mentions) \
        and view.tokens[i].enclitic in _norm_set("possessive_pronouns")


def _possessor_of_patient(view: SentenceView, match: TriggerMatch, suffered: bool,
                          source: Mention | None) -> Mention | None:
    """تعرض مكتبه لمداهمة, استهدف الهجوم منزله: a thing of someone's (its pronoun suffix) was hit,
    so the act was done to its owner, the nearest actor before it in the sentence."""
    i = _patient_word(view, match, suffered)
    if i is None or not _possessive_word(view, i):
        return None
    owners = [m for m in view.mentions if m.last < i and not m.place and m is not source
              and not (match.first <= m.first <= match.last)]
    return owners[-1] if owners else None


def _counted_after(view: SentenceView, match: TriggerMatch) -> Mention | None:
    """The people counted after a passive verb (قتل المئات من أفراد الجيش): the first actor of
    its clause, past the count and its من; not one another preposition governs (أحيلت إلى
    الشرطة: the police is where the case went)."""
    after = [m for m in _after(view, match, COUNTED_REACH)
             if (prep := _marking_prep(view, m)) == PARTITIVE or prep not in _all_preps()]
    return after[0] if after else None


def implied_agent(view: SentenceView, match: TriggerMatch, type_: str, target: Mention | None) -> Mention | None:
    """A passive arrest or fine names no doer, but the body whose work it is often stands in the
    same sentence as the one reporting it (تم توقيف الأربعة ..., كما أفادت الشرطة): the nearest
    actor of the sectors that carry out acts of that type."""
    sectors = rules()["implied_agents"].get(type_)
    if not sectors:
        return None
    found = [m for m in view.mentions if m.sector in sectors and m is not target and not m.place]
    return min(found, key=lambda m: abs(m.first - match.first)) if found else None


def _counted_victims_before(view: SentenceView, match: TriggerMatch, found: Arguments) -> bool:
    """A counted subject before a perfect verb of an act done to people (19 شخصا قتلوا, عشرات
    المدنيين قتلوا): news counts victims, not killers; the verb is the unvowelled passive."""
    subject = found.source
    if subject is None or subject.last >= match.first or not match.entry.verbal or match.entry.imperfect \
            or normalize_word(match.entry.lemma) not in _norm_set("patient_genitive"):
        return False
    j = subject.first - 1
    return j >= 0 and (view.tokens[j].kind == "number" or bool(view.forms[j]) and view.forms[j][0] in _norm_set("quantity_words"))


def _active_after_subject(view: SentenceView, match: TriggerMatch, found: Arguments) -> bool:
    """A count after an unvowelled verb reads it as a passive (قتل 15 شخصا), unless its
    subject stands before it (وكانت حركة طالبان قد خطفت 23 من الكوريين): then it is active."""
    if is_marked_passive(view.text, view.tokens[match.first]):
        return False
    return found.source is not None and found.source.last < match.first


def _opens_relative_clause(view: SentenceView, match: TriggerMatch) -> bool:
    """A verb right after a relative pronoun (الذي يدعم الميليشيات) has the pronoun as subject,
    unless it carries the pronoun back as its object (الصحفي الذي اختطفه مسلحون)."""
    return match.entry.verbal and match.first > 0 and bool(view.forms[match.first - 1]) \
        and view.forms[match.first - 1][0] in _norm_set("relative_pronouns") and not _pronoun_suffix(view, match)


def _relative_subject(view: SentenceView, match: TriggerMatch, found: Arguments) -> Arguments:
    """The antecedent does the act; an actor read as a subject after the verb is its object."""
    antecedent = relative_antecedent(view, match)
    if antecedent is None:
        return found
    after_verb = found.source is not None and found.source.first > match.last
    target = found.target or (found.source if after_verb else None)
    return Arguments(antecedent, target if target is not antecedent else None)


def _shaped_arguments(view: SentenceView, match: TriggerMatch, type_: str) -> Arguments:
    window = rules()["window"]
    found = _between(view, match) or _nisba_pair(view, match)
    if found is None:
        rule = _verb_arguments if match.entry.verbal or match.entry.circumstantial else _noun_arguments
        found = rule(view, match, type_, window)
        if match.entry.circumstantial:  # its subject is the main verb's (_main_subject), not the nearest actor
            found.source = None
        antecedent = _object_antecedent(view, match, found.source)
        if antecedent is not None and found.target is None:
            found.target = antecedent
            if found.source is antecedent:
                found.source = None
        if _opens_relative_clause(view, match):
            found = _relative_subject(view, match, found)
        if found.source is None:
            found.source = relative_antecedent(view, match) or _possessor(view, match, found.target)
    if (match.passive and not _active_after_subject(view, match, found)) or _counted_victims_before(view, match, found):
        # the subject of a passive is who it was done to (قتل المئات من أفراد الجيش)
        found = Arguments(None, found.source or _counted_after(view, match))
    elif match.entry.lemma in rules()["subject_is_target"]:
        found = Arguments(None, found.source)  # the one who lied is the accused; the speaker accuses
    return found


def _coordination_head(view: SentenceView, m: Mention) -> Mention:
    """The first actor of the coordination m closes (قوات الأمن والجيش, found as الجيش)."""
    for _ in range(MAX_CONJUNCTS - 1):
        if not view.tokens[m.first].proclitics.startswith(CONJUNCTION):
            break
        before = next((o for o in view.mentions if o.last == m.first - 1 and not o.place), None)
        if before is None:
            break
        m = before
    return m


def conjuncts(view: SentenceView, m: Mention | None) -> list[Mention | None]:
    """The mention and those coordinated with it by و (قوات الأمن والجيش → both), whichever
    of them the argument rules found."""
    if m is None:
        return [None]
    m = _coordination_head(view, m)
    out, last = [m], m.last
    for other in view.mentions:
        if other.first == last + 1 and view.tokens[other.first].proclitics.startswith(CONJUNCTION) \
                and len(out) < MAX_CONJUNCTS:
            out.append(other)
            last = other.last
    return out
