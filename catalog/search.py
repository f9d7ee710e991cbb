"""Find services and machines by what a visitor types: Chinese, full pinyin, initials, English.

The index is built once per catalog, with every text's pinyin computed up front, so a query
is a scan of short precomputed strings.

Ranking, best first: the exact name; a keyword (the service's own, or an English name or
keyword); a part of the name; the name's or a keyword's full pinyin; their initials; then the
post's words; last materials, steps and description. The catalog's synonyms (饭卡 → 校园卡)
widen a query, a little below the words typed. Results are cut at a relevance threshold: a
hit scoring below RELEVANCE of the best is unrelated tail and is left out, so "学生证" finds
the student card service and not the other 29 services of its post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog import pinyin
from catalog.model import Catalog, Machine, Service

# Score of each kind of match, per kind of text. Missing entries: that match does not count.
_TIERS: dict[str, dict[str, int]] = {
    "name": {
        "exact": 100, "prefix": 92, "substring": 88, "all_chars": 60,
        "pinyin_exact": 80, "pinyin_prefix": 78, "pinyin_substring": 74, "pinyin_partial": 62,
        "initials_exact": 72, "initials_prefix": 70, "initials_substring": 66,
        "en_exact": 94, "en_phrase": 86, "en_words": 82, "en_prefix": 76,
    },
    "keyword": {
        "exact": 96, "prefix": 86, "substring": 84, "all_chars": 54,
        "pinyin_exact": 79, "pinyin_prefix": 76, "pinyin_substring": 72, "pinyin_partial": 60,
        "initials_exact": 71, "initials_prefix": 68, "initials_substring": 64,
        "en_exact": 90, "en_phrase": 84, "en_words": 80, "en_prefix": 74,
    },
    "post keyword": {
        "exact": 45, "prefix": 42, "substring": 40,
        "pinyin_exact": 44, "pinyin_prefix": 41, "pinyin_substring": 36,
        "initials_exact": 43, "initials_prefix": 38,
    },
    "post": {"exact": 40, "prefix": 38, "substring": 36, "pinyin_exact": 38, "pinyin_prefix": 35,
             "en_exact": 40, "en_phrase": 38, "en_words": 36},
    "material": {"exact": 34, "prefix": 32, "substring": 30, "en_phrase": 30, "en_words": 28},
    "detail": {"exact": 28, "prefix": 28, "substring": 28, "en_phrase": 26, "en_words": 24},
}
_SEVERAL_FIELDS_BONUS = 3
_SYNONYM_PENALTY = 2  # a word the visitor did not type ranks just below one they did
RELEVANCE = 0.75  # a hit below this share of the best score is left out

_NOT_WORD_RE = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_EN_WORD_RE = re.compile(r"[a-z0-9]+")
_EN_STOP = frozenset({
    "a", "an", "and", "at", "can", "do", "does", "for", "from", "get", "how", "i", "in", "is",
    "it", "my", "need", "of", "on", "or", "the", "to", "want", "what", "where", "with",
})
_PARTICLES = "的"  # dropped for matching: 校园卡的挂失 is found by 校园卡挂失 and xykgs


def _squash(text: str) -> str:
    """Normalised (NFKC, lower case) letters, digits and Chinese only: no spaces or marks."""
    return _NOT_WORD_RE.sub("", pinyin.normalise(text))


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _en_words(text: str) -> tuple[str, ...]:
    """English words, hyphens and apostrophes dropped (Wi-Fi → wifi), plural s dropped."""
    text = text.lower().replace("-", "").replace("'", "").replace("’", "")
    return tuple(_stem(word) for word in _EN_WORD_RE.findall(text))


@dataclass(frozen=True)
class Hit:
    """A service found, how well it matched, and why (e.g. "keyword 学生证补办")."""

    service: Service
    score: int
    why: str


@dataclass(frozen=True)
class _Text:
    kind: str  # a key of _TIERS
    label: str  # shown in Hit.why
    plain: str  # squashed: no spaces, no punctuation
    full: str = ""  # toneless pinyin
    initials: str = ""
    bounds: frozenset[int] = frozenset()  # where syllables start in `full`, and its end
    words: tuple[str, ...] = ()  # English words, for an English text


def _texts(kind: str, label: str, raw: str, spell: bool = True) -> list[_Text]:
    """The text as matched: once as written, and once more without particles (的) if it has
    them, so both 校园卡的挂失 and 校园卡挂失 (xykgs) find it."""
    out = [_one_text(kind, label, raw, spell)]
    bare = raw
    for particle in _PARTICLES:
        bare = bare.replace(particle, "")
    if bare != raw and bare.strip():
        out.append(_one_text(kind, label, bare, spell))
    return out


def _one_text(kind: str, label: str, raw: str, spell: bool) -> _Text:
    plain = _squash(raw)
    if spell and pinyin.has_chinese(raw):
        bounds, at = {0}, 0
        for syllable in pinyin.syllables(raw):
            at += len(syllable)
            bounds.add(at)
        return _Text(kind, label, plain, pinyin.full(raw), pinyin.initials(raw),
                     frozenset(bounds))
    return _Text(kind, label, plain)


def _english(kind: str, label: str, raw: str) -> _Text:
    return _Text(kind, label, "", words=_en_words(raw))


@dataclass(frozen=True)
class _Query:
    plain: str  # squashed
    latin: bool
    words: tuple[str, ...]  # English words without stop words


def _query(text: str) -> _Query:
    plain = _squash(text)
    words = tuple(w for w in _en_words(text) if w not in _EN_STOP)
    return _Query(plain, plain.isascii(), words)


def _match(text: _Text, query: _Query) -> tuple[str, str]:
    """The best kind of match of `query` in `text` and how to say it, or ("", "")."""
    if text.words:
        found = _english_match(text.words, query.words) if query.latin else ""
        return (found, "English") if found else ("", "")
    plain, q = text.plain, query.plain
    if not plain:
        return "", ""
    if plain == q:
        return "exact", ""
    if plain.startswith(q):
        return "prefix", ""
    if q in plain:
        return "substring", ""
    if not query.latin and len(q) >= 2 and all(char in plain for char in q):
        return "all_chars", ""
    if query.latin and len(q) >= 2 and text.full:
        found = _pinyin_match(text, q)
        if found:
            return f"pinyin_{found}", "pinyin"
        initials = text.initials
        if initials == q:
            return "initials_exact", "initials"
        if initials.startswith(q):
            return "initials_prefix", "initials"
        if len(q) >= 3 and q in initials:
            return "initials_substring", "initials"
    return "", ""


def _english_match(words: tuple[str, ...], query: tuple[str, ...]) -> str:
    """en_exact (the same words) / en_phrase (the words in a row) / en_words (each a word) /
    en_prefix (a longer word begun), or ""."""
    if not query:
        return ""
    if tuple(w for w in words if w not in _EN_STOP) == query:
        return "en_exact"
    n = len(query)
    if any(words[i:i + n] == query for i in range(len(words) - n + 1)):
        return "en_phrase"
    if all(word in words for word in query):
        return "en_words"
    if all(
        word in words or (len(word) >= 3 and any(w.startswith(word) for w in words))
        for word in query
    ):
        return "en_prefix"
    return ""


def _pinyin_match(text: _Text, query: str) -> str:
    """exact / prefix / substring (whole syllables) / partial (last syllable cut), or "".

    Matches start on a syllable: "chengji" finds 成绩 (cheng|ji), not 课程教学 (ke|cheng|jiao)
    as well as 成绩, unless nothing better is there (then "partial").
    """
    full, bounds = text.full, text.bounds
    if full == query:
        return "exact"
    best = ""
    start = full.find(query)
    while start != -1:
        if start in bounds:
            if start == 0:
                return "prefix"
            best = "substring" if start + len(query) in bounds else best or "partial"
        start = full.find(query, start + 1)
    return best


def _score(texts: tuple[_Text, ...], query: _Query) -> tuple[int, str]:
    best, why, fields = 0, "", set()
    for text in texts:
        match, how = _match(text, query)
        score = _TIERS[text.kind].get(match, 0) if match else 0
        if not score:
            continue
        fields.add(text.kind)
        if score > best:
            best, why = score, text.label + (f" ({how})" if how else "")
    if best and len(fields) > 1:
        best += _SEVERAL_FIELDS_BONUS
    return best, why


class SearchIndex:
    """Search over one catalog; build it once, query it many times."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._services: list[tuple[Service, tuple[_Text, ...]]] = []
        for service in catalog.services:
            post = catalog.post(service.post_id)
            texts = _texts("name", "name", service.name)
            for k in service.keywords:
                texts += _texts("keyword", f"keyword {k}", k)
            if service.name_en:
                texts.append(_english("name", "English name", service.name_en))
            texts += [_english("keyword", f"keyword {k}", k) for k in service.keywords_en]
            for k in post.keywords:
                texts += _texts("post keyword", f"post keyword {k}", k)
            texts += _texts("post", f"post {post.name}", post.name)
            if post.name_en:
                texts.append(_english("post", f"post {post.name_en}", post.name_en))
            for m in service.materials:
                texts += _texts("material", "materials", m.text, False)
                if m.text_en:
                    texts.append(_english("material", "materials", m.text_en))
            if service.description:
                texts += _texts("detail", "description", service.description, False)
            if service.description_en:
                texts.append(_english("detail", "description", service.description_en))
            for group in (*service.steps, *service.online_steps):
                texts += _texts("detail", "steps", " ".join(group.steps), False)
            if service.office:
                texts += _texts("detail", "office", service.office, False)
            self._services.append((service, tuple(texts)))
        self._machines: list[tuple[Machine, tuple[_Text, ...]]] = []
        for machine in catalog.machines:
            texts = _texts("name", "name", machine.name)
            if machine.name_en:
                texts.append(_english("name", "English name", machine.name_en))
            for group in machine.functions:
                texts += _texts("keyword", f"function {group.title}", group.title)
                for item in group.items:
                    texts += _texts("keyword", f"function {item}", item)
            for line in (*machine.instructions, *machine.locations):
                texts += _texts("detail", "instructions", line, False)
            self._machines.append((machine, tuple(texts)))
        self._synonyms = [
            (_squash(s.term), pinyin.full(s.term) if pinyin.has_chinese(s.term) else "",
             s.term, s.means)
            for s in catalog.synonyms
        ]

    def _variants(self, text: str) -> list[tuple[_Query, int, str]]:
        """The query as typed, then as each matching synonym reads it: (query, penalty, why)."""
        typed = _query(text)
        out = [(typed, 0, "")]
        for plain, spelled, term, means in self._synonyms:
            if plain and plain in typed.plain:
                wider = [typed.plain.replace(plain, word) for word in means]
            elif spelled and len(spelled) >= 4 and typed.plain == spelled:
                wider = list(means)  # fanka → 饭卡 → 校园卡
            else:
                continue
            for word, mean in zip(wider, means, strict=True):
                out.append((_query(word), _SYNONYM_PENALTY, f"synonym {term} → {mean}: "))
        return out

    def _ranked(self, entries, text: str, minimum: int = 1) -> list[tuple[int, int, object, str]]:
        variants = self._variants(text)
        if not variants[0][0].plain:
            return []
        found = []
        for order, (entry, texts) in enumerate(entries):
            best, why = 0, ""
            for query, penalty, said in variants:
                score, how = _score(texts, query)
                if score and score - penalty > best:
                    best, why = score - penalty, said + how
            if best >= minimum:
                found.append((-best, order, entry, why))
        if not found:
            return []
        found.sort(key=lambda item: item[:2])
        cut = -found[0][0] * RELEVANCE
        return [item for item in found if -item[0] >= cut]

    def services(self, query: str, limit: int | None = None) -> list[Hit]:
        """Services matching `query`, best first, cut where relevance falls away (and at
        `limit` if given); [] for an empty query or no match."""
        hits = [Hit(service, -score, why)
                for score, _, service, why in self._ranked(self._services, query)]
        return hits[:limit] if limit is not None else hits

    def machines(self, query: str) -> list[Machine]:
        """Self-service machines that can do what `query` asks, best first: by name or function,
        not by a word in their instructions (学生证 is not a train ticket machine)."""
        found = self._ranked(self._machines, query, minimum=_TIERS["post"]["exact"])
        return [machine for _, _, machine, _ in found]
