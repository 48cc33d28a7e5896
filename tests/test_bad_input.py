"""Bad input gets a clear error, never a number (issue 25, section 1).

One case per public loss, metric, bound and model, for each kind of bad input that applies:
labels out of range or NaN, empty input, impossible parameters, the wrong kind of tensor
(probabilities for log-probabilities, a (C, H, W) image for a batch, (N, 1) for (N,), pixels in
[0, 255] for [-1, 1], unnormalized rows), dtype mismatches and out-of-range token ids. Each
asserts the error type and that the message names the offending argument.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import dalib_mini as dm
from dalib_mini import validation

NAN, INF = float("nan"), float("inf")
FAST = settings(max_examples=25, deadline=None)


def _uniform(n, k, dtype=torch.float32):
    return torch.full((n, k), 1.0 / k, dtype=dtype)


_P, _Q = torch.tensor([0.5, 0.5]), torch.tensor([0.2, 0.8])
_STATS = dm.gmm_statistics(torch.randn(4, 2), _uniform(4, 3))
_AUTOREC = dm.AutoRec(3, 4)
_AMN = dm.AdversarialMemoryNetwork(10, 4)
_LOGITS4 = torch.randn(4)

# (id, call, error type, a word the message must contain: the argument's name)
CASES = [
    # core: domain loss and accuracy, metrics
    ("domain_loss label 2", lambda: dm.domain_classification_loss(_LOGITS4, torch.tensor([0, 1, 2, 0])), ValueError, "is_target"),
    ("domain_loss label -1", lambda: dm.domain_classification_loss(_LOGITS4, torch.tensor([0, 1, -1, 0])), ValueError, "is_target"),
    ("domain_loss empty", lambda: dm.domain_classification_loss(torch.zeros(0), torch.zeros(0)), ValueError, "domain_logits"),
    ("domain_loss NaN label", lambda: dm.domain_classification_loss(_LOGITS4, torch.tensor([0, 1, NAN, 0])), ValueError, "is_target"),
    ("domain_accuracy label 2", lambda: dm.domain_accuracy(_LOGITS4, torch.tensor([0, 1, 2, 0])), ValueError, "is_target"),
    ("domain_accuracy empty", lambda: dm.domain_accuracy(torch.zeros(0), torch.zeros(0)), ValueError, "domain_logits"),
    ("domain_accuracy (N,1) vs (N,)", lambda: dm.domain_accuracy(_LOGITS4[:, None], torch.tensor([0, 1, 1, 0])), ValueError, "is_target"),
    ("accuracy (N,1) scores", lambda: dm.accuracy(torch.tensor([[1], [0]]), torch.tensor([1, 0])), ValueError, "pred"),
    ("accuracy NaN", lambda: dm.accuracy(np.array([1.0, NAN]), np.array([1, 0])), ValueError, "pred"),
    ("cluster_accuracy NaN", lambda: dm.cluster_accuracy(np.array([0, 1, NAN]), np.array([0, 1, 1])), ValueError, "labels_true"),
    ("purity NaN", lambda: dm.purity(np.array([0, 1, 1]), np.array([0, 1, NAN])), ValueError, "labels_pred"),
    ("nmi empty", lambda: dm.nmi(np.array([]), np.array([])), ValueError, "labels_true"),
    ("rmse mask 2", lambda: dm.rmse(torch.ones(3), torch.zeros(3), torch.tensor([2, 0, -1])), ValueError, "mask"),
    ("rmse NaN", lambda: dm.rmse(torch.tensor([NAN, 1.0]), torch.zeros(2)), ValueError, "pred"),
    ("gradient_reversal NaN", lambda: dm.gradient_reversal(torch.ones(2), NAN), ValueError, "coeff"),
    ("SmallConvNet (C,H,W)", lambda: dm.SmallConvNet()(torch.randn(1, 28, 28)), ValueError, "x"),
    ("SmallConvNet float64", lambda: dm.SmallConvNet()(torch.randn(2, 1, 28, 28, dtype=torch.float64)), TypeError, "x"),
    ("predict_proba (C,H,W)", lambda: dm.predict_proba(dm.SmallConvNet(), torch.randn(1, 28, 28)), ValueError, "images"),
    # GAN
    ("discriminator_loss dtype", lambda: dm.discriminator_loss(torch.randn(3), torch.randn(3, dtype=torch.float64)), TypeError, "fake_logits"),
    ("discriminator_loss (N,1)", lambda: dm.discriminator_loss(torch.randn(3, 1), torch.randn(3)), ValueError, "real_logits"),
    ("generator_loss_minimax empty", lambda: dm.generator_loss_minimax(torch.zeros(0)), ValueError, "fake_logits"),
    ("generator_loss_non_saturating int", lambda: dm.generator_loss_non_saturating(torch.tensor([1, 2])), ValueError, "fake_logits"),
    ("jensen_shannon empty", lambda: dm.jensen_shannon_divergence(torch.zeros(0), torch.zeros(0)), ValueError, "p"),
    ("jensen_shannon dx 0", lambda: dm.jensen_shannon_divergence(_P, _Q, dx=0), ValueError, "dx"),
    ("jensen_shannon dx -1", lambda: dm.jensen_shannon_divergence(_P, _Q, dx=-1), ValueError, "dx"),
    ("jensen_shannon NaN", lambda: dm.jensen_shannon_divergence(torch.tensor([NAN, 1.0]), _Q), ValueError, "p"),
    ("kl_divergence dx NaN", lambda: dm.kl_divergence(_P, _Q, dx=NAN), ValueError, "dx"),
    ("virtual_training_criterion dx 0", lambda: dm.virtual_training_criterion(_P, _Q, dx=0), ValueError, "dx"),
    ("value_function dx inf", lambda: dm.value_function(_P, _P, _Q, dx=INF), ValueError, "dx"),
    ("optimal_discriminator empty", lambda: dm.optimal_discriminator(torch.zeros(0), torch.zeros(0)), ValueError, "p_data"),
    ("optimal_discriminator dtype", lambda: dm.optimal_discriminator(_P, _Q.double()), TypeError, "p_g"),
    ("parzen (C,H,W) points", lambda: dm.parzen_log_likelihood(torch.rand(1, 28, 28), torch.rand(3, 1, 28, 28), 0.1), ValueError, "points"),
    ("parzen sigma inf", lambda: dm.parzen_log_likelihood(torch.rand(3, 4), torch.rand(3, 4), INF), ValueError, "sigma"),
    ("select_parzen_bandwidth negative", lambda: dm.select_parzen_bandwidth(torch.rand(3, 4), torch.rand(3, 4), [-1.0]), ValueError, "sigma"),
    ("to_unit_range [0, 255]", lambda: dm.to_unit_range(torch.rand(2, 1, 28, 28) * 255), ValueError, "images"),
    ("sample_quality [0, 255]", lambda: dm.sample_quality(dm.SmallConvNet(), torch.rand(2, 1, 28, 28) * 255), ValueError, "samples"),
    ("MLPDiscriminator float64", lambda: dm.MLPDiscriminator(16)(torch.randn(2, 1, 28, 28, dtype=torch.float64)), TypeError, "images"),
    ("DCGANDiscriminator (C,H,W)", lambda: dm.DCGANDiscriminator(8)(torch.randn(1, 28, 28)), ValueError, "images"),
    ("DCGANGenerator wrong z", lambda: dm.DCGANGenerator(8, 8)(torch.randn(2, 9)), ValueError, "z"),
    ("MLPGenerator float64", lambda: dm.MLPGenerator(8, 16)(torch.randn(2, 8, dtype=torch.float64)), TypeError, "z"),
    # DANN
    ("DANNNet (C,H,W)", lambda: dm.DANNNet()(torch.randn(3, 32, 32)), ValueError, "images"),
    ("DANNNet float64", lambda: dm.DANNNet()(torch.randn(2, 3, 32, 32, dtype=torch.float64)), TypeError, "images"),
    ("DANNLabelPredictor float64", lambda: dm.DANNLabelPredictor()(torch.randn(2, 1200, dtype=torch.float64)), TypeError, "features"),
    ("DANNDomainClassifier wrong D", lambda: dm.DANNDomainClassifier()(torch.randn(2, 100)), ValueError, "features"),
    # SRDC
    ("SRDCNet float64", lambda: dm.SRDCNet()(torch.randn(2, 3, 32, 32, dtype=torch.float64)), TypeError, "images"),
    ("target_distribution unnormalized", lambda: dm.target_distribution(torch.rand(4, 3) + 0.5), ValueError, "p"),
    ("auxiliary_objective unnormalized", lambda: dm.auxiliary_objective(torch.rand(4, 3) + 0.5, _uniform(4, 3)), ValueError, "q"),
    ("auxiliary_cross_entropy probabilities as log_p", lambda: dm.auxiliary_cross_entropy(_uniform(4, 3), _uniform(4, 3)), ValueError, "log_p"),
    ("auxiliary_cross_entropy negative weights", lambda: dm.auxiliary_cross_entropy(_uniform(4, 3), _uniform(4, 3).log(), torch.tensor([1.0, -1, 1, 1])), ValueError, "weights"),
    ("auxiliary_cross_entropy NaN weights", lambda: dm.auxiliary_cross_entropy(_uniform(4, 3), _uniform(4, 3).log(), torch.tensor([1.0, NAN, 1, 1])), ValueError, "weights"),
    ("student_t alpha inf", lambda: dm.student_t_assignment(torch.randn(4, 2), torch.randn(3, 2), INF), ValueError, "alpha"),
    ("student_t dtype", lambda: dm.student_t_assignment(torch.randn(4, 2), torch.randn(3, 2, dtype=torch.float64)), TypeError, "centers"),
    ("source_weights dtype", lambda: dm.source_weights(torch.randn(4, 2), torch.tensor([0, 1, 2, 0]), torch.randn(3, 2, dtype=torch.float64)), TypeError, "centroids"),
    ("target_clustering_loss empty", lambda: dm.target_clustering_loss(torch.randn(0, 3)), ValueError, "p"),
    ("source_structural_loss label 5", lambda: dm.source_structural_loss(torch.randn(4, 3), torch.tensor([0, 1, 5, 0])), ValueError, "labels"),
    ("source_structural_loss float labels", lambda: dm.source_structural_loss(torch.randn(4, 3), torch.tensor([0.0, 1, 1, 0])), TypeError, "labels"),
    ("source_structural_loss negative weights", lambda: dm.source_structural_loss(torch.randn(4, 3), torch.tensor([0, 1, 1, 0]), weights=torch.tensor([1.0, -1, 1, 1])), ValueError, "weights"),
    ("class_centroids empty", lambda: dm.class_centroids(torch.randn(0, 2), torch.zeros(0, dtype=torch.long), 3), ValueError, "features"),
    ("class_centroids float labels", lambda: dm.class_centroids(torch.randn(4, 2), torch.tensor([0.0, 1, 1, 0]), 2), TypeError, "labels"),
    ("kmeans_centers NaN", lambda: dm.kmeans_centers(torch.tensor([[NAN, 1.0], [0, 1], [1, 1]]), torch.randn(2, 2)), ValueError, "features"),
    # DeepCC
    ("gmm_statistics unnormalized q", lambda: dm.gmm_statistics(torch.randn(4, 2), torch.rand(4, 3) * 5), ValueError, "q"),
    ("gmm_statistics empty", lambda: dm.gmm_statistics(torch.randn(0, 2), torch.rand(0, 3)), ValueError, "codes"),
    ("gmm_statistics var_floor NaN", lambda: dm.gmm_statistics(torch.randn(4, 2), _uniform(4, 3), var_floor=NAN), ValueError, "var_floor"),
    ("gmm_statistics dtype", lambda: dm.gmm_statistics(torch.randn(4, 2), _uniform(4, 3, torch.float64)), TypeError, "q"),
    ("jensen_lower_bound unnormalized q", lambda: dm.jensen_lower_bound(torch.randn(4, 2), torch.rand(4, 3) * 5, _STATS), ValueError, "q"),
    ("jensen_lower_bound wrong K", lambda: dm.jensen_lower_bound(torch.randn(4, 2), _uniform(4, 2), _STATS), ValueError, "q"),
    ("gmm_log_likelihood wrong E", lambda: dm.gmm_log_likelihood(torch.randn(4, 5), _STATS), ValueError, "codes"),
    ("gmm_posterior (E,)", lambda: dm.gmm_posterior(torch.randn(2), _STATS), ValueError, "codes"),
    ("gmm_log_joint dtype", lambda: dm.gmm_log_joint(torch.randn(4, 2, dtype=torch.float64), _STATS), TypeError, "codes"),
    ("mutual_information NaN", lambda: dm.mutual_information(torch.tensor([[NAN, 0.5], [0.25, 0.25]])), ValueError, "joint"),
    ("mutual_information empty", lambda: dm.mutual_information(torch.zeros(0, 0)), ValueError, "joint"),
    ("assignment_joint unnormalized", lambda: dm.assignment_joint(torch.rand(3, 2) * 4, _uniform(3, 2)), ValueError, "row_q"),
    ("assignment_joint empty", lambda: dm.assignment_joint(torch.zeros(0, 2), torch.zeros(0, 2)), ValueError, "row_q"),
    ("block_joint label 5", lambda: dm.block_joint(torch.full((2, 2), 0.25), torch.tensor([0, 5]), torch.tensor([0, 1]), 2, 2), ValueError, "row_labels"),
    ("coclustering_kl label -1", lambda: dm.coclustering_kl(torch.full((2, 2), 0.25), torch.tensor([0, 1]), torch.tensor([0, -1]), 2, 2), ValueError, "col_labels"),
    ("coclustering_mi_loss unnormalized", lambda: dm.coclustering_mi_loss(_uniform(3, 2), torch.rand(3, 2) * 4), ValueError, "col_q"),
    ("Autoencoder float64", lambda: dm.Autoencoder(4, [3], 2)(torch.rand(2, 4, dtype=torch.float64)), TypeError, "x"),
    ("Autoencoder wrong width", lambda: dm.Autoencoder(4, [3], 2)(torch.rand(2, 5)), ValueError, "x"),
    ("InferenceNetwork float64", lambda: dm.InferenceNetwork(2, 3)(torch.rand(2, 2, dtype=torch.float64)), TypeError, "code"),
    # AutoRec
    ("masked_mse empty mask", lambda: dm.masked_mse(torch.ones(2, 2), torch.ones(2, 2), torch.zeros(2, 2, dtype=torch.bool), reduction="mean"), ValueError, "mask"),
    ("masked_mse empty input", lambda: dm.masked_mse(torch.ones(0, 2), torch.ones(0, 2), torch.zeros(0, 2)), ValueError, "mask"),
    ("masked_mse mask 2", lambda: dm.masked_mse(torch.ones(2, 2), torch.zeros(2, 2), torch.tensor([[2, 0], [-1, 1]])), ValueError, "mask"),
    ("masked_mse dtype", lambda: dm.masked_mse(torch.ones(2, 2), torch.zeros(2, 2, dtype=torch.float64), torch.ones(2, 2)), TypeError, "target"),
    ("autorec_regularizer lam NaN", lambda: dm.autorec_regularizer(_AUTOREC, NAN), ValueError, "lam"),
    ("autorec_regularizer lam inf", lambda: dm.autorec_regularizer(_AUTOREC, INF), ValueError, "lam"),
    ("autorec_objective lam NaN", lambda: dm.autorec_objective(_AUTOREC, torch.rand(2, 3), torch.rand(2, 3), torch.ones(2, 3), NAN), ValueError, "lam"),
    ("AutoRec (d,) row", lambda: _AUTOREC(torch.rand(3)), ValueError, "ratings"),
    ("AutoRec float64", lambda: _AUTOREC(torch.rand(2, 3, dtype=torch.float64)), TypeError, "ratings"),
    # CycleGAN
    ("lsgan_discriminator_loss dtype", lambda: dm.lsgan_discriminator_loss(torch.rand(2), torch.rand(2, dtype=torch.float64)), TypeError, "fake_scores"),
    ("lsgan_discriminator_loss target NaN", lambda: dm.lsgan_discriminator_loss(torch.rand(2), torch.rand(2), real_target=NAN), ValueError, "real_target"),
    ("lsgan_generator_loss target inf", lambda: dm.lsgan_generator_loss(torch.rand(2), target=INF), ValueError, "target"),
    ("cycle_consistency (C,H,W)", lambda: dm.cycle_consistency_loss(torch.rand(3, 4, 4), torch.rand(3, 4, 4)), ValueError, "original"),
    ("cycle_consistency dtype", lambda: dm.cycle_consistency_loss(torch.rand(2, 3, 4, 4), torch.rand(2, 3, 4, 4, dtype=torch.float64)), TypeError, "reconstructed"),
    ("identity_loss (C,H,W)", lambda: dm.identity_loss(torch.rand(3, 4, 4), torch.rand(3, 4, 4)), ValueError, "target_images"),
    ("optimal_lsgan_discriminator NaN", lambda: dm.optimal_lsgan_discriminator(torch.tensor([NAN]), torch.tensor([1.0])), ValueError, "p_data"),
    ("ResnetGenerator float64", lambda: dm.ResnetGenerator(3, 3, 8, 1)(torch.rand(1, 3, 8, 8, dtype=torch.float64)), TypeError, "x"),
    ("PatchGANDiscriminator float64", lambda: dm.PatchGANDiscriminator(3, 8)(torch.rand(1, 3, 16, 16, dtype=torch.float64)), TypeError, "x"),
    ("PatchGANDiscriminator (C,H,W)", lambda: dm.PatchGANDiscriminator(3, 8)(torch.rand(3, 16, 16)), ValueError, "x"),
    # AugGAN
    ("mean_iou empty", lambda: dm.mean_iou(torch.zeros(0, dtype=torch.long), torch.zeros(0, dtype=torch.long), 3), ValueError, "pred"),
    ("segmentation_confusion_matrix label 5", lambda: dm.segmentation_confusion_matrix(torch.tensor([0, 5]), torch.tensor([0, 1]), 3), ValueError, "pred"),
    ("per_class_iou not square", lambda: dm.per_class_iou(torch.rand(2, 3)), ValueError, "confusion"),
    ("weight_sharing_loss dtype", lambda: dm.weight_sharing_loss(torch.rand(3), torch.rand(3, dtype=torch.float64)), TypeError, "weight_p"),
    ("weight_sharing_loss empty", lambda: dm.weight_sharing_loss(torch.rand(0), torch.rand(0)), ValueError, "weight_g"),
    ("soft_sharing_loss no pairs", lambda: dm.soft_sharing_loss([]), ValueError, "pairs"),
    ("AugGANGenerator float64", lambda: dm.AugGANGenerator(3, 3, 4)(torch.rand(1, 3, 16, 16, dtype=torch.float64)), TypeError, "x"),
    ("SceneSegmenter (C,H,W)", lambda: dm.SceneSegmenter()(torch.rand(3, 16, 16)), ValueError, "x"),
    ("SceneSegmenter float64", lambda: dm.SceneSegmenter()(torch.rand(1, 3, 16, 16, dtype=torch.float64)), TypeError, "x"),
    # AMN
    ("AMN token id out of range", lambda: _AMN(torch.tensor([[1, 2, 12]]), torch.ones(1, 3, dtype=torch.bool)), ValueError, "ids"),
    ("AMN negative token id", lambda: _AMN(torch.tensor([[1, 2, -1]]), torch.ones(1, 3, dtype=torch.bool)), ValueError, "ids"),
    ("AMN float ids", lambda: _AMN(torch.tensor([[1.0, 2, 3]]), torch.ones(1, 3, dtype=torch.bool)), TypeError, "ids"),
    ("masked_softmax int mask", lambda: dm.masked_softmax(torch.rand(2, 3), torch.ones(2, 3, dtype=torch.long)), ValueError, "mask"),
    ("MemoryAttention float64", lambda: dm.MemoryAttention(4)(torch.rand(2, 3, 4, dtype=torch.float64), torch.ones(2, 3, dtype=torch.bool)), TypeError, "memory"),
    ("DANNTextNetwork token id out of range", lambda: dm.DANNTextNetwork(10)(torch.tensor([[1, 2, 12]]), torch.ones(1, 3, dtype=torch.bool)), ValueError, "ids"),
    ("DANNTextNetwork vocabulary 0", lambda: dm.DANNTextNetwork(0), ValueError, "vocab_size"),
    # the remaining public models, losses and metrics
    ("DANNFeatureExtractor (C,H,W)", lambda: dm.DANNFeatureExtractor()(torch.randn(3, 28, 28)), ValueError, "images"),
    ("DeepAutoRec no inputs", lambda: dm.DeepAutoRec(0), ValueError, "n_inputs"),
    ("DeepAutoRec wrong width", lambda: dm.DeepAutoRec(5)(torch.randn(2, 4)), ValueError, "ratings"),
    ("build_rating_model unknown", lambda: dm.build_rating_model("X", None, None), ValueError, "name"),
    ("covariance_penalty tensor", lambda: dm.covariance_penalty(torch.ones(3)), TypeError, "stats"),
    ("itcc no row clusters", lambda: dm.itcc(np.ones((4, 4)), 0, 2, seed=0), ValueError, "n_row_clusters"),
    ("itcc negative matrix", lambda: dm.itcc(-np.ones((4, 4)), 2, 2, seed=0), ValueError, "X"),
    ("itcc NaN", lambda: dm.itcc(np.full((4, 4), NAN), 2, 2, seed=0), ValueError, "X"),
    ("frechet_distance widths", lambda: dm.frechet_distance(np.ones((10, 3)), np.ones((10, 4))), ValueError, "features_a"),
    ("frechet_distance one row", lambda: dm.frechet_distance(np.ones((1, 3)), np.ones((10, 3))), ValueError, "features_a"),
    ("frechet_distance NaN", lambda: dm.frechet_distance(np.full((10, 3), NAN), np.ones((10, 3))), ValueError, "features_a"),
    ("parsing_loss mask label 5", lambda: dm.parsing_loss(torch.randn(2, 3, 4, 4), torch.full((2, 4, 4), 5)), ValueError, "masks"),
    ("parsing_loss negative l1", lambda: dm.parsing_loss(torch.randn(2, 3, 4, 4), torch.zeros(2, 4, 4, dtype=torch.long), -1.0), ValueError, "l1_weight"),
    ("sharing_cosines none", lambda: dm.sharing_cosines([]), ValueError, "pairs"),
    ("sharing_cosines shapes", lambda: dm.sharing_cosines([(torch.ones(3), torch.ones(4))]), ValueError, "pairs"),
    ("ImagePool negative size", lambda: dm.ImagePool(-1), ValueError, "pool_size"),
    ("ImagePool probability 2", lambda: dm.ImagePool(5, 2.0), ValueError, "swap_probability"),
    ("ImagePool unbatched", lambda: dm.ImagePool(5).query(torch.ones(3)), ValueError, "images"),
    ("ResnetResidualBlock (C,H,W)", lambda: dm.ResnetResidualBlock(3)(torch.randn(3, 8, 8)), ValueError, "x"),
    ("ResnetResidualBlock no channels", lambda: dm.ResnetResidualBlock(0), ValueError, "channels"),
    ("resnet_downsampling width 0", lambda: dm.resnet_downsampling(3, 0), ValueError, "width"),
    ("resnet_upsampling width 0", lambda: dm.resnet_upsampling(3, 0), ValueError, "width"),
    ("patchgan_receptive_field -1", lambda: dm.patchgan_receptive_field(-1), ValueError, "num_layers"),
    ("sample_noise n -1", lambda: dm.sample_noise(-1, 4), ValueError, "n"),
    ("sample_noise no latent", lambda: dm.sample_noise(2, 0), ValueError, "latent_dim"),
    ("digit_judge_features not a judge", lambda: dm.digit_judge_features(torch.nn.Linear(2, 2), torch.rand(1, 3, 8, 8)), TypeError, "judge"),
]

#: public names of the modules that hold losses, metrics and models, with no bad-input case
#: above, and why none is needed
NO_CASE_NEEDED = {
    "GaussianMixtureStats": "a record of tensors returned by gmm_statistics (which has cases)",
    "ITCCResult": "the record itcc returns",
    "init_gan_weights": "applied to modules the package builds; takes any module",
    "init_cyclegan_weights": "applied to modules the package builds; takes any module",
}
_CHECKED_MODULES = ("losses", "loss", "metrics", "mutual_information", "divergence", "gmm",
                    "bound", "models", "gradient_reversal", "itcc", "attention", "image_pool",
                    "weight_sharing", "centers", "target_distribution", "source_weights")


def test_every_public_loss_metric_and_model_has_a_bad_input_case():
    import inspect
    import re
    covered = set(re.findall(r"dm\.(\w+)", Path(__file__).read_text()))  # named by a case here
    missing = []
    for name in dm.__all__:
        obj = getattr(dm, name)
        module = (getattr(obj, "__module__", "") or "").rsplit(".", 1)[-1]
        if ((inspect.isfunction(obj) or inspect.isclass(obj))
                and (module in _CHECKED_MODULES or module.endswith("_loss"))
                and name not in covered and name not in NO_CASE_NEEDED):
            missing.append(f"{name} ({obj.__module__})")
    assert not missing, f"no bad-input case for: {missing}"


@pytest.mark.parametrize("call, error, argument", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_a_message_naming_the_argument(call, error, argument):
    with pytest.raises(error) as info:
        call()
    assert argument in str(info.value), str(info.value)


# --- property-style: random shapes and random bad values ---
@FAST
@given(n=st.integers(1, 20), bad=st.one_of(st.integers(2, 100), st.integers(-100, -1)))
def test_domain_loss_and_accuracy_refuse_any_label_outside_0_1(n, bad):
    labels = torch.zeros(n)
    labels[n // 2] = bad
    for fn in (dm.domain_classification_loss, dm.domain_accuracy):
        with pytest.raises(ValueError, match="is_target"):
            fn(torch.randn(n), labels)


@FAST
@given(n=st.integers(1, 12), k=st.integers(2, 6), bad=st.integers(0, 50))
def test_source_structural_loss_refuses_labels_outside_the_classes(n, k, bad):
    labels = torch.zeros(n, dtype=torch.long)
    labels[-1] = k + bad
    with pytest.raises(ValueError, match="labels"):
        dm.source_structural_loss(torch.randn(n, k), labels)


@FAST
@given(n=st.integers(2, 12), k=st.integers(2, 6), scale=st.floats(1.2, 50.0))
def test_distribution_rows_must_sum_to_one(n, k, scale):
    rows = _uniform(n, k) * scale
    with pytest.raises(ValueError, match="q"):
        dm.gmm_statistics(torch.randn(n, 2), rows)
    with pytest.raises(ValueError, match="row_q"):
        dm.coclustering_mi_loss(rows, _uniform(3, k))
    with pytest.raises(ValueError, match="p"):
        dm.target_distribution(rows)


@FAST
@given(value=st.sampled_from([NAN, INF, -INF, -1e-3, -5.0]))
def test_gradient_reversal_refuses_impossible_coefficients_at_construction_and_assignment(value):
    with pytest.raises(ValueError, match="coeff"):
        dm.GradientReversal(value)
    layer = dm.GradientReversal(0.5)
    with pytest.raises(ValueError, match="coeff"):
        layer.coeff = value
    assert layer.coeff == 0.5


@FAST
@given(dx=st.one_of(st.floats(max_value=0.0), st.just(NAN), st.just(INF)))
def test_divergences_refuse_a_cell_width_that_is_not_positive_and_finite(dx):
    for fn in (dm.jensen_shannon_divergence, dm.kl_divergence, dm.virtual_training_criterion):
        with pytest.raises(ValueError, match="dx"):
            fn(_P, _Q, dx=dx)


@FAST
@given(n=st.integers(1, 8), vocab=st.integers(2, 20), over=st.integers(0, 30))
def test_token_ids_outside_the_vocabulary_are_named(n, vocab, over):
    ids = torch.zeros(1, n, dtype=torch.long)
    ids[0, -1] = vocab + over
    with pytest.raises(ValueError, match="ids"):
        validation.check_token_ids(ids, vocab)


@FAST
@given(value=st.sampled_from([2, -1, 3, 0.5]))
def test_masks_must_be_zero_or_one(value):
    mask = torch.ones(2, 2)
    mask[0, 0] = value
    with pytest.raises(ValueError, match="mask"):
        dm.masked_mse(torch.ones(2, 2), torch.zeros(2, 2), mask)
    with pytest.raises(ValueError, match="mask"):
        dm.rmse(torch.ones(2, 2), torch.zeros(2, 2), mask)


@FAST
@given(n=st.integers(1, 10), position=st.integers(0, 9))
def test_cluster_metrics_refuse_nan_labels(n, position):
    labels = np.arange(n, dtype=float)
    labels[position % n] = NAN
    for fn in (dm.cluster_accuracy, dm.purity, dm.nmi):
        with pytest.raises(ValueError, match="labels_true"):
            fn(labels, np.arange(n))


def test_valid_input_gives_the_same_numbers_and_checks_can_be_skipped():
    logits, labels = torch.tensor([0.3, -1.0, 2.0]), torch.tensor([1, 0, 1])
    want = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels.float())
    assert torch.equal(dm.domain_classification_loss(logits, labels), want)
    assert math.isclose(dm.GradientReversal(0.25).coeff, 0.25)
    with validation.skip_value_checks():
        assert not validation.value_checks_enabled()
        dm.domain_accuracy(logits, torch.tensor([1, 0, 2]))  # value checks off: no error
    assert validation.value_checks_enabled()
