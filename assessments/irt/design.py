"""Sparse long-format responses arranged for fast person × quadrature likelihood products."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

# Above this many bytes the dense 0/1 indicator matrix gives way to a sparse one.
DENSE_LIMIT_BYTES = 1_500_000_000


class ResponseDesign:
    """Correct/wrong indicators [Y | W] of shape (n_persons, 2 * n_items), dense when it fits."""

    def __init__(
        self,
        persons_idx: NDArray[np.integer],
        items_idx: NDArray[np.integer],
        responses: NDArray[np.number],
        n_persons: int,
        n_items: int,
        dense_limit_bytes: int = DENSE_LIMIT_BYTES,
    ) -> None:
        persons = np.asarray(persons_idx, dtype=np.int64)
        items = np.asarray(items_idx, dtype=np.int64)
        correct = np.asarray(responses) > 0
        self.n_persons = n_persons
        self.n_items = n_items
        cols = items + np.where(correct, 0, n_items)
        self.dense = n_persons * 2 * n_items * 4 <= dense_limit_bytes
        if self.dense:
            flat = persons * (2 * n_items) + cols
            counts = np.zeros(n_persons * 2 * n_items, dtype=np.float32)
            counts[flat] = 1.0
            if counts.sum(dtype=np.float64) != len(flat):
                # repeated (person, item) rows: count every one, as the sparse path does
                counts[:] = 0.0
                np.add.at(counts, flat, 1.0)
            self._yw: NDArray[np.float32] | sp.csr_matrix = counts.reshape(n_persons, -1)
            self._ywt: NDArray[np.float32] | sp.csr_matrix = self._yw
        else:
            ones = np.ones(len(persons), dtype=np.float32)
            matrix = sp.csr_matrix((ones, (persons, cols)), shape=(n_persons, 2 * n_items))
            self._yw = matrix
            self._ywt = matrix.T.tocsr()
        n_correct = np.bincount(items[correct], minlength=n_items)
        n_total = np.bincount(items, minlength=n_items)
        self.item_p = n_correct / np.maximum(n_total, 1)
        self.item_n = n_total
        self.person_n = np.bincount(persons, minlength=n_persons)

    def loglik(self, log_p: FloatArray, log_q: FloatArray) -> NDArray[np.float32]:
        """Log-likelihood of every person's pattern at every node, given (items × nodes) log P, log Q."""
        stacked = np.vstack([log_p, log_q]).astype(np.float32)
        return np.asarray(self._yw @ stacked)

    def counts(self, posterior: NDArray[np.float32]) -> tuple[FloatArray, FloatArray]:
        """Expected (correct, answered) counts per item and node from person posteriors."""
        if self.dense:
            assert isinstance(self._ywt, np.ndarray)
            both = self._ywt.T @ posterior
        else:
            both = self._ywt @ posterior
        both = np.asarray(both, dtype=np.float64)
        r = both[: self.n_items]
        return r, r + both[self.n_items :]


def posterior(
    design: ResponseDesign, log_p: FloatArray, log_q: FloatArray, log_prior: FloatArray
) -> tuple[NDArray[np.float32], float]:
    """Normalised person posteriors over the nodes and the marginal log-likelihood."""
    ll = design.loglik(log_p, log_q)
    ll += log_prior.astype(np.float32)
    top = ll.max(axis=1, keepdims=True)
    ll -= top
    # floor far below any posterior mass: float32 denormals would slow the next GEMM ~4x
    np.maximum(ll, -60.0, out=ll)
    np.exp(ll, out=ll)
    total = ll.sum(axis=1, keepdims=True)
    ll /= total
    marginal = float(np.sum(np.log(total, dtype=np.float64)) + np.sum(top, dtype=np.float64))
    return ll, marginal
