"""Read the hall guide (Chinese markdown) into a Catalog, reporting every line it cannot place.

The guide is written by people, not a program: headings carry <b> tags and stray spaces,
hours sit at department or window level, steps come as blockquotes with ①② or i. ii.,
notes hide in parentheses. The importer copes with the guide as it is; what it cannot place
it reports as a Problem with the line number, and it never drops a non-empty line silently.

Editorial notes (（待完善）, （链接校医院）, …) go to a service's staff_notes, never into what
visitors read. Re-importing over an existing catalog (`previous`) keeps what the guide does not
hold: the English of every entry (by id; materials by their Chinese text) and the synonyms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from catalog import pinyin
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
    WeeklyHours,
)

HALL_NAME = "北京化工大学一站式服务大厅"
PREFIX_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: they read as 1 and 0
SERVICE_ID_LETTERS = 12

# Which self-service machine also does a service: (machine name contains, service name regex).
MACHINE_RULES: tuple[tuple[str, str], ...] = (
    ("教务打印机", r"成绩.*打印|打印.*成绩|在读证明"),
    ("圈存机", r"校园卡.*(挂失|解挂|流水|密码)"),
    ("补卡机", r"补卡"),
)

_KEYS = {
    "工作时间": "hours",
    "服务时间": "hours",
    "办公时间": "hours",
    "服务电话": "phones",
    "办公电话": "phones",
    "联系电话": "phones",
    "咨询电话": "phones",
    "服务关键词": "keywords",
    "关键词": "keywords",
    "办理事务": "services",
    "服务事项": "summary",
    "服务介绍": "description",
    "申请材料": "materials",
    "所需材料": "materials",
    "受理部门": "office",
    "办公地址": "addresses",
    "收费标准": "fees",
    "其他相关信息": "other",
    "注": "remark",
    "线上查询方法": "online",
    "线上咨询": "online",
    "在线预约服务": "online",
    "电话预服务": "online",
    "位置": "locations",
    "使用说明": "instructions",
    "可办理业务": "functions",
}
_NOTE_RE = re.compile(r"待|弱化|链接|询问")
_ONLINE_NOTE = "在线办理"

_HEADING_RE = re.compile(r"^(#{1,6})\s*(.*?)\s*#*$")
_KEY_RE = re.compile(
    r"^(?P<key>[\u4e00-\u9fff]{1,10})(?P<variant>[（(][^）)]{1,30}[）)])?\s*[:：]\s*(?P<value>.*)$"
)
_ITEM_RE = re.compile(r"^(\d{1,2})\s*[.．、]\s*(.+)$")
_SUBITEM_RE = re.compile(r"^[（(](\d{1,2})[）)]\s*(.+)$")
_STEP_MARK_RE = re.compile(r"^(?:[①-⑳]|\d{1,2}\s*[.．、)）])\s*")
_ROMAN_RE = re.compile(r"^(i{1,3}|iv|vi{0,3}|ix|x)\s*[.．]\s*(.*)$")
_LINK_RE = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")
_TIME_RE = re.compile(r"\d{1,2}[:：]\d{2}")
_CJK_SPACE_RE = re.compile(r"(?<=[^\x00-\x7f])[ \t\u3000]+|[ \t\u3000]+(?=[^\x00-\x7f])")
_TRAILING_NOTE_RE = re.compile(r"[（(]([^（）()]*)[）)]\s*$")
_MATERIAL_NOTE_RE = re.compile(r"[（(]([^（）()]*待[^（）()]*)[）)]")
_PHONE_RE = re.compile(r"(?:\d{3,4}-)?\d{5,8}(?:[（(][^（）()]*[）)])?")
_OPEN, _CLOSE = "（(《【“‘[「", "）)》】”’]」"


@dataclass(frozen=True)
class Problem:
    """A line of the guide the importer could not place, and why."""

    line: int
    text: str
    reason: str


@dataclass
class ImportResult:
    catalog: Catalog
    problems: list[Problem]
    source: str = "hall-guide.md"

    def problem_lines(self) -> list[str]:
        """Problems as `source:line: reason: text`, one a line, for the console."""
        return [f"{self.source}:{p.line}: {p.reason}: {p.text}" for p in self.problems]


# ---------------------------------------------------------------- mutable drafts while reading


@dataclass
class _Group:
    title: str
    line: int
    lead: str = ""  # the value written after the colon: a first step, or a title's variant
    steps: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        roman = _ROMAN_RE.match(text)
        if roman and self.steps:
            self.steps[-1] += f"\n{roman.group(1)}. {roman.group(2).rstrip('；;。')}"
            return
        step = _STEP_MARK_RE.sub("", text).rstrip("；;。").strip()
        if step:
            self.steps.append(step)

    def freeze(self) -> StepGroup | None:
        title, steps = self.title, list(self.steps)
        if self.lead:
            if steps and not self.lead.endswith(("。", "；", ";", ".")):
                title = f"{title}（{self.lead}）"
            else:
                steps.insert(0, self.lead.rstrip("；;。"))
        return StepGroup(title, tuple(steps)) if steps else None


@dataclass
class _Service:
    name: str
    line: int
    post: _Post
    parent: _Service | None = None
    keywords: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    materials: list[Material] = field(default_factory=list)
    steps: list[_Group] = field(default_factory=list)
    online: list[_Group] = field(default_factory=list)
    office: str = ""
    addresses: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    fees: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    staff_notes: list[str] = field(default_factory=list)
    other_info: list[str] = field(default_factory=list)
    online_only: bool = False
    id: str = ""

    def add_link(self, link: Link) -> None:
        if link.url and all(known.url != link.url for known in self.links):
            self.links.append(link)


@dataclass
class _Post:
    name: str
    windows: list[int]
    department: _Department
    line: int
    hours: list[str] = field(default_factory=list)
    hours_line: int = 0
    phones: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    summary: str = ""
    steps: list[_Group] = field(default_factory=list)  # post-level steps (posts 21 and 24)
    services: list[_Service] = field(default_factory=list)


@dataclass
class _Department:
    name: str
    line: int
    hours: list[str] = field(default_factory=list)
    hours_line: int = 0
    phones: list[str] = field(default_factory=list)
    posts: list[_Post] = field(default_factory=list)


@dataclass
class _Machine:
    name: str
    line: int
    locations: list[str] = field(default_factory=list)
    instructions: list[str] = field(default_factory=list)
    functions: list[FunctionGroup] = field(default_factory=list)


# ---------------------------------------------------------------------------- text helpers


def clean_line(raw: str) -> str:
    """One guide line as text: no tags, no images, no blockquote mark, no stray spaces."""
    text = _IMAGE_RE.sub("", _TAG_RE.sub("", raw)).replace("\t", " ").strip()
    text = text.lstrip(">").strip()
    return _CJK_SPACE_RE.sub("", text)


def split_top(text: str, seps: str = "、；;") -> list[str]:
    """Split on `seps` outside brackets, quotes and markdown links."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
        if char in seps and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip().rstrip("。.；;，,").strip() for p in parts if p.strip().rstrip("。.；;，,")]


