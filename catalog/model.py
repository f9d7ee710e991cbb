"""The hall as data: frozen dataclasses for departments, posts, windows, services and machines.

Pure Python. Nothing here knows Flask, a database or the clock; instants arrive as arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from catalog.errors import CatalogError


@dataclass(frozen=True)
class Link:
    """A titled link from the guide (a form to download, an online route, a related site)."""

    title: str
    url: str


@dataclass(frozen=True)
class Span:
    """One opening span within a day, [start, end)."""

    start: time
    end: time


@dataclass(frozen=True)
class WeeklyHours:
    """A weekly schedule: spans per weekday (0 = Monday), or hours set by notice.

    `text` is the guide's own words, shown to visitors as written; `text_en` their English.
    """

    week: tuple[tuple[Span, ...], ...] = ((),) * 7
    by_notice: bool = False
    text: str = ""
    text_en: str = ""  # the same in English, kept in the catalog file

    def spans_on(self, weekday: int) -> tuple[Span, ...]:
        return self.week[weekday]


@dataclass(frozen=True)
class StepGroup:
    """A titled list of steps, e.g. 服务流程（学生） or 线上流程."""

    title: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Material:
    """One item of 申请材料, with a link where the guide gives one."""

    text: str
    url: str = ""
    text_en: str = ""


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    phones: tuple[str, ...] = ()
    hours_text: str = ""
    name_en: str = ""
    hours_en: str = ""


@dataclass(frozen=True)
class Window:
    """A numbered physical counter. Several windows may serve one post."""

    number: int
    post_id: str


@dataclass(frozen=True)
class Post:
    """A desk of a department, served at one or more windows; its queue has one prefix letter."""

    id: str
    name: str
    department_id: str
    windows: tuple[int, ...]
    prefix: str
    hours: WeeklyHours
    phones: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    summary: str = ""  # 服务事项 where the guide gives one for the whole post
    name_en: str = ""
    summary_en: str = ""

    @property
    def windows_label(self) -> str:
        """The way the hall writes its window numbers: 14、15号窗口."""
        return "、".join(str(n) for n in self.windows) + "号窗口"


@dataclass(frozen=True)
class Service:
    """One thing a visitor can ask for (办理事务)."""

    id: str
    name: str
    post_id: str
    keywords: tuple[str, ...] = ()
    description: str = ""  # 服务介绍
    materials: tuple[Material, ...] = ()
    steps: tuple[StepGroup, ...] = ()  # on-site steps (服务流程 / 办理流程)
    online_steps: tuple[StepGroup, ...] = ()  # 线上流程 / 线上查询方法, kept apart
    office: str = ""  # 受理部门
    addresses: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    fees: str = ""  # 收费标准
    links: tuple[Link, ...] = ()  # 其他相关信息 and online routes
    staff_notes: tuple[str, ...] = ()  # the guide's editorial notes (待完善, …): staff only
    online_only: bool = False  # （在线办理）: the online route does it, no ticket needed
    machine_ids: tuple[str, ...] = ()  # self-service machines that also do it
    parent_id: str = ""  # a sub-item such as （1）… under its parent service
    other_info: tuple[str, ...] = ()  # 其他相关信息 that is plain text, not a link
    name_en: str = ""
    description_en: str = ""
    office_en: str = ""
    fees_en: str = ""
    keywords_en: tuple[str, ...] = ()  # words an English speaker would search for

    @property
    def is_incomplete(self) -> bool:
        return any("待" in note for note in self.staff_notes)


@dataclass(frozen=True)
class FunctionGroup:
    """What a machine can do, grouped as the guide groups it (查询, 成绩打印, …)."""

    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Machine:
    """A self-service machine (自助机器): no ticket needed."""

    id: str
    name: str
    locations: tuple[str, ...] = ()
    instructions: tuple[str, ...] = ()
    functions: tuple[FunctionGroup, ...] = ()
    name_en: str = ""


@dataclass(frozen=True)
class Synonym:
    """A word visitors use (饭卡, wifi) and the catalog's words it means (校园卡, 校园网)."""

    term: str
    means: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    """The whole hall. Lookups raise CatalogError subclasses with a clear message."""

    hall_name: str
    departments: tuple[Department, ...]
    posts: tuple[Post, ...]
    services: tuple[Service, ...]
    machines: tuple[Machine, ...] = ()
    hall_name_en: str = ""
    synonyms: tuple[Synonym, ...] = ()
    _by_id: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        index = self._by_id
        for kind, items, key in (
            ("department", self.departments, "id"),
            ("post", self.posts, "id"),
            ("service", self.services, "id"),
            ("machine", self.machines, "id"),
        ):
            for item in items:
                index[(kind, getattr(item, key))] = item
        for post in self.posts:
            for number in post.windows:
                index[("window", number)] = Window(number, post.id)

    def _get(self, kind: str, key):
        try:
            return self._by_id[(kind, key)]
        except KeyError:
            raise UnknownEntry(kind, key) from None

    def department(self, department_id: str) -> Department:
        return self._get("department", department_id)

    def post(self, post_id: str) -> Post:
        return self._get("post", post_id)

    def service(self, service_id: str) -> Service:
        return self._get("service", service_id)

    def machine(self, machine_id: str) -> Machine:
        return self._get("machine", machine_id)

    def window(self, number: int) -> Window:
        return self._get("window", number)

    @property
    def windows(self) -> tuple[Window, ...]:
        return tuple(
            sorted((self.window(n) for p in self.posts for n in p.windows), key=lambda w: w.number)
        )

    def post_of_window(self, number: int) -> Post:
        return self.post(self.window(number).post_id)

    def services_of(self, post_id: str) -> tuple[Service, ...]:
        return tuple(s for s in self.services if s.post_id == post_id)

    def posts_of(self, department_id: str) -> tuple[Post, ...]:
        return tuple(p for p in self.posts if p.department_id == department_id)


def text(entry, lang: str, field: str = "") -> str:
    """An entry's words in `lang`: its `<field>_en` for "en" when there is one, else the Chinese.

    `field` defaults to "name", or "text" for entries without a name (Material, WeeklyHours);
    a Department's hours are its field "hours_text" (English: hours_en).
    """
    if not field:
        field = "name" if hasattr(entry, "name") else "text"
    chinese = getattr(entry, field)
    if lang != "en":
        return chinese
    english_field = "hours_en" if field == "hours_text" else f"{field}_en"
    return getattr(entry, english_field, "") or chinese


class UnknownEntry(CatalogError):
    code = "unknown_entry"

    def __init__(self, kind: str, key) -> None:
        super().__init__(f"no {kind} {key!r} in the catalog")
        self.kind, self.key = kind, key
