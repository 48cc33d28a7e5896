"""SRDC chapter: the maths of the auxiliary targets, Student-t assignment, source weights,
k-means centers, losses, a tiny training run and the exercise checks."""
import copy
import dataclasses

import pytest
import torch

import dalib_mini as dm
from dalib_mini.adaptation import build_optimizer
from dalib_mini.solutions import srdc as solutions


def _p(n=30, k=4, seed=0, scale=2.0):
    g = torch.Generator().manual_seed(seed)
    return torch.softmax(scale * torch.randn(n, k, generator=g, dtype=torch.float64), dim=1)


def _exact_minimiser(p, iterations=3000):
    q = p.clone()
    for _ in range(iterations):  # stationarity of Eq. 2: q_ik ∝ p_ik / f_k
        q = p / q.mean(0)
        q = q / q.sum(1, keepdim=True)
    return q


def test_target_distribution_rows_sum_to_one_and_follow_eq3():
    p = _p()
    q = dm.target_distribution(p)
    assert torch.allclose(q.sum(1), torch.ones(30, dtype=q.dtype))
    ratio = q / (p / p.sum(0).sqrt())
    assert torch.allclose(ratio, ratio[:, :1].expand_as(ratio))  # same constant along each row


def test_target_distribution_balances_clusters():
    p = torch.tensor([[0.9, 0.1], [0.8, 0.2], [0.7, 0.3]], dtype=torch.float64)
    q = dm.target_distribution(p)
    assert (q[:, 1] > p[:, 1]).all()  # the small cluster gains mass
    assert q.mean(0)[0] < p.mean(0)[0]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_closed_form_beats_random_and_perturbed_q_and_is_near_the_minimiser(seed):
    p = _p(seed=seed)
    q = dm.target_distribution(p)
    best = dm.auxiliary_objective(q, p)
    g = torch.Generator().manual_seed(seed)
    for _ in range(20):
        random_q = torch.softmax(torch.randn(p.shape, generator=g, dtype=p.dtype), 1)
        perturbed = torch.softmax(q.log() + 0.1 * torch.randn(p.shape, generator=g, dtype=p.dtype), 1)
        assert best < dm.auxiliary_objective(random_q, p)
        assert best < dm.auxiliary_objective(perturbed, p)
    exact = _exact_minimiser(p)
    assert dm.auxiliary_objective(exact, p) <= best + 1e-12
    assert best - dm.auxiliary_objective(exact, p) < 1e-3
    assert (q - exact).abs().max() < 0.05


def test_with_q_fixed_kl_and_cross_entropy_have_equal_gradients():
    p_logits = torch.randn(10, 3, dtype=torch.float64, requires_grad=True)
    q = dm.target_distribution(torch.softmax(p_logits, 1).detach())
    log_p = torch.log_softmax(p_logits, 1)
    kl = (q * (q.log() - log_p)).sum(1).mean()
    (grad_kl,) = torch.autograd.grad(kl, p_logits)
    (grad_ce,) = torch.autograd.grad(dm.auxiliary_cross_entropy(q, torch.log_softmax(p_logits, 1)),
                                     p_logits)
    assert torch.allclose(grad_kl, grad_ce)


def test_target_distribution_rejects_non_probability_rows():
    with pytest.raises(ValueError, match="sum to 1"):
        dm.target_distribution(torch.ones(3, 2))
    with pytest.raises(ValueError, match="non-negative"):
        dm.target_distribution(torch.tensor([[1.5, -0.5]]))
    with pytest.raises(ValueError, match="shape"):
        dm.target_distribution(torch.ones(4) / 4)


def test_student_t_rows_sum_to_one_peak_at_nearest_and_match_alpha1_formula():
    g = torch.Generator().manual_seed(0)
    z, centers = torch.randn(20, 3, generator=g), torch.randn(5, 3, generator=g)
    p = dm.student_t_assignment(z, centers)
    assert torch.allclose(p.sum(1), torch.ones(20))
    assert torch.equal(p.argmax(1), torch.cdist(z, centers).argmin(1))
    kernel = 1 / (1 + torch.cdist(z, centers) ** 2)
    assert torch.allclose(p, kernel / kernel.sum(1, keepdim=True), atol=1e-6)


