"""Load the catalog from its YAML data file, strictly, and write a catalog back as YAML.

Every mistake in the file (an unknown key, a missing field, a duplicate id, window or prefix,
a reference to nothing, hours text that cannot be read, a Chinese text without its English)
raises MalformedCatalog naming the file, the entry and what is wrong. Hours are kept as the
guide's text and re-read on load.

English: every name, material, hours, summary, description, office and fees text has its
`<key>_en` beside it (materials: `text_en`). A draft fresh from the importer may lack them:
load it with require_english=False to curate it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from catalog.errors import MalformedCatalog
from catalog.hours import parse_hours
from catalog.model import (
    Catalog,
    Department,
    FunctionGroup,
    Link,
    Machine,
    Material,
    Post,
    Service,
    StepGroup,
    Synonym,
    WeeklyHours,
)

PREFIX_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: they read as 1 and 0
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
_TOP_KEYS = {"hall_name": True, "hall_name_en": False, "synonyms": False, "departments": True,
             "posts": True, "services": True, "machines": False}


def default_catalog_path() -> Path:
    """The catalog shipped with the package: catalog/data/buct.yaml."""
    return Path(__file__).resolve().parent / "data" / "buct.yaml"


# ---------------------------------------------------------------------------- loading


class _UniqueKeyLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a mapping with the same key twice."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


def load_catalog(path: str | Path | None = None, require_english: bool = True) -> Catalog:
    """Read and check the catalog file (default: the packaged one)."""
    path = Path(path) if path is not None else default_catalog_path()
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise MalformedCatalog(name, "file", f"cannot be read: {err}") from None
    return parse_catalog(text, name, require_english)


def parse_catalog(text: str, path: str = "<catalog>", require_english: bool = True) -> Catalog:
    """Check catalog YAML text; `path` names it in errors."""
    return _parse_catalog(text, path, require_english)


@lru_cache(maxsize=8)
def _parse_catalog(text: str, path: str, require_english: bool) -> Catalog:
    # The same text read again (every app a test starts, a catalog applied and re-read) is
    # the same frozen Catalog: parsed once. A malformed text raises each time (not cached).
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except yaml.YAMLError as err:
        raise MalformedCatalog(path, "file", f"not valid YAML: {_one_line(err)}") from None
    return _Reader(path, require_english).catalog(data)


def _one_line(err: yaml.YAMLError) -> str:
    return " ".join(str(err).split())


class _Entry:
    """One mapping of the file, read key by key; complains in the file's own terms."""

    def __init__(self, reader: _Reader, label: str, data: Any, keys: dict[str, bool]) -> None:
        self.reader, self.label = reader, label
        if not isinstance(data, dict):
            self.fail(f"must be a mapping of keys, not {_kind(data)}")
        self.data = data
        unknown = [str(k) for k in data if k not in keys]
        if unknown:
            self.fail(f"unknown key {unknown[0]!r} (known: {', '.join(keys)})")
        missing = [k for k, required in keys.items() if required and data.get(k) in (None, "")]
        if missing:
            self.fail(f"missing required field {missing[0]!r}")

    def fail(self, problem: str) -> None:
        raise MalformedCatalog(self.reader.path, self.label, problem)

    def text(self, key: str) -> str:
        value = self.data.get(key, "")
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(f"{key} must be text, not {_kind(value)}{_quote_hint(value)}")
        return value.strip()

    def english(self, key: str, of: str) -> str:
        """The English `key` of the Chinese text `of`; required whenever `of` is not empty."""
        value = self.text(key)
        if of and not value and self.reader.require_english:
            self.fail(f"missing required field {key!r} (the English of {of!r})")
        return value

    def ident(self, key: str) -> str:
        value = self.text(key)
        if value and not _ID_RE.match(value):
            self.fail(f"{key} {value!r} must be a short ASCII id (letters, digits, - and _)")
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.fail(f"{key} must be true or false, not {value!r}")
        return value

    def items(self, key: str) -> list:
        value = self.data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"{key} must be a list, not {_kind(value)}")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        out = []
        for index, item in enumerate(self.items(key)):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{key}[{index}] must be non-empty text, not {item!r}{_quote_hint(item)}")
            out.append(item.strip())
        return tuple(out)

    def sub(self, key: str, index: int, item: Any, keys: dict[str, bool]) -> _Entry:
        return _Entry(self.reader, f"{self.label}: {key}[{index}]", item, keys)


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def _quote_hint(value: Any) -> str:
    return f"; quote it: '{value}'" if isinstance(value, (int, float)) else ""