def links_of(text: str) -> tuple[str, list[Link]]:
    """Text with each markdown link replaced by its title, and the links."""
    links = [Link(_strip_brackets(m.group(1)), m.group(2)) for m in _LINK_RE.finditer(text)]
    return _LINK_RE.sub(lambda m: m.group(1), text), links


def _strip_brackets(title: str) -> str:
    title = title.strip().rstrip("。")
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        return title[1:-1]
    return title


def split_notes(name: str) -> tuple[str, list[str], bool]:
    """Name without its trailing editorial notes, the notes, and whether it is online-only."""
    notes: list[str] = []
    online_only = False
    name = name.strip().rstrip("。.").strip()
    while True:
        match = _TRAILING_NOTE_RE.search(name)
        if not match:
            break
        inner = match.group(1).strip()
        if inner == _ONLINE_NOTE:
            online_only = True
        elif _NOTE_RE.search(inner):
            notes.insert(0, inner)
        else:
            break
        name = name[: match.start()].rstrip()
    return name, notes, online_only


def phones_of(text: str) -> list[str]:
    """Whole numbers, each with its note: "010- 80191078（昌平校区）" is one phone, not two."""
    text = re.sub(r"\s*-\s*", "-", text)  # an area code written apart from its number
    return [p.replace(" ", "") for p in split_top(text, "、，,；; ")]


