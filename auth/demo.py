"""``adal demo`` for auth: regions, real-sounding state bodies with departments, one account per role.

Passwords and TOTP secrets are derived from the application secret, so re-running prints the same ones.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import Settings
from auth.models import Department
from auth.principal import BODY_SCOPED, Grant, Role
from auth.service import AccountService, OrgService
from auth.totp import MFA_ROLES

# (kk, ru, en, region, parent's English name)
BODIES: tuple[tuple[str, str, str, str, str | None], ...] = (
    (
        "Қазақстан Республикасы Мемлекеттік қызмет істері агенттігі",
        "Агентство Республики Казахстан по делам государственной службы",
        "Agency for Civil Service Affairs",
        "AST",
        None,
    ),
    # English names match the other domains' demo seeds, which look bodies up by ``name_en``
    (
        "Цифрлық даму министрлігі",
        "Министерство цифрового развития",
        "Ministry of Digital Development",
        "AST",
        None,
    ),
    ("Әділет министрлігі", "Министерство юстиции", "Ministry of Justice", "AST", None),
    (
        "Қазақстан Республикасы Қаржы министрлігі",
        "Министерство финансов Республики Казахстан",
        "Ministry of Finance",
        "AST",
        None,
    ),
    (
        "Қазақстан Республикасы Оқу-ағарту министрлігі",
        "Министерство просвещения Республики Казахстан",
        "Ministry of Education",
        "AST",
        None,
    ),
    (
        "Қазақстан Республикасы Денсаулық сақтау министрлігі",
        "Министерство здравоохранения Республики Казахстан",
        "Ministry of Healthcare",
        "AST",
        None,
    ),
    (
        "Алматы қаласы бойынша Мемлекеттік кірістер департаменті",
        "Департамент государственных доходов по городу Алматы",
        "State Revenue Department for Almaty",
        "ALA",
        "Ministry of Finance",
    ),
    ("Алматы қаласының әкімдігі", "Акимат города Алматы", "Akimat of Almaty", "ALA", None),
    ("Шымкент қаласының әкімдігі", "Акимат города Шымкент", "Akimat of Shymkent", "SHY", None),
    (
        "Қарағанды облысының әкімдігі",
        "Акимат Карагандинской области",
        "Akimat of Karaganda Region",
        "KAR",
        None,
    ),
    (
        "Маңғыстау облысының әкімдігі",
        "Акимат Мангистауской области",
        "Akimat of Mangystau Region",
        "MAN",
        None,
    ),
    (
        "Түркістан облысының әкімдігі",
        "Акимат Туркестанской области",
        "Akimat of Turkistan Region",
        "YUZ",
        None,
    ),
)

DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("Персоналды басқару қызметі", "Служба управления персоналом", "Human Resources Service"),
    ("Цифрландыру басқармасы", "Управление цифровизации", "Digitalisation Division"),
    ("Заң басқармасы", "Юридическое управление", "Legal Division"),
)

ACCOUNTS: tuple[tuple[Role, str, str], ...] = (
    (Role.ADMIN, "admin@demo.adal.kz", "Айгерим Сапарова"),
    (Role.HR_OFFICER, "hr@demo.adal.kz", "Нурлан Абенов"),
    (Role.COMMISSION_MEMBER, "commission@demo.adal.kz", "Гульнара Ержанова"),
    (Role.AUDITOR, "auditor@demo.adal.kz", "Ерлан Тулегенов"),
    (Role.TRAINING_ADMIN, "training@demo.adal.kz", "Мадина Серикова"),
    (Role.STAFF, "staff@demo.adal.kz", "Арман Касымов"),
    (Role.CANDIDATE, "candidate@demo.adal.kz", "Дана Жумабекова"),
)
SCOPED_BODY = "Akimat of Almaty"


def _derived(settings: Settings, label: str) -> bytes:
    return hmac.new(settings.secret(), f"adal.demo.{label}".encode(), hashlib.sha256).digest()


def demo_password(settings: Settings, role: Role) -> str:
    """The demo password of ``role``'s account (stable for one secret)."""
    return "Adal-" + base64.urlsafe_b64encode(_derived(settings, f"password.{role.value}")[:12]).decode()


def demo_totp_secret(settings: Settings, role: Role) -> str:
    """The demo TOTP secret of ``role``'s account (stable for one secret)."""
    return base64.b32encode(_derived(settings, f"totp.{role.value}")[:20]).decode()


async def _seed_bodies(session: AsyncSession) -> dict[str, int]:
    org = OrgService(session)
    await org.ensure_regions()
    ids: dict[str, int] = {}
    for kk, ru, en, region, parent in BODIES:
        body = await org.body_by_name(en)
        if body is None:
            body = await org.create_body(
                name_kk=kk,
                name_ru=ru,
                name_en=en,
                region_code=region,
                parent_id=ids.get(parent or ""),
                actor="demo",
            )
        ids[en] = body.id
        present = set(
            (await session.execute(select(Department.name_en).where(Department.body_id == body.id))).scalars()
        )
        for d_kk, d_ru, d_en in DEPARTMENTS:
            if d_en not in present:
                await org.create_department(body_id=body.id, name_kk=d_kk, name_ru=d_ru, name_en=d_en)
    return ids


async def seed(session: AsyncSession, settings: Settings) -> list[str]:
    """Create (or find) the demo organisation and accounts; return the lines to print."""
    bodies = await _seed_bodies(session)
    accounts = AccountService(session)
    lines = [f"auth: {len(bodies)} state bodies in {len({b[3] for b in BODIES})} regions; accounts:"]
    for role, email, name in ACCOUNTS:
        body_id = bodies[SCOPED_BODY] if role in BODY_SCOPED else None
        user = await accounts.by_email(email)
        if user is None:
            user = await accounts.create_user(
                email=email,
                password=demo_password(settings, role),
                display_name=name,
                language="ru",
                grants=[Grant(role, body_id)],
                actor="demo",
                email_verified=True,
            )
        if role in MFA_ROLES and user.totp_secret is None:
            user.totp_secret = demo_totp_secret(settings, role)
        line = f"  {role.value:<18} {email:<26} password {demo_password(settings, role)}"
        lines.append(line + (f"  TOTP secret {user.totp_secret}" if role in MFA_ROLES else ""))
    await session.flush()
    return lines