def test_student_t_gradient_matches_finite_differences_even_on_a_center():
    z = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    centers = torch.cat([z.detach()[:1], torch.randn(2, 3, dtype=torch.float64)]).requires_grad_()
    assert torch.autograd.gradcheck(lambda a, b: dm.student_t_assignment(a, b, 1.0), (z, centers))


def test_student_t_rejects_mismatched_dimensions():
    with pytest.raises(ValueError, match="feature dimension"):
        dm.student_t_assignment(torch.randn(4, 3), torch.randn(2, 5))
    with pytest.raises(ValueError, match="alpha"):
        dm.student_t_assignment(torch.randn(4, 3), torch.randn(2, 3), alpha=0.0)


def test_source_weights_bounds_and_known_values():
    centroids = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    z = torch.tensor([[2.0, 0.0], [-1.0, 0.0], [0.0, 3.0], [1.0, 1.0]])
    w = dm.source_weights(z, torch.tensor([0, 0, 1, 0]), centroids)
    assert torch.allclose(w, torch.tensor([1.0, 0.0, 1.0, 0.5 * (1 + 2 ** -0.5)]))
    with pytest.raises(ValueError, match="labels"):
        dm.source_weights(z, torch.tensor([0, 0, 2, 0]), centroids)
    with pytest.raises(ValueError, match="same D"):
        dm.source_weights(z, torch.tensor([0, 0, 1, 0]), torch.ones(2, 3))


def test_class_centroids_and_kmeans_keep_correspondence_with_init():
    g = torch.Generator().manual_seed(0)
    means = torch.tensor([[5.0, 0.0], [0.0, 5.0], [-5.0, -5.0]])
    labels = torch.arange(3).repeat_interleave(50)
    x = means[labels] + 0.3 * torch.randn(150, 2, generator=g)
    init = dm.class_centroids(x, labels, 3)
    assert torch.allclose(init, means, atol=0.2)
    centers, assignment = dm.kmeans_centers(x + 0.5, init)
    assert torch.equal(assignment, labels)  # cluster k stays class k
    assert centers.shape == (3, 2) and centers.dtype == x.dtype


def test_losses_are_non_negative_and_weights_scale_the_source_term():
    logits, z = torch.randn(8, 4), torch.randn(8, 6)
    centers = torch.randn(4, 6)
    out, feat = dm.target_clustering_loss(logits, z, centers)
    assert out >= 0 and feat >= 0
    labels = torch.randint(0, 4, (8,))
    full, _ = dm.source_structural_loss(logits, labels)
    half, _ = dm.source_structural_loss(logits, labels, weights=torch.full((8,), 0.5))
    assert torch.isclose(half, 0.5 * full)
    assert torch.isclose(full, torch.nn.functional.cross_entropy(logits, labels))


def test_train_srdc_runs_and_returns_epoch_diagnostics_on_a_toy_task():
    g = torch.Generator().manual_seed(0)
    labels = torch.randint(0, 3, (60,), generator=g)
    images = torch.randn(60, 3, 32, 32, generator=g) * 0.1 + labels.view(-1, 1, 1, 1).float()
    task = dm.DigitAdaptationTask(images, labels, images + 0.2, labels, images[:20], labels[:20])
    cfg = dm.chapter_settings("srdc", steps=7, batch_size=8, warmup_steps=3, epoch_steps=2,
                              n_cluster_fit=30, n_source_centroid=30)
    result = dm.train_srdc(task, cfg, seed=0, device="cpu", show_progress=False)
    assert 0.0 <= result.target_acc <= 1.0
    assert len(result.epochs) == 2 and result.epochs["kmeans_sizes"].iloc[0].sum() == 30
    assert {"loss_target", "loss_target_feature", "mean_source_weight"} <= set(result.history.frame())
    baseline = dm.train_srdc(task, cfg, seed=0, device="cpu", target_clustering=False,
                              show_progress=False)
    assert baseline.epochs.empty and baseline.variant == "source only"


