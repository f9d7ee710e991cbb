"""The hall's catalog: departments, posts, windows, services, hours, machines, search.

Pure Python: no Flask, no database, no clock.
"""
