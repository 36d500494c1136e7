"""The legal-documents library under load: 100,000 documents, filtered lists.

Fills a throw-away database with N documents spread over types, issuing bodies, signers,
years and fields, then times the public list page with two filters and one page of
results, and the same through the JSON API, through Django's test client in this
process. Reports the first (cold: counts not yet cached) request, p50/p95 of repeated
requests in milliseconds, and the SQL queries of the first request.

    python bench/laws_library.py --documents 100000 --requests 200
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from article_page import QueryLog, setup_django  # noqa: E402


def fill(n: int) -> dict:
    from wagtail.models import Page, Site

    from bantin.core import text
    from bantin.laws.models import (
        DocumentType,
        IssuingBody,
        LegalDocument,
        LegalField,
        Signer,
        normalize_number,
    )
    from bantin.units.models import HubHomePage

    root = Page.get_first_root_node()
    home = HubHomePage(title="Thư viện văn bản thử tải", slug="thu-tai")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    site = Site.objects.create(hostname="testserver", root_page=home, is_default_site=True)
    types = [DocumentType.objects.create(name=name, sort_order=i) for i, name in enumerate(
        ["Quyết định", "Chỉ thị", "Kế hoạch", "Công văn", "Thông báo", "Nghị quyết",
         "Báo cáo", "Thông tư"])]
    bodies = [IssuingBody.objects.create(name=f"UBND xã số {i}") for i in range(40)]
    signers = [Signer.objects.create(name=f"Người ký {i}", position="Chủ tịch") for i in range(60)]
    parents = [LegalField.objects.create(name=f"Lĩnh vực {i}") for i in range(12)]
    fields = parents + [LegalField.objects.create(name=f"Nhánh {i}", parent=parents[i % 12])
                        for i in range(36)]
    rng = random.Random(7)
    words = ("kế hoạch phòng chống thiên tai chuyển đổi số nông thôn mới thủy lợi giáo dục y tế "
             "truyền thanh cơ sở đất đai xây dựng giao thông tài chính ngân sách").split()
    batch, through = [], LegalDocument.fields.through
    links = []
    start = dt.date(2010, 1, 1)
    for i in range(n):
        doc_type, body = types[i % len(types)], bodies[rng.randrange(len(bodies))]
        number = f"{i}/{2010 + i % 17}/QĐ-UBND"
        summary = " ".join(rng.choice(words) for _ in range(14)).capitalize()
        issued = start + dt.timedelta(days=rng.randrange(6200))
        batch.append(LegalDocument(
            site=site, number=number, number_key=normalize_number(number), doc_type=doc_type,
            issuer=body, signer=signers[rng.randrange(len(signers))], issued_on=issued,
            summary=summary, search_text=text.fold(f"{number} {summary} {body.name}"),
            live=True,
        ))
        if len(batch) == 5000:
            created = LegalDocument.objects.bulk_create(batch)
            links += [through(legaldocument_id=d.pk, legalfield_id=fields[d.pk % len(fields)].pk)
                      for d in created]
            batch = []
    if batch:
        created = LegalDocument.objects.bulk_create(batch)
        links += [through(legaldocument_id=d.pk, legalfield_id=fields[d.pk % len(fields)].pk)
                  for d in created]
    through.objects.bulk_create(links, batch_size=5000)
    return {"type": types[2].pk, "issuer": bodies[3].pk, "field": parents[1].pk}


def timed(client, path: str, count: int) -> tuple[list[float], int, float]:
    """Samples of repeated requests, the queries and the time of the first (cold) one."""
    samples = []
    with QueryLog() as log:
        t0 = time.perf_counter()
        response = client.get(path)
        first = time.perf_counter() - t0
    assert response.status_code == 200, (path, response.status_code)
    for _ in range(count):
        t0 = time.perf_counter()
        client.get(path)
        samples.append(time.perf_counter() - t0)
    return samples, len(log.queries), first


def p95(samples: list[float]) -> float:
    return sorted(samples)[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    setup_django(Path(tempfile.mkdtemp(prefix="bantin-bench-laws-")))
    from django.test import Client

    t0 = time.perf_counter()
    ids = fill(args.documents)
    fill_seconds = time.perf_counter() - t0
    client = Client()
    cases = {
        "list, type + year": f"/van-ban/?loai={ids['type']}&nam=2020",
        "list, issuer + field": f"/van-ban/?co-quan={ids['issuer']}&linh-vuc={ids['field']}",
        "list, words + type": f"/van-ban/?q=thuy+loi&loai={ids['type']}",
        "list, number": "/van-ban/?q=1234/2012/qđ-ubnd",
        "api, type + year": f"/van-ban/api/?loai={ids['type']}&nam=2020",
    }
    results = {"documents": args.documents, "fill_seconds": round(fill_seconds, 1)}
    for name, path in cases.items():
        samples, queries, first = timed(client, path, args.requests)
        results[name] = {
            "first_ms": round(first * 1000, 1),
            "p50_ms": round(statistics.median(samples) * 1000, 1),
            "p95_ms": round(p95(samples) * 1000, 1),
            "queries": queries,
        }
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