def test_per_domain_batch_norm_run_ends_with_the_targets_statistics():
    g = torch.Generator().manual_seed(0)
    labels = torch.randint(0, 3, (60,), generator=g)
    images = torch.randn(60, 3, 32, 32, generator=g) * 0.1 + labels.view(-1, 1, 1, 1).float()
    task = dm.DigitAdaptationTask(images, labels, images * 2 + 1, labels, images[:20] * 2 + 1, labels[:20])
    cfg = dm.chapter_settings("srdc", steps=7, batch_size=8, warmup_steps=3, epoch_steps=2,
                              n_cluster_fit=30, n_source_centroid=30, batch_norm="per_domain")
    for clustering in (True, False):
        result = dm.train_srdc(task, cfg, seed=0, device="cpu", target_clustering=clustering,
                               show_progress=False)
        bn = next(m for m in result.model.modules() if isinstance(m, torch.nn.BatchNorm2d))
        stored = bn.running_mean.clone()
        dm.reestimate_batch_norm(result.model.backbone, task.target_images)
        assert torch.allclose(bn.running_mean, stored, atol=1e-6)


def test_quick_profile_is_pinned_and_the_dann_start_pins_every_dann_field():
    srdc = dm.chapter_settings("srdc", "quick")
    assert isinstance(srdc, dm.SRDCSettings) and srdc.source_split == "train"
    with pytest.raises(dataclasses.FrozenInstanceError):
        srdc.steps = 10
    assert dm.chapter_settings("srdc", "quick", steps=10).steps == 10
    # the DANN chapter's quick and full settings differ in many fields: the DANN start of SRDC
    # is the same from either, so every field is pinned by SRDC's own settings
    from_quick, from_full = dm.srdc_dann_settings(srdc, "quick"), dm.srdc_dann_settings(srdc, "full")
    assert dm.chapter_settings("dann", "quick") != dm.chapter_settings("dann", "full")
    assert from_quick == from_full
    assert from_quick.steps == srdc.warmup_steps and from_quick.batch_norm == srdc.batch_norm


@pytest.mark.parametrize("name, kind", [("adam", torch.optim.Adam), ("sgd", torch.optim.SGD)])
def test_srdc_trains_with_the_optimizer_named_in_the_settings(name, kind):
    g = torch.Generator().manual_seed(0)
    labels = torch.randint(0, 3, (24,), generator=g)
    images = torch.randn(24, 3, 32, 32, generator=g)
    task = dm.DigitAdaptationTask(images, labels, images, labels, images[:8], labels[:8])
    cfg = dm.chapter_settings("srdc", steps=4, batch_size=8, warmup_steps=2, optimizer=name)
    state = dm.source_warmup(task, cfg, seed=0, device="cpu").optimizer_state["state"]
    adam_moments = all("exp_avg" in s for s in state.values())
    assert state and adam_moments == (kind is torch.optim.Adam)
    with pytest.raises(ValueError, match="optimizer"):
        build_optimizer(torch.nn.Linear(2, 2).parameters(), "rmsprop")


@pytest.mark.parametrize("name", ["target_distribution", "student_t_assignment", "source_weights"])
def test_exercise_checks_accept_the_solution_and_reject_a_wrong_answer(name, capsys):
    check = getattr(dm.srdc.exercises, f"check_{name}")
    check(getattr(solutions, name))
    assert "correct" in capsys.readouterr().out
    wrong = {"target_distribution": lambda p: p,
             "student_t_assignment": lambda z, c: torch.softmax(-torch.cdist(z, c), 1),
             "source_weights": lambda z, y, c: torch.ones(z.shape[0])}[name]
    with pytest.raises(AssertionError):
        check(wrong)
    with pytest.raises(NotImplementedError):
        check(lambda *args: (_ for _ in ()).throw(NotImplementedError()))


