"""Page handlers, one module per kind of page."""