class _Reader:
    def __init__(self, path: str, require_english: bool = True) -> None:
        self.path = path
        self.require_english = require_english

    def fail(self, entry: str, problem: str) -> None:
        raise MalformedCatalog(self.path, entry, problem)

    def catalog(self, data: Any) -> Catalog:
        top = _Entry(self, "file", data, _TOP_KEYS)
        hall_name = top.text("hall_name")
        hall_name_en = top.english("hall_name_en", hall_name)
        departments = self.each(top, "departments", self.department)
        dept_hours = {d.id: (d.hours_text, d.hours_en) for d in departments}
        posts = self.each(top, "posts", lambda e: self.post(e, dept_hours))
        machines = self.each(top, "machines", self.machine)
        services = self.each(top, "services", self.service)
        self.check_references(departments, posts, services, machines)
        synonyms = self.synonyms(top, posts, services)
        return Catalog(hall_name, tuple(departments), tuple(posts), tuple(services),
                       tuple(machines), hall_name_en=hall_name_en, synonyms=synonyms)

    def synonyms(self, top: _Entry, posts: list[Post], services: list[Service]
                 ) -> tuple[Synonym, ...]:
        """`term: [catalog word, …]`; each word must be found in a service or post name or
        keyword (or an English name), so a typo cannot make a synonym that finds nothing."""
        data = top.data.get("synonyms") or {}
        if not isinstance(data, dict):
            top.fail(f"synonyms must be a mapping of term: [words], not {_kind(data)}")
        words = " ".join(
            [s.name for s in services] + [k for s in services for k in s.keywords]
            + [p.name for p in posts] + [k for p in posts for k in p.keywords]
        ).lower()
        words_en = " ".join([s.name_en for s in services] + [p.name_en for p in posts]).lower()
        out = []
        for term, means in data.items():
            label = f"synonym {term}"
            if not isinstance(term, str) or not term.strip():
                self.fail("synonyms", f"a term must be non-empty text, not {term!r}")
            if isinstance(means, str):
                means = [means]
            if not isinstance(means, list) or not means:
                self.fail(label, "must list the catalog words it means")
            for word in means:
                if not isinstance(word, str) or not word.strip():
                    self.fail(label, f"each word must be non-empty text, not {word!r}")
                if word.strip().lower() not in words and word.strip().lower() not in words_en:
                    self.fail(label, f"{word!r} is in no service or post name or keyword")
            out.append(Synonym(term.strip(), tuple(w.strip() for w in means)))
        return tuple(out)

    def each(self, top: _Entry, key: str, read: Callable[[_Entry], Any]) -> list:
        out, seen = [], set()
        singular = key[:-1]
        for index, item in enumerate(top.items(key)):
            label = f"{key}[{index}]"
            if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
                label = f"{singular} {item['id'].strip()}"
            entry = _Entry(self, label, item, _KEYS_OF[key])
            thing = read(entry)
            if thing.id in seen:
                entry.fail(f"duplicate {singular} id {thing.id!r}")
            seen.add(thing.id)
            out.append(thing)
        return out

    def hours_of(self, entry: _Entry, text: str) -> WeeklyHours:
        try:
            return parse_hours(text)
        except ValueError as err:
            raise MalformedCatalog(self.path, entry.label, f"hours: {err}") from None

    def department(self, e: _Entry) -> Department:
        hours = e.text("hours")
        if hours:
            self.hours_of(e, hours)
        name = e.text("name")
        return Department(e.ident("id"), name, e.texts("phones"), hours,
                          name_en=e.english("name_en", name),
                          hours_en=e.english("hours_en", hours))

    def post(self, e: _Entry, dept_hours: dict[str, tuple[str, str]]) -> Post:
        department_id = e.ident("department")
        if department_id not in dept_hours:
            e.fail(f"department {department_id!r} is not in the catalog")
        windows = []
        for index, number in enumerate(e.items("windows")):
            if isinstance(number, bool) or not isinstance(number, int) or number <= 0:
                e.fail(f"windows[{index}] must be a window number, not {number!r}")
            windows.append(number)
        if not windows:
            e.fail("windows must list at least one window number")
        if len(set(windows)) != len(windows):
            e.fail(f"windows lists a number twice: {windows}")
        prefix = e.text("prefix")
        if len(prefix) != 1 or prefix not in PREFIX_LETTERS:
            e.fail(f"prefix {prefix!r} must be one letter of {PREFIX_LETTERS}")
        own_hours = e.text("hours")
        own_hours_en = e.english("hours_en", own_hours)
        if own_hours_en and not own_hours:
            e.fail("hours_en without hours")
        hours_text, hours_en = (own_hours, own_hours_en) if own_hours else dept_hours[department_id]
        if not hours_text:
            e.fail(f"no hours: neither the post nor department {department_id!r} gives them")
        hours = replace(self.hours_of(e, hours_text), text_en=hours_en)
        name, summary = e.text("name"), e.text("summary")
        return Post(
            id=e.ident("id"),
            name=name,
            department_id=department_id,
            windows=tuple(windows),
            prefix=prefix,
            hours=hours,
            phones=e.texts("phones"),
            keywords=e.texts("keywords"),
            summary=summary,
            name_en=e.english("name_en", name),
            summary_en=e.english("summary_en", summary),
        )

    def service(self, e: _Entry) -> Service:
        materials = []
        for index, item in enumerate(e.items("materials")):
            if isinstance(item, str) and item.strip():
                item = {"text": item}
            m = e.sub("materials", index, item, {"text": True, "text_en": False, "url": False})
            text = m.text("text")
            materials.append(Material(text, m.text("url"), m.english("text_en", text)))
        links = []
        for index, item in enumerate(e.items("links")):
            link = e.sub("links", index, item, {"title": True, "url": True})
            links.append(Link(link.text("title"), link.text("url")))
        name, description = e.text("name"), e.text("description")
        office, fees = e.text("office"), e.text("fees")
        return Service(
            id=e.ident("id"),
            name=name,
            name_en=e.english("name_en", name),
            post_id=e.ident("post"),
            keywords=e.texts("keywords"),
            keywords_en=e.texts("keywords_en"),
            description=description,
            description_en=e.english("description_en", description),
            materials=tuple(materials),
            steps=self.groups(e, "steps"),
            online_steps=self.groups(e, "online_steps"),
            office=office,
            office_en=e.english("office_en", office),
            addresses=e.texts("addresses"),
            phones=e.texts("phones"),
            fees=fees,
            fees_en=e.english("fees_en", fees),
            links=tuple(links),
            staff_notes=e.texts("staff_notes"),
            online_only=e.flag("online_only"),
            machine_ids=tuple(e.texts("machines")),
            parent_id=e.ident("parent"),
            other_info=e.texts("other_info"),
        )

    def groups(self, e: _Entry, key: str) -> tuple[StepGroup, ...]:
        out = []
        for index, item in enumerate(e.items(key)):
            group = e.sub(key, index, item, {"title": True, "steps": True})
            out.append(StepGroup(group.text("title"), group.texts("steps")))
        return tuple(out)

    def machine(self, e: _Entry) -> Machine:
        functions = []
        for index, item in enumerate(e.items("functions")):
            group = e.sub("functions", index, item, {"title": True, "items": False})
            functions.append(FunctionGroup(group.text("title"), group.texts("items")))
        name = e.text("name")
        return Machine(
            id=e.ident("id"),
            name=name,
            name_en=e.english("name_en", name),
            locations=e.texts("locations"),
            instructions=e.texts("instructions"),
            functions=tuple(functions),
        )

    def check_references(self, departments, posts, services, machines) -> None:
        windows: dict[int, str] = {}
        prefixes: dict[str, str] = {}
        for post in posts:
            label = f"post {post.id}"
            for number in post.windows:
                if number in windows:
                    self.fail(label, f"window {number} already belongs to post {windows[number]}")
                windows[number] = post.id
            if post.prefix in prefixes:
                self.fail(label, f"prefix {post.prefix} already used by post {prefixes[post.prefix]}")
            prefixes[post.prefix] = post.id
        post_ids = {p.id for p in posts}
        machine_ids = {m.id for m in machines}
        by_id = {s.id: s for s in services}
        for service in services:
            label = f"service {service.id}"
            if service.post_id not in post_ids:
                self.fail(label, f"post {service.post_id!r} is not in the catalog")
            for machine_id in service.machine_ids:
                if machine_id not in machine_ids:
                    self.fail(label, f"machine {machine_id!r} is not in the catalog")
            if service.parent_id:
                parent = by_id.get(service.parent_id)
                if parent is None:
                    self.fail(label, f"parent {service.parent_id!r} is not in the catalog")
                elif parent.post_id != service.post_id:
                    self.fail(label, f"parent {parent.id!r} belongs to another post")
                elif parent.parent_id:
                    self.fail(label, f"parent {parent.id!r} is itself a sub-item")


