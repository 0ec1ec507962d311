"""Merit ranking of candidates on the equated (IRT) ability scale."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from assessments.irt.model import FloatArray


def rank_by_ability(theta: FloatArray, se: FloatArray, *, tol: float = 1e-6) -> NDArray[np.int64]:
    """Candidate indices from best to worst by theta.

    Tie-break, documented for appeals: abilities within `tol` of each other (after rounding to the
    `tol` grid) are tied; among tied candidates the smaller standard error (the more precisely
    measured) ranks first; if that also ties, the lower input index (e.g. earlier application) wins.
    NaN abilities rank last.
    """
    theta = np.asarray(theta, dtype=np.float64)
    se = np.asarray(se, dtype=np.float64)
    if theta.shape != se.shape:
        raise ValueError("theta and se must have the same shape")
    level = np.round(np.nan_to_num(theta, nan=-np.inf, posinf=1e300, neginf=-1e300) / tol)
    precision = np.nan_to_num(se, nan=np.inf)
    index = np.arange(len(theta))
    # np.lexsort sorts by the last key first
    return np.asarray(np.lexsort((index, precision, -level)), dtype=np.int64)


def ranks(theta: FloatArray, se: FloatArray, *, tol: float = 1e-6) -> NDArray[np.int64]:
    """1-based rank of every candidate (same tie-break as rank_by_ability, so ranks are unique)."""
    order = rank_by_ability(theta, se, tol=tol)
    out = np.empty(len(order), dtype=np.int64)
    out[order] = np.arange(1, len(order) + 1)
    return out
