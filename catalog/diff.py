"""What a new catalog changes against the one in use: services, posts, windows and hours
added, removed or changed, as lines for the console; and keeping the services a new catalog
drops while tickets still wait for them. Pure: the waiting tickets arrive as an argument."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from catalog.errors import CatalogError
from catalog.model import Catalog, Post, Service

SERVICE_FIELDS = ("name", "post_id", "description", "materials", "steps", "online_steps",
                  "office", "addresses", "phones", "fees", "links", "online_only",
                  "machine_ids", "parent_id", "keywords")
POST_FIELDS = ("name", "department_id", "prefix", "phones", "summary", "keywords")


@dataclass(frozen=True)
class CatalogDiff:
    services_added: tuple[Service, ...] = ()
    services_removed: tuple[Service, ...] = ()
    services_changed: tuple[tuple[Service, Service, tuple[str, ...]], ...] = ()
    posts_added: tuple[Post, ...] = ()
    posts_removed: tuple[Post, ...] = ()
    posts_changed: tuple[tuple[Post, Post, tuple[str, ...]], ...] = ()
    windows_added: tuple[tuple[int, str], ...] = ()  # (number, post id)
    windows_removed: tuple[tuple[int, str], ...] = ()
    windows_moved: tuple[tuple[int, str, str], ...] = ()  # (number, from post, to post)
    hours_changed: tuple[tuple[Post, str, str], ...] = ()  # (post, old text, new text)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f) for f in self.__dataclass_fields__)

    def lines(self) -> list[str]:
        """The diff as the console shows it: `+` added, `-` removed, `~` changed."""
        out = [f"+ service {s.id} {s.name} (post {s.post_id})" for s in self.services_added]
        out += [f"- service {s.id} {s.name} (post {s.post_id})" for s in self.services_removed]
        out += [f"~ service {new.id} {new.name}: {', '.join(fields)}"
                + (f" (post {old.post_id} -> {new.post_id})" if "post_id" in fields else "")
                for old, new, fields in self.services_changed]
        out += [f"+ post {p.id} {p.name} ({p.windows_label}, {p.prefix})"
                for p in self.posts_added]
        out += [f"- post {p.id} {p.name} ({p.windows_label}, {p.prefix})"
                for p in self.posts_removed]
        out += [f"~ post {new.id} {new.name}: {', '.join(fields)}"
                for _old, new, fields in self.posts_changed]
        out += [f"+ window {n} (post {post})" for n, post in self.windows_added]
        out += [f"- window {n} (post {post})" for n, post in self.windows_removed]
        out += [f"~ window {n}: post {a} -> {b}" for n, a, b in self.windows_moved]
        out += [f"~ hours of post {p.id} {p.name}: {old!r} -> {new!r}"
                for p, old, new in self.hours_changed]
        return out or ["no change"]


def diff_catalogs(old: Catalog, new: Catalog) -> CatalogDiff:
    """What `new` changes against `old`, by id (services, posts) and number (windows)."""
    old_services = {s.id: s for s in old.services}
    new_services = {s.id: s for s in new.services}
    old_posts = {p.id: p for p in old.posts}
    new_posts = {p.id: p for p in new.posts}
    old_windows = {w.number: w.post_id for w in old.windows}
    new_windows = {w.number: w.post_id for w in new.windows}
    changed_services = []
    for sid in old_services.keys() & new_services.keys():
        fields = _changed(old_services[sid], new_services[sid], SERVICE_FIELDS)
        if fields:
            changed_services.append((old_services[sid], new_services[sid], fields))
    changed_posts, hours = [], []
    for pid in old_posts.keys() & new_posts.keys():
        a, b = old_posts[pid], new_posts[pid]
        fields = _changed(a, b, POST_FIELDS)
        if fields:
            changed_posts.append((a, b, fields))
        if a.hours.text != b.hours.text:
            hours.append((b, a.hours.text, b.hours.text))
    return CatalogDiff(
        services_added=tuple(new_services[i] for i in sorted(new_services.keys() - old_services.keys())),
        services_removed=tuple(old_services[i] for i in sorted(old_services.keys() - new_services.keys())),
        services_changed=tuple(sorted(changed_services, key=lambda c: c[1].id)),
        posts_added=tuple(new_posts[i] for i in sorted(new_posts.keys() - old_posts.keys())),
        posts_removed=tuple(old_posts[i] for i in sorted(old_posts.keys() - new_posts.keys())),
        posts_changed=tuple(sorted(changed_posts, key=lambda c: c[1].id)),
        windows_added=tuple((n, new_windows[n]) for n in sorted(new_windows.keys() - old_windows.keys())),
        windows_removed=tuple((n, old_windows[n]) for n in sorted(old_windows.keys() - new_windows.keys())),
        windows_moved=tuple((n, old_windows[n], new_windows[n])
                            for n in sorted(old_windows.keys() & new_windows.keys())
                            if old_windows[n] != new_windows[n]),
        hours_changed=tuple(sorted(hours, key=lambda h: h[0].id)))


def _changed(a, b, fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f for f in fields if getattr(a, f) != getattr(b, f))


@dataclass(frozen=True)
class Keeping:
    """What applying a new catalog does with tickets still waiting: the catalog to write (the
    new one, plus the dropped services and posts they wait for), what was kept, and what
    cannot be kept (the tickets would be orphaned)."""

    catalog: Catalog
    kept: tuple[str, ...]  # lines: what is kept and why
    orphaned: tuple[str, ...]  # lines: what cannot be kept

    @property
    def kept_service_ids(self) -> tuple[str, ...]:
        return tuple(line.split()[1] for line in self.kept if line.startswith("service "))


def keep_waiting(old: Catalog, new: Catalog, waiting: Mapping[tuple[str, str], int]) -> Keeping:
    """`new`, with every service (and its post) that it drops while tickets wait for it
    carried over from `old`, so those tickets stay in their post's queue and are served.

    `waiting` counts the waiting tickets by (post id, service id). A dropped post is carried
    over with its windows and prefix only when `new` gives none of them to another post;
    else its tickets are orphaned. A ticket whose post `new` keeps stays in that queue."""
    services = list(new.services)
    posts = list(new.posts)
    new_service_ids = {s.id for s in new.services}
    kept, orphaned = [], []
    by_post: dict[str, int] = {}
    for (post_id, _service_id), count in waiting.items():
        by_post[post_id] = by_post.get(post_id, 0) + count
    for post_id in sorted(by_post):
        if any(p.id == post_id for p in posts):
            continue
        try:
            post = old.post(post_id)
        except CatalogError:  # not in the old catalog either: nothing to carry
            orphaned.append(f"post {post_id}: {by_post[post_id]} waiting ticket(s), in no catalog")
            continue
        taken = [n for n in post.windows if any(n in p.windows for p in posts)]
        prefix_taken = any(p.prefix == post.prefix for p in posts)
        if taken or prefix_taken:
            why = f"window {taken[0]}" if taken else f"prefix {post.prefix}"
            orphaned.append(f"post {post.id} {post.name}: {by_post[post_id]} waiting ticket(s)"
                            f" cannot be served: its {why} now belongs to another post")
            continue
        try:
            new.department(post.department_id)
        except CatalogError:
            orphaned.append(f"post {post.id} {post.name}: {by_post[post_id]} waiting ticket(s)"
                            f" cannot be served: its department {post.department_id} is gone")
            continue
        posts.append(post)
        kept.append(f"post {post.id} {post.name}: kept for its {by_post[post_id]} waiting "
                    "ticket(s)")
    post_ids = {p.id for p in posts}
    for (post_id, service_id), count in sorted(waiting.items()):
        if service_id in new_service_ids or post_id not in post_ids:
            continue
        try:
            service = old.service(service_id)
        except CatalogError:
            orphaned.append(f"service {service_id}: {count} waiting ticket(s), in no catalog")
            continue
        if service.post_id not in post_ids:
            service = replace(service, post_id=post_id)
        services.append(replace(service, parent_id="" if service.parent_id not in
                                new_service_ids else service.parent_id))
        new_service_ids.add(service_id)
        kept.append(f"service {service_id} {service.name}: kept for its {count} waiting "
                    f"ticket(s) at post {post_id}, suspended for new tickets")
    if not kept:
        return Keeping(new, (), tuple(orphaned))
    return Keeping(replace(new, posts=tuple(posts), services=tuple(services), _by_id={}),
                   tuple(kept), tuple(orphaned))