def is_whole_phone(phone: str) -> bool:
    """A phone as the hall writes it: [area code-]number[（note）], e.g. 010-80191078（昌平校区）."""
    return bool(_PHONE_RE.fullmatch(phone))


def slug(text: str, limit: int = 0) -> str:
    """ASCII id from Chinese text: pinyin initials of the text outside parentheses."""
    bare = re.sub(r"[（(][^（）()]*[）)]", "", text) or text
    letters = pinyin.initials(bare)
    return letters[:limit] if limit else letters


# ---------------------------------------------------------------------------- the reader


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.departments: list[_Department] = []
        self.machines: list[_Machine] = []
        self.department: _Department | None = None
        self.post: _Post | None = None
        self.service: _Service | None = None
        self.top_service: _Service | None = None
        self.machine: _Machine | None = None
        self.in_machines = False
        self.field = ""  # what continuation lines belong to
        self.group: _Group | None = None
        self.in_quote = False
        self.line_no = 0
        self.variant = ""

    # -- problems

    def problem(self, text: str, reason: str) -> None:
        self.problems.append(Problem(self.line_no, text, reason))

    # -- the loop

    def read(self, text: str) -> None:
        for self.line_no, raw in enumerate(text.splitlines(), start=1):
            stripped = raw.strip()
            if not stripped:
                self.in_quote = False
                continue
            quoted = stripped.startswith(">") or (self.in_quote and raw[:1] in " \t")
            self.in_quote = quoted
            line = clean_line(raw)
            if not line:
                continue  # an image reference, or a lone '>'
            self.dispatch(line, quoted)

    def dispatch(self, line: str, quoted: bool) -> None:
        heading = _HEADING_RE.match(line) if line.startswith("#") else None
        if heading:
            self.on_heading(len(heading.group(1)), heading.group(2))
            return
        key_match = _KEY_RE.match(line)
        bare_key = line.rstrip("：:") if line.rstrip("：:") in _KEYS else ""
        key = bare_key or (key_match.group("key") if key_match else "")
        kind = self.kind_of(key)
        if kind and not (self.field == "functions" and kind not in ("locations", "instructions")):
            variant = key_match.group("variant") or "" if key_match and not bare_key else ""
            value = key_match.group("value").strip() if key_match and not bare_key else ""
            self.on_key(kind, key, variant, value)
            return
        if not quoted and (self.post is not None) and not self.in_machines:
            item = _ITEM_RE.match(line)
            if item:
                self.on_service(item.group(2), sub=False)
                return
            sub = _SUBITEM_RE.match(line)
            if sub and self.top_service is not None:
                self.on_service(sub.group(2), sub=True)
                return
        self.on_text(line, quoted)

    def kind_of(self, key: str) -> str:
        if not key:
            return ""
        if self.in_machines and key == "操作流程":
            return "instructions"
        if key in _KEYS:
            return _KEYS[key]
        if key.endswith("流程"):
            return "online" if key.startswith(("线上", "在线", "网上")) else "steps"
        return ""

    # -- headings

    def on_heading(self, level: int, title: str) -> None:
        title = clean_line(title)
        self.end_field()
        self.service = self.top_service = None
        if level <= 2:
            self.post = None
            self.machine = None
            self.in_machines = "自助" in title and ("机器" in title or "设备" in title)
            self.department = None
            if not self.in_machines:
                self.department = _Department(title.replace(" ", ""), self.line_no)
                self.departments.append(self.department)
            return
        if self.in_machines:
            self.machine = _Machine(title.replace(" ", ""), self.line_no)
            self.machines.append(self.machine)
            return
        name_part = re.split(r"——|—|--|－－", title, maxsplit=1)
        windows = [int(n) for n in re.findall(r"\d+", name_part[0])]
        if len(name_part) < 2 or not windows or self.department is None:
            self.post = None
            self.problem(title, "heading is not '<n>号窗口——<post name>' under a department")
            return
        name = re.sub(r"\s+", "", name_part[1])
        self.post = _Post(name, windows, self.department, self.line_no)
        self.department.posts.append(self.post)

    # -- keys

    def end_field(self) -> None:
        self.field = ""
        self.group = None
        self.variant = ""

    def on_key(self, kind: str, key: str, variant: str, value: str) -> None:
        self.end_field()
        self.variant = variant
        if self.in_machines:
            self.on_machine_key(kind, key, value)
            return
        service, post, department = self.service, self.post, self.department
        if kind == "hours":
            target = post or department
            if target is None or service is not None:
                self.problem(f"{key}：{value}", "hours outside a department or post")
                return
            target.hours_line = self.line_no
            if value:
                target.hours.append(value)
            self.field = "hours"
        elif kind == "phones":
            target = service or post or department
            if target is None:
                self.problem(f"{key}：{value}", "phone outside a department")
                return
            target.phones.extend(phones_of(value))
        elif kind == "keywords":
            target = service or post
            if target is None:
                self.problem(f"{key}：{value}", "keywords outside a post")
                return
            text, links = links_of(value)
            target.keywords.extend(k for k in split_top(text, "、，,；; ") if k)
            if links and service is None:
                self.problem(value, "a link in post keywords has nowhere to go")
            for link in links:
                if service is not None:
                    service.add_link(link)
        elif kind == "services":
            if post is None:
                self.problem(f"{key}：{value}", "办理事务 outside a post")
            elif value:
                self.problem(value, "text after 办理事务")
        elif kind == "summary":
            if post is None:
                self.problem(f"{key}：{value}", "服务事项 outside a post")
            elif value:
                post.summary = value
        elif kind in ("steps", "online"):
            self.on_steps_key(kind, key, variant, value)
        elif service is None:
            self.problem(f"{key}：{value}", f"{key} before any service of the post")
        else:
            self.on_service_key(service, kind, value)

    def on_steps_key(self, kind: str, key: str, variant: str, value: str) -> None:
        target = self.service
        if target is None and (self.post is None or kind == "online"):
            self.problem(f"{key}：{value}", f"{key} outside a service")
            return
        text, links = links_of(value)
        if links and not _LINK_RE.sub("", value).strip(" 。.；;"):
            text = ""  # only a link: it goes to links, not a step
        paren = re.fullmatch(r"[（(](.*)[）)]", text)
        title = key + variant
        if paren:
            if _NOTE_RE.search(paren.group(1)) and target is not None:
                target.staff_notes.append(paren.group(1))
            else:
                title += f"（{paren.group(1)}）"
            text = ""
        group = _Group(title, self.line_no, lead=text)
        if target is not None:
            for link in links:
                target.add_link(link)
            (target.online if kind == "online" else target.steps).append(group)
        else:
            assert self.post is not None
            self.post.steps.append(group)
        self.group = group
        self.field = "group"

    def on_service_key(self, service: _Service, kind: str, value: str) -> None:
        if kind == "description":
            if value:
                service.description.append(value)
            self.field = "description"
        elif kind == "materials":
            if value and value != "无":
                self.add_materials(service, value)
            self.field = "materials"
        elif kind == "office":
            text, links = links_of(value)
            service.office = text.rstrip("。")
            for link in links:
                service.add_link(link)
        elif kind == "addresses":
            service.addresses.extend(split_top(value))
        elif kind == "fees":
            if value:
                service.fees.append(value)
            self.field = "fees"
        elif kind == "other":
            if value:
                self.add_other(service, value)
            self.field = "other"
        elif kind == "remark":
            service.description.append(f"注：{value}")
            self.field = "description"
        else:
            self.problem(value, f"unexpected {kind} in a service")

    def add_materials(self, service: _Service, value: str) -> None:
        prefix = ""
        variant = re.match(r"^(【[^】]+】)\s*(.*)$", value)
        if variant:
            prefix, value = variant.group(1), variant.group(2)
        placeholders: list[tuple[str, str]] = []

        def hold(match: re.Match[str]) -> str:
            placeholders.append((match.group(1), match.group(2)))
            return f"[{len(placeholders) - 1}]"

        held = _LINK_RE.sub(hold, value)
        for item in split_top(held):
            whole = re.fullmatch(r"\[(\d+)\]", item)
            if whole:
                title, url = placeholders[int(whole.group(1))]
                for piece in split_top(title):
                    service.materials.append(Material(prefix + piece, url))
                continue
            url = ""
            for index, (title, link_url) in enumerate(placeholders):
                if f"[{index}]" in item:
                    item, url = item.replace(f"[{index}]", title), url or link_url
            for note in _MATERIAL_NOTE_RE.findall(item):
                if note not in service.staff_notes:
                    service.staff_notes.append(note)
            item = _MATERIAL_NOTE_RE.sub("", item).strip()
            service.materials.append(Material(prefix + item, url))

    def add_other(self, service: _Service, text: str) -> None:
        plain, links = links_of(text)
        for link in links:
            service.add_link(link)
        rest = _LINK_RE.sub("", text).strip().strip("、，,。").strip()
        if rest:
            service.other_info.append(plain if not links else rest)

    # -- services

    def on_service(self, text: str, sub: bool) -> None:
        assert self.post is not None
        self.end_field()
        plain, links = links_of(text)
        name, notes, online_only = split_notes(plain)
        service = _Service(
            name=name,
            line=self.line_no,
            post=self.post,
            parent=self.top_service if sub else None,
            staff_notes=notes,
            online_only=online_only,
        )
        for link in links:
            service.add_link(link)
        self.post.services.append(service)
        self.service = service
        if not sub:
            self.top_service = service
        self.field = "orphan"

    # -- machines

    def on_machine_key(self, kind: str, key: str, value: str) -> None:
        machine = self.machine
        if machine is None:
            self.problem(f"{key}：{value}", "machine detail outside a machine")
            return
        self.field = kind
        if value:
            self.machine_text(machine, value)

    def machine_text(self, machine: _Machine, text: str, title: str = "") -> None:
        text, _links = links_of(text)
        if self.field == "locations":
            where = self.variant
            for place in split_top(text, "、；;及"):
                machine.locations.append(place + where)
        elif self.field == "instructions":
            step = _STEP_MARK_RE.sub("", text).rstrip("；;。").strip()
            machine.instructions.append(step)
        elif self.field == "functions":
            key = _KEY_RE.match(text)
            if key and not key.group("variant"):
                if key.group("value").strip("。 ") != "无":  # 申请打印：无。 - nothing to list
                    items = tuple(split_top(key.group("value")))
                    machine.functions.append(FunctionGroup(key.group("key"), items))
            else:
                machine.functions.append(FunctionGroup(title or "可办理业务", tuple(split_top(text))))
        else:
            self.problem(text, "text in a machine section outside 位置/使用说明/可办理业务")

    # -- continuation lines

    def on_text(self, line: str, quoted: bool) -> None:
        if self.in_machines:
            if self.machine is None:
                self.problem(line, "text in the machine section before any machine")
            else:
                self.machine_text(self.machine, line)
            return
        service = self.service
        if self.field == "hours":
            target = self.post or self.department
            if _TIME_RE.search(line) and target is not None:
                target.hours.append(line)
            else:
                self.problem(line, "not an hours line")
        elif self.field == "group" and self.group is not None:
            self.group.add(links_of(line)[0])
            if service is not None:
                for link in links_of(line)[1]:
                    service.add_link(link)
        elif service is None:
            self.problem(line, "text outside any service")
        elif self.field == "materials":
            if quoted:
                self.add_template_line(service, line)
            else:
                self.add_materials(service, line)
        elif self.field == "fees":
            service.fees.append(line)
        elif self.field == "other":
            self.add_other(service, line)
        elif self.field in ("description", "orphan"):
            service.description.append(links_of(line)[0])
            for link in links_of(line)[1]:
                service.add_link(link)
        else:
            self.problem(line, "cannot tell what this line belongs to")

    def add_template_line(self, service: _Service, line: str) -> None:
        """A quoted block under 申请材料: the form to write by hand (申请书格式)."""
        if self.group is None:
            key = _KEY_RE.match(line)
            what = service.materials[-1].text if service.materials else "申请材料"
            if key and key.group("key") == "格式":
                title = f"{what}格式{key.group('value')}"
                line = ""
            else:
                title = f"{what}格式"
            self.group = _Group(title, self.line_no)
            service.steps.insert(0, self.group)
        if line:
            self.group.steps.append(line)


