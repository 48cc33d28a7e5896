"""AutoRec chapter: the masked objective, the model, the rating matrix, the protocol, training."""
import dataclasses

import numpy as np
import pandas as pd
import pytest
import torch

import dalib_mini as dm
from dalib_mini.autorec import exercises
from dalib_mini.solutions import autorec as solutions


def _tiny_cfg(**overrides):
    """The quick settings, shrunk to the 30-user x 40-item toy problem."""
    return dm.chapter_settings("autorec", "quick", **{
        "hidden": 8, "epochs": 60, "lr": 1e-2, "eval_every": 20, "mf_rank": 2, "mf_epochs": 60,
        "mf_lr": 1e-2, "validation_fraction": 0.2, "lam_grid": (0.1, 10.0),
        "mf_lam_grid": (0.1, 10.0), **overrides})


def _tiny_ratings(seed=0, n_users=30, n_items=40, rank=2, density=0.5):
    """Ratings of a rank-2 taste model, rounded to the 1-5 scale."""
    gen = np.random.default_rng(seed)
    scores = 3 + 1.2 * gen.normal(size=(n_users, rank)) @ gen.normal(size=(rank, n_items)) / rank ** 0.5
    users, items = np.nonzero(gen.random((n_users, n_items)) < density)
    return pd.DataFrame({"user": users + 1, "item": items + 1,
                         "rating": np.clip(np.rint(scores[users, items]), 1, 5)})


# --- masked objective, Eq. (2) ---------------------------------------------------------------
def test_masked_mse_equals_the_hand_sum_over_observed_entries():
    pred = torch.tensor([[1.0, 2.0], [3.0, 9.0]])
    target = torch.tensor([[2.0, 0.0], [5.0, 0.0]])
    mask = target > 0
    assert dm.masked_mse(pred, target, mask).item() == pytest.approx(1.0 + 4.0)
    assert dm.masked_mse(pred, target, mask, reduction="mean").item() == pytest.approx(2.5)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_gradient_of_masked_mse_is_exactly_zero_on_unobserved_outputs(dtype):
    pred = torch.randn(5, 7, dtype=dtype).mul(1e3).requires_grad_()
    mask = torch.rand(5, 7) < 0.3
    target = torch.randint(1, 6, (5, 7)).to(dtype) * mask
    dm.masked_mse(pred, target, mask).backward()
    assert torch.all(pred.grad[~mask] == 0)
    assert torch.allclose(pred.grad[mask], 2 * (pred - target).detach()[mask])


def test_masked_mse_passes_gradcheck():
    pred = torch.randn(3, 4, dtype=torch.float64, requires_grad=True)
    target, mask = torch.randn(3, 4, dtype=torch.float64), torch.rand(3, 4) < 0.5
    assert torch.autograd.gradcheck(lambda p: dm.masked_mse(p, target, mask), (pred,))


def test_masked_mse_rejects_mismatched_shapes_and_unknown_reduction():
    with pytest.raises(ValueError, match="mask"):
        dm.masked_mse(torch.zeros(2, 3), torch.zeros(2, 3), torch.zeros(3, 2, dtype=torch.bool))
    with pytest.raises(ValueError, match="reduction"):
        dm.masked_mse(torch.zeros(2), torch.zeros(2), torch.ones(2, dtype=torch.bool), "max")


def test_regularizer_is_half_lambda_times_squared_frobenius_norms_of_v_and_w():
    model = dm.AutoRec(6, hidden=4)
    expected = 0.5 * 3.0 * (model.encoder.weight.pow(2).sum() + model.decoder.weight.pow(2).sum())
    assert dm.autorec_regularizer(model, 3.0).item() == pytest.approx(expected.item())
    with pytest.raises(ValueError, match="lam"):
        dm.autorec_regularizer(model, -1.0)


def test_objective_is_masked_sum_of_squares_plus_regularizer_of_eq_2():
    torch.manual_seed(0)
    model = dm.AutoRec(6, hidden=4)
    target = torch.randint(0, 6, (5, 6)).float()
    mask = target > 0
    objective, squared_error = dm.autorec_objective(model, target.to_sparse(), target, mask, 2.0)
    with torch.no_grad():
        by_hand = ((model(target) - target) ** 2 * mask).sum()
    assert squared_error.item() == pytest.approx(by_hand.item(), rel=1e-6)
    assert objective.item() == pytest.approx(
        by_hand.item() + dm.autorec_regularizer(model, 2.0).item(), rel=1e-6)
    objective.backward()
    assert model.encoder.weight.grad is not None and model.decoder.weight.grad is not None


