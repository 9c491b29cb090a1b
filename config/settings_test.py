"""Test settings: the same as production's, with a fast password hasher.

The suite runs as the local demo does (DIEUHANH_DEMO=1: the test client speaks plain HTTP) with a
key of its own; tests of the production settings start a process with an environment they build.
"""

import os

os.environ.setdefault("DIEUHANH_DEMO", "1")
os.environ.setdefault("DIEUHANH_SECRET_KEY", "tests-only-key-" + "k7Qm2xR9vT4pW8zL1nB6cY3hJ5dF0sA")

from config.settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The suite signs in with client.force_login, which skips the password and the second factor
# alike; so here the second factor is offered, as in the demo. The accounts tests that are about
# it turn it back on (settings.SIGNIN_2FA_REQUIRED = True) and sign in through its pages.
SIGNIN_2FA_REQUIRED = False
