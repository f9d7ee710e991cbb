"""Errors of the catalog package: one base, each subclass with a stable `code`."""


class CatalogError(Exception):
    """Something is wrong with the hall's catalog or a lookup in it."""

    code = "catalog_error"


class MalformedCatalog(CatalogError):
    """A catalog file that cannot be loaded: names the file, the entry and what is wrong."""

    code = "malformed_catalog"

    def __init__(self, path: str, entry: str, problem: str) -> None:
        super().__init__(f"{path}: {entry}: {problem}")
        self.path, self.entry, self.problem = path, entry, problem