# --- model, Eq. (1) --------------------------------------------------------------------------
def test_autorec_maps_rating_vectors_to_same_shape_dense_or_sparse():
    model = dm.AutoRec(9, hidden=5)
    x = torch.randint(0, 6, (4, 9)).float()
    assert model(x).shape == (4, 9) and model.encode(x).shape == (4, 5)
    assert torch.allclose(model(x.to_sparse()), model(x), atol=1e-6)


def test_sigmoid_output_stays_on_the_rating_scale_and_bad_activation_is_refused():
    model = dm.AutoRec(8, hidden=3, output_activation="sigmoid")
    out = model(torch.randn(10, 8) * 100)
    assert out.min() >= 1 and out.max() <= 5
    with pytest.raises(ValueError, match="hidden_activation"):
        dm.AutoRec(8, hidden_activation="relu")


def test_identity_autorec_predicts_a_matrix_of_rank_at_most_k():
    k = 3
    model = dm.AutoRec(20, hidden=k, hidden_activation="identity").double()
    with torch.no_grad():
        scores = model(torch.randint(0, 6, (30, 20)).double())
    without_output_bias = scores - model.decoder.bias
    assert torch.linalg.matrix_rank(without_output_bias).item() <= k
    assert torch.linalg.matrix_rank(scores).item() <= k + 1


# --- rating matrix, validation, protocol -------------------------------------------------------
def test_rating_matrix_is_sparse_item_by_user_or_user_by_item():
    item_based = dm.rating_matrix([1, 2, 2], [3, 1, 3], [5, 4, 1], n_users=2, n_items=3)
    assert item_based.is_sparse and item_based.shape == (3, 2)
    dense = item_based.to_dense()
    assert dense[2, 0] == 5 and dense[0, 1] == 4 and dense[2, 1] == 1 and dense.count_nonzero() == 3
    user_based = dm.rating_matrix([1, 2, 2], [3, 1, 3], [5, 4, 1], 2, 3, item_based=False, sparse=False)
    assert torch.equal(user_based, dense.T)


@pytest.mark.parametrize("ratings", [[0, 3], [3, 6], [3, float("nan")]])
def test_ratings_outside_one_to_five_are_refused_naming_the_argument(ratings):
    with pytest.raises(ValueError, match="ratings must lie in"):
        dm.rating_matrix([1, 2], [1, 1], ratings, n_users=2, n_items=2)


def test_duplicate_pairs_and_ids_out_of_range_are_refused():
    with pytest.raises(ValueError, match="users/items.*rated item 1 2 times"):
        dm.rating_matrix([1, 1], [1, 1], [3, 4], n_users=2, n_items=2)
    with pytest.raises(ValueError, match="items must be integer ids"):
        dm.rating_matrix([1], [3], [3], n_users=2, n_items=2)
    frame = pd.DataFrame({"user": [1, 1], "item": [2, 2], "rating": [3, 3]})
    with pytest.raises(ValueError, match="users/items"):
        dm.split_ratings(frame, 2, 2)


def test_predictions_are_clipped_and_unseen_or_unknown_ids_get_three():
    scores = torch.tensor([[7.0, 0.5], [2.5, 4.0]])  # items x users
    seen_users, seen_items = np.array([True, False]), np.array([True, True])
    got = dm.predict_with_defaults(scores, users=[1, 1, 2, 1, 9], items=[1, 2, 1, 0, 1],
                                   seen_users=seen_users, seen_items=seen_items)
    assert got.tolist() == [5.0, 2.5, 3.0, 3.0, 3.0]


def test_split_is_random_disjoint_reproducible_and_validation_leaves_test_alone():
    ratings = _tiny_ratings()
    split = dm.split_ratings(ratings, 30, 40, test_fraction=0.1, seed=3)
    assert len(split.test) == round(0.1 * len(ratings)) and len(split.train) + len(split.test) == len(ratings)
    key = lambda f: set(zip(f.user, f.item))  # noqa: E731
    assert not key(split.train) & key(split.test)
    assert key(dm.split_ratings(ratings, 30, 40, 0.1, seed=3).test) == key(split.test)
    val = split.carve_validation(0.2)
    assert key(val.train) | key(val.test) == key(split.train)


