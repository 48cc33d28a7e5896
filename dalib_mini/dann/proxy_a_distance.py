r"""The proxy A-distance (Ben-David et al., 2007; used for DANN in the journal version, Ganin et
al., JMLR 2016, Section 5.1.5 "Proxy distance"):

.. math:: \hat d_A = 2\,(1 - 2\epsilon),

where :math:`\epsilon` is the test error of a *linear* classifier trained to tell source
features from target features. :math:`\hat d_A = 2` when the domains are perfectly separable,
0 when the classifier is at chance; it goes below 0 only when the classifier is worse than
chance on the held-out half (noise at a small sample).

Here the classifier is scikit-learn's logistic regression on standardised features (the journal
uses a linear SVM), fitted on one random half of the points of each domain and scored on the
other half.
"""
from __future__ import annotations

import numpy as np

from ..validation import check_feature_sets

__all__ = ["proxy_a_distance", "domain_classifier_error"]


def domain_classifier_error(source_features, target_features, *, seed: int = 0,
                            C: float = 1.0) -> float:
    """Held-out error :math:`\\epsilon` of a linear domain classifier.

    Args:
        source_features: ``(N_s, D)`` (tensor or array).
        target_features: ``(N_t, D)``, the same ``D``.
        seed: the random split of each domain into a training and a test half.
        C: inverse L2 strength of the logistic regression.

    Returns:
        the fraction of test-half points whose domain the classifier gets wrong (the test
        half is balanced like the data: half of each domain's points).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    xs, xt = check_feature_sets(source_features, target_features,
                                ("source_features", "target_features"), min_rows=4,
                                why="(two per half)")
    if not C > 0:
        raise ValueError(f"C must be > 0, got {C}")
    rng = np.random.default_rng(seed)
    halves = []
    for x, d in ((xs, 0), (xt, 1)):
        order = rng.permutation(len(x))
        cut = len(x) // 2
        halves.append(((x[order[:cut]], np.full(cut, d)), (x[order[cut:]], np.full(len(x) - cut, d))))
    fit_x = np.concatenate([halves[0][0][0], halves[1][0][0]])
    fit_y = np.concatenate([halves[0][0][1], halves[1][0][1]])
    test_x = np.concatenate([halves[0][1][0], halves[1][1][0]])
    test_y = np.concatenate([halves[0][1][1], halves[1][1][1]])
    clf = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=2000))
    clf.fit(fit_x, fit_y)
    return float((clf.predict(test_x) != test_y).mean())


def proxy_a_distance(source_features, target_features, *, seed: int = 0, C: float = 1.0) -> float:
    """:math:`\\hat d_A = 2(1 - 2\\epsilon)` with :math:`\\epsilon` from
    :func:`domain_classifier_error` (same arguments). In [-2, 2]; 2 = separable domains."""
    return 2.0 * (1.0 - 2.0 * domain_classifier_error(source_features, target_features,
                                                       seed=seed, C=C))