_KEYS_OF: dict[str, dict[str, bool]] = {
    "departments": {"id": True, "name": True, "name_en": False, "hours": False,
                    "hours_en": False, "phones": False},
    "posts": {"id": True, "name": True, "name_en": False, "department": True, "windows": True,
              "prefix": True, "hours": False, "hours_en": False, "phones": False,
              "keywords": False, "summary": False, "summary_en": False},
    "services": {"id": True, "name": True, "name_en": False, "post": True, "parent": False,
                 "online_only": False, "staff_notes": False, "keywords": False,
                 "keywords_en": False, "description": False, "description_en": False,
                 "materials": False, "steps": False, "online_steps": False, "office": False,
                 "office_en": False, "addresses": False, "phones": False, "fees": False,
                 "fees_en": False, "links": False, "other_info": False, "machines": False},
    "machines": {"id": True, "name": True, "name_en": False, "locations": False,
                 "instructions": False, "functions": False},
}


# ---------------------------------------------------------------------------- dumping


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key; short lists of words on one line."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list_representer(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    short = all(
        isinstance(item, int) or (isinstance(item, str) and len(item) <= 16 and "\n" not in item)
        for item in value
    )
    flow = short and sum(len(str(item)) + 2 for item in value) <= 60
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str_representer)
_Dumper.add_representer(list, _list_representer)