# --- training ----------------------------------------------------------------------------------
def test_settings_are_one_frozen_dataclass_per_profile():
    quick, full = dm.chapter_settings("autorec", "quick"), dm.chapter_settings("autorec", "full")
    assert type(quick) is type(full) is dm.AutoRecSettings
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.epochs = 1
    with pytest.raises(KeyError, match="epoch"):
        dm.chapter_settings("autorec", "quick", epoch=3)
    assert not hasattr(dm, "AUTOREC_MODELS") and not hasattr(dm, "check_masked_loss")
    assert dm.autorec.AUTOREC_MODELS == ("I-AutoRec", "U-AutoRec", "BiasedMF")


def test_training_lowers_the_objective_and_beats_the_global_mean():
    split = dm.split_ratings(_tiny_ratings(), 30, 40, 0.1, seed=0)
    result = dm.train_autorec(split, _tiny_cfg(), seed=0, device="cpu", model="I-AutoRec", lam=1.0)
    assert isinstance(result, dm.AutoRecResult) and isinstance(result.model, dm.AutoRec)
    assert result.item_based and result.model.encoder.in_features == 30
    losses = result.history["loss"]
    assert losses[-1] < 0.5 * losses[0]
    baseline = dm.rmse(dm.global_mean_predictions(split), split.test.rating.values.astype(float))
    assert result.history.last("test_rmse") < baseline
    assert result.history.last("test_rmse") == pytest.approx(dm.evaluate_rmse(result.model, split))


def test_training_is_seeded_by_the_trainer():
    split = dm.split_ratings(_tiny_ratings(), 30, 40, 0.1, seed=0)
    cfg = _tiny_cfg(epochs=5)
    runs = [dm.train_autorec(split, cfg, seed=seed, device="cpu", model="U-AutoRec", lam=1.0)
            for seed in (3, 3, 4)]
    assert not runs[0].item_based and runs[0].model.encoder.in_features == 40
    assert runs[0].history["loss"] == runs[1].history["loss"] != runs[2].history["loss"]


def test_activations_come_from_the_settings():
    split = dm.split_ratings(_tiny_ratings(), 30, 40, 0.1, seed=0)
    cfg = _tiny_cfg(epochs=1, hidden_activation="identity", output_activation="sigmoid")
    model = dm.train_autorec(split, cfg, seed=0, device="cpu", model="I-AutoRec", lam=1.0).model
    assert (model.hidden_activation, model.output_activation) == ("identity", "sigmoid")


def test_biased_mf_trains_with_the_same_loop_and_bad_optimizer_is_refused():
    split = dm.split_ratings(_tiny_ratings(), 30, 40, 0.1, seed=1)
    cfg = _tiny_cfg(eval_every=30)
    result = dm.train_autorec(split, cfg, seed=0, device="cpu", model="BiasedMF", lam=0.5)
    history = result.history
    assert isinstance(result.model, dm.BiasedMF) and result.model.row_factors.shape == (40, 2)
    assert history["loss"][-1] < history["loss"][0] and len(history["test_rmse"]) == 2
    with pytest.raises(ValueError, match="optimizer"):
        dm.train_autorec(split, dataclasses.replace(cfg, optimizer="sgd"), seed=0, device="cpu",
                         model="BiasedMF", lam=0.5)


def test_movielens_rating_matrix_holds_all_100k_ratings():
    ml = dm.load_movielens_100k_from_wheel()
    matrix = dm.rating_matrix(ml.ratings.user, ml.ratings.item, ml.ratings.rating, ml.n_users, ml.n_items)
    assert matrix.shape == (1682, 943) and matrix._nnz() == 100_000


# --- exercises -----------------------------------------------------------------------------------
@pytest.mark.parametrize("check, good, bad", [
    (exercises.check_masked_loss, solutions.masked_squared_error,
     lambda p, t, m: ((p - t) ** 2 * m).mean()),
    (exercises.check_parameter_count, solutions.autorec_parameter_count, lambda d, k: 2 * d * k),
    (exercises.check_default_and_clip, solutions.default_and_clip, lambda raw, known: np.clip(raw, 1, 5)),
])
def test_exercise_checks_accept_the_solution_and_reject_a_wrong_answer(check, good, bad):
    check(good)
    with pytest.raises(AssertionError):
        check(bad)


