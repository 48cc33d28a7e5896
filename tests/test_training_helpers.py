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


# --- History keeps tensors and converts them in batches ----------------------------------

def test_history_gives_the_floats_of_item_for_every_dtype():
    values = [torch.tensor(0.1), torch.tensor(1 / 3, dtype=torch.float64),
              torch.tensor(0.1, dtype=torch.float16), torch.tensor(0.1, dtype=torch.bfloat16),
              torch.tensor(True), torch.tensor(7), torch.tensor([2.5]), torch.tensor(0.7).exp()]
    history = dm.History()
    for step, value in enumerate(values):
        history.log(step, v=value, w=0.25 * step, mixed=value if step % 2 else 0.5)
    expected = [float(value.item()) for value in values]
    assert history._pending  # kept as tensors until read
    assert history["v"] == expected
    assert all(type(v) is float for v in history["v"])
    assert history.frame()["v"].tolist() == expected
    assert history.last("mixed") == expected[-1]
    assert history.means(every=4)["v"].tolist() == [sum(expected[:4]) / 4, sum(expected[4:]) / 4]


def test_history_converts_every_sync_every_rows_and_on_copy():
    import copy
    import pickle

    history = dm.History(sync_every=3)
    for step in range(7):
        history.log(step, loss=torch.tensor(float(step)), lr=0.1)
        assert len(history._pending) == (step + 1) % 3
    assert not copy.deepcopy(history)._pending and not history._pending  # synced first
    restored = pickle.loads(pickle.dumps(history))
    assert restored["loss"] == [float(s) for s in range(7)] and restored.sync_every == 3


def test_history_logged_tensor_is_detached_and_must_be_one_element():
    history = dm.History()
    weight = torch.tensor(2.0, requires_grad=True)
    history.log(0, loss=weight * 3)
    assert history["loss"] == [6.0]
    with pytest.raises(ValueError, match="one-element"):
        history.log(1, loss=torch.ones(2))


# --- DivergenceGuard defers check_finite ---------------------------------------------------

def test_divergence_guard_raises_the_eager_message_for_the_first_bad_step():
    from dalib_mini.training import DivergenceGuard

    losses = [torch.tensor(1.0), torch.tensor(math.nan), torch.tensor(math.inf), torch.tensor(2.0)]
    with pytest.raises(dm.TrainingDiverged) as eager:
        dm.check_finite(losses[1], "D loss", step=1)
    seen = []
    with pytest.raises(dm.TrainingDiverged) as deferred:
        for step in DivergenceGuard(every=100).watch(range(4)):
            assert dm.check_finite(losses[step], "D loss", step) is losses[step]
            seen.append(step)
    assert seen == [0, 1, 2, 3]  # checked when the loop ended, not every step
    assert str(deferred.value) == str(eager.value)


def test_divergence_guard_checks_every_n_records_and_on_demand():
    from dalib_mini.training import DivergenceGuard

    seen = []
    with pytest.raises(dm.TrainingDiverged, match="at step 2"):
        for step in DivergenceGuard(every=4).watch(range(100)):
            dm.check_finite(torch.tensor(math.nan if step == 2 else 1.0), "loss", step)
            seen.append(step)
    assert seen == [0, 1, 2]  # the 4th record triggers the check
    guard = DivergenceGuard()
    guard.record(torch.tensor([1.0, -math.inf]), "G loss", 5)
    with pytest.raises(dm.TrainingDiverged, match=r"G loss became non-finite at step 5 \(value \[1.0, -inf\]\)"):
        guard.check()
    guard.check()  # records are cleared once checked
    with pytest.raises(ValueError, match="every must be"):
        DivergenceGuard(every=0)


def test_divergence_guard_is_inactive_after_its_loop_ends_or_raises():
    from dalib_mini.training import DivergenceGuard

    def body_raises():
        for _ in DivergenceGuard().watch(range(3)):
            raise KeyError("boom")

    with pytest.raises(KeyError):
        body_raises()
    assert sum(DivergenceGuard().watch(range(4))) == 6
    with pytest.raises(dm.TrainingDiverged, match="at step 9"):  # eager again
        dm.check_finite(torch.tensor(math.nan), "loss", step=9)
    for _ in DivergenceGuard().watch(range(1)):
        assert dm.check_finite(2.0) == 2.0
        with pytest.raises(dm.TrainingDiverged):  # Python numbers stay eager inside a guard
            dm.check_finite(math.nan)
