"""Find services and machines by what a visitor types: Chinese, full pinyin, or initials.

The index is built once per catalog, with every text's pinyin computed up front, so a query
is a scan of short precomputed strings. Ranking: an exact keyword beats a name match, which
beats a match in the post's words, which beats one in materials, steps or description.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog import pinyin
from catalog.model import Catalog, Machine, Service

# Score of each kind of match, per kind of text. Missing entries: that match does not count.
_TIERS: dict[str, dict[str, int]] = {
    "keyword": {
        "exact": 100, "prefix": 88, "substring": 84, "all_chars": 55,
        "pinyin_exact": 98, "pinyin_prefix": 86, "pinyin_substring": 72, "pinyin_partial": 64,
        "initials_exact": 92, "initials_prefix": 80, "initials_substring": 62,
    },
    "name": {
        "exact": 96, "prefix": 90, "substring": 80, "all_chars": 50,
        "pinyin_exact": 94, "pinyin_prefix": 85, "pinyin_substring": 70, "pinyin_partial": 58,
        "initials_exact": 90, "initials_prefix": 78, "initials_substring": 60,
    },
    "post keyword": {
        "exact": 45, "prefix": 42, "substring": 40,
        "pinyin_exact": 44, "pinyin_prefix": 41, "pinyin_substring": 36,
        "initials_exact": 43, "initials_prefix": 38,
    },
    "post": {"exact": 40, "prefix": 38, "substring": 36, "pinyin_exact": 38, "pinyin_prefix": 35},
    "detail": {"exact": 30, "prefix": 30, "substring": 30},
}
_SEVERAL_FIELDS_BONUS = 3


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
    plain: str  # normalised: NFKC, lower case, no spaces
    full: str  # toneless pinyin
    initials: str
    bounds: frozenset[int] = frozenset()  # where syllables start in `full`, and its end


def _text(kind: str, label: str, raw: str, spell: bool = True) -> _Text:
    plain = pinyin.normalise(raw)
    if spell and pinyin.has_chinese(raw):
        bounds, at = {0}, 0
        for syllable in pinyin.syllables(raw):
            at += len(syllable)
            bounds.add(at)
        return _Text(kind, label, plain, pinyin.full(raw), pinyin.initials(raw), frozenset(bounds))
    return _Text(kind, label, plain, "", "")


def _match(text: _Text, query: str, latin: bool) -> tuple[str, str]:
    """The best kind of match of `query` in `text` and how to say it, or ("", "")."""
    plain = text.plain
    if plain == query:
        return "exact", ""
    if plain.startswith(query):
        return "prefix", ""
    if query in plain:
        return "substring", ""
    if not latin and len(query) >= 2 and all(char in plain for char in query):
        return "all_chars", ""
    if latin and len(query) >= 2 and text.full:
        found = _pinyin_match(text, query)
        if found:
            return f"pinyin_{found}", "pinyin"
        initials = text.initials
        if initials == query:
            return "initials_exact", "initials"
        if initials.startswith(query):
            return "initials_prefix", "initials"
        if query in initials:
            return "initials_substring", "initials"
    return "", ""


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


def _score(texts: tuple[_Text, ...], query: str) -> tuple[int, str]:
    latin = query.isascii()
    best, why, fields = 0, "", set()
    for text in texts:
        match, how = _match(text, query, latin)
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
            texts = [_text("name", "name", service.name)]
            texts += [_text("keyword", f"keyword {k}", k) for k in service.keywords]
            texts += [_text("post keyword", f"post keyword {k}", k) for k in post.keywords]
            texts.append(_text("post", f"post {post.name}", post.name))
            texts += [_text("detail", "materials", m.text, False) for m in service.materials]
            if service.description:
                texts.append(_text("detail", "description", service.description, False))
            for group in (*service.steps, *service.online_steps):
                texts.append(_text("detail", "steps", " ".join(group.steps), False))
            if service.office:
                texts.append(_text("detail", "office", service.office, False))
            self._services.append((service, tuple(texts)))
        self._machines: list[tuple[Machine, tuple[_Text, ...]]] = []
        for machine in catalog.machines:
            texts = [_text("name", "name", machine.name)]
            for group in machine.functions:
                texts.append(_text("keyword", f"function {group.title}", group.title))
                texts += [_text("keyword", f"function {item}", item) for item in group.items]
            texts += [_text("detail", "instructions", i, False) for i in machine.instructions]
            texts += [_text("detail", "location", place, False) for place in machine.locations]
            self._machines.append((machine, tuple(texts)))

    def services(self, query: str, limit: int = 20) -> list[Hit]:
        """Services matching `query`, best first; [] for an empty query or no match."""
        q = pinyin.normalise(query)
        if not q:
            return []
        hits = []
        for order, (service, texts) in enumerate(self._services):
            score, why = _score(texts, q)
            if score:
                hits.append((-score, order, Hit(service, score, why)))
        hits.sort(key=lambda hit: hit[:2])
        return [hit for _, _, hit in hits[:limit]]

    def machines(self, query: str) -> list[Machine]:
        """Self-service machines that can do what `query` asks, best first."""
        q = pinyin.normalise(query)
        if not q:
            return []
        found = []
        for order, (machine, texts) in enumerate(self._machines):
            score, _ = _score(texts, q)
            if score:
                found.append((-score, order, machine))
        found.sort(key=lambda item: item[:2])
        return [machine for _, _, machine in found]
