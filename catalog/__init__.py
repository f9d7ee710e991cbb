"""The hall's catalog: departments, posts, windows, services, hours, machines, search.

Pure Python: no Flask, no database, no clock. Every text is Chinese, with its English kept
beside it (`name_en`, `text_en`, …); `catalog.text(entry, lang)` gives the one to show.
"""

from catalog.model import text

__all__ = ["text"]
