"""Item analysis of a test from its submitted sittings (classical statistics, flags) and IRT calibration."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from litestar.exceptions import ClientException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assessments.bank import ItemBankService
from assessments.forms import unshuffle_response
from assessments.irt.calibrate import calibrate
from assessments.irt.classical import item_analysis
from assessments.irt.dif import mantel_haenszel_dif
from assessments.models import Answer, Item, TestSession
from auth.audit.service import AuditService

MIN_SESSIONS_FOR_CALIBRATION = 20
MIN_GROUP_FOR_DIF = 10
DICHOTOMOUS = ("single", "numeric", "ordering", "multiple")


@dataclass(slots=True)
class ItemRow:
    """One item's line of the report."""

    item_id: int
    key: str
    version: int
    type: str
    status: str
    n: int
    p: float | None
    rpb: float | None
    flags: list[str]
    option_share: list[float] = field(default_factory=list)
    irt: dict[str, Any] | None = None
    dif_delta: float | None = None
    dif_class: str | None = None


@dataclass(slots=True)
class ItemReport:
    """The item analysis of one test."""

    test: str
    sessions: int
    alpha: float | None
    items: list[ItemRow]


def _num(value: float) -> float | None:
    return None if value is None or not math.isfinite(float(value)) else round(float(value), 3)


def language_dif(share: np.ndarray, languages: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """Item bias of the Russian (focal) against the Kazakh (reference) version: MH delta and ETS class."""
    # Candidates are matched on deciles of their share of points (every form differs); None when either
    # group has fewer than MIN_GROUP_FOR_DIF sittings.
    langs = np.array(languages)
    keep = np.isin(langs, ["kk", "ru"])
    if min(int((langs == "kk").sum()), int((langs == "ru").sum())) < MIN_GROUP_FOR_DIF:
        return None
    correct = np.where(np.isnan(share), np.nan, (share >= 1.0).astype(float))[keep]
    with np.errstate(invalid="ignore"):
        strata = np.minimum(np.nan_to_num(np.nanmean(share[keep], axis=1) * 10).astype(int), 9)
    result = mantel_haenszel_dif(correct, langs[keep] == "ru", strata)
    return result.delta_mh, result.ets_class


class AnalysisService:
    """Reports on a test's items, and calibration of their IRT parameters."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _matrix(self, slug: str) -> tuple[list[TestSession], list[int], np.ndarray, np.ndarray]:
        """Sessions × items points (NaN = not shown) and chosen original option (-1 = none)."""
        test = await ItemBankService(self.session).test_by_slug(slug)
        sittings = list(
            (
                await self.session.execute(
                    select(TestSession)
                    .where(TestSession.test_id == test.id, TestSession.status == "submitted")
                    .order_by(TestSession.id)
                )
            ).scalars()
        )
        item_ids = sorted({int(e["item"]) for ts in sittings for e in ts.form})
        column = {item_id: j for j, item_id in enumerate(item_ids)}
        scores = np.full((len(sittings), len(item_ids)), np.nan)
        choices = np.full((len(sittings), len(item_ids)), -1, dtype=np.int64)
        row_of = {ts.id: i for i, ts in enumerate(sittings)}
        for i, ts in enumerate(sittings):
            for item_id, points in ((ts.score or {}).get("item_points") or {}).items():
                if points is not None and int(item_id) in column:
                    scores[i, column[int(item_id)]] = float(points)
        orders = {(ts.id, int(e["item"])): e.get("order") or () for ts in sittings for e in ts.form}
        answers = await self.session.execute(
            select(Answer.session_id, Answer.item_id, Answer.response).where(
                Answer.session_id.in_(list(row_of))
            )
        )
        for sid, item_id, response in answers.all():
            if isinstance(response, int) and not isinstance(response, bool) and item_id in column:
                try:
                    choices[row_of[sid], column[item_id]] = unshuffle_response(
                        orders[(sid, item_id)], response
                    )
                except (IndexError, KeyError):
                    continue
        return sittings, item_ids, scores, choices

    async def item_report(self, slug: str) -> ItemReport:
        """Difficulty, corrected point-biserial, option shares and flags of every item shown."""
        sittings, item_ids, scores, choices = await self._matrix(slug)
        items = {
            i.id: i for i in (await self.session.execute(select(Item).where(Item.id.in_(item_ids)))).scalars()
        }
        if not sittings or not item_ids:
            return ItemReport(slug, len(sittings), None, [])
        maxima = np.array([3.0 if items[i].type == "sjt" else 1.0 for i in item_ids])
        analysis = item_analysis(scores / maxima, choices, n_options=max(int(choices.max()) + 1, 1))
        dif = language_dif(scores / maxima, [ts.language for ts in sittings])
        flagged = analysis.flagged()
        rows = []
        for j, item_id in enumerate(item_ids):
            it = items[item_id]
            share = analysis.option_share[j] if analysis.option_share is not None else np.array([])
            rows.append(
                ItemRow(
                    item_id=item_id,
                    key=it.key,
                    version=it.version,
                    type=it.type,
                    status=it.status,
                    n=int(analysis.n[j]),
                    p=_num(analysis.p[j]),
                    rpb=_num(analysis.rpb[j]),
                    flags=sorted(flagged.get(j, [])),
                    option_share=[round(float(x), 3) for x in share if math.isfinite(float(x))],
                    irt=it.irt,
                    dif_delta=_num(dif[0][j]) if dif else None,
                    dif_class=str(dif[1][j]) if dif and math.isfinite(float(dif[0][j])) else None,
                )
            )
        return ItemReport(slug, len(sittings), _num(analysis.alpha), rows)

    async def calibrate_test(self, slug: str, *, model: str = "2pl", actor: int) -> int:
        """Fit IRT parameters to the 0/1 items of a test's sittings and store them; returns the count."""
        if model not in ("rasch", "2pl", "3pl"):
            raise ClientException("The model is rasch, 2pl or 3pl.")
        sittings, item_ids, scores, _ = await self._matrix(slug)
        if len(sittings) < MIN_SESSIONS_FOR_CALIBRATION:
            raise ClientException(
                f"Calibration needs at least {MIN_SESSIONS_FOR_CALIBRATION} submitted sittings."
            )
        items = {
            i.id: i for i in (await self.session.execute(select(Item).where(Item.id.in_(item_ids)))).scalars()
        }
        keep = [j for j, item_id in enumerate(item_ids) if items[item_id].type in DICHOTOMOUS]
        persons, cols = np.nonzero(~np.isnan(scores[:, keep]))
        responses = (scores[:, keep][persons, cols] >= 1.0).astype(np.int8)
        fit = calibrate(persons, cols, responses, len(sittings), len(keep), model=model)  # type: ignore[arg-type]
        at = datetime.now(UTC).isoformat()
        for k, j in enumerate(keep):
            items[item_ids[j]].irt = {
                "model": model,
                "a": round(float(fit.a[k]), 4),
                "b": round(float(fit.b[k]), 4),
                "c": round(float(fit.c[k]), 4),
                "n": int((~np.isnan(scores[:, j])).sum()),
                "calibrated_at": at,
            }
        await AuditService(self.session).record(
            actor=f"user:{actor}",
            action="assessments.bank_calibrated",
            subject=f"assessments_test:{slug}",
            details={
                "model": model,
                "items": len(keep),
                "sessions": len(sittings),
                "converged": bool(fit.converged),
            },
        )
        await self.session.flush()
        return len(keep)
