"""A national portal harvests the catalogue: the real `ckanapi` client (its command line, as
a CKAN operator runs it) against a live server, and the DCAT-AP catalogue read by rdflib."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from ckanapi import NotFound, RemoteCKAN
from rdflib import Graph

from dieuhanh.opendata.tests.conftest import ON, SECRET_COMMENT

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server, published, clock) -> str:  # type: ignore[no-untyped-def]
    clock(ON)
    return live_server.url


def test_ckanapi_dumps_every_published_dataset_with_its_csv_resources(site, tmp_path: Path) -> None:
    """`ckanapi dump datasets --all -O`, as a CKAN operator harvests; the CSV resources are then
    fetched from the URLs the dump lists. (ckanapi 4.11's `-D` download writes the last
    resource under every resource's name — its loop reuses a stale variable — so it is not used.)"""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    out = tmp_path / "datasets.jsonl"
    subprocess.run(
        ["ckanapi", "dump", "datasets", "--all", "-r", site, "-O", str(out), "-p", "1"],
        check=True,
        env=env,
        capture_output=True,
        timeout=120,
    )
    packages = {p["name"]: p for p in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert sorted(packages) == ["chi-so-dvc_tt", "chi-tieu"]
    rows = _harvested_csv(packages["chi-so-dvc_tt"])
    assert [(r["period"], r["value"]) for r in rows] == [
        ("2021", "40.0"),
        ("2022", "50.0"),
        ("2023", "60.0"),
        ("2024", "70.0"),
        ("2025", "80.0"),
    ]
    assert {r["unit_name"] for r in rows} == {"Thành phố Hải Phòng"}
    targets = _harvested_csv(packages["chi-tieu"])
    assert [(t["target_code"], t["goal_value"], t["horizon_year"]) for t in targets] == [
        ("CT-DVC", "100.0", "2030")
    ]
    assert SECRET_COMMENT not in out.read_text(encoding="utf-8")


def _harvested_csv(package: dict) -> list[dict[str, str]]:  # type: ignore[type-arg]
    """The CSV resource of a harvested package, fetched as a portal fetches it."""
    assert package["license_id"] == "cc-by"
    (resource,) = [r for r in package["resources"] if r["format"] == "CSV"]
    response = requests.get(resource["url"], timeout=30)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert SECRET_COMMENT not in response.text
    return list(csv.DictReader(io.StringIO(response.text)))


def test_the_ckanapi_client_reads_package_show_and_is_told_not_found_for_a_private_indicator(site) -> None:  # type: ignore[no-untyped-def]
    portal = RemoteCKAN(site, user_agent="dieuhanh-harvest-test")
    assert portal.action.package_list() == ["chi-so-dvc_tt", "chi-tieu"]
    package = portal.action.package_show(id="chi-so-dvc_tt")
    assert package["title"] == "DVC_TT. Tỷ lệ hồ sơ trực tuyến toàn trình"
    assert [r["format"] for r in package["resources"]] == ["CSV", "JSON"]
    assert portal.action.package_show(id=package["id"])["name"] == "chi-so-dvc_tt"  # by id too
    csv_url = package["resources"][0]["url"]
    assert csv_url == f"{site}/du-lieu-mo/chi-so/DVC_TT.csv"
    assert requests.get(csv_url, timeout=30).text.splitlines()[0].startswith("indicator_code,indicator_name,")
    with pytest.raises(NotFound):
        portal.action.package_show(id="chi-so-noi_bo")
    search = portal.action.package_search(rows=1, start=1)
    assert search["count"] == 2 and [p["name"] for p in search["results"]] == ["chi-tieu"]


QUERY = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?title ?download ?license WHERE {
  ?catalog a dcat:Catalog ; dcat:dataset ?ds .
  ?ds a dcat:Dataset ; dct:title ?title ; dcat:distribution ?dist .
  ?dist dcat:downloadURL ?download ; dct:license ?license .
}
"""


def test_the_dcat_catalogue_is_json_ld_that_rdflib_reads_into_datasets_and_downloads(site) -> None:  # type: ignore[no-untyped-def]
    response = requests.get(f"{site}/du-lieu-mo/catalog.jsonld", timeout=30)
    assert response.headers["Content-Type"].startswith("application/ld+json")
    graph = Graph().parse(data=response.text, format="json-ld")
    found = {(str(t), str(d), str(lic)) for t, d, lic in graph.query(QUERY)}  # type: ignore[misc]
    licence = "https://creativecommons.org/licenses/by/4.0/"
    assert found == {
        ("DVC_TT. Tỷ lệ hồ sơ trực tuyến toàn trình", f"{site}/du-lieu-mo/chi-so/DVC_TT.csv", licence),
        ("DVC_TT. Tỷ lệ hồ sơ trực tuyến toàn trình", f"{site}/du-lieu-mo/chi-so/DVC_TT.json", licence),
        ("Chỉ tiêu của chương trình và đánh giá tiến độ", f"{site}/du-lieu-mo/chi-tieu.csv", licence),
        ("Chỉ tiêu của chương trình và đánh giá tiến độ", f"{site}/du-lieu-mo/chi-tieu.json", licence),
    }