def test_cosine_kmeans_groups_by_direction_and_returns_raw_cluster_means():
    from dalib_mini.srdc.centers import kmeans_centers
    g = torch.Generator().manual_seed(0)
    angles = torch.tensor([0.0, 0.5])                        # two directions, 29 degrees apart
    labels = torch.arange(40) % 2
    norms = torch.where(torch.arange(40) < 20, 1.0, 20.0)    # half near the origin, half far out
    theta = angles[labels] + 0.02 * torch.randn(40, generator=g)
    features = torch.stack([theta.cos(), theta.sin()], 1) * norms[:, None]
    # start centers that point the right way but differ in norm (like centroids of a domain
    # whose features are scaled differently)
    init = torch.stack([angles.cos(), angles.sin()], 1) * torch.tensor([[1.0], [20.0]])
    centers, assignments = kmeans_centers(features, init, metric="cosine")
    assert torch.equal(assignments, labels)
    for k in range(2):
        assert torch.allclose(centers[k], features[labels == k].mean(0))
    _, euclidean = kmeans_centers(features, init, metric="euclidean")
    assert not torch.equal(euclidean, labels)                # plain k-means splits by norm here
    with pytest.raises(ValueError, match="metric"):
        kmeans_centers(features, init, metric="manhattan")


def _objective_inputs(seed=0, n=8, k=3):
    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = dm.SRDCNet(num_classes=k)
    with torch.no_grad():
        model.centers.copy_(torch.randn(k, 100, generator=g))
    source, target = torch.randn(n, 3, 32, 32, generator=g), torch.randn(n, 3, 32, 32, generator=g)
    labels = torch.randint(0, k, (n,), generator=g)
    q_output = torch.softmax(torch.randn(n, k, generator=g), 1)
    q_feature = torch.softmax(torch.randn(n, k, generator=g), 1)
    centroids = torch.randn(k, 100, generator=g)
    return model, source, labels, target, q_output, q_feature, centroids


def test_srdc_objective_is_the_weighted_sum_of_eq10s_terms():
    model, source, labels, target, q_out, q_feat, centroids = _objective_inputs()
    cfg = dm.chapter_settings("srdc", "quick", target_weight=0.5, feature_weight=2.0,
                              source_weight=3.0)
    loss, parts = dm.srdc_objective(model, cfg, source, labels, target, q_out, q_feat, centroids)
    logits_s, z_s = model(source)
    logits_t, z_t = model(target)
    weights = dm.source_weights(z_s, labels, centroids)
    loss_t, loss_f = dm.target_clustering_loss(logits_t, z_t, model.centers, 1.0, q_out, q_feat)
    loss_s, loss_sf = dm.source_structural_loss(logits_s, labels, z_s, model.centers, weights)
    for name, value in [("loss_target", loss_t), ("loss_target_feature", loss_f),
                        ("loss_source", loss_s), ("loss_source_feature", loss_sf),
                        ("mean_source_weight", weights.mean())]:
        assert torch.allclose(parts[name], value), name
    assert torch.allclose(loss, 0.5 * loss_t + 2.0 * loss_f + 3.0 * (loss_s + loss_sf))
    loss.backward()
    assert model.centers.grad is not None and model.centers.grad.abs().sum() > 0


def test_srdc_objective_ablations_and_source_only_drop_their_terms():
    model, source, labels, target, q_out, q_feat, centroids = _objective_inputs()
    cfg = dm.chapter_settings("srdc", "quick")
    args = (model, cfg, source, labels, target, q_out, q_feat, centroids)
    _, parts = dm.srdc_objective(*args, structural_source=False)
    assert parts["loss_source"] == 0 and parts["loss_source_feature"] == 0
    _, parts = dm.srdc_objective(*args, feature_clustering=False)
    assert parts["loss_target_feature"] == 0 and parts["loss_source_feature"] == 0
    assert parts["loss_target"] > 0
    _, parts = dm.srdc_objective(*args, soft_source_selection=False)
    assert parts["mean_source_weight"] == 1.0
    loss, parts = dm.srdc_objective(model, cfg, source, labels)       # source only
    assert torch.allclose(loss, torch.nn.functional.cross_entropy(model(source)[0], labels))
    assert parts["loss_target"] == 0 and parts["mean_source_weight"] == 1.0


