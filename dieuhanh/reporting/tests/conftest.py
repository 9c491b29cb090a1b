from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def bob(world) -> Client:  # type: ignore[no-untyped-def]
    """The Board's reporter, signed in."""
    client = Client()
    client.force_login(world.users["bql"])
    return client