def test_choose_lambda_uses_only_training_ratings_and_run_split_scores_every_model():
    cfg = _tiny_cfg(hidden=6, epochs=20, eval_every=10, mf_epochs=20)
    models = dm.autorec.AUTOREC_MODELS
    split = dm.split_ratings(_tiny_ratings(), 30, 40, 0.1, seed=0)
    lambdas, table = dm.choose_lambda(split, cfg, seed=0, device="cpu")
    assert set(lambdas) == set(models) and len(table) == 6
    validation = split.carve_validation(cfg.validation_fraction)
    again = dm.train_autorec(validation, dataclasses.replace(cfg, eval_every=10**9), seed=0,
                             device="cpu", model="U-AutoRec", lam=10.0)
    row = table[(table.model == "U-AutoRec") & (table["lambda"] == 10.0)]
    assert row.validation_rmse.item() == again.history.last("test_rmse")
    assert len(again.history["test_rmse"]) == 1  # evaluated once, after the last epoch
    result = dm.run_autorec_split(split, cfg, seed=0, device="cpu", lambdas=lambdas)
    assert isinstance(result, dm.AutoRecSplitResult)
    assert set(result.rmse) == {*models, "global mean", "item mean"}
    assert set(result.models) == set(result.histories) == set(models)
    assert all(0 < v < 4 for v in result.rmse.values())
    with pytest.raises(ValueError, match="name"):
        dm.build_rating_model("V-AutoRec", split, cfg)


# --- deep variant, one step, convergence criterion ---------------------------------------------
def test_deep_autorec_maps_vectors_to_same_shape_and_penalises_every_weight():
    model = dm.DeepAutoRec(9, hidden=(6, 3, 6))
    x = torch.randint(0, 6, (4, 9)).float()
    assert model(x).shape == (4, 9) and model.encode(x).shape == (4, 6)
    assert torch.allclose(model(x.to_sparse()), model(x), atol=1e-6)
    assert len(model.regularized_weights()) == 4
    with pytest.raises(ValueError, match="hidden size"):
        dm.DeepAutoRec(9, hidden=(6, 0))
    with pytest.raises(ValueError, match="output_activation"):
        dm.DeepAutoRec(9, output_activation="tanh")


def test_build_rating_model_builds_the_deep_variant_item_based():
    split = dm.split_ratings(_tiny_ratings(), 30, 40, 0.1, seed=0)
    model, item_based = dm.build_rating_model(dm.autorec.DEEP_MODEL, split,
                                              _tiny_cfg(deep_hidden=(5, 2, 5)))
    assert isinstance(model, dm.DeepAutoRec) and item_based
    assert [layer.out_features for layer in model.layers] == [5, 2, 5, 30]


@pytest.mark.parametrize("optimizer", ["rprop", "lbfgs"])
def test_autorec_step_returns_the_objective_before_the_step_and_lowers_it(optimizer):
    torch.manual_seed(0)
    model = dm.AutoRec(6, hidden=4)
    target = torch.randint(0, 6, (5, 6)).float()
    mask = target > 0
    before = dm.autorec_objective(model, target, target, mask, 1.0)[0].item()
    opt = (torch.optim.Rprop(model.parameters(), lr=1e-2) if optimizer == "rprop" else
           torch.optim.LBFGS(model.parameters(), max_iter=1, line_search_fn="strong_wolfe"))
    objective, squared_error = dm.autorec_step(model, opt, target, target, mask, 1.0)
    assert objective.item() == pytest.approx(before)
    assert squared_error.item() <= objective.item()
    assert dm.autorec_objective(model, target, target, mask, 1.0)[0].item() < before


def test_objective_change_is_the_relative_decrease_over_the_window():
    assert dm.objective_change([4.0, 3.0, 2.0], window=2) == pytest.approx(0.5)
    assert dm.objective_change([2.0] * 11) == 0.0
    with pytest.raises(ValueError, match="losses"):
        dm.objective_change([1.0, 0.5], window=2)


