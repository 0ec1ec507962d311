"""CSV contract of calibrate_csv: ids preserved, every candidate scored with a finite theta."""

from __future__ import annotations

import numpy as np
import pytest

from assessments.irt.evaluation import read_estimates
from assessments.irt.io import calibrate_csv, read_responses_csv
from assessments.irt.simulate import simulate, write_simulation


def test_read_responses_maps_ids_in_order_of_appearance_and_drops_blanks(tmp_path):
    path = tmp_path / "responses.csv"
    path.write_text("candidate_id,item_id,response\r\nB,x,1\r\nA,y,0\r\nB,y,\r\nC,x,NA\r\n")
    table = read_responses_csv(path)
    assert table.person_ids == ["B", "A", "C"]
    assert table.item_ids == ["x", "y"]
    assert table.persons_idx.tolist() == [0, 1]
    assert table.items_idx.tolist() == [0, 1]
    assert table.responses.tolist() == [1, 0]


def test_read_responses_rejects_wrong_header(tmp_path):
    path = tmp_path / "responses.csv"
    path.write_text("person,item,score\nA,x,1\n")
    with pytest.raises(ValueError, match="expected header"):
        read_responses_csv(path)


@pytest.mark.parametrize("model", ["rasch", "2pl", "3pl"])
def test_calibrate_csv_writes_every_candidate_and_item(tmp_path, model):
    sim = simulate(400, 20, 10, 15, skip_rate=0.05, aberrant_rate=0.01, model="2pl", seed=3)
    write_simulation(sim, tmp_path / "data")
    items_out, persons_out = tmp_path / "items.csv", tmp_path / "persons.csv"
    summary = calibrate_csv(tmp_path / "data" / "responses.csv", model, items_out, persons_out)
    items, persons = read_estimates(items_out), read_estimates(persons_out)
    assert sorted(persons["ids"]) == sorted(sim.person_ids)
    assert sorted(items["ids"]) == sorted(sim.item_ids)
    assert np.all(np.isfinite(persons["theta"]))
    assert ("c" in items) == (model == "3pl")
    assert summary["n_persons"] == 400 and summary["n_items"] == 20
