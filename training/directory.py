"""The auth domain's directory (bodies, regions, users) as training needs it, through auth's services."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from auth.service import AccountService, OrgService, UserNotFound


@dataclass(frozen=True, slots=True)
class BodyInfo:
    """A state body as training shows it: its name and region in one language."""

    id: int
    name: str
    region_code: str
    region: str


def _pick(row: object, lang: str) -> str:
    return str(getattr(row, f"name_{lang}", None) or getattr(row, "name_en", "") or "")


async def bodies(session: AsyncSession, lang: str) -> dict[int, BodyInfo]:
    """Every state body with its region, named in ``lang``."""
    org = OrgService(session)
    regions = {r.code: r for r in await org.regions()}
    out: dict[int, BodyInfo] = {}
    for b in await org.bodies():
        region = regions.get(b.region_code)
        region_name = _pick(region, lang) if region is not None else str(b.region_code)
        out[int(b.id)] = BodyInfo(int(b.id), _pick(b, lang), str(b.region_code), region_name)
    return out


def _key(name: str) -> str:
    return " ".join(name.casefold().replace("ё", "е").split())


async def body_index(session: AsyncSession) -> dict[str, int]:
    """Body id by any of its names (case- and space-insensitive), for roster rows that name a body."""
    index: dict[str, int] = {}
    for b in await OrgService(session).bodies():
        for name in (b.name_kk, b.name_ru, b.name_en, str(b.id)):
            if name:
                index.setdefault(_key(str(name)), int(b.id))
    return index


def lookup_body(index: dict[str, int], name: str) -> int | None:
    """The body id a roster cell names, if known."""
    return index.get(_key(name))


async def user_contact(session: AsyncSession, user_id: int) -> tuple[str, str] | None:
    """(email, display name) of a user account."""
    try:
        user = await AccountService(session).get(user_id)
    except UserNotFound:
        return None
    return user.email, user.display_name