def test_tol_turns_epochs_into_a_cap_and_reports_convergence():
    split = dm.split_ratings(_tiny_ratings(), 30, 40, 0.1, seed=0)
    fixed = dm.train_autorec(split, _tiny_cfg(epochs=25), seed=0, device="cpu",
                             model="I-AutoRec", lam=1.0)
    assert fixed.epochs == 25 and fixed.converged is None
    loose = dm.train_autorec(split, _tiny_cfg(epochs=60, tol=10.0), seed=0, device="cpu",
                             model="I-AutoRec", lam=1.0)
    assert loose.epochs == 20 and loose.converged is True  # first check after 20 epochs
    assert loose.history.frame().step.max() == 20 and loose.history["test_rmse"]
    strict = dm.train_autorec(split, _tiny_cfg(epochs=30, tol=-1.0), seed=0, device="cpu",
                              model="I-AutoRec", lam=1.0)
    assert strict.epochs == 30 and strict.converged is False


# --- linear AutoRec against the truncated SVD -----------------------------------------------------
def _low_rank_matrix(seed=0, n=30, d=20, density=0.4):
    gen = torch.Generator().manual_seed(seed)
    full = 3 + torch.randn(n, 3, generator=gen, dtype=torch.float64) @ torch.randn(
        3, d, generator=gen, dtype=torch.float64) * 0.6
    mask = torch.rand(n, d, generator=gen) < density
    return torch.where(mask, full.clamp(1, 5), torch.zeros_like(full)), mask


def test_truncated_svd_error_equals_the_tail_of_the_centred_spectrum():
    matrix, mask = _low_rank_matrix()
    recon, tail = dm.truncated_svd_reconstruction(matrix, 4)
    assert dm.reconstruction_errors(recon, matrix, mask)["all"] == pytest.approx(tail, rel=1e-9)
    assert torch.linalg.matrix_rank(recon - matrix.mean(0)).item() == 4
    with pytest.raises(ValueError, match="rank"):
        dm.truncated_svd_reconstruction(matrix, 20)
    with pytest.raises(ValueError, match="dense"):
        dm.truncated_svd_reconstruction(matrix.to_sparse(), 2)


def test_linear_autorec_fitting_every_entry_reaches_the_eckart_young_optimum():
    matrix, mask = _low_rank_matrix()
    _, tail = dm.truncated_svd_reconstruction(matrix, 3)
    model = dm.fit_linear_autorec(matrix, torch.ones_like(mask), 3, seed=0, device="cpu",
                                  epochs=600, lr=1e-2)
    with torch.no_grad():
        error = dm.reconstruction_errors(model(matrix), matrix, mask)["all"]
    assert tail <= error * (1 + 1e-9) and error <= 1.01 * tail


def test_masked_linear_autorec_beats_the_svd_on_observed_entries_and_loses_on_all():
    matrix, mask = _low_rank_matrix(seed=1)
    recon, _ = dm.truncated_svd_reconstruction(matrix, 3)
    model = dm.fit_linear_autorec(matrix, mask, 3, seed=0, device="cpu", epochs=400, lr=1e-2)
    with torch.no_grad():
        ours = dm.reconstruction_errors(model(matrix), matrix, mask)
    svd = dm.reconstruction_errors(recon, matrix, mask)
    assert ours["observed"] < svd["observed"] and ours["all"] > svd["all"]
    with pytest.raises(ValueError, match="mask"):
        dm.fit_linear_autorec(matrix, mask[:, :5], 3, seed=0, device="cpu")


def test_reconstruction_errors_sum_observed_and_all_entries():
    recon = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    matrix = torch.tensor([[2.0, 0.0], [3.0, 0.0]])
    errors = dm.reconstruction_errors(recon, matrix, matrix > 0)
    assert errors == {"observed": 1.0, "all": 1.0 + 4.0 + 16.0}
    with pytest.raises(ValueError, match="one shape"):
        dm.reconstruction_errors(recon, matrix[:1], matrix > 0)


# --- diagnostics -----------------------------------------------------------------------------------
def test_rating_count_summary_counts_users_and_items_with_zeros():
    ratings = pd.DataFrame({"user": [1, 1, 1, 2], "item": [1, 2, 3, 1], "rating": [5, 4, 3, 2]})
    summary = dm.rating_count_summary(ratings, n_users=2, n_items=4)
    assert summary.loc["user", "mean"] == 2.0 and summary.loc["user", "min"] == 1
    assert summary.loc["item", "mean"] == 1.0 and summary.loc["item", "min"] == 0
    assert summary.loc["item", "share < 10"] == 1.0


