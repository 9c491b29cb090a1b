"""A real OpenID Connect provider for the sign-on tests: a small Django project on
django-oauth-toolkit, started as its own process on loopback (see serve.py)."""
