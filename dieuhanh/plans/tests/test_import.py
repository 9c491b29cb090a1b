"""Importing a plan on the web: upload, review beside the source, register all at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dieuhanh.plans import importing
from dieuhanh.plans.models import Document, Target, Task
from dieuhanh.plans.models_import import PlanImport

FIXTURES = Path(__file__).parent / "fixtures"
PLAN = (FIXTURES / "province_plan.md").read_bytes()
NON_ADMINS = ["leader", "bql", "khcn", "commune", "enterprise", "nobody"]


def _import(world) -> PlanImport:
    return importing.plan_import_create(data=PLAN, file_name="ke-hoach.md", user=world.users["admin"])


def _form(plan_import: PlanImport, **extra: str) -> dict[str, str]:
    draft = plan_import.draft
    doc = draft["document"]
    data = {"doc-title": doc["title"], "doc-number": doc["number"] or "", "doc-date": "15/04/2025",
            "doc-issuer": doc["issuer"], "action": "save"}  # fmt: skip
    for i, task in enumerate(draft["tasks"]):
        data |= {
            f"t{i}-include": "on",
            f"t{i}-text": task["text"],
            f"t{i}-role": task["role"] or "",
            f"t{i}-deadline": task["deadline"]["text"] or "",
            f"t{i}-deliverable": task["deliverable"] or "",
        }
    for i in range(len(draft["targets"])):
        data[f"g{i}-include"] = "on"
    return data | extra


@pytest.mark.parametrize("name", ["import_upload", "import_review"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, world, name):
    pk = _import(world).pk
    url = reverse(f"plans:{name}", kwargs={"pk": pk} if name == "import_review" else None)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", NON_ADMINS)
@pytest.mark.parametrize("name", ["import_upload", "import_review"])
def test_only_programme_administrators_may_open_the_import_pages(client, world, role, name):
    pk = _import(world).pk
    client.force_login(world.users[role])
    url = reverse(f"plans:{name}", kwargs={"pk": pk} if name == "import_review" else None)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


def test_uploading_a_plan_shows_its_drafts_beside_the_source_text(client, world):
    client.force_login(world.users["admin"])
    upload = SimpleUploadedFile("ke-hoach.md", PLAN, content_type="text/markdown")
    response = client.post(reverse("plans:import_upload"), {"file": upload}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Văn bản gốc" in page and "Xây dựng Kho dữ liệu dùng chung của tỉnh" in page
    assert "15/04/2025" in page and "Hạn: 30/06/2025" in page


def test_uploading_an_image_shows_a_vietnamese_error_and_saves_nothing(client, world):
    client.force_login(world.users["admin"])
    upload = SimpleUploadedFile("anh.docx", b"\x89PNG\r\n\x1a\n" + bytes(64))
    response = client.post(reverse("plans:import_upload"), {"file": upload})
    assert response.status_code == 422
    assert "ảnh PNG" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_the_review_suggests_the_known_unit_for_a_lead_name(client, world):
    client.force_login(world.users["admin"])
    plan_import = _import(world)
    page = client.get(reverse("plans:import_review", kwargs={"pk": plan_import.pk})).content.decode()
    assert "Gợi ý: Sở Khoa học và Công nghệ" in page


def test_registering_creates_the_document_groups_tasks_and_targets_in_one_step(client, world):
    client.force_login(world.users["admin"])
    plan_import = _import(world)
    khcn = world.units["hp_khcn"]
    form = _form(
        plan_import,
        action="register",
        **{"t0-lead_unit": str(khcn.pk), "t5-implements": str(world.tasks["tc_only"].pk)},
    )
    response = client.post(reverse("plans:import_review", kwargs={"pk": plan_import.pk}), form)
    assert response.status_code == 302
    document = Document.objects.get(number="1234/KH-UBND")
    tasks = Task.objects.filter(document=document)
    assert tasks.count() == len(plan_import.draft["tasks"])
    assert tasks.get(code="NV-001").lead_unit == khcn
    assert tasks.get(code="NV-006").implements == world.tasks["tc_only"]
    assert Target.objects.filter(document=document).count() == 8
    assert str(tasks.get(code="NV-006").due) == "2025-06-30"
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.REGISTERED and plan_import.document == document


def test_a_corrected_deadline_is_read_again_when_saved(client, world):
    client.force_login(world.users["admin"])
    plan_import = _import(world)
    form = _form(plan_import, **{"t0-deadline": "hoàn thành trong Quý IV/2025"})
    client.post(reverse("plans:import_review", kwargs={"pk": plan_import.pk}), form)
    plan_import.refresh_from_db()
    assert plan_import.draft["tasks"][0]["deadline"]["due"] == "2025-12-31"


def test_registration_is_all_or_nothing_and_names_each_problem(world):
    plan_import = _import(world)
    plan_import.draft["tasks"][2]["text"] = ""
    plan_import.draft["targets"][0]["horizon"] = None
    plan_import.save()
    with pytest.raises(ValidationError) as caught:
        importing.plan_import_register(plan_import=plan_import, user=world.users["admin"])
    assert caught.value.messages == [
        "Nhiệm vụ 3: nội dung đang để trống.",
        "Chỉ tiêu 1: chưa có năm đạt chỉ tiêu.",
    ]
    assert not Document.objects.filter(number="1234/KH-UBND").exists()


def test_a_second_import_with_the_same_number_attaches_to_the_registered_document(world):
    first, second = _import(world), _import(world)
    document = importing.plan_import_register(plan_import=first, user=None)
    count = Task.objects.filter(document=document).count()
    attached = importing.plan_import_register(plan_import=second, user=None)
    assert attached == document
    assert Document.objects.filter(number="1234/KH-UBND").count() == 1
    codes = list(Task.objects.filter(document=document).values_list("code", flat=True))
    assert len(codes) == 2 * count and len(set(codes)) == len(codes)
    assert f"NV-{count + 1:03d}" in codes
    numbers = list(document.task_groups.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))


def test_a_bad_date_in_the_review_is_reported_in_vietnamese(client, world):
    client.force_login(world.users["admin"])
    plan_import = _import(world)
    response = client.post(
        reverse("plans:import_review", kwargs={"pk": plan_import.pk}),
        _form(plan_import, **{"doc-date": "31/02/2025"}),
    )
    assert response.status_code == 422
    assert "dd/mm/yyyy" in response.content.decode()


def test_a_registered_import_cannot_be_registered_again(world):
    plan_import = _import(world)
    importing.plan_import_register(plan_import=plan_import, user=None)
    with pytest.raises(ValidationError, match="đã được đăng ký"):
        importing.plan_import_register(plan_import=plan_import, user=None)


def test_an_imported_target_is_led_by_the_unit_its_monitoring_column_names(world, tmp_path, monkeypatch):
    from dieuhanh.plans.tests.fixtures import real_docx

    # The national table with the Sở named for the first target; central bodies match no unit.
    rows = list(real_docx.TARGET_ROWS)
    rows[1] = (*rows[1][:4], "Sở Khoa học và Công nghệ")
    monkeypatch.setattr(real_docx, "TARGET_ROWS", tuple(rows))
    path = real_docx.build_target_table(tmp_path / "chi-tieu.docx")
    plan_import = importing.plan_import_create(
        data=path.read_bytes(), file_name="chi-tieu.docx", user=world.users["admin"]
    )
    leads = [t["lead_unit"] for t in plan_import.draft["targets"]]
    assert leads[:2] == [world.units["hp_khcn"].pk, world.units["hp_khcn"].pk]  # one row, two values
    assert set(leads[2:]) == {None}
