"""DHIS2 exchange from the command line, as a named user (their scope and rights apply):

dieuhanh dhis2 export --user quantri --format adx [--period 202506] [--org-unit X] [-o file]
dieuhanh dhis2 import FILE --user sokhcn [--format csv]
dieuhanh dhis2 mapping-import FILE        dieuhanh dhis2 mapping-export [-o file]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.core.periods import PeriodError
from dieuhanh.exchange import formats, selectors, services
from dieuhanh.exchange.periods import dhis2_period
from dieuhanh.indicators.importers import ImportFileError
from dieuhanh.indicators.models import Source


class Command(BaseCommand):
    help = (
        "Trao đổi số liệu với DHIS2: xuất/nhập dataValueSets (JSON, CSV, XML) và ADX; nạp/xuất bảng ánh xạ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "import", "mapping-import", "mapping-export"])
        parser.add_argument("file", nargs="?")
        parser.add_argument("--user", help="tên đăng nhập; phạm vi và quyền của người này được áp dụng")
        parser.add_argument("--format", choices=formats.FORMATS)
        parser.add_argument("--period", action="append", default=[])
        parser.add_argument("--org-unit", default="")
        parser.add_argument("--data-element", action="append", default=[])
        parser.add_argument("-o", "--output")

    def handle(self, *args: Any, **o: Any) -> None:
        action = o["action"]
        if action == "mapping-export":
            mapping = selectors.dhis2_mapping_export(user=self._user(o["user"]))
            return self._emit(json.dumps(mapping, ensure_ascii=False, indent=2).encode(), o)
        if not o["file"] and action != "export":
            raise CommandError("Thiếu đường dẫn tệp.")
        if action == "mapping-import":
            return self._mapping_import(Path(o["file"]))
        user = self._user(o["user"])
        if action == "export":
            return self._export(user, o)
        return self._import(user, Path(o["file"]), o["format"])

    def _user(self, username: str | None) -> User:
        user = User.objects.filter(username=username or "").first()
        if user is None:
            raise CommandError(f"Không tìm thấy người dùng “{username or ''}” (--user).")
        return user

    def _emit(self, body: bytes, o: dict[str, Any]) -> None:
        if o.get("output"):
            Path(o["output"]).write_bytes(body)
            self.stdout.write(f"Đã ghi {o['output']}.")
        else:
            sys.stdout.buffer.write(body)

    def _export(self, user: User, o: dict[str, Any]) -> None:
        if not rules.can_read_register(user):
            raise CommandError("Tài khoản này không có quyền xuất số liệu chỉ số.")
        try:
            query = selectors.ExportFilter(
                data_elements=tuple(o["data_element"]),
                org_unit=o["org_unit"],
                periods=tuple(dhis2_period(p) for p in o["period"]),
            )
            values = selectors.dhis2_values(user=user, query=query)
        except (PeriodError, Http404) as exc:
            raise CommandError(str(exc)) from None
        self._emit(formats.write(values, o["format"] or "json", exported=timezone.now()), o)

    def _import(self, user: User, path: Path, fmt: str | None) -> None:
        if not rules.can_send_indicator_values(user):
            raise CommandError("Tài khoản này không có quyền gửi số liệu chỉ số.")
        try:
            content = path.read_bytes()
        except OSError:
            raise CommandError(f"Không đọc được tệp “{path}”.") from None
        try:
            report = services.dhis2_import(
                content=content,
                fmt=fmt or formats.guess_format(path.name, content),
                user=user,
                source=Source.IMPORT,
                name=path.name,
            )
        except ImportFileError as exc:
            raise CommandError(f"Tệp “{path.name}”: {exc}") from None
        if not report.ok:
            raise CommandError("Không ghi giá trị nào:\n" + "\n".join(report.errors))
        self.stdout.write(f"Đã nhập {report.created} giá trị mới, cập nhật {report.updated} giá trị.")

    def _mapping_import(self, path: Path) -> None:
        try:
            payload = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            raise CommandError(f"Tệp “{path}” không đọc được hoặc không phải JSON hợp lệ.") from None
        report = services.dhis2_mapping_import(payload=payload)
        if not report.ok:
            raise CommandError("Không nạp ánh xạ nào:\n" + "\n".join(report.errors))
        self.stdout.write(
            f"Đã nạp {report.data_elements} dataElement, {report.org_units} orgUnit, "
            f"{report.combos} tổ hợp phân tổ."
        )
