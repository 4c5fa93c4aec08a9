"""What each page shows, as plain JSON-ready data: the HTML templates and the JSON twins
render the same dictionaries, and nothing here knows about HTTP.

One module per page (``search``, ``record``, ``source``, ``overview``), each with a
``page(...)`` function; ``shared`` holds what several pages use; ``export`` gives a result list as CSV; ``accounts`` the administrator's account list. Every text a view returns
has been through ``domain/privacy.py`` for the viewer it is given.
"""

from tiltaksbanken.web.views import accounts, export, overview, record, search, source

__all__ = ["accounts", "export", "overview", "record", "search", "source"]
