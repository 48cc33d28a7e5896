"""DeepCC (Xu et al., SDM 2019): the cross loss, the Jensen bound, models, training, exercises."""
import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
import torch

import dalib_mini as dm
from dalib_mini.solutions import deepcc as solutions


def _joint(n=8, d=6, seed=0, dtype=torch.float64):
    g = torch.Generator().manual_seed(seed)
    table = torch.rand(n, d, generator=g, dtype=dtype) ** 3
    return table / table.sum()


def _codes_and_q(n=40, e=3, k=4, seed=0, dtype=torch.float64):
    g = torch.Generator().manual_seed(seed)
    codes = torch.randn(n, e, generator=g, dtype=dtype)
    q = torch.softmax(2 * torch.randn(n, k, generator=g, dtype=dtype), 1)
    return codes, q


# --- mutual information and the cross loss (Eqs. 10-13) ---
def test_mutual_information_is_zero_for_independent_and_log_k_for_diagonal():
    independent = torch.outer(torch.tensor([0.3, 0.7]), torch.tensor([0.1, 0.4, 0.5]))
    assert abs(float(dm.mutual_information(independent))) < 1e-6
    assert float(dm.mutual_information(torch.eye(5, dtype=torch.float64) / 5)) == pytest.approx(math.log(5))


@pytest.mark.parametrize("seed", range(5))
def test_information_lost_by_coclusters_equals_the_kl_and_is_non_negative(seed):
    joint = _joint(seed=seed)
    g = torch.Generator().manual_seed(seed)
    rows, cols = torch.randint(0, 3, (8,), generator=g), torch.randint(0, 2, (6,), generator=g)
    lost = dm.mutual_information(joint) - dm.mutual_information(dm.block_joint(joint, rows, cols, 3, 2))
    kl = dm.coclustering_kl(joint, rows, cols, 3, 2)
    assert float(lost) == pytest.approx(float(kl), abs=1e-10)
    assert float(kl) >= 0


def test_block_joint_keeps_mass_and_an_empty_cluster_is_zero():
    joint = _joint()
    blocks = dm.block_joint(joint, torch.zeros(8, dtype=torch.long), torch.arange(6) % 2, 2, 2)
    assert float(blocks.sum()) == pytest.approx(1.0)
    assert torch.equal(blocks[1], torch.zeros(2, dtype=torch.float64))


@pytest.mark.parametrize("seed", range(5))
def test_unclamped_mi_loss_equals_the_lost_information_over_the_total(seed):
    g = torch.Generator().manual_seed(seed)
    row_q = torch.softmax(2 * torch.randn(20, 3, generator=g, dtype=torch.float64), 1)
    col_q = torch.softmax(2 * torch.randn(15, 3, generator=g, dtype=torch.float64), 1)
    joint = dm.assignment_joint(row_q, col_q)
    kl = dm.coclustering_kl(joint, row_q.argmax(1), col_q.argmax(1), 3, 3)
    want = float(kl / dm.mutual_information(joint))
    assert float(dm.coclustering_mi_loss(row_q, col_q)) == pytest.approx(want, abs=1e-10)
    assert 0.0 < want < 1.0


