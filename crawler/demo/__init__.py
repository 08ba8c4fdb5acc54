"""The bundled offline news site (package data under crawler/demo/sites/) and its local server."""
