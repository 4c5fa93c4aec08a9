"""What each page shows, as plain JSON-ready data: the HTML templates and the JSON twins
render the same dictionaries, and nothing here knows about HTTP.

One module per page (``search``, ``record``, ``source``, ``overview``), each with a
``page(...)`` function; ``shared`` holds what several pages use. Every text a view returns
has been through ``domain/privacy.py`` for the viewer it is given.
"""

from tiltaksbanken.web.views import overview, record, search, source

__all__ = ["overview", "record", "search", "source"]