# ---------------------------------------------------------------------------- building


def import_guide(text: str, source: str = "hall-guide.md",
                 previous: Catalog | None = None) -> ImportResult:
    """Read the whole guide into a Catalog, with the problems found on the way.

    `previous`, the catalog file being replaced, lends what the guide does not hold: English
    texts (by id) and synonyms.
    """
    reader = _Reader(source)
    reader.read(text)
    result = _Builder(reader).build()
    if previous is not None:
        result.catalog = carry_over(result.catalog, previous)
    return result


def carry_over(new: Catalog, old: Catalog) -> Catalog:
    """`new` with the English texts of `old` (entries matched by id) and its synonyms.

    An English text is kept only where the new entry has the Chinese it translates. Materials
    match by their Chinese text within the service, then anywhere in the old catalog.
    """
    def get(kind: str, key: str):
        return old._by_id.get((kind, key))

    def keep(entry, was, *fields: str) -> dict:
        if was is None:
            return {}
        out = {}
        for name in fields:
            chinese = "hours_text" if name == "hours_en" else name.removesuffix("_en")
            if getattr(entry, chinese) and not getattr(entry, name):
                out[name] = getattr(was, name)
        return out

    any_material = {m.text: m.text_en for s in old.services for m in s.materials if m.text_en}

    def material(m: Material, was: Service | None) -> Material:
        if m.text_en:
            return m
        mine = {x.text: x.text_en for x in was.materials} if was is not None else {}
        return replace(m, text_en=mine.get(m.text) or any_material.get(m.text, ""))

    def post(p: Post) -> Post:
        was = get("post", p.id)
        changes = keep(p, was, "name_en", "summary_en")
        if was is not None and not p.hours.text_en:
            changes["hours"] = replace(p.hours, text_en=was.hours.text_en)
        return replace(p, **changes)

    def service(s: Service) -> Service:
        was = get("service", s.id)
        changes = keep(s, was, "name_en", "description_en", "office_en", "fees_en")
        if was is not None and not s.keywords_en:
            changes["keywords_en"] = was.keywords_en
        changes["materials"] = tuple(material(m, was) for m in s.materials)
        return replace(s, **changes)

    return Catalog(
        hall_name=new.hall_name,
        hall_name_en=new.hall_name_en or old.hall_name_en,
        departments=tuple(
            replace(d, **keep(d, get("department", d.id), "name_en", "hours_en"))
            for d in new.departments
        ),
        posts=tuple(post(p) for p in new.posts),
        services=tuple(service(s) for s in new.services),
        machines=tuple(
            replace(m, **keep(m, get("machine", m.id), "name_en")) for m in new.machines
        ),
        synonyms=new.synonyms or old.synonyms,
    )


