import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

import dalib_mini as dm  # noqa: E402


@pytest.fixture
def results_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("DALIB_MINI_RESULTS", str(tmp_path))
    return tmp_path


def test_record_writes_metrics_profile_seeds_device_and_time(results_in_tmp):
    run = dm.start_chapter("toy", seeds=[0, 1], profile="quick", device="cpu")
    table = run.record({"acc": 0.9}, paper={"acc": 0.95}, notes="tiny")
    entry = json.loads((results_in_tmp / "toy.json").read_text())["quick"]
    assert entry["metrics"] == {"acc": 0.9}
    assert entry["paper"] == {"acc": 0.95}
    assert entry["seeds"] == [0, 1]
    assert entry["device"].startswith("cpu")
    assert entry["wall_time_s"] >= 0
    assert "torch" in entry["versions"]
    assert table.loc["acc", "ours"] == 0.9


def test_profiles_are_kept_side_by_side_and_rendered(results_in_tmp):
    dm.start_chapter("toy", profile="quick", device="cpu").record({"acc": 0.5})
    dm.start_chapter("toy", profile="full", device="cpu").record({"acc": 0.8}, paper={"acc": 0.81})
    frame = dm.load_results()
    assert sorted(frame["profile"]) == ["full", "quick"]
    text = dm.render_results_table().read_text()
    assert "| acc | full | 0.8 | 0.81 |" in text
    assert "| acc | quick | 0.5 |  |" in text


def test_a_smoke_run_never_replaces_a_real_entry_nor_enters_the_table(results_in_tmp, monkeypatch):
    dm.start_chapter("toy", profile="full", device="cpu").record({"acc": 0.8})
    monkeypatch.setenv("DALIB_MINI_SMOKE", "1")
    dm.start_chapter("toy", profile="full", device="cpu").record({"acc": 0.1})
    record = json.loads((results_in_tmp / "toy.json").read_text())
    assert record["full"]["metrics"] == {"acc": 0.8} and not record["full"]["smoke"]
    assert record["full-smoke"]["metrics"] == {"acc": 0.1} and record["full-smoke"]["smoke"]
    frame = dm.load_results()
    assert list(frame["ours"]) == [0.8]


def test_record_rejects_non_finite_metrics_and_unknown_paper_keys(results_in_tmp):
    run = dm.start_chapter("toy", profile="quick", device="cpu")
    with pytest.raises(ValueError, match="not finite"):
        run.record({"acc": float("nan")})
    with pytest.raises(KeyError, match="unknown metric"):
        run.record({"acc": 0.5}, paper={"nmi": 0.3})


def test_show_images_accepts_uint8_and_float_and_rejects_bad_shapes():
    ax = dm.show_images(torch.randint(0, 255, (6, 1, 8, 8), dtype=torch.uint8), nrow=3, title="grid")
    assert ax.get_title() == "grid"
    dm.show_images(torch.rand(4, 3, 8, 8) * 2 - 1, value_range=(-1, 1))
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        dm.show_images(torch.rand(4, 8, 8))
    plt.close("all")


def test_embedding_and_history_plots_have_titles_labels_and_legends():
    points = dm.embed_2d(np.random.default_rng(0).normal(size=(40, 5)), method="pca")
    assert points.shape == (40, 2)
    ax = dm.plot_embedding(points, hue=[0, 1] * 20, style=["src"] * 20 + ["tgt"] * 20, title="emb")
    assert ax.get_title() == "emb" and ax.get_xlabel() and ax.get_legend() is not None
    history = dm.History()
    for step in range(5):
        history.log(step, loss=1.0 / (step + 1), acc=0.1 * step)
    ax = history.plot(["loss", "acc"], title="curves")
    assert ax.get_title() == "curves" and ax.get_xlabel() == "step"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["loss", "acc"]
    with pytest.raises(KeyError, match="no column"):
        history.plot(["nope"])
    plt.close("all")
