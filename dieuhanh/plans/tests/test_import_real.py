"""Plans as they are published: header layouts, a national annex cut by page breaks, a target
table, and what the import does with a higher-level plan (locality, attachment, suggestions).

The fixtures (fixtures/real/, fixtures/real_docx.py) were written alongside the rules; the
scores below check the rules on them, they are not an independent measurement."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from dieuhanh.plans import importing, national
from dieuhanh.plans.extract import extract_bytes, extract_path
from dieuhanh.plans.models import Document, Task
from dieuhanh.plans.models_import import PlanImport
from dieuhanh.plans.selectors import TaskFilters, task_list
from dieuhanh.plans.tests.fixtures import real_docx
from dieuhanh.plans.tests.fixtures.scoring import score_targets, score_tasks

REAL = Path(__file__).parent / "fixtures" / "real"
TODAY = dt.date(2025, 12, 1)


# --- headers -----------------------------------------------------------------------------


@pytest.mark.parametrize("header", real_docx.HEADERS, ids=lambda h: h.key)
def test_every_header_layout_gives_number_date_issuer_and_title(tmp_path, header):
    path = real_docx.build_header(tmp_path / f"{header.key}.docx", header)
    assert extract_path(path).to_contract()["document"] == header.expected


REAL_HEADERS = {
    "dong_thap_283_kh_ubnd.txt": ("283/KH-UBND", "2025-09-24", "Ủy ban nhân dân tỉnh Đồng Tháp"),
    "nghe_an_348_kh_ubnd.txt": ("348/KH-UBND", "2025-05-14", "Ủy ban nhân dân tỉnh Nghệ An"),
    "chinh_phu_03_nq_cp.txt": ("03/NQ-CP", "2025-01-09", "Chính phủ"),
    "bac_ninh_344_kh_ubnd.txt": ("344/KH-UBND", "2025-05-30", "Ủy ban nhân dân tỉnh Bắc Ninh"),
}
REAL_TITLES = {
    "dong_thap_283_kh_ubnd.txt": "Kế hoạch thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ và "
    "Chương trình hành động số 10-CTR/TU ngày 13/8/2025 của Ban Thường vụ Tỉnh ủy về thực hiện Nghị quyết số "
    "57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi "
    "mới sáng tạo và "
    "chuyển đổi số trên địa bàn tỉnh Đồng Tháp",
    "bac_ninh_344_kh_ubnd.txt": "Kế hoạch triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 "
    "của Bộ Chính trị và "
    "Chương trình hành động của Chính phủ về đột phá phát triển khoa học, công nghệ, đổi mới "
    "sáng tạo và chuyển "
    "đổi số quốc gia",
    "chinh_phu_03_nq_cp.txt": "Nghị quyết ban hành Chương trình hành động của Chính phủ thực "
    "hiện Nghị quyết số "
    "57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về đột phá phát triển khoa học, công "
    "nghệ, đổi mới sáng "
    "tạo và chuyển đổi số quốc gia",
}


@pytest.mark.parametrize("name", sorted(REAL_HEADERS))
def test_the_header_of_a_published_plan_is_read_as_printed(name):
    from dieuhanh.plans.extract import lines as line_tools
    from dieuhanh.plans.extract import meta
    from dieuhanh.plans.extract.readers import read_path

    blocks = line_tools.paragraphs(read_path(REAL / name))
    document, _ = meta.read_document([b.text for b in blocks if not b.is_table])
    assert (document.number, document.date.isoformat(), document.issuer) == REAL_HEADERS[name]
    if name in REAL_TITLES:
        assert document.title == REAL_TITLES[name]
    assert (REAL / name.replace(".txt", ".source.md")).read_text().count("Source: https://") == 1


def test_a_one_line_two_column_header_gives_the_issuer_without_the_motto():
    text = (
        "CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 03/NQ-CP\n"
        "Hà Nội, ngày 09 tháng 01 năm 2025\nNGHỊ QUYẾT\nVỀ CHUYỂN ĐỔI SỐ\nII. NHIỆM VỤ\n"
        "1. Xây dựng cơ sở dữ liệu, hoàn thành trong tháng 6/2025.\n"
    )
    assert extract_bytes(text.encode(), name="nq.txt").document.issuer == "Chính phủ"


def test_a_pipe_header_line_gives_the_place_and_date_next_to_the_number():
    text = (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/KH-UBND | Bắc Ninh, ngày "
        "11 tháng 8 năm 2025\n"
        "KẾ HOẠCH\nChuyển đổi số năm 2025\nII. NHIỆM VỤ\n1. Xây dựng cơ sở dữ liệu, hoàn thành "
        "trong tháng 6/2025.\n"
    )
    document = extract_bytes(text.encode(), name="kh.txt").document
    assert (document.issuer, document.date, document.number) == (
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        dt.date(2025, 8, 11),
        "12/KH-UBND",
    )


# --- tables -----------------------------------------------------------------------------


@pytest.fixture
def annex(tmp_path):
    return extract_path(real_docx.build_national_annex(tmp_path / "phu-luc.docx")).to_contract()


def test_rows_cut_by_a_page_break_join_the_row_above_and_no_bogus_group_appears(annex):
    assert [(g["number"], g["title"]) for g in annex["groups"]] == [
        ("I", real_docx.ANNEX_ROWS[0][0 + 1]),  # type: ignore[index]
        ("II", real_docx.ANNEX_ROWS[6][1]),  # type: ignore[index]
    ]
    assert [t["number"] for t in annex["tasks"]] == [str(n) for n in range(1, 9)]
    # The repeated header row is neither a task nor a group.
    assert not any(t["text"] == "Nhiệm vụ" for t in annex["tasks"])


def test_the_national_annex_is_read_with_precision_and_recall_of_at_least_95_percent(annex):
    # The extractor reports the issuer's own role; the Government leads none of these rows.
    expected = [
        (text, section, None, due, rec, ext) for text, section, _, due, rec, ext in real_docx.EXPECTED_ANNEX
    ]
    score = score_tasks(annex["tasks"], expected)
    assert score.misses == []
    assert score.precision >= 0.95 and score.recall >= 0.95


def test_a_target_table_gives_one_target_per_value_with_horizon_rank_and_monitor(tmp_path):
    draft = extract_path(real_docx.build_target_table(tmp_path / "chi-tieu.docx"))
    score = score_targets(draft.to_contract()["targets"], real_docx.EXPECTED_TARGETS)
    f1 = 2 * score.precision * score.recall / (score.precision + score.recall)
    assert score.misses == [] and f1 >= 0.95
    assert {t.monitor for t in draft.targets} == {
        "Bộ Khoa học và Công nghệ",
        "Bộ Tài chính",
        "Văn phòng Chính phủ",
    }
    first = draft.to_contract()["targets"][0]
    assert first == {
        "horizon": 2030,
        "text": "Xếp hạng năng lực cạnh tranh số và chỉ số phát triển Chính phủ điện tử: ≤ 3 Đông Nam Á",
        "comparator": "top",
        "value": 3,
        "unit": "rank",
    }


# --- the register of national bodies ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "current"),
    [
        ("Bộ Công an", "Bộ Công an"),
        ("Bộ Công An", "Bộ Công an"),
        ("bộ cong an", "Bộ Công an"),
        ("Bộ KH&CN", "Bộ Khoa học và Công nghệ"),
        ("Bộ TT&TT", "Bộ Khoa học và Công nghệ"),
        ("Bộ LĐ-TB&XH", "Bộ Nội vụ"),
        ("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"),
        ("Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Môi trường"),
        ("Bộ Giao thông vận tải", "Bộ Xây dựng"),
    ],
)
def test_central_bodies_are_found_whatever_the_writing_with_their_2025_successor(name, current):
    body = national.national_body(name)
    assert body is not None and body.current_name == current
    assert national.is_national(name)


@pytest.mark.parametrize(
    "name",
    ["Sở Khoa học và Công nghệ", "Bộ Chỉ huy Quân sự tỉnh", "UBND các tỉnh, thành phố", "Viettel Hải Dương"],
)
def test_provincial_bodies_are_not_central(name):
    assert not national.is_national(name)


def test_a_ministry_is_never_suggested_as_a_provincial_department(world):
    units = list(world.units.values())
    for names in (["Bộ Khoa học và Công nghệ"], ["Bộ KH&CN"], ["Bộ Công an; Bộ LĐ-TB&XH; Bộ TT&TT"]):
        assert importing.unit_suggestions(names=names, units=units) == []
    best = importing.unit_suggestions(names=["Sở KH&CN"], units=units, limit=1)
    assert best and best[0][0].name.startswith("Sở Khoa học và Công nghệ") and best[0][1] >= 85


# --- links to higher tasks ----------------------------------------------------------------------


def test_the_link_threshold_lets_no_unrelated_pair_of_the_real_plan_through():
    from dieuhanh.plans.demo.documents import GROUPS
    from dieuhanh.plans.demo.tasks import TASKS

    unrelated = [
        importing.task_similarity(t.text, title) for t in TASKS for n, title in GROUPS if n != t.section
    ]
    assert len(unrelated) == 55 * 9
    assert max(unrelated) < importing.LINK_THRESHOLD
    # A short generic text inside a long one is not "100 % giống" any more.
    generic = "Tổ chức hội nghị"
    assert (
        importing.task_similarity(generic, "Tổ chức hội nghị quán triệt Nghị quyết cho cán bộ, đảng viên")
        < 80
    )


def _import_docx(path: Path, user) -> PlanImport:  # type: ignore[no-untyped-def]
    return importing.plan_import_create(data=path.read_bytes(), file_name=path.name, user=user, today=TODAY)


def test_links_go_from_the_lower_plans_task_up_to_the_higher_plans_task_with_the_score(world, tmp_path):
    annex = _import_docx(real_docx.build_national_annex(tmp_path / "nq03.docx"), world.users["admin"])
    higher = importing.plan_import_register(plan_import=annex, user=None)
    wanted = Task.objects.get(document=higher, text__startswith="Ban hành chính sách hỗ trợ doanh nghiệp")
    text = (
        "UBND | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 77/KH-UBND | Bắc Ninh, ngày 11 tháng 8 năm 2025\n"
        "KẾ HOẠCH\nThực hiện Nghị quyết số 03/NQ-CP\nThực hiện Nghị quyết số 03/NQ-CP của "
        "Chính phủ, UBND tỉnh "
        "ban hành Kế hoạch như sau:\nII. NHIỆM VỤ\n1. Ban hành chính sách hỗ trợ doanh nghiệp "
        "đổi mới công nghệ "
        "trên địa bàn tỉnh, hoàn thành trong tháng 12/2025.\n2. Tổ chức Ngày hội khởi nghiệp của tỉnh, hoàn "
        "thành trong tháng 10/2025.\n"
    )
    lower = importing.plan_import_create(data=text.encode(), file_name="kh77.txt", user=None, today=TODAY)
    assert lower.draft["implements_document"] == higher.pk
    first, second = lower.draft["tasks"]
    assert first["implements"] == wanted.pk
    assert first["links"][0][0] == wanted.pk and first["links"][0][1] >= importing.LINK_THRESHOLD
    assert first["links"][0][2] == f"{wanted.code} · 03/NQ-CP"
    assert second["implements"] is None


# --- locality and attachment -----------------------------------------------------------------


def test_a_national_plan_keeps_only_the_tasks_with_a_local_role_in_the_provinces_figures(world, tmp_path):
    plan_import = _import_docx(real_docx.build_national_annex(tmp_path / "nq03.docx"), world.users["admin"])
    tasks = plan_import.draft["tasks"]
    assert plan_import.draft["level"] == "national"
    assert [i for i, t in enumerate(tasks) if t["in_scope"]] == list(real_docx.LOCAL_TASKS)
    assert [t["role"] for t in tasks] == [e[2] for e in real_docx.EXPECTED_ANNEX]
    # No ministry-led task comes pre-mapped to a department of the province.
    assert all(t["lead_unit"] is None for t in tasks)
    document = importing.plan_import_register(plan_import=plan_import, user=None)
    registered = Task.objects.filter(document=document)
    assert registered.count() == 8 and registered.filter(in_scope=True).count() == 4
    counted = [r.task.pk for r in task_list(user=world.users["admin"], on=TODAY)]
    assert not registered.filter(in_scope=False, pk__in=counted).exists()
    context = task_list(user=world.users["admin"], on=TODAY, filters=TaskFilters(scope="context"))
    assert {r.task.pk for r in context} == set(registered.filter(in_scope=False).values_list("pk", flat=True))
    assert registered.get(text__startswith="Bảo đảm an ninh mạng").lead_text == "Bộ Công an"
    assert document.kind == "resolution"  # the header says NGHỊ QUYẾT


def test_an_annex_attaches_to_the_registered_document_with_the_same_number(world, tmp_path):
    Document.objects.create(kind="resolution", number="03/NQ-CP", issuer_name="Chính phủ", title="NQ 03")
    plan_import = _import_docx(real_docx.build_national_annex(tmp_path / "phu-luc.docx"), None)
    document = importing.plan_import_register(plan_import=plan_import, user=None)
    assert Document.objects.filter(number="03/NQ-CP").count() == 1 and document.title == "NQ 03"
    again = _import_docx(real_docx.build_national_annex(tmp_path / "phu-luc-2.docx"), None)
    importing.plan_import_register(plan_import=again, user=None)
    codes = list(Task.objects.filter(document=document).values_list("code", flat=True))
    assert len(codes) == 16 and len(set(codes)) == 16 and codes[-1] == "NV-016"


def test_the_same_number_from_another_issuer_is_a_document_of_its_own(world):
    Document.objects.create(kind="plan", number="12/KH-UBND", issuer_name="UBND tỉnh Hải Dương", title="HD")
    assert importing.registered_document("12/KH-UBND", "Ủy ban nhân dân tỉnh Bắc Ninh") is None
    same = importing.registered_document("12/kh-ubnd", "Ủy ban nhân dân tỉnh Hải Dương")
    assert same is not None and same.title == "HD"


def test_the_register_shows_each_task_code_with_its_documents_symbol(client, world, tmp_path):
    plan_import = _import_docx(real_docx.build_national_annex(tmp_path / "nq03.docx"), None)
    importing.plan_import_register(plan_import=plan_import, user=None)
    client.force_login(world.users["admin"])
    page = client.get(reverse("plans:task_register"), {"pham_vi": "tat-ca"}).content.decode()
    assert '<div class="sub">03/NQ-CP</div>' in page and "Bối cảnh, không tính cho tỉnh" in page
    context = Task.objects.filter(in_scope=False).first()
    assert context is not None
    detail = client.get(reverse("plans:task_detail", kwargs={"pk": context.pk})).content.decode()
    assert "giữ làm bối cảnh, không tính vào số liệu" in detail


# --- the review keeps what the officer did ---------------------------------------------------------


def _post(client, plan_import: PlanImport, **changes: str):  # type: ignore[no-untyped-def]
    """The review form as the browser sends it for the stored drafts, with some changes."""
    draft = plan_import.draft
    doc = draft["document"]
    data = {
        "doc-title": doc["title"] or "",
        "doc-number": doc["number"] or "",
        "doc-issuer": doc["issuer"] or "",
        "doc-date": dt.date.fromisoformat(doc["date"]).strftime("%d/%m/%Y") if doc["date"] else "",
        "doc-issuer_unit": str(draft["issuer_unit"] or ""),
        "doc-implements": str(draft["implements_document"] or ""),
        "action": "save",
    }
    for i, t in enumerate(draft["tasks"]):
        data |= {
            f"t{i}-text": t["text"],
            f"t{i}-role": t["role"] or "",
            f"t{i}-deadline": t["deadline"]["text"] or "",
            f"t{i}-deliverable": t["deliverable"] or "",
            f"t{i}-lead_unit": str(t["lead_unit"] or ""),
            f"t{i}-implements": str(t["implements"] or ""),
            f"t{i}-group": str(t["group_key"] if t["group_key"] is not None else ""),
        }
        if t["include"]:
            data[f"t{i}-include"] = "on"
        if t.get("in_scope"):
            data[f"t{i}-in_scope"] = "on"
    for k, g in enumerate(draft["groups"]):
        data[f"gr{k}-title"] = g["title"]
    data |= {f"g{i}-include": "on" for i, g in enumerate(draft["targets"]) if g["include"]}
    data |= changes
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(reverse("plans:import_review", kwargs={"pk": plan_import.pk}), data)
    assert response.status_code == 302, response.content.decode()[:500]
    plan_import.refresh_from_db()
    return plan_import


def test_a_cleared_suggestion_and_a_typed_issuer_survive_saving_and_reloading(client, world):
    client.force_login(world.users["admin"])
    plan = (Path(__file__).parent / "fixtures" / "province_plan.md").read_bytes()
    plan_import = importing.plan_import_create(data=plan, file_name="kh.md", user=None, today=TODAY)
    suggested = [i for i, t in enumerate(plan_import.draft["tasks"]) if t["lead_unit"]]
    assert suggested, "the fixture has leads the province's units match"
    i = suggested[0]
    plan_import = _post(
        client,
        plan_import,
        **{f"t{i}-lead_unit": "", "doc-issuer": "UBND tỉnh Hải Dương (gõ tay)", "doc-issuer_unit": ""},
    )
    assert plan_import.draft["tasks"][i]["lead_unit"] is None
    page = client.get(reverse("plans:import_review", kwargs={"pk": plan_import.pk})).content.decode()
    assert 'value="UBND tỉnh Hải Dương (gõ tay)"' in page
    lead_select = page.split(f'name="t{i}-lead_unit"', 1)[1].split("</select>", 1)[0]
    assert " selected" not in lead_select
    issuer_select = page.split('name="doc-issuer_unit"', 1)[1].split("</select>", 1)[0]
    assert " selected" not in issuer_select
    # Saved again without touching anything, nothing comes back.
    plan_import = _post(client, plan_import)
    assert plan_import.draft["tasks"][i]["lead_unit"] is None and plan_import.draft["issuer_unit"] is None


def test_groups_can_be_renamed_merged_and_deleted_and_tasks_follow(client, world, tmp_path):
    client.force_login(world.users["admin"])
    plan_import = _import_docx(real_docx.build_national_annex(tmp_path / "nq03.docx"), None)
    plan_import = _post(client, plan_import, **{"gr0-title": "Nhận thức và quyết tâm", "gr1-delete": "on"})
    groups = plan_import.draft["groups"]
    assert groups[0]["title"] == "Nhận thức và quyết tâm" and groups[1]["deleted"]
    assert {t["group_key"] for t in plan_import.draft["tasks"]} == {0}
    document = importing.plan_import_register(plan_import=plan_import, user=None)
    assert list(document.task_groups.values_list("number", "title")) == [("I", "Nhận thức và quyết tâm")]


def test_merging_a_group_moves_its_tasks_into_the_chosen_one(client, world, tmp_path):
    client.force_login(world.users["admin"])
    plan_import = _import_docx(real_docx.build_national_annex(tmp_path / "nq03.docx"), None)
    plan_import = _post(client, plan_import, **{"gr0-merge": "1"})
    assert plan_import.draft["groups"][0]["deleted"]
    assert all(t["group_key"] == 1 and t["section"] == "II" for t in plan_import.draft["tasks"])


def test_bulk_actions_untick_context_tasks_and_keep_every_lead_as_written(client, world, tmp_path):
    client.force_login(world.users["admin"])
    plan_import = _import_docx(real_docx.build_national_annex(tmp_path / "nq03.docx"), None)
    plan_import = _post(client, plan_import, action="untick_context")
    kept = [i for i, t in enumerate(plan_import.draft["tasks"]) if t["include"]]
    assert kept == list(real_docx.LOCAL_TASKS)
    plan = (Path(__file__).parent / "fixtures" / "province_plan.md").read_bytes()
    local = importing.plan_import_create(data=plan, file_name="kh.md", user=None, today=TODAY)
    assert any(t["lead_unit"] for t in local.draft["tasks"])
    local = _post(client, local, action="keep_names")
    assert not any(t["lead_unit"] for t in local.draft["tasks"])


def test_an_unticked_task_stays_unticked_after_saving(client, world, tmp_path):
    client.force_login(world.users["admin"])
    plan_import = _import_docx(real_docx.build_national_annex(tmp_path / "nq03.docx"), None)
    plan_import = _post(client, plan_import, **{"t1-include": None})
    assert plan_import.draft["tasks"][1]["include"] is False
    page = client.get(reverse("plans:import_review", kwargs={"pk": plan_import.pk})).content.decode()
    assert 'name="t1-include">' in page and 'name="t0-include" checked>' in page


def test_any_other_unit_can_be_chosen_by_its_name_and_an_unknown_name_is_explained(client, world, tmp_path):
    client.force_login(world.users["admin"])
    plan_import = _import_docx(real_docx.build_national_annex(tmp_path / "nq03.docx"), None)
    plan_import = _post(client, plan_import, **{"t2-lead_other": "Ủy ban nhân dân thành phố Hải Phòng"})
    assert plan_import.draft["tasks"][2]["lead_unit"] == world.units["hp_ubnd"].pk
    page = client.get(reverse("plans:import_review", kwargs={"pk": plan_import.pk})).content.decode()
    select = page.split('name="t2-lead_unit"', 1)[1].split("</select>", 1)[0]
    assert f'value="{world.units["hp_ubnd"].pk}" selected>' in select
    data = {"doc-title": "x", "doc-issuer": "Chính phủ", "t0-lead_other": "Sở Không Có", "action": "save"}
    response = client.post(reverse("plans:import_review", kwargs={"pk": plan_import.pk}), data)
    assert response.status_code == 422
    assert "Nhiệm vụ 1: không có đơn vị “Sở Không Có” trong danh mục đơn vị" in response.content.decode()


def test_a_draft_stored_before_group_editing_still_files_its_tasks_by_section(world):
    plan = (Path(__file__).parent / "fixtures" / "province_plan.md").read_bytes()
    plan_import = importing.plan_import_create(data=plan, file_name="kh.md", user=None, today=TODAY)
    for task in plan_import.draft["tasks"]:
        del task["group_key"]
    for group in plan_import.draft["groups"]:
        del group["deleted"]
    plan_import.save()
    document = importing.plan_import_register(plan_import=plan_import, user=None)
    assert not document.task_groups.filter(title="Nhiệm vụ khác").exists()
    first = Task.objects.get(document=document, code="NV-001")
    assert first.group.number == plan_import.draft["tasks"][0]["section"]
