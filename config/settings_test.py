"""Test settings: the same as production's, with a fast password hasher."""

from config.settings import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The suite signs in with client.force_login, which skips the password and the second factor
# alike; so here the second factor is offered, as in the demo. The accounts tests that are about
# it turn it back on (settings.SIGNIN_2FA_REQUIRED = True) and sign in through its pages.
SIGNIN_2FA_REQUIRED = False
