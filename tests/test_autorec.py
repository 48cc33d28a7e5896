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
