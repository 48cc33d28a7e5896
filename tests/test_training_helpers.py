import math

import pytest
import torch

import dalib_mini as dm


def test_check_finite_returns_finite_values_unchanged():
    loss = torch.tensor(0.5)
    assert dm.check_finite(loss) is loss
    assert dm.check_finite(2.0) == 2.0


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), torch.tensor([1.0, math.nan]),
                                 torch.tensor(-math.inf)])
def test_check_finite_stops_diverged_training_with_a_clear_message(bad):
    with pytest.raises(dm.TrainingDiverged, match=r"generator loss became non-finite at step 7"):
        dm.check_finite(bad, "generator loss", step=7)


def test_training_diverged_is_a_floating_point_error():
    assert issubclass(dm.TrainingDiverged, FloatingPointError)


def test_history_records_a_tidy_table():
    history = dm.History()
    for step in range(4):
        history.log(step, loss=torch.tensor(4.0 - step), acc=step / 4)
    frame = history.frame()
    assert list(frame.columns) == ["step", "loss", "acc"]
    assert frame["loss"].tolist() == [4.0, 3.0, 2.0, 1.0]
    assert history.last("acc") == 0.75
    assert len(history) == 4
    assert history.means(every=2)["loss"].tolist() == [3.5, 1.5]


def test_history_last_of_unknown_key_raises():
    with pytest.raises(KeyError, match="no value logged"):
        dm.History().last("loss")


def test_progress_yields_every_item(monkeypatch):
    monkeypatch.setenv("DALIB_MINI_PROGRESS", "0")
    assert list(dm.progress(range(5), desc="x")) == [0, 1, 2, 3, 4]


def test_progress_summary_prints_one_line_when_the_loop_ends(monkeypatch, capsys):
    monkeypatch.setenv("DALIB_MINI_PROGRESS", "summary")
    assert list(dm.progress(range(5), desc="toy")) == [0, 1, 2, 3, 4]
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("toy: 5/5 in ")


def test_progress_summary_counts_manual_updates(monkeypatch, capsys):
    monkeypatch.setenv("DALIB_MINI_PROGRESS", "summary")
    bar = dm.progress(range(10), desc="manual")
    for _ in range(3):
        bar.update(1)
    bar.close()
    bar.close()  # closing twice prints once
    assert capsys.readouterr().out.startswith("manual: 3/10 in ")


def test_progress_is_silent_when_disabled(monkeypatch, capsys):
    monkeypatch.setenv("DALIB_MINI_PROGRESS", "0")
    assert sum(dm.progress(range(4), desc="quiet")) == 6
    assert capsys.readouterr() == ("", "")