def test_rmse_by_training_count_groups_test_ratings_by_popularity():
    train = pd.DataFrame({"user": [1, 2, 3, 1], "item": [1, 1, 1, 2], "rating": [3.0] * 4})
    test = pd.DataFrame({"user": [2, 3, 1], "item": [2, 2, 3], "rating": [4.0, 4.0, 1.0]})
    split = dm.RatingSplit(train=train, test=test, n_users=3, n_items=3)
    table = dm.rmse_by_training_count(split, {"a": np.array([3.0, 5.0, 3.0])}, by="item",
                                      bins=(0, 1, 2, 10))
    assert table["test ratings"].tolist() == [1, 2, 0]
    assert table["a"].iloc[0] == pytest.approx(2.0)             # item 3: no training rating
    assert table["a"].iloc[1] == pytest.approx(1.0)             # item 2: one training rating
    with pytest.raises(ValueError, match="predictions"):
        dm.rmse_by_training_count(split, {"a": np.zeros(2)})
    with pytest.raises(ValueError, match="by"):
        dm.rmse_by_training_count(split, {"a": np.zeros(3)}, by="genre")


def test_rarest_genre_picks_the_least_shared_genre_of_each_movie():
    items = pd.DataFrame({"Drama": [1, 1, 1, 0], "War": [0, 1, 0, 0], "Comedy": [1, 0, 1, 0]})
    assert dm.rarest_genre(items, ["Drama", "War", "Comedy"]).tolist()[:3] == ["Comedy", "War",
                                                                             "Comedy"]
    assert pd.isna(dm.rarest_genre(items, ["Drama", "War", "Comedy"]).iloc[3])
    with pytest.raises(ValueError, match="genres"):
        dm.rarest_genre(items.assign(Western=0), ["Drama", "Western"])


def test_knn_genre_accuracy_finds_clusters_and_shuffled_labels_do_not():
    gen = np.random.default_rng(0)
    labels = np.repeat(["a", "b", "c"], 30)
    centres = {"a": [5, 0, 0], "b": [0, 5, 0], "c": [0, 0, 5]}
    features = np.array([centres[c] for c in labels]) + gen.normal(size=(90, 3))
    scores = dm.knn_genre_accuracy(features, labels, neighbors=5)
    assert scores["accuracy"] > 0.95 and scores["shuffled labels"] < 0.6
    with pytest.raises(ValueError, match="features"):
        dm.knn_genre_accuracy(features[:10], labels)


# --- the chapter's new experiments ---------------------------------------------------------------
def test_hidden_units_sweep_trains_every_k_reuses_known_ones_and_the_deep_variant():
    split = dm.split_ratings(_tiny_ratings(), 30, 40, 0.1, seed=0)
    cfg = _tiny_cfg(epochs=10, eval_every=10, hidden_grid=(2, 4, 8), deep_hidden=(6, 3, 6))
    by_k, deep = dm.run_hidden_units_sweep(split, cfg, seed=0, device="cpu", lam=1.0,
                                           known={8: 0.123})
    assert list(by_k) == [2, 4, 8] and by_k[8] == 0.123
    again = dm.train_autorec(split, dataclasses.replace(cfg, hidden=4), seed=0, device="cpu",
                             model="I-AutoRec", lam=1.0)
    assert by_k[4] == again.history.last("test_rmse")
    assert 0 < deep < 4


def test_activation_ablation_trains_every_variant_and_lambda_and_chooses_on_validation():
    split = dm.split_ratings(_tiny_ratings(), 30, 40, 0.1, seed=0)
    cfg = _tiny_cfg(ablation_lam_grid=(0.1, 10.0), ablation_epochs=30, ablation_tol=0.05)
    table = dm.run_activation_ablation(split, cfg, seed=0, device="cpu")
    assert len(table) == 8 and table.chosen.sum() == 4
    assert set(zip(table["f (output)"], table["g (hidden)"])) == set(dm.autorec.ABLATION_ACTIVATIONS)
    assert (table.epochs <= 30).all() and table.test_rmse.between(0, 4).all()
    for _, rows in table.groupby(["f (output)", "g (hidden)"]):
        assert rows.loc[rows.chosen, "validation_rmse"].item() == rows.validation_rmse.min()


def test_quick_profile_sweeps_at_least_four_hidden_sizes_including_the_main_one():
    quick = dm.chapter_settings("autorec", "quick")
    assert len(quick.hidden_grid) >= 4 and quick.hidden in quick.hidden_grid
    assert quick.deep_hidden == (500, 250, 500)
