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
from assessments.irt.classical import ItemAnalysis, Reliability, form_reliability, item_analysis
from assessments.irt.dif import mantel_haenszel_dif
from assessments.models import Answer, Item, TestSession
from auth.audit.service import AuditService

MIN_SESSIONS_FOR_CALIBRATION = 20
MIN_GROUP_FOR_DIF = 10
MIN_DISTRACTOR_CHOOSERS = 3
DIF_FLAG = "dif_kk_ru"
DICHOTOMOUS = ("single", "numeric", "ordering", "multiple")
ONE_CHOICE = ("single", "sjt")  # items answered by one option: distractor analysis


@dataclass(slots=True)
class OptionRow:
    """One option of a choice item: who chose it and how well they did on the whole form."""

    label: str
    chosen: int
    share: float | None
    mean_total: float | None
    key: bool
    above_key: bool  # a distractor whose choosers scored higher on average than the key's


@dataclass(slots=True)
class ReliabilityRow:
    """Cronbach's alpha (KR-20 for 0/1 items) of the forms as sat: the whole form or one section."""

    section: str | None
    alpha: float | None
    forms: int
    items_per_form: float
    pair_coverage: float
    mean_pair_n: float


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
    options: list[OptionRow] = field(default_factory=list)


@dataclass(slots=True)
class ItemReport:
    """The item analysis of one test."""

    test: str
    sessions: int
    alpha: float | None
    items: list[ItemRow]
    reliability: ReliabilityRow | None = None
    section_reliability: list[ReliabilityRow] = field(default_factory=list)


def _num(value: float) -> float | None:
    return None if value is None or not math.isfinite(float(value)) else round(float(value), 3)


def _reliability_row(section: str | None, result: Reliability) -> ReliabilityRow:
    return ReliabilityRow(
        section=section,
        alpha=_num(result.alpha),
        forms=result.forms,
        items_per_form=round(result.items_per_form, 1),
        pair_coverage=round(result.pair_coverage, 3),
        mean_pair_n=round(result.mean_pair_n, 1),
    )


def section_reliability(share: np.ndarray, sections: list[str | None]) -> list[ReliabilityRow]:
    """Alpha of each blueprint section's part of the forms (items in column order of ``share``)."""
    rows = []
    for label in sorted({s for s in sections if s}):
        columns = [j for j, s in enumerate(sections) if s == label]
        rows.append(_reliability_row(label, form_reliability(share[:, columns])))
    return rows


def key_option(item_type: str, answer: dict[str, Any]) -> int | None:
    """The original index of the keyed option of a one-choice item (the best one of an SJT item)."""
    if item_type == "single":
        return int(answer["correct"])
    if item_type == "sjt":
        scores = list(answer["scores"])
        return scores.index(max(scores))
    return None


def option_rows(
    chosen: np.ndarray, share: np.ndarray, mean_total: np.ndarray, key: int | None, n_options: int
) -> list[OptionRow]:
    """Per option: choosers, share, their mean total; a distractor that beats the key is marked."""
    counts = [int((chosen == k).sum()) for k in range(n_options)]
    if not sum(counts):
        return []
    means = [float(mean_total[k]) if k < len(mean_total) else math.nan for k in range(n_options)]
    key_mean = means[key] if key is not None and key < n_options else math.nan

    def above_key(k: int) -> bool:
        # NaN compares False: no key choosers, or nobody chose the option
        return k != key and counts[k] >= MIN_DISTRACTOR_CHOOSERS and means[k] > key_mean

    return [
        OptionRow(
            label=chr(ord("A") + k),
            chosen=counts[k],
            share=_num(share[k]) if k < len(share) else None,
            mean_total=_num(means[k]),
            key=k == key,
            above_key=above_key(k),
        )
        for k in range(n_options)
    ]


def _option_count(content: dict[str, Any]) -> int:
    return max((len(v.get("options") or []) for v in content.values() if isinstance(v, dict)), default=0)


def item_flags(classical: list[str], dif_class: str | None) -> list[str]:
    """The item's flags: the classical ones, and ``dif_kk_ru`` for large language DIF (ETS class C).

    Class B (moderate) is shown next to the delta but raises no flag; A is negligible.
    """
    return sorted(set(classical) | ({DIF_FLAG} if dif_class == "C" else set()))


def _deciles(share: np.ndarray) -> np.ndarray:
    """Matching strata: deciles of each candidate's share of points on the given items."""
    with np.errstate(invalid="ignore"):
        return np.minimum(np.nan_to_num(np.nanmean(share, axis=1) * 10).astype(int), 9)