def test_train_srdc_forks_from_a_warm_start_like_a_fresh_run():
    g = torch.Generator().manual_seed(0)
    labels = torch.randint(0, 3, (40,), generator=g)
    images = torch.randn(40, 3, 32, 32, generator=g) * 0.1 + labels.view(-1, 1, 1, 1).float()
    task = dm.DigitAdaptationTask(images, labels, images + 0.2, labels, images[:10], labels[:10])
    cfg = dm.chapter_settings("srdc", steps=5, batch_size=8, warmup_steps=3, epoch_steps=2,
                              n_cluster_fit=20, n_source_centroid=20)
    fresh = dm.train_srdc(task, cfg, seed=3, device="cpu", show_progress=False)
    warm = dm.source_warmup(task, cfg, seed=3, device="cpu")
    forked = dm.train_srdc(task, cfg, seed=3, device="cpu", warm_start=warm, show_progress=False)
    assert fresh.history.frame().equals(forked.history.frame())
    for name, value in fresh.model.state_dict().items():
        assert torch.equal(value, forked.model.state_dict()[name]), name
    with pytest.raises(ValueError, match="warm_start"):
        dm.train_srdc(task, cfg, seed=4, device="cpu", warm_start=warm, show_progress=False)


def test_chapter_constants_and_checks_stay_in_the_chapter_namespace():
    for name in ("ABLATIONS", "OFFICE31_RECIPE", "check_target_distribution",
                 "check_student_t_assignment", "check_source_weights"):
        assert name not in dm.__all__ and not hasattr(dm, name), name
    assert "SRDC" in dm.srdc.ABLATIONS and "backbone" in dm.srdc.OFFICE31_RECIPE
    assert {"SRDCSettings", "SRDCResult", "train_srdc", "srdc_objective"} <= set(dm.__all__)


def _toy_task(n=40, seed=0, classes=3):
    g = torch.Generator().manual_seed(seed)
    labels = torch.randint(0, classes, (n,), generator=g)
    images = torch.randn(n, 3, 32, 32, generator=g) * 0.1 + labels.view(-1, 1, 1, 1).float()
    return dm.DigitAdaptationTask(images, labels, images * 2 + 1, labels, images[:10] * 2 + 1,
                                  labels[:10])


def _toy_cfg(**changes):
    return dm.chapter_settings("srdc", "quick", steps=6, batch_size=8, warmup_steps=3,
                               epoch_steps=2, n_cluster_fit=20, n_source_centroid=20,
                               n_bn_reestimate=20, **changes)


def test_forks_of_one_warm_start_are_identical_and_leave_it_unchanged():
    """Adam's moments of the warm start must be copied into each fork, not shared."""
    task, cfg = _toy_task(), _toy_cfg()
    warm = dm.source_warmup(task, cfg, seed=1, device="cpu")
    before = copy.deepcopy(warm.optimizer_state)
    first = dm.train_srdc(task, cfg, seed=1, device="cpu", warm_start=warm, show_progress=False)
    second = dm.train_srdc(task, cfg, seed=1, device="cpu", warm_start=warm, show_progress=False)
    for name, value in first.model.state_dict().items():
        assert torch.equal(value, second.model.state_dict()[name]), name
    for key, state in before["state"].items():
        for name, value in state.items():
            assert torch.equal(warm.optimizer_state["state"][key][name], value), (key, name)


def _toy_dann(task, steps=3):
    cfg = dm.chapter_settings("dann", "quick", steps=steps, batch_size=8, n_embed=10)
    return dm.train_dann(task, cfg, mode="dann", seed=0, device="cpu", show_progress=False).model


def test_srdcnet_from_dann_computes_dann_s_logits_and_copies_the_weights():
    task = _toy_task(classes=10)
    dann = _toy_dann(task).eval()
    net = dm.SRDCNet.from_dann(dann).eval()
    x = task.target_images[:5]
    logits, z = net(x)
    assert torch.allclose(logits, dann.label_predictor(dann.features(x)), atol=1e-6)
    assert z.shape == (5, 100) and (z >= 0).all()
    with torch.no_grad():
        net.embed[0].weight.add_(1.0)
    assert not torch.allclose(net(x)[0], dann.label_predictor(dann.features(x)))
    with pytest.raises(TypeError, match="DANNNet"):
        dm.SRDCNet.from_dann(net)


