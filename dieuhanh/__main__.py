"""The `dieuhanh` console script: Django's management commands under the project's name."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["dieuhanh", *sys.argv[1:]])
    except ImproperlyConfigured as exc:
        # A configuration mistake (no secret key…) is the operator's to fix: the message, no traceback.
        print(f"dieuhanh: không khởi động được. {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
