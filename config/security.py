"""The secret key: given by the operator, or, for the local demo only, generated once and kept.

Settings import this before Django is set up, so it uses nothing but the standard library and
Django's key generator.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Keys that were ever written in this repository or are Django's placeholder: never accepted.
PUBLIC_KEYS = frozenset({"dev-only-insecure-key-change-me-0123456789abcdef"})
KEY_FILE_NAME = "secret_key"

MISSING_KEY = (
    "Chưa đặt khóa bí mật: hãy đặt biến môi trường DIEUHANH_SECRET_KEY (ít nhất 50 ký tự ngẫu nhiên, "
    'ví dụ: python -c "import secrets; print(secrets.token_urlsafe(50))"). '
    "Chỉ khi chạy thử trên máy của mình, đặt DIEUHANH_DEMO=1 (make run làm việc này) để hệ thống tự tạo "
    "và giữ khóa trong thư mục var/. "
    "(No secret key: set DIEUHANH_SECRET_KEY, or DIEUHANH_DEMO=1 for a local demo.)"
)
PUBLIC_KEY = (
    "DIEUHANH_SECRET_KEY đang là khóa mẫu công khai (khóa phát triển cũ hoặc khóa 'django-insecure-'): "
    "hãy đặt một khóa ngẫu nhiên của riêng bạn. "
    "(DIEUHANH_SECRET_KEY is a published development key: set a random key of your own.)"
)


# Commands that read files and print, and never sign a cookie, a token or a link: they run
# without a key (the plan extractor is called by outside tools on a bare checkout). They get a
# random key of their own process, kept nowhere.
KEYLESS_COMMANDS = frozenset({"extract_plan"})


def secret_key(*, demo: bool, var_dir: Path, argv: list[str] | None = None) -> str:
    given = os.environ.get("DIEUHANH_SECRET_KEY", "").strip()
    if given:
        if given in PUBLIC_KEYS or given.startswith("django-insecure-"):
            raise ImproperlyConfigured(PUBLIC_KEY)
        return given
    if not demo:
        if _keyless_command(sys.argv if argv is None else argv):
            from django.core.management.utils import get_random_secret_key

            return get_random_secret_key()
        raise ImproperlyConfigured(MISSING_KEY)
    return _demo_key(var_dir / KEY_FILE_NAME)


def _keyless_command(argv: list[str]) -> bool:
    """`manage.py extract_plan …`, `dieuhanh extract_plan …` or `python -m dieuhanh extract_plan …`."""
    if len(argv) < 2:
        return False
    program = Path(argv[0]).name
    return program in {"manage.py", "dieuhanh", "__main__.py"} and argv[1] in KEYLESS_COMMANDS


def _demo_key(path: Path) -> str:
    """The demo's key, created on first start and kept, so sessions survive a restart."""
    from django.core.management.utils import get_random_secret_key

    for _ in range(100):
        try:
            key = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            key = ""
        if key:
            return key
        try:
            # O_EXCL: processes starting at once (web server, worker, jobs) agree on one key.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            time.sleep(0.05)  # another process is writing it
            continue
        key = get_random_secret_key()
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key + "\n")
        return key
    raise ImproperlyConfigured(f"Tệp khóa {path} rỗng: hãy xóa tệp này rồi khởi động lại.")