def test_mi_loss_of_a_hand_computed_case():
    # rows 0, 1 one-hot in clusters 0 and 1; row 2 split evenly; columns one-hot 0, 1
    row_q = torch.tensor([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]], dtype=torch.float64)
    col_q = torch.tensor([[1.0, 0.0], [0.0, 1.0]], dtype=torch.float64)
    # p = [[1, 0], [0, 1], [.5, .5]] / 3; p(x) = 1/3 each, p(y) = 1/2 each
    mi_full = (2 / 3) * math.log(2)
    # row 2 goes to cluster 0 (argmax takes the first): blocks [[1.5, .5], [0, 1]] / 3
    b = torch.tensor([[1.5, 0.5], [0.0, 1.0]], dtype=torch.float64) / 3
    px, py = b.sum(1), b.sum(0)
    mi_blocks = sum(float(b[s, t] * torch.log(b[s, t] / (px[s] * py[t])))
                    for s in range(2) for t in range(2) if b[s, t] > 0)
    assert float(dm.coclustering_mi_loss(row_q, col_q)) == pytest.approx(1 - mi_blocks / mi_full, abs=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_mi_loss_lies_in_unit_interval_and_has_finite_gradients(seed):
    g = torch.Generator().manual_seed(seed)
    row_logits = torch.randn(20, 3, generator=g, requires_grad=True)
    col_q = torch.softmax(torch.randn(15, 3, generator=g), 1)
    loss = dm.coclustering_mi_loss(torch.softmax(row_logits, 1), col_q)
    assert 0.0 <= loss.item() <= 1.0
    loss.backward()
    assert torch.isfinite(row_logits.grad).all()


def test_mi_loss_is_zero_when_coclusters_lose_no_information():
    rows = torch.nn.functional.one_hot(torch.arange(12) % 3, 3).float()
    cols = torch.nn.functional.one_hot(torch.arange(9) % 3, 3).float()
    assert float(dm.coclustering_mi_loss(rows, cols)) == pytest.approx(0.0, abs=1e-6)


def test_mi_loss_stays_finite_with_tiny_probabilities_in_float32():
    rows = torch.full((10, 4), 1e-30)
    rows[:, 0] = 1.0
    cols = torch.softmax(torch.randn(7, 4) * 30, 1)
    loss = dm.coclustering_mi_loss(rows, cols)  # I(X;Y) ~ 0 here: 0/0 without float64
    assert torch.isfinite(loss) and -1e-9 <= float(loss) <= 1.0


@pytest.mark.parametrize("bad", [torch.ones(3), -_joint(), _joint() * 2])
def test_mutual_information_rejects_bad_tables(bad):
    with pytest.raises(ValueError, match="joint"):
        dm.mutual_information(bad)


def test_assignment_joint_rejects_mismatched_cluster_counts():
    with pytest.raises(ValueError, match="same number of clusters"):
        dm.assignment_joint(torch.rand(4, 3), torch.rand(5, 2))


# --- GMM statistics and the Jensen bound (Eqs. 4-9) ---
@pytest.mark.parametrize("seed", range(5))
def test_bound_never_exceeds_log_likelihood_and_gap_is_the_kl(seed):
    codes, q = _codes_and_q(seed=seed)
    stats = dm.gmm_statistics(codes, q)
    log_p = dm.gmm_log_likelihood(codes, stats)
    bound = dm.jensen_lower_bound(codes, q, stats)
    post = dm.gmm_posterior(codes, stats)
    kl = (q * (torch.log(q) - torch.log(post))).sum(1)
    assert (bound <= log_p + 1e-10).all()
    assert torch.allclose(log_p - bound, kl, atol=1e-9)


def test_bound_is_tight_at_the_posterior():
    codes, q = _codes_and_q()
    stats = dm.gmm_statistics(codes, q)
    tight = dm.jensen_lower_bound(codes, dm.gmm_posterior(codes, stats), stats)
    assert torch.allclose(tight, dm.gmm_log_likelihood(codes, stats), atol=1e-10)


def test_gmm_statistics_of_hard_assignments_are_cluster_means_and_variances():
    codes = torch.tensor([[0.0, 1.0], [2.0, 3.0], [10.0, 10.0]], dtype=torch.float64)
    q = torch.tensor([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], dtype=torch.float64)
    stats = dm.gmm_statistics(codes, q, var_floor=1e-3, eps=0.0)
    assert torch.allclose(stats.mean, torch.tensor([[1.0, 2.0], [10.0, 10.0]], dtype=torch.float64))
    assert torch.allclose(stats.var, torch.tensor([[1.001, 1.001], [1e-3, 1e-3]], dtype=torch.float64))
    assert torch.allclose(stats.log_pi.exp(), torch.tensor([2 / 3, 1 / 3], dtype=torch.float64))


def test_empty_cluster_and_identical_codes_stay_finite_in_float32():
    codes = torch.ones(50, 4) * 1e3
    q = torch.zeros(50, 3)
    q[:, 0] = 1.0
    stats = dm.gmm_statistics(codes, q)
    bound = dm.jensen_lower_bound(codes, q, stats)
    assert all(torch.isfinite(t).all() for t in (stats.log_pi, stats.mean, stats.var, bound))
    assert (stats.var >= 1e-3).all()


def test_bound_gradient_matches_finite_differences():
    codes, q_logits = torch.randn(6, 2, dtype=torch.float64), torch.randn(6, 3, dtype=torch.float64)

    def f(c, logits):
        q = torch.softmax(logits, 1)
        return dm.jensen_lower_bound(c, q, dm.gmm_statistics(c, q)).sum()

    assert torch.autograd.gradcheck(f, (codes.requires_grad_(), q_logits.requires_grad_()))


def test_gmm_statistics_rejects_bad_input():
    with pytest.raises(ValueError, match="same N"):
        dm.gmm_statistics(torch.randn(5, 2), torch.rand(4, 3))
    with pytest.raises(ValueError, match="var_floor"):
        dm.gmm_statistics(torch.randn(5, 2), torch.rand(5, 3), var_floor=0.0)


# --- models, preprocessing, baselines, training ---
def test_models_have_the_documented_shapes():
    ae, net = dm.Autoencoder(12, (8,), 3), dm.InferenceNetwork(3, 4)
    code, recon = ae(torch.randn(5, 12))
    q = net(code)
    assert code.shape == (5, 3) and recon.shape == (5, 12) and q.shape == (5, 4)
    assert torch.allclose(q.sum(1), torch.ones(5))
    with pytest.raises(ValueError, match="n_clusters"):
        dm.InferenceNetwork(3, 1)


def test_preprocess_benchmark_replaces_only_the_matrix():
    raw = dm.CoClusteringData("Yale_32x32", np.array([[0, 255], [51, 102]], dtype=np.float32),
                              np.array([0, 1]), None)
    data = dm.preprocess_benchmark(raw)
    assert np.allclose(data.X, [[0, 1], [0.2, 0.4]]) and raw.X.max() == 255
    assert data.name == raw.name and data.row_labels is raw.row_labels and data.col_labels is None


def test_preprocessing_gives_unit_tfidf_rows_and_unit_range_pixels():
    counts = np.random.default_rng(0).poisson(1.0, (6, 9)).astype(np.float32) + 1
    assert np.allclose(np.linalg.norm(dm.preprocess_matrix("WebKB4", counts), axis=1), 1, atol=1e-5)
    pixels = dm.preprocess_matrix("Yale_32x32", np.array([[0, 255]], dtype=np.float32))
    assert pixels.min() == 0 and pixels.max() == 1
    with pytest.raises(ValueError, match="name"):
        dm.preprocess_matrix("MNIST", counts)


def _block_matrix(seed=0):
    rng = np.random.default_rng(seed)
    rows, cols = np.repeat(np.arange(3), 20), np.repeat(np.arange(3), 15)
    X = (rows[:, None] == cols[None]).astype(np.float32) * 2 + 0.5 * rng.random((60, 45)).astype(np.float32)
    return X, rows, cols


def _tiny_settings(**changes):
    cfg = dm.chapter_settings("deepcc", profile="quick").runs["synthetic_data"]
    return dataclasses.replace(cfg, **{"hidden": (16,), "n_code": 4, "pretrain_epochs": 30,
                                       "epochs": 10, "batch_rows": 60, "batch_cols": 45, **changes})


def _block_data(seed=0):
    X, rows, cols = _block_matrix(seed)
    return dm.CoClusteringData("block", X, rows, cols)


def test_train_deepcc_recovers_planted_coclusters():
    data = _block_data()
    result = dm.train_deepcc(data, _tiny_settings(), seed=0, device="cpu")
    assert dm.nmi(data.row_labels, result.row_labels) > 0.95
    assert dm.nmi(data.col_labels, result.col_labels) > 0.95
    frame = result.history.frame()
    assert {"recon", "bound", "mi", "row_nmi"} <= set(frame.columns)
    assert frame["row_nmi"].dropna().iloc[-1] == pytest.approx(dm.nmi(data.row_labels, result.row_labels))
    assert result.row_inference(torch.as_tensor(result.row_codes)).shape == (60, 3)


def test_train_deepcc_is_repeatable_and_the_seed_matters():
    data, cfg = _block_data(), _tiny_settings(pretrain_epochs=2, epochs=2, init_steps=5)
    first, again = (dm.train_deepcc(data, cfg, seed=0, device="cpu") for _ in range(2))
    other = dm.train_deepcc(data, cfg, seed=1, device="cpu")
    assert np.array_equal(first.row_codes, again.row_codes)
    assert first.history.frame().equals(again.history.frame())
    assert not np.array_equal(first.row_codes, other.row_codes)


def test_train_deepcc_without_labels_needs_n_clusters_and_logs_no_nmi():
    X, _, _ = _block_matrix()
    data = dm.CoClusteringData("block", X, None, None)
    cfg = _tiny_settings(pretrain_epochs=2, epochs=2, init_steps=5)
    result = dm.train_deepcc(data, cfg, seed=0, device="cpu", n_clusters=3)
    assert result.row_labels.shape == (60,) and result.col_labels.shape == (45,)
    assert "row_nmi" not in result.history.frame().columns


def test_train_deepcc_rejects_bad_input():
    cfg = _tiny_settings()
    with pytest.raises(ValueError, match="n_clusters"):
        dm.train_deepcc(dm.CoClusteringData("x", np.ones((5, 4)), np.arange(5) % 9, None), cfg,
                        seed=0, device="cpu", n_clusters=9)
    with pytest.raises(ValueError, match="finite"):
        dm.train_deepcc(dm.CoClusteringData("x", np.full((5, 4), np.nan), np.arange(5) % 2, None),
                        cfg, seed=0, device="cpu")


def _networks(cfg, n_rows=60, n_cols=45, k=3):
    torch.manual_seed(0)
    return ((dm.Autoencoder(n_cols, cfg.hidden, cfg.n_code), dm.Autoencoder(n_rows, cfg.hidden, cfg.n_code)),
            (dm.InferenceNetwork(cfg.n_code, k), dm.InferenceNetwork(cfg.n_code, k)))


def test_joint_loss_assembles_the_objective_from_its_terms():
    X, _, _ = _block_matrix()
    rows, cols = torch.as_tensor(X), torch.as_tensor(X.T.copy())
    cfg = _tiny_settings(lambda_rec=0.5, lambda_ae=0.2, lambda_bound=0.3, lambda_cov=0.05, lambda_mi=2.0)
    terms = dm.deepcc_joint_loss(*_networks(cfg), rows, cols, cfg)
    assert set(terms) == {"recon", "p_ae", "bound", "cov", "mi", "loss"}
    want = (0.5 * terms["recon"] + 0.2 * terms["p_ae"] - 0.3 * terms["bound"]
            + 0.05 * terms["cov"] + 2.0 * terms["mi"])
    assert torch.allclose(terms["loss"], want)
    assert terms["recon"].item() > 0 and terms["p_ae"].item() > 0 and terms["cov"].item() > 0


def test_view_terms_use_the_mixture_posterior_and_the_inference_network():
    X, _, _ = _block_matrix()
    cfg = _tiny_settings()
    (ae, _), (net, _) = _networks(cfg)
    x = torch.as_tensor(X)
    terms = dm.deepcc_view_terms(ae, net, x, cfg)
    z, _ = ae(x)
    h = net(z)
    stats = dm.gmm_statistics(z, h, cfg.var_floor)
    assert torch.allclose(terms["h"], h)
    assert torch.allclose(terms["gamma"], dm.gmm_posterior(z, stats))
    assert torch.allclose(terms["bound"], dm.jensen_lower_bound(z, h, stats).mean() / cfg.n_code)
    assert torch.allclose(terms["cov"], (1 / stats.var).mean())


@pytest.mark.parametrize("detach_codes", [True, False])
def test_end_to_end_gradients_reach_the_encoders_unless_detached(detach_codes):
    X, _, _ = _block_matrix()
    rows, cols = torch.as_tensor(X), torch.as_tensor(X.T.copy())
    cfg = _tiny_settings()
    autoencoders, inference = _networks(cfg)
    terms = dm.deepcc_joint_loss(autoencoders, inference, rows, cols, cfg, detach_codes=detach_codes)
    for key in ("bound", "cov", "mi"):  # each term alone, not recon
        for module in (*autoencoders, *inference):
            module.zero_grad()
        terms[key].backward(retain_graph=True)
        encoder_grads = [p.grad for p in autoencoders[0].encoder.parameters()]
        if detach_codes:
            assert all(g is None or g.abs().sum() == 0 for g in encoder_grads), key
        else:
            assert any(g is not None and g.abs().sum() > 0 for g in encoder_grads), key


def test_covariance_penalty_is_mean_inverse_variance_and_grows_as_codes_shrink():
    codes, q = _codes_and_q()
    stats = dm.gmm_statistics(codes, q, var_floor=1e-6)
    assert float(dm.covariance_penalty(stats)) == pytest.approx(float((1 / stats.var).mean()))
    small = dm.gmm_statistics(codes * 0.1, q, var_floor=1e-6)
    assert float(dm.covariance_penalty(small)) == pytest.approx(100 * float(dm.covariance_penalty(stats)), rel=1e-3)
    # shrinking the codes raises the bound (the collapse the penalty exists to stop)
    assert float(dm.jensen_lower_bound(codes * 0.1, q, small).mean()) > float(dm.jensen_lower_bound(codes, q, stats).mean())


def test_covariance_penalty_rejects_non_positive_variances():
    codes, q = _codes_and_q()
    stats = dm.gmm_statistics(codes, q)
    stats.var = stats.var - 10
    with pytest.raises(ValueError, match="var"):
        dm.covariance_penalty(stats)


# --- ITCC (Dhillon, Mallela, Modha, KDD 2003) ---
def _itcc_blocks(seed=0):
    rng = np.random.default_rng(seed)
    rows, cols = np.repeat(np.arange(3), 20), np.repeat(np.arange(2), 15)
    blocks = np.array([[5.0, 1.0], [1.0, 5.0], [3.0, 3.0]])  # row cluster 2 is the flat one
    return blocks[rows][:, cols] * rng.uniform(0.7, 1.3, (60, 30)), rows, cols


def test_itcc_recovers_a_block_matrix_whose_answer_is_known():
    X, rows, cols = _itcc_blocks()
    result = dm.itcc(X, 3, 2, seed=0)
    assert dm.nmi(rows, result.row_labels) == pytest.approx(1.0)
    assert dm.nmi(cols, result.col_labels) == pytest.approx(1.0)


def test_itcc_never_increases_the_information_loss_and_reports_it_exactly():
    X, _, _ = _itcc_blocks(1)
    result = dm.itcc(X, 3, 2, seed=3, n_init=1)
    assert all(b <= a + 1e-12 for a, b in zip(result.losses, result.losses[1:]))
    joint = torch.as_tensor(X / X.sum())
    rows, cols = torch.as_tensor(result.row_labels), torch.as_tensor(result.col_labels)
    lost = dm.mutual_information(joint) - dm.mutual_information(dm.block_joint(joint, rows, cols, 3, 2))
    assert result.losses[-1] == pytest.approx(float(lost), abs=1e-10)


def test_itcc_is_seeded_and_rejects_bad_input():
    X, _, _ = _itcc_blocks()
    a, b = dm.itcc(X, 3, 2, seed=5), dm.itcc(X, 3, 2, seed=5)
    assert np.array_equal(a.row_labels, b.row_labels) and a.losses == b.losses
    with pytest.raises(ValueError, match="non-negative"):
        dm.itcc(X - 10, 3, 2, seed=0)
    with pytest.raises(ValueError, match="n_col_clusters"):
        dm.itcc(X, 3, 0, seed=0)
    with pytest.raises(ValueError, match="X"):
        dm.itcc(np.ones(4), 2, 2, seed=0)


@pytest.mark.parametrize("method", dm.deepcc.BASELINES)
def test_baselines_recover_planted_coclusters(method):
    X, rows, _ = _block_matrix()
    labels, _ = dm.cluster_baseline(method, X, 3, seed=0)
    assert dm.nmi(rows, labels) > 0.95


def test_cluster_baseline_rejects_unknown_methods_and_negative_input():
    X, _, _ = _block_matrix()
    with pytest.raises(ValueError, match="method"):
        dm.cluster_baseline("dbscan", X, 3, seed=0)
    with pytest.raises(ValueError, match="non-negative"):
        dm.cluster_baseline("nmf", X - 10, 3, seed=0)


def test_chapter_constants_and_checks_stay_in_the_chapter_namespace():
    assert not hasattr(dm, "BASELINES") and not hasattr(dm, "check_block_joint")
    assert dm.deepcc.BASELINES == ("kmeans", "spectral_cocluster", "nmf")


def test_deepcc_settings_cover_both_profiles():
    for profile in dm.PROFILES:
        cfg = dm.chapter_settings("deepcc", profile=profile)
        assert isinstance(cfg, dm.DeepCCSettings)
        assert set(cfg.runs) == set(cfg.datasets)
        assert all(isinstance(run, dm.DeepCCRunSettings) for run in cfg.runs.values())
        with pytest.raises(dataclasses.FrozenInstanceError):
            cfg.runs["WebKB4"].epochs = 1
        stored = dm.settings_dict(cfg)
        assert stored["runs"]["Yale_32x32"]["epochs"] == cfg.runs["Yale_32x32"].epochs


# --- exercises ---
@pytest.mark.parametrize("check, answer", [
    (dm.deepcc.exercises.check_mutual_information, solutions.mutual_information),
    (dm.deepcc.exercises.check_jensen_lower_bound, solutions.jensen_lower_bound),
    (dm.deepcc.exercises.check_block_joint, solutions.block_joint),
])
def test_exercise_checks_accept_the_solutions(check, answer):
    check(answer)


def test_exercise_checks_reject_wrong_answers():
    checks = dm.deepcc.exercises
    with pytest.raises(AssertionError):
        checks.check_mutual_information(lambda joint: torch.tensor(0.0, dtype=torch.float64))
    with pytest.raises(AssertionError, match="entropy"):
        checks.check_jensen_lower_bound(
            lambda c, q, s: (q * dm.gmm_log_joint(c, s)).sum(1))
    with pytest.raises(AssertionError):
        checks.check_block_joint(lambda j, r, c, s, t: j[:s, :t])


def test_reordered_matrix_plot_separates_clusters_and_rejects_vectors():
    import matplotlib

    matplotlib.use("Agg")
    X, rows, cols = _block_matrix()
    ax = dm.plot_reordered_matrix(X, rows[::-1].copy(), cols, title="t")
    assert len(ax.lines) == (3 - 1) + (3 - 1)
    assert ax.get_title() == "t"
    with pytest.raises(ValueError, match="matrix"):
        dm.plot_reordered_matrix(np.ones(4))


def test_reordered_matrix_plot_says_it_is_a_subsample_and_has_a_colour_bar():
    import matplotlib

    matplotlib.use("Agg")
    ax = dm.plot_reordered_matrix(np.random.default_rng(0).random((50, 40)), max_rows=20, title="t")
    assert "random 20 of 50 rows" in ax.get_title()
    assert len(ax.figure.axes) == 2  # the heat map and its colour bar


def test_confusion_plot_matches_clusters_to_classes_so_a_renamed_partition_is_diagonal():
    import matplotlib

    matplotlib.use("Agg")
    classes = np.repeat(np.arange(3), 4)
    clusters = (classes + 1) % 3  # the same partition, renamed
    ax = dm.plot_cluster_confusion(classes, clusters)
    table = ax.images[0].get_array()
    assert np.array_equal(np.asarray(table), np.diag([4, 4, 4]))


def test_cocluster_plot_shows_the_block_joint_and_rejects_vectors():
    import matplotlib

    matplotlib.use("Agg")
    blocks = np.array([[0.4, 0.1], [0.0, 0.5]])
    ax = dm.plot_cocluster_matrix(blocks, title="p")
    assert np.allclose(np.asarray(ax.images[0].get_array()), blocks) and ax.get_title() == "p"
    with pytest.raises(ValueError, match="blocks"):
        dm.plot_cocluster_matrix(np.ones(3))


def test_size_entropy_is_one_for_equal_clusters_and_zero_for_one_cluster():
    assert float(dm.deepcc_size_entropy(torch.tensor([5, 5, 5, 5]))) == pytest.approx(1.0)
    assert float(dm.deepcc_size_entropy(torch.tensor([0, 12, 0]))) == pytest.approx(0.0)
    # two of four clusters equally full: log 2 / log 4
    assert float(dm.deepcc_size_entropy(torch.tensor([3, 0, 3, 0]))) == pytest.approx(0.5)
    middle = float(dm.deepcc_size_entropy(torch.tensor([10, 1, 1])))
    assert 0.0 < middle < 1.0


def test_train_deepcc_records_row_cluster_sizes_and_the_start_read_through_gamma():
    data, cfg = _block_data(), _tiny_settings(pretrain_epochs=2, epochs=3, init_steps=5)
    result = dm.train_deepcc(data, cfg, seed=0, device="cpu")
    assert result.row_cluster_sizes.shape == (cfg.epochs + 1, 3)
    assert (result.row_cluster_sizes.sum(1) == 60).all()
    assert np.array_equal(result.row_cluster_sizes[-1], np.bincount(result.row_labels, minlength=3))
    assert np.array_equal(result.row_cluster_sizes[0], np.bincount(result.start_row_labels, minlength=3))
    entropy = result.history.frame()["row_size_entropy"].dropna().to_numpy()
    want = [float(dm.deepcc_size_entropy(torch.as_tensor(s))) for s in result.row_cluster_sizes[1:]]
    assert entropy == pytest.approx(want)


def _tuning_table():
    rows = []
    for name in ("A", "B"):
        for lr, weight, j, end in ((1e-3, 1.0, 0.5, 0.3), (1e-4, 1.0, 0.7, 0.97), (1e-4, 0.1, 0.6, 0.96)):
            rows.append(dict(dataset=name, lr_joint=lr, lambda_mi=weight, J_last=j,
                             size_entropy_start=1.0, size_entropy_last=end,
                             nmi_ae_kmeans=0.5, nmi_deepcc=0.5))
    return pd.DataFrame(rows)


def test_choose_joint_skips_collapsed_settings_then_takes_the_lowest_objective():
    # (1e-3, 1) has the lowest J but collapses (entropy 1.0 -> 0.3); (1e-4, 0.1) beats (1e-4, 1) on J
    assert dm.choose_deepcc_joint(_tuning_table()) == (1e-4, 0.1)
    table = _tuning_table()
    table.loc[(table.dataset == "B") & (table.lambda_mi == 0.1), "size_entropy_last"] = 0.5
    assert dm.choose_deepcc_joint(table) == (1e-4, 1.0)   # one collapsed dataset is enough to drop it


def test_choose_joint_reads_no_label_column():
    table = _tuning_table()
    shuffled = table.assign(nmi_deepcc=np.linspace(0.1, 0.9, len(table))[::-1],
                            nmi_ae_kmeans=np.linspace(0.9, 0.1, len(table)))
    assert dm.choose_deepcc_joint(shuffled) == dm.choose_deepcc_joint(table)
    assert dm.choose_deepcc_joint(table.drop(columns=["nmi_deepcc", "nmi_ae_kmeans"])) == (1e-4, 0.1)


def test_choose_joint_rejects_bad_input():
    with pytest.raises(ValueError, match="tuning"):
        dm.choose_deepcc_joint(_tuning_table().drop(columns=["J_last"]))
    with pytest.raises(ValueError, match="keep"):
        dm.choose_deepcc_joint(_tuning_table(), keep=1.5)
    with pytest.raises(ValueError, match="collapses"):
        dm.choose_deepcc_joint(_tuning_table().assign(size_entropy_last=0.1))
