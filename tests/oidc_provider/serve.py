"""Run the test OpenID Connect provider: migrate, create its users and one client, serve.

    OIDC_PROVIDER_DIR=/tmp/x OIDC_PROVIDER_SETUP='{"users": [...], "client": {...}}' python serve.py

Binds 127.0.0.1 on a free port and prints "READY http://127.0.0.1:PORT" once it answers.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def setup(config: dict) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for u in config["users"]:
        user = User.objects.create_user(
            u["username"], email=u["email"], password=u["password"], last_name=u.get("name", "")
        )
        user.save()
    client = config["client"]
    Application.objects.create(
        name="dieuhanh",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        redirect_uris=" ".join(client["redirect_uris"]),
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


def main() -> None:
    import django
    from django.core.wsgi import get_wsgi_application

    django.setup()
    setup(json.loads(os.environ["OIDC_PROVIDER_SETUP"]))
    server = make_server(
        "127.0.0.1", 0, get_wsgi_application(), server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )
    print(f"READY http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