def missing_english(catalog: Catalog) -> list[str]:
    """Every entry or text that has Chinese and no English, as "service 3-abc: name_en"."""
    out = []

    def check(label: str, entry, *fields: str) -> None:
        for name in fields:
            chinese = "hours_text" if name == "hours_en" else name.removesuffix("_en")
            if getattr(entry, chinese) and not getattr(entry, name):
                out.append(f"{label}: {name}")

    if not catalog.hall_name_en:
        out.append("file: hall_name_en")
    for d in catalog.departments:
        check(f"department {d.id}", d, "name_en", "hours_en")
    for p in catalog.posts:
        check(f"post {p.id}", p, "name_en", "summary_en")
        if p.hours.text and not p.hours.text_en:
            out.append(f"post {p.id}: hours_en")
    for s in catalog.services:
        check(f"service {s.id}", s, "name_en", "description_en", "office_en", "fees_en")
        for index, m in enumerate(s.materials):
            if not m.text_en:
                out.append(f"service {s.id}: materials[{index}] text_en")
    for m in catalog.machines:
        check(f"machine {m.id}", m, "name_en")
    return out


class _Builder:
    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.problems = reader.problems

    def build(self) -> ImportResult:
        departments, posts, services = [], [], []
        taken_windows: dict[int, str] = {}
        dept_ids: set[str] = set()
        service_ids: set[str] = set()
        letters = iter(PREFIX_LETTERS)
        machines = self.machines()
        for draft in self.reader.departments:
            dept_id = _unique(slug(draft.name) or "dept", dept_ids)
            dept_hours_text = " / ".join(draft.hours)
            departments.append(
                Department(dept_id, draft.name, tuple(draft.phones), dept_hours_text)
            )
            if not draft.posts:
                self.problems.append(Problem(draft.line, draft.name, "department with no posts"))
            for post_draft in draft.posts:
                post = self.post(post_draft, dept_id, dept_hours_text, draft, letters)
                if post is None:
                    continue
                for number in post.windows:
                    if number in taken_windows:
                        self.problems.append(
                            Problem(post_draft.line, post_draft.name,
                                    f"window {number} already belongs to {taken_windows[number]}")
                        )
                    taken_windows[number] = post.id
                posts.append(post)
                services.extend(self.services(post_draft, post, service_ids, machines))
        catalog = Catalog(
            hall_name=HALL_NAME,
            departments=tuple(departments),
            posts=tuple(posts),
            services=tuple(services),
            machines=tuple(machines),
        )
        return ImportResult(catalog, self.problems, self.reader.source)

    def post(self, draft: _Post, dept_id: str, dept_hours: str, dept: _Department,
             letters: Iterator[str]) -> Post | None:
        letter = next(letters, "")
        if not letter:
            self.problems.append(Problem(draft.line, draft.name, "no prefix letter left"))
            return None
        hours_text = " / ".join(draft.hours) or dept_hours
        hours_line = draft.hours_line or dept.hours_line or draft.line
        try:
            hours = parse_hours(hours_text)
        except ValueError as err:
            self.problems.append(Problem(hours_line, hours_text, f"hours: {err}"))
            hours = WeeklyHours(text=hours_text)
        return Post(
            id="w" + "-".join(str(n) for n in draft.windows),
            name=draft.name,
            department_id=dept_id,
            windows=tuple(draft.windows),
            prefix=letter,
            hours=hours,
            phones=tuple(draft.phones),
            keywords=tuple(draft.keywords),
            summary=draft.summary,
        )

    def services(self, draft: _Post, post: Post, ids: set[str],
                 machines: list[Machine]) -> list[Service]:
        drafts = list(draft.services)
        if draft.steps or (draft.summary and not drafts):
            # 服务事项 with its own steps (posts 21, 24): the post's own service.
            own = _Service(
                name=re.sub(r"(服务)?岗$", "", draft.name) or draft.name,
                line=draft.line,
                post=draft,
                description=[draft.summary] if draft.summary else [],
                steps=list(draft.steps),
            )
            drafts.insert(0, own)
        out = []
        for service in drafts:
            service.id = _unique(f"{post.windows[0]}-{slug(service.name, SERVICE_ID_LETTERS)}", ids)
        for service in drafts:
            out.append(self.service(service, post, machines))
        return out

    def service(self, draft: _Service, post: Post, machines: list[Machine]) -> Service:
        steps = tuple(g for g in (group.freeze() for group in draft.steps) if g)
        online = tuple(g for g in (group.freeze() for group in draft.online) if g)
        machine_ids = tuple(
            machine.id
            for machine in machines
            for machine_word, pattern in MACHINE_RULES
            if machine_word in machine.name and re.search(pattern, draft.name)
        )
        return Service(
            id=draft.id,
            name=draft.name,
            post_id=post.id,
            keywords=tuple(dict.fromkeys(draft.keywords)),
            description="\n".join(draft.description),
            materials=tuple(draft.materials),
            steps=steps,
            online_steps=online,
            office=draft.office,
            addresses=tuple(draft.addresses),
            phones=tuple(draft.phones),
            fees="\n".join(draft.fees),
            links=tuple(draft.links),
            staff_notes=tuple(draft.staff_notes),
            online_only=draft.online_only,
            machine_ids=machine_ids,
            parent_id=draft.parent.id if draft.parent else "",
            other_info=tuple(draft.other_info),
        )

    def machines(self) -> list[Machine]:
        ids: set[str] = set()
        return [
            Machine(
                id=_unique(slug(draft.name) or "machine", ids),
                name=draft.name,
                locations=tuple(draft.locations),
                instructions=tuple(draft.instructions),
                functions=tuple(draft.functions),
            )
            for draft in self.reader.machines
        ]


def _unique(candidate: str, taken: set[str]) -> str:
    """`candidate`, or candidate-2, -3, … the first not taken; then taken."""
    result, n = candidate, 1
    while result in taken:
        n += 1
        result = f"{candidate}-{n}"
    taken.add(result)
    return result