def catalog_to_data(catalog: Catalog) -> dict[str, Any]:
    """The catalog as plain data in the file's shape, empty fields left out."""
    dept_hours = {d.id: (d.hours_text, d.hours_en) for d in catalog.departments}

    def own_hours(p: Post) -> tuple[str, str]:
        inherited = (p.hours.text, p.hours.text_en) == dept_hours.get(p.department_id)
        return ("", "") if inherited else (p.hours.text, p.hours.text_en)

    return _compact({
        "hall_name": catalog.hall_name,
        "hall_name_en": catalog.hall_name_en,
        "synonyms": {s.term: list(s.means) for s in catalog.synonyms},
        "departments": [
            _compact({"id": d.id, "name": d.name, "name_en": d.name_en, "hours": d.hours_text,
                      "hours_en": d.hours_en, "phones": list(d.phones)})
            for d in catalog.departments
        ],
        "posts": [
            _compact({
                "id": p.id,
                "name": p.name,
                "name_en": p.name_en,
                "department": p.department_id,
                "windows": list(p.windows),
                "prefix": p.prefix,
                "hours": own_hours(p)[0],
                "hours_en": own_hours(p)[1],
                "phones": list(p.phones),
                "keywords": list(p.keywords),
                "summary": p.summary,
                "summary_en": p.summary_en,
            })
            for p in catalog.posts
        ],
        "services": [_service_data(s) for s in catalog.services],
        "machines": [
            _compact({
                "id": m.id,
                "name": m.name,
                "name_en": m.name_en,
                "locations": list(m.locations),
                "instructions": list(m.instructions),
                "functions": [
                    _compact({"title": g.title, "items": list(g.items)}) for g in m.functions
                ],
            })
            for m in catalog.machines
        ],
    })


def _service_data(s: Service) -> dict[str, Any]:
    return _compact({
        "id": s.id,
        "name": s.name,
        "name_en": s.name_en,
        "post": s.post_id,
        "parent": s.parent_id,
        "online_only": s.online_only,
        "staff_notes": list(s.staff_notes),
        "keywords": list(s.keywords),
        "keywords_en": list(s.keywords_en),
        "description": s.description,
        "description_en": s.description_en,
        "materials": [
            m.text if not (m.url or m.text_en)
            else _compact({"text": m.text, "text_en": m.text_en, "url": m.url})
            for m in s.materials
        ],
        "steps": [{"title": g.title, "steps": list(g.steps)} for g in s.steps],
        "online_steps": [{"title": g.title, "steps": list(g.steps)} for g in s.online_steps],
        "office": s.office,
        "office_en": s.office_en,
        "addresses": list(s.addresses),
        "phones": list(s.phones),
        "fees": s.fees,
        "fees_en": s.fees_en,
        "links": [{"title": link.title, "url": link.url} for link in s.links],
        "other_info": list(s.other_info),
        "machines": list(s.machine_ids),
    })


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in ("", [], {}, None, False)}


def dump_catalog(catalog: Catalog, comment: str = "") -> str:
    """Readable YAML of the catalog (Chinese as is, key order kept, empty fields omitted).

    `comment` lines, if given, go at the top as YAML comments.
    """
    body = yaml.dump(
        catalog_to_data(catalog),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    body = re.sub(r"\n(synonyms|departments|posts|services|machines):", r"\n\n\1:", body)
    header = "".join(f"# {line}\n" if line else "#\n" for line in comment.splitlines())
    return header + body
