import itertools

import numpy as np
import pytest
import torch
from sklearn.metrics import accuracy_score, normalized_mutual_info_score

import dalib_mini as dm

rng = np.random.default_rng(0)


def test_accuracy_matches_scikit_learn_and_takes_scores():
    pred, target = rng.integers(0, 4, 200), rng.integers(0, 4, 200)
    assert dm.accuracy(pred, target) == pytest.approx(accuracy_score(target, pred))
    scores = torch.nn.functional.one_hot(torch.as_tensor(pred), 4).float()
    assert dm.accuracy(scores, torch.as_tensor(target)) == pytest.approx(accuracy_score(target, pred))


def test_cluster_accuracy_is_one_under_any_relabelling():
    labels = rng.integers(0, 5, 100)
    permutation = np.array([3, 0, 4, 1, 2])
    assert dm.cluster_accuracy(labels, permutation[labels]) == 1.0


def test_cluster_accuracy_equals_best_permutation_by_brute_force():
    truth, clusters = rng.integers(0, 4, 60), rng.integers(0, 4, 60)
    best = max(np.mean(np.array(p)[clusters] == truth) for p in itertools.permutations(range(4)))
    assert dm.cluster_accuracy(truth, clusters) == pytest.approx(best)


def test_purity_by_hand():
    truth = [0, 0, 0, 1, 1, 1, 2, 2]
    clusters = [0, 0, 1, 1, 1, 1, 1, 2]
    # cluster 0 -> {0,0}: 2; cluster 1 -> {0,1,1,1,2}: 3; cluster 2 -> {2}: 1
    assert dm.purity(truth, clusters) == pytest.approx(6 / 8)


def test_purity_is_one_for_singleton_clusters_and_not_below_cluster_accuracy():
    truth = rng.integers(0, 3, 50)
    assert dm.purity(truth, np.arange(50)) == 1.0
    clusters = rng.integers(0, 3, 50)
    assert dm.purity(truth, clusters) >= dm.cluster_accuracy(truth, clusters)


def test_nmi_matches_scikit_learn():
    truth, clusters = rng.integers(0, 3, 80), rng.integers(0, 4, 80)
    assert dm.nmi(truth, clusters) == pytest.approx(normalized_mutual_info_score(truth, clusters))


def test_rmse_by_hand_with_and_without_mask():
    pred = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    target = torch.tensor([[1.0, 0.0], [3.0, 5.0]])
    assert dm.rmse(pred, target) == pytest.approx(np.sqrt((4 + 1) / 4))
    mask = torch.tensor([[True, False], [False, True]])
    assert dm.rmse(pred, target, mask) == pytest.approx(np.sqrt(1 / 2))


def test_metrics_reject_bad_input():
    with pytest.raises(ValueError, match="same length"):
        dm.accuracy([0, 1], [0, 1, 1])
    with pytest.raises(ValueError, match="1-D"):
        dm.nmi(np.zeros((2, 2)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="same shape"):
        dm.rmse(torch.zeros(3), torch.zeros(4))
    with pytest.raises(ValueError, match="at least one entry"):
        dm.rmse(torch.zeros(3), torch.zeros(3), torch.zeros(3, dtype=torch.bool))
    with pytest.raises(ValueError, match="must not be empty"):
        dm.purity([], [])


def test_frechet_distance_matches_the_closed_form_for_independent_coordinates():
    # For diagonal covariances the distance is sum_d (m_a - m_b)^2 + (s_a - s_b)^2,
    # computed here from the sample moments independently of the matrix square root.
    rng = np.random.default_rng(0)
    a = rng.normal([0.0, 1.0, -2.0], [1.0, 0.5, 2.0], size=(20000, 3))
    b = rng.normal([1.0, 1.0, 0.0], [2.0, 0.5, 1.0], size=(20000, 3))
    # the sample covariances are diagonal up to sampling noise, hence the 5 % tolerance
    expected = float(((a.mean(0) - b.mean(0)) ** 2).sum()
                     + ((a.std(0, ddof=1) - b.std(0, ddof=1)) ** 2).sum())
    got = dm.frechet_distance(a, b)
    assert abs(got - expected) < 0.05 * expected
    assert abs(got - (1.0 + 4.0 + 1.0 + 1.0)) < 0.2  # population value: 7


def test_frechet_distance_is_symmetric_and_zero_on_identical_sets():
    rng = np.random.default_rng(1)
    a = torch.tensor(rng.normal(size=(500, 4)))
    b = torch.tensor(rng.normal(size=(400, 4)) @ rng.normal(size=(4, 4)))
    assert abs(dm.frechet_distance(a, a)) < 1e-6
    assert abs(dm.frechet_distance(a, b) - dm.frechet_distance(b, a)) < 1e-6 * dm.frechet_distance(a, b)
    assert dm.frechet_distance(a, b) > 0.5


def test_frechet_distance_rejects_bad_input():
    good = np.zeros((10, 3)) + np.arange(10)[:, None]
    with pytest.raises(ValueError, match="features_a must be a 2-D"):
        dm.frechet_distance(np.zeros(10), good)
    with pytest.raises(ValueError, match="same width"):
        dm.frechet_distance(good, good[:, :2])
    with pytest.raises(ValueError, match="at least 2 rows"):
        dm.frechet_distance(good[:1], good)
    bad = good.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="features_b holds NaN"):
        dm.frechet_distance(good, bad)