def language_dif(share: np.ndarray, languages: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """Item bias of the Russian (focal) against the Kazakh (reference) version: MH delta and ETS class."""
    # Candidates are matched on deciles of their share of points (every form differs); None when either
    # group has fewer than MIN_GROUP_FOR_DIF sittings, and an item seen by fewer than that many of
    # either group gets no estimate (NaN delta). Two stages (purification): items in class C are taken
    # out of the matching score, which they would bias, and every item is tested again; a C item is
    # matched on the clean items plus itself.
    langs = np.array(languages)
    keep = np.isin(langs, ["kk", "ru"])
    if min(int((langs == "kk").sum()), int((langs == "ru").sum())) < MIN_GROUP_FOR_DIF:
        return None
    share, focal = share[keep], langs[keep] == "ru"
    correct = np.where(np.isnan(share), np.nan, (share >= 1.0).astype(float))
    result = mantel_haenszel_dif(correct, focal, _deciles(share), min_group=MIN_GROUP_FOR_DIF)
    suspect = result.ets_class == "C"
    if not suspect.any() or suspect.all():
        return result.delta_mh, result.ets_class
    delta, classes = result.delta_mh.copy(), result.ets_class.copy()
    clean = mantel_haenszel_dif(
        correct[:, ~suspect], focal, _deciles(share[:, ~suspect]), min_group=MIN_GROUP_FOR_DIF
    )
    delta[~suspect], classes[~suspect] = clean.delta_mh, clean.ets_class
    for j in np.flatnonzero(suspect):
        criterion = share[:, ~suspect | (np.arange(share.shape[1]) == j)]
        again = mantel_haenszel_dif(correct[:, [j]], focal, _deciles(criterion), min_group=MIN_GROUP_FOR_DIF)
        delta[j], classes[j] = again.delta_mh[0], again.ets_class[0]
    return delta, classes


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
        """Difficulty, corrected point-biserial, options, DIF, flags of every item shown; reliability."""
        sittings, item_ids, scores, choices = await self._matrix(slug)
        items = {
            i.id: i for i in (await self.session.execute(select(Item).where(Item.id.in_(item_ids)))).scalars()
        }
        if not sittings or not item_ids:
            return ItemReport(slug, len(sittings), None, [])
        maxima = np.array([3.0 if items[i].type == "sjt" else 1.0 for i in item_ids])
        share = scores / maxima
        # a numeric item's answer is a number too, not an option index
        one_choice = np.array([items[i].type in ONE_CHOICE for i in item_ids])
        choices = np.where(one_choice, choices, -1)
        analysis = item_analysis(share, choices, n_options=max(int(choices.max()) + 1, 1))
        dif = language_dif(share, [ts.language for ts in sittings])
        flagged = analysis.flagged()
        rows = [
            _item_row(items[item_id], j, analysis, flagged.get(j, []), choices[:, j], dif)
            for j, item_id in enumerate(item_ids)
        ]
        section_of = {int(e["item"]): e.get("section") for ts in sittings for e in ts.form}
        return ItemReport(
            slug,
            len(sittings),
            _num(analysis.alpha),
            rows,
            reliability=_reliability_row(None, analysis.reliability) if analysis.reliability else None,
            section_reliability=section_reliability(share, [section_of.get(i) for i in item_ids]),
        )

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


def _item_row(
    it: Item,
    j: int,
    analysis: ItemAnalysis,
    classical_flags: list[str],
    chosen: np.ndarray,
    dif: tuple[np.ndarray, np.ndarray] | None,
) -> ItemRow:
    """One line of the report; an item in ETS class C for kk/ru gets the DIF flag."""
    share = analysis.option_share[j] if analysis.option_share is not None else np.array([])
    means = analysis.option_mean_total[j] if analysis.option_mean_total is not None else np.array([])
    delta = float(dif[0][j]) if dif else float("nan")
    dif_class = str(dif[1][j]) if dif and math.isfinite(delta) else None
    return ItemRow(
        item_id=it.id,
        key=it.key,
        version=it.version,
        type=it.type,
        status=it.status,
        n=int(analysis.n[j]),
        p=_num(analysis.p[j]),
        rpb=_num(analysis.rpb[j]),
        flags=item_flags(classical_flags, dif_class),
        option_share=[round(float(x), 3) for x in share if math.isfinite(float(x))],
        irt=it.irt,
        dif_delta=_num(delta) if dif_class else None,
        dif_class=dif_class,
        options=option_rows(chosen, share, means, key_option(it.type, it.answer), _option_count(it.content)),
    )
