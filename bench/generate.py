"""Realistic client bases of 10k, 100k or 1M companies, written set-based.

Names mix the real company names of ../shared/data/patstat_names (as typed in patent filings,
dirt included) with generated Russian names; tax ids are valid INNs; every company has a phone.
The spread over sections and owners follows a department some years into the method: most of
the base unsorted "to call", a tenth in active work, the rest in the three archive sections.
"""

import csv
import random
import time
from pathlib import Path

from django.db import connection, transaction

from otdel.base.matching import name_blocks
from otdel.base.models import Company, NameBlock, Phone, Section, SizeTag, State, TaxIdKind
from otdel.base.normalise import name_key
from otdel.base.rules import fold_name
from otdel.base.services import stays_rebuild
from otdel.demo.files import shared_data_dir
from otdel.demo.names import company_name, valid_inn
from otdel.org.models import Department, DepartmentKind, Position, User

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
CHUNK = 5_000
MANAGERS_PER_10K = 2  # 1M companies -> 200 managers
YEARS_OF_BASE = 5
IN_WORK_PER_MANAGER = 70  # below the default cap of 90, as the method keeps it
SECTIONS = [
    (Section.TO_CALL, 0.60),
    ("", 0.10),
    (Section.HARD_REFUSAL, 0.10),
    (Section.REFUSAL_FOLLOW_UP, 0.10),
    (Section.STRATEGIC_ARCHIVE, 0.10),
]
WORK_STATES = [
    State.NEW,
    State.CONTACT_1,
    State.CONTACT_2,
    State.CONTACT_3,
    State.DEAL,
    State.DEAL_SUPPORT,
    State.CLIENT,
]


def real_names() -> list[str]:
    path = shared_data_dir() / "patstat_names" / "patstat_reference.csv"
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return sorted({row["person_name"].lstrip("* ").strip() for row in csv.DictReader(f)})


def make_people(count: int) -> list[User]:
    hunters = Department.objects.create(name="Bench hunters", kind=DepartmentKind.ACTIVE_SALES)
    farmers = Department.objects.create(name="Bench farmers", kind=DepartmentKind.CLIENT)
    User.objects.create(username="bench_head", position=Position.HEAD_OF_SALES)
    users = [
        User(
            username=f"bench{n}",
            position=Position.SALES_MANAGER,
            department=hunters if n % 3 else farmers,
        )
        for n in range(count)
    ]
    return User.objects.bulk_create(users)


def generate(total: int, seed: int = 1) -> float:
    """Fill an empty base with `total` companies; returns the seconds it took."""
    started = time.perf_counter()
    rng = random.Random(seed)
    managers = make_people(max(2, total * MANAGERS_PER_10K // 10_000))
    real = real_names()
    used_inns: set[str] = set()
    sections, weights = zip(*SECTIONS, strict=True)
    in_work: dict[int, int] = {}
    for start in range(0, total, CHUNK):
        companies = []
        for n in range(start, min(start + CHUNK, total)):
            name = f"{rng.choice(real)} {n}" if real and n % 3 == 0 else f"{company_name(rng)} {n}"
            inn = valid_inn(rng, rng.choice(["77", "78", "66", "16", "54", "52"]))
            while inn in used_inns:
                inn = valid_inn(rng, "77")
            used_inns.add(inn)
            section = rng.choices(sections, weights)[0]
            owner = None if section == Section.TO_CALL else rng.choice(managers)
            if section == "" and owner is not None:
                if in_work.get(owner.pk, 0) >= IN_WORK_PER_MANAGER:
                    section, owner = Section.TO_CALL, None
                else:
                    in_work[owner.pk] = in_work.get(owner.pk, 0) + 1
            companies.append(
                Company(
                    legal_name=name,
                    search_name=fold_name(name),
                    name_key=name_key(name),
                    tax_id_kind=TaxIdKind.RU_INN,
                    tax_id=inn,
                    section=section,
                    state=rng.choice(WORK_STATES) if section == "" else State.NEW,
                    owner=owner,
                    employees=rng.choice([None, rng.randint(1, 5000)]),
                    size_tag=rng.choice(list(SizeTag.values) + [""]),
                )
            )
        with transaction.atomic():
            created = Company.objects.bulk_create(companies, batch_size=1000)
            Phone.objects.bulk_create(
                (Phone(company=c, number=f"+7495{rng.randint(1000000, 9999999)}") for c in created),
                batch_size=1000,
            )
            NameBlock.objects.bulk_create(
                (NameBlock(company=c, block=b) for c in created for b in name_blocks(c.name_key)),
                batch_size=2000,
            )
    spread_creation_dates()
    # Each company's stay since its creation, as the services write it: the funnel counts them.
    stays_rebuild()
    return time.perf_counter() - started


def spread_creation_dates(days: int = YEARS_OF_BASE * 365) -> None:
    """A base some years old was typed in over those years, not today: creation days spread
    evenly by id over `days` back from now (a quarter's funnel then reads its quarter's share,
    not the whole base)."""
    if connection.vendor == "postgresql":
        shifted = "created_at - ((id %% %s) || ' days')::interval"
    else:
        shifted = "datetime(created_at, '-' || (id %% %s) || ' days')"
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE base_company SET created_at = {shifted}", [days])


def bench_database(size: str) -> Path:
    return Path("var") / f"bench-{size}.sqlite3"