def test_srdc_and_dann_continued_start_from_the_dann_network_without_changing_it():
    task, cfg = _toy_task(classes=10), _toy_cfg()
    dann = _toy_dann(task)
    reference = copy.deepcopy(dann.state_dict())
    warm = dm.warm_start_from_dann(dann, task, cfg, seed=0, device="cpu")
    srdc = dm.train_srdc(task, cfg, seed=0, device="cpu", warm_start=warm, show_progress=False)
    continued = dm.continue_dann(task, cfg, dann, seed=0, device="cpu", show_progress=False)
    assert 0 <= srdc.target_acc <= 1 and 0 <= continued.target_acc <= 1
    assert continued.variant == "DANN continued" and len(srdc.epochs) == 2
    for name, value in dann.state_dict().items():
        assert torch.equal(value, reference[name]), name
    assert not torch.equal(continued.model.state_dict()["features.layers.0.weight"],
                           reference["features.layers.0.weight"])
    with pytest.raises(TypeError, match="DANNNet"):
        dm.continue_dann(task, cfg, srdc.model, seed=0, device="cpu", show_progress=False)


def test_continuation_learning_rate_restarts_after_the_warm_up():
    cfg = dm.chapter_settings("srdc", "quick", steps=500, warmup_steps=300)
    lr = [dm.continuation_learning_rate(cfg, s) for s in range(500)]
    assert lr[0] == cfg.lr0 == lr[300]
    assert all(a > b for a, b in zip(lr[:299], lr[1:300]))
    assert lr[299] > dm.learning_rate_schedule(1.0, cfg.lr0, cfg.lr_alpha, cfg.lr_beta)
    assert all(a > b for a, b in zip(lr[300:-1], lr[301:]))


def test_auxiliary_targets_per_batch_and_per_epoch_are_different_runs():
    task = _toy_task()
    warm = dm.source_warmup(task, _toy_cfg(), seed=0, device="cpu")
    runs = {mode: dm.train_srdc(task, _toy_cfg(aux_targets=mode), seed=0, device="cpu",
                                warm_start=warm, show_progress=False) for mode in ("batch", "epoch")}
    assert not runs["batch"].history.frame().equals(runs["epoch"].history.frame())
    with pytest.raises(ValueError, match="aux_targets"):
        dm.train_srdc(task, _toy_cfg(aux_targets="step"), seed=0, device="cpu", warm_start=warm,
                      show_progress=False)


def test_kmeans_cluster_accuracy_is_one_on_separated_classes_and_low_on_noise():
    g = torch.Generator().manual_seed(0)
    labels = torch.arange(4).repeat_interleave(50)
    directions = torch.eye(8)[:4] * 5
    separated = directions[labels] + 0.1 * torch.randn(200, 8, generator=g)
    assert dm.kmeans_cluster_accuracy(separated, labels, 4) == 1.0
    assert dm.kmeans_cluster_accuracy(separated, labels, 4, metric="euclidean") == 1.0
    noise = torch.randn(200, 8, generator=g)
    assert dm.kmeans_cluster_accuracy(noise, labels, 4) < 0.45
    with pytest.raises(ValueError, match="metric"):
        dm.kmeans_cluster_accuracy(noise, labels, 4, metric="l1")
    with pytest.raises(ValueError, match="labels"):
        dm.kmeans_cluster_accuracy(noise, labels[:10], 4)


def test_target_cluster_accuracy_leaves_the_model_unchanged():
    task, cfg = _toy_task(), _toy_cfg(n_kmeans_init=1)
    torch.manual_seed(0)
    model = dm.SRDCNet(num_classes=3, batch_norm=True)
    reference = copy.deepcopy(model.state_dict())
    acc = dm.target_cluster_accuracy(model, task, cfg, seed=0)
    assert 1 / 3 <= acc <= 1.0
    for name, value in model.state_dict().items():
        assert torch.equal(value, reference[name]), name
