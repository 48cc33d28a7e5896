"""DANN chapter: settings, schedules, reversal through the network, updates (4)-(6) vs
pseudo-objective (9) and the training step, the training loop's modes and errors, the task
builder on the mirror, the ablation runner and its table, the exercises."""
import copy
import dataclasses
import importlib.util
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

import dalib_mini as dm
from dalib_mini.dann.exercises import (
    check_domain_loss,
    check_lambda_schedule,
    check_reversal_function,
)
from dalib_mini.dann.settings import FULL, QUICK, DANNSettings
from dalib_mini.dann.training import make_optimizer
from dalib_mini.dann.updates import hand_written_dann_step, pseudo_objective_sgd_step
from dalib_mini.solutions import dann as solution

ROOT = Path(__file__).resolve().parents[1]


def _paper(**changes):
    """The paper's settings (the full profile) with ``changes``, for the toy runs."""
    return dm.chapter_settings("dann", "full", **changes)


# --- settings --------------------------------------------------------------------------

def test_settings_are_one_frozen_dataclass_registered_for_both_profiles():
    assert dm.chapter_settings("dann", "quick") == QUICK and dm.chapter_settings("dann", "full") == FULL
    assert type(QUICK) is type(FULL) is DANNSettings is dm.DANNSettings
    with pytest.raises(dataclasses.FrozenInstanceError):
        QUICK.steps = 1
    assert dm.chapter_settings("dann", "quick", steps=7).steps == 7 and QUICK.steps == 300
    with pytest.raises(KeyError, match="normalisation"):
        dm.chapter_settings("dann", "quick", normalisation="none")
    # the paper's recipe (Section 5.1): SGD + momentum 0.9, mu0 0.01, alpha 10, beta 0.75, gamma 10
    assert (FULL.optimizer, FULL.lr0, FULL.momentum, FULL.lr_alpha, FULL.lr_beta, FULL.gamma) == (
        "sgd", 0.01, 0.9, 10.0, 0.75, 10.0)
    assert (FULL.batch_norm, FULL.source_split, FULL.n_source, FULL.domain_hidden) == (
        "none", "train", None, 100)
    # the paper's protocol: the labelled source comes from the MNIST *training* split
    assert (QUICK.optimizer, QUICK.batch_norm, QUICK.source_split, QUICK.steps) == (
        "adam", "per_domain", "train", 300)
    assert QUICK.steps * QUICK.batch_size <= QUICK.n_source  # about one pass, no digit seen twice


def test_chapter_constants_stay_in_the_chapter_namespace():
    assert dm.dann.MODES == ("source_only", "dann", "target_only")
    assert "MODES" not in dm.dann.__all__ and not any(n.startswith("check_") for n in dm.dann.__all__)
    assert dm.dann.exercises.check_domain_loss is check_domain_loss
    assert {"train_dann", "dann_step", "DANNSettings", "DANNResult"} <= set(dm.__all__)


def _toy_task(n=192, size=16, seed=0, classes=4, noise=0.5, cast=1.0):
    """Class = which quadrant is bright; the target adds a colour cast (the domain cue)."""
    g = torch.Generator().manual_seed(seed)

    def domain(count, cast):
        labels = torch.randint(0, classes, (count,), generator=g)
        images = noise * torch.randn(count, 3, size, size, generator=g)
        half = size // 2
        for k in range(classes):
            r, c = divmod(k, 2)
            images[labels == k, :, r * half:(r + 1) * half, c * half:(c + 1) * half] += 1.0
        images[:, 0] += cast
        return images, labels

    xs, ys = domain(n, 0.0)
    xt, yt = domain(n, cast)
    xe, ye = domain(n // 2, cast)
    return dm.DigitAdaptationTask(xs, ys, xt, yt, xe, ye, "none")


# --- schedules -------------------------------------------------------------------------

def test_lambda_schedule_endpoints_and_monotonicity():
    assert dm.grl_lambda_schedule(0.0) == 0.0
    assert math.isclose(dm.grl_lambda_schedule(1.0), math.tanh(5.0))
    values = dm.grl_lambda_schedule(np.linspace(0, 1, 101))
    assert values.shape == (101,) and np.all(np.diff(values) > 0) and values.max() < 1
    assert math.isclose(dm.grl_lambda_schedule(0.5, gamma=2.0), math.tanh(0.5))


def test_learning_rate_schedule_endpoints_and_monotonicity():
    assert dm.learning_rate_schedule(0.0) == 0.01
    assert math.isclose(dm.learning_rate_schedule(1.0), 0.01 / 11 ** 0.75)
    values = dm.learning_rate_schedule(np.linspace(0, 1, 101), mu0=0.1)
    assert values[0] == 0.1 and np.all(np.diff(values) < 0)


@pytest.mark.parametrize("p", [-0.1, 1.5, float("nan"), [0.2, 2.0]])
def test_schedules_reject_progress_outside_unit_interval(p):
    with pytest.raises(ValueError, match="progress"):
        dm.grl_lambda_schedule(p)
    with pytest.raises(ValueError, match="progress"):
        dm.learning_rate_schedule(p)


def test_schedules_reject_bad_constants():
    with pytest.raises(ValueError, match="gamma"):
        dm.grl_lambda_schedule(0.5, gamma=0)
    with pytest.raises(ValueError, match="mu0"):
        dm.learning_rate_schedule(0.5, mu0=-1)


# --- reversal layer inside the network, and updates (4)-(6) -----------------------------

@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_domain_gradient_on_features_is_minus_lambda_times_the_plain_one(dtype):
    torch.manual_seed(0)
    net = dm.DANNNet(image_size=16).to(dtype)
    x = torch.randn(6, 3, 16, 16, dtype=dtype)
    features = net.features(x).detach().requires_grad_(True)
    net.domain_classifier(features).sum().backward()
    plain = features.grad.clone()
    features.grad = None
    net.domain_classifier(dm.gradient_reversal(features, 0.37)).sum().backward()
    assert torch.allclose(features.grad, -0.37 * plain, rtol=1e-6, atol=1e-7)


def test_reversal_gradcheck_in_float64():
    x = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    # undoing the reversal (coeff 1 twice) must give the identity's Jacobian exactly
    assert torch.autograd.gradcheck(lambda t: dm.gradient_reversal(dm.gradient_reversal(t)), (x,))


@pytest.mark.parametrize("lam", [0.0, 0.6, 1.0])
def test_sgd_on_pseudo_objective_equals_hand_written_updates(lam):
    torch.manual_seed(1)
    net = dm.DANNNet(image_size=16).double()
    xs, xt = torch.randn(5, 3, 16, 16, dtype=torch.float64), torch.randn(4, 3, 16, 16, dtype=torch.float64)
    ys = torch.randint(0, 10, (5,))
    by_hand = hand_written_dann_step(net, xs, ys, xt, lam, lr=0.1)
    by_autograd = pseudo_objective_sgd_step(net, xs, ys, xt, lam, lr=0.1)
    assert by_hand.keys() == by_autograd.keys() == dict(net.named_parameters()).keys()
    for name in by_hand:
        assert torch.allclose(by_hand[name], by_autograd[name], rtol=1e-10, atol=1e-12), name
    moved = [n for n in by_hand if not torch.equal(by_hand[n], dict(net.named_parameters())[n])]
    assert any(n.startswith("features.") for n in moved)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_negated_domain_loss_moves_the_domain_classifier_uphill_the_reversal_downhill(seed):
    """The reversal flips only the features' gradient; negating L_d also flips G_d's, so G_d's
    SGD step on L_y - lambda L_d ascends L_d, while SGD on (9) descends it (update (6))."""
    torch.manual_seed(seed)
    net = dm.DANNNet(image_size=16).double()
    xs, xt = torch.randn(3, 3, 16, 16, dtype=torch.float64), torch.randn(3, 3, 16, 16, dtype=torch.float64)
    ys = torch.randint(0, 10, (3,))
    step = pseudo_objective_sgd_step(net, xs, ys, xt, 1.0, lr=0.1)
    feats = net.features(torch.cat([xs, xt])).detach()
    d = torch.tensor([0.0] * 3 + [1.0] * 3, dtype=torch.float64)
    start = {n: p.detach() for n, p in net.domain_classifier.named_parameters()}
    loss_d = dm.domain_classification_loss(net.domain_classifier(feats), d)
    grads = torch.autograd.grad(-loss_d, list(net.domain_classifier.parameters()))
    negated = {n: start[n] - 0.1 * g for n, g in zip(start, grads)}
    reversal = {n: step[f"domain_classifier.{n}"] for n in start}

    def at(params):
        logits = torch.func.functional_call(net.domain_classifier, params, (feats,))
        return dm.domain_classification_loss(logits, d).item()

    assert at(negated) > at(start) > at(reversal)


# --- losses and metrics ----------------------------------------------------------------

def test_domain_loss_known_values_and_errors():
    assert math.isclose(dm.domain_classification_loss(torch.zeros(4), torch.tensor([0, 1, 0, 1])).item(),
                        math.log(2), rel_tol=1e-6)
    assert dm.domain_classification_loss(torch.tensor([30.0, -30.0]), torch.tensor([1, 0])).item() < 1e-10
    assert dm.domain_accuracy(torch.tensor([2.0, -1.0, 0.5, -3.0]), torch.tensor([1, 0, 0, 0])) == 0.75
    with pytest.raises(ValueError, match=r"\(N,\)"):
        dm.domain_classification_loss(torch.zeros(4, 1), torch.zeros(4))


# --- training --------------------------------------------------------------------------

def test_train_dann_rejects_bad_arguments():
    task = _toy_task(n=16)
    with pytest.raises(ValueError, match="mode"):
        dm.train_dann(task, _paper(steps=1), mode="adversarial", seed=0)
    with pytest.raises(ValueError, match="steps"):
        dm.train_dann(task, _paper(steps=0), mode="dann", seed=0)
    with pytest.raises(TypeError, match="DigitAdaptationTask"):
        dm.train_dann({"source_images": task.source_images}, _paper(), mode="dann", seed=0)
    with pytest.raises(TypeError, match="DANNSettings"):
        dm.train_dann(task, dict(steps=1), mode="dann", seed=0)
    with pytest.raises(TypeError):  # mode and seed are keyword-only
        dm.train_dann(task, _paper(steps=1), "dann", 0)
    with pytest.raises(ValueError, match="batch_norm"):
        dm.train_dann(task, _paper(steps=1, batch_norm="per_class"), mode="dann", seed=0)


def test_models_reject_bad_images():
    with pytest.raises(ValueError, match=r"\(N, 3, H, W\)"):
        dm.DANNNet()(torch.zeros(2, 1, 32, 32))
    with pytest.raises(TypeError, match="floating-point"):
        dm.DANNNet()(torch.zeros(2, 3, 32, 32, dtype=torch.uint8))


def test_tiny_run_confuses_the_domain_classifier_while_the_label_loss_drops():
    task = _toy_task()
    cfg = _paper(steps=120, batch_size=32, lr0=0.02, gamma=10.0, lambda_max=1.0)
    dann = dm.train_dann(task, cfg, mode="dann", seed=0, device="cpu", show_progress=False)
    frame = dann.history.frame()
    assert set(frame.columns) >= {"label_loss", "domain_loss", "domain_acc", "lambda_p", "lr"}
    assert frame.label_loss.tail(20).mean() < 0.1 * frame.label_loss.head(10).mean()
    # with lambda = 0 the colour cast stays in the features and the domain is easy to tell
    frozen = dm.train_dann(task, dataclasses.replace(cfg, lambda_max=0.0), mode="dann", seed=0,
                           device="cpu", show_progress=False)
    separable = frozen.history.frame().domain_acc.tail(30).mean()
    confused = frame.domain_acc.tail(30).mean()
    assert separable > 0.95 and confused < 0.75, (separable, confused)
    assert abs(frame.domain_loss.tail(30).mean() - math.log(2)) < abs(
        frozen.history.frame().domain_loss.tail(30).mean() - math.log(2))
    assert 0.0 <= dann.target_acc <= 1.0 and dann.mode == "dann"


def test_baselines_share_the_budget_and_are_reproducible():
    task = _toy_task(n=64)
    cfg = _paper(steps=5, batch_size=16)
    runs = {m: dm.train_dann(task, cfg, mode=m, seed=3, device="cpu", show_progress=False)
            for m in dm.dann.MODES}
    assert {len(r.history) for r in runs.values()} == {5}
    assert "domain_loss" not in runs["source_only"].history.frame()
    assert runs["source_only"].history["lambda_p"] == [0.0] * 5
    again = dm.train_dann(task, cfg, mode="dann", seed=3, device="cpu", show_progress=False)
    assert again.history["label_loss"] == runs["dann"].history["label_loss"]
    assert all(torch.equal(a, b) for a, b in zip(again.model.state_dict().values(),
                                                  runs["dann"].model.state_dict().values()))
    # the trainer seeds itself: a draw from the global generator before it changes nothing
    torch.rand(3)
    assert dm.train_dann(task, cfg, mode="dann", seed=3, device="cpu",
                         show_progress=False).history["label_loss"] == again.history["label_loss"]
    assert dm.train_dann(task, cfg, mode="dann", seed=4, device="cpu",
                         show_progress=False).history["label_loss"] != again.history["label_loss"]
    features = dm.extract_features(again.model, task.test_images)
    assert features.shape == (len(task.test_images), again.model.features.feature_dim)


def test_make_optimizer_puts_the_domain_classifier_in_its_own_group():
    net = dm.DANNNet(image_size=16)
    adam = make_optimizer(net, "adam", lr=1e-3, momentum=0.9, domain_lr_scale=0.1)
    assert isinstance(adam, torch.optim.Adam) and adam.param_groups[0]["betas"] == (0.9, 0.999)
    rest, domain = adam.param_groups
    assert {id(p) for p in domain["params"]} == {id(p) for p in net.domain_classifier.parameters()}
    assert len(rest["params"]) + len(domain["params"]) == len(list(net.parameters()))
    assert rest["lr"] == 1e-3 and math.isclose(domain["lr"], 1e-4)
    assert isinstance(make_optimizer(net, "sgd"), torch.optim.SGD)
    with pytest.raises(ValueError, match="optimizer"):
        make_optimizer(net, "rmsprop")
    with pytest.raises(ValueError, match="domain_lr_scale"):
        make_optimizer(net, "sgd", domain_lr_scale=0.0)


def test_domain_lr_scale_scales_only_the_domain_classifiers_steps():
    task = _toy_task(n=64)
    cfg = _paper(steps=4, batch_size=16, optimizer="sgd", lr0=0.05)
    runs = {scale: dm.train_dann(task, dataclasses.replace(cfg, domain_lr_scale=scale), mode="dann",
                                 seed=5, device="cpu", show_progress=False)
            for scale in (1.0, 1e-12)}
    dm.seed_everything(5)
    initial = dm.DANNNet(image_size=16)
    frozen, moving = runs[1e-12].model, runs[1.0].model
    for name, p0 in initial.domain_classifier.state_dict().items():
        assert torch.allclose(frozen.domain_classifier.state_dict()[name], p0, atol=1e-9)
    assert not torch.allclose(moving.domain_classifier.layers[2].weight, initial.domain_classifier.layers[2].weight)
    # the label predictor's learning rate is untouched by the scale
    assert runs[1e-12].history["lr"] == runs[1.0].history["lr"]


def test_adam_run_learns_the_toy_task():
    task = _toy_task()
    result = dm.train_dann(task, _paper(steps=60, batch_size=32, optimizer="adam", lr0=1e-3),
                           mode="source_only", seed=0, device="cpu", show_progress=False)
    frame = result.history.frame()
    assert frame.label_loss.tail(10).mean() < 0.5 * frame.label_loss.head(5).mean()
    with pytest.raises(ValueError, match="optimizer"):
        dm.train_dann(task, _paper(steps=1, batch_size=8, optimizer="lbfgs"), mode="dann", seed=0,
                      device="cpu", show_progress=False)


def test_task_builder_on_the_mirror(mirror_root):
    cfg = dm.chapter_settings("dann", "quick", n_source=20, n_target=30, n_test=10, steps=2,
                              batch_size=8)
    task = dm.mnist_to_mnistm(n_source=cfg.n_source, n_target=cfg.n_target, n_test=cfg.n_test,
                              source_split=cfg.source_split, normalization=cfg.normalization,
                              root=mirror_root)
    assert task.source_images.shape == (20, 3, 32, 32) and task.test_labels.shape == (10,)
    assert task.source_images.dtype == torch.float32 and task.target_labels.dtype == torch.int64
    # per-domain normalization: each domain has zero mean per channel
    assert task.target_images.mean(dim=(0, 2, 3)).abs().max() < 1e-4
    result = dm.train_dann(task, cfg, mode="dann", seed=0, device="cpu", show_progress=False)
    assert 0.0 <= result.target_acc <= 1.0
    assert {p.device.type for p in result.model.parameters()} == {"cpu"}


# --- exercises -------------------------------------------------------------------------

def test_exercise_checks_accept_the_solutions(capsys):
    check_lambda_schedule(solution.lambda_schedule)
    check_domain_loss(solution.domain_loss)
    check_reversal_function(solution.reversal_function)
    assert capsys.readouterr().out.count("\n") == 3


def test_exercise_checks_reject_wrong_answers():
    with pytest.raises(AssertionError, match="- 1"):
        check_lambda_schedule(lambda p, gamma: 2 / (1 + math.exp(-gamma * p)))
    with pytest.raises(AssertionError, match="stably"):
        check_domain_loss(lambda z, d: -(d * torch.log(torch.sigmoid(z))
                                         + (1 - d) * torch.log(1 - torch.sigmoid(z))).mean())
    with pytest.raises(AssertionError, match="-lambda"):
        check_reversal_function(lambda x, lam: x * 1.0)


def test_exercise_checks_reject_the_placeholder():
    def placeholder(*args):
        raise NotImplementedError("your code here")
    with pytest.raises(NotImplementedError):
        check_lambda_schedule(placeholder)


# --- BatchNorm per domain ------------------------------------------------------------------

def _first_batch_norm(model):
    return next(m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d))


def test_batch_norm_mode_reads_bools_and_rejects_unknown_names():
    assert dm.batch_norm_mode(False) == "none"
    assert dm.batch_norm_mode(True) == "mixed"
    assert dm.batch_norm_mode("per_domain") == "per_domain"
    with pytest.raises(ValueError, match="batch_norm must be one of"):
        dm.batch_norm_mode("per_class")


def test_reestimate_batch_norm_gives_the_mean_and_variance_of_the_images():
    dm.seed_everything(0)
    extractor = dm.DANNFeatureExtractor(image_size=16, batch_norm=True)
    images = torch.randn(300, 3, 16, 16) * 2 + 1
    dm.reestimate_batch_norm(extractor, images, batch_size=300)  # one batch: exact statistics
    with torch.no_grad():
        conv = extractor.layers[0](images)
    bn = _first_batch_norm(extractor)
    assert torch.allclose(bn.running_mean, conv.mean(dim=(0, 2, 3)), atol=1e-5)
    assert torch.allclose(bn.running_var, conv.var(dim=(0, 2, 3)), rtol=1e-4)
    assert bn.momentum == 0.1 and extractor.training  # restored
    plain = dm.DANNFeatureExtractor(image_size=16)
    before = {k: v.clone() for k, v in plain.state_dict().items()}
    dm.reestimate_batch_norm(plain, images)
    assert all(torch.equal(before[k], v) for k, v in plain.state_dict().items())
    with pytest.raises(ValueError, match="empty"):
        dm.reestimate_batch_norm(extractor, images[:0])


def test_per_domain_run_tests_with_the_targets_statistics():
    task = _toy_task(n=96, cast=3.0)
    cfg = _paper(steps=6, batch_size=16, optimizer="adam", lr0=1e-3, batch_norm="per_domain")
    runs = {m: dm.train_dann(task, cfg, mode=m, seed=0, device="cpu", show_progress=False)
            for m in ("source_only", "dann")}
    for result in runs.values():
        bn = _first_batch_norm(result.model)
        stored = bn.running_mean.clone()
        dm.reestimate_batch_norm(result.model.features, task.target_images, batch_size=1000)
        assert torch.allclose(bn.running_mean, stored, atol=1e-6)  # already the target's
    # the source images give other statistics (the colour cast of the target is gone)
    model = runs["dann"].model
    source_features = dm.extract_features(model, task.source_images, statistics_from=task.source_images)
    assert torch.allclose(_first_batch_norm(model).running_mean, stored, atol=1e-6)  # model unchanged
    assert not torch.allclose(source_features, dm.extract_features(model, task.source_images), atol=1e-3)
    mixed = dm.train_dann(task, dataclasses.replace(cfg, batch_norm="mixed"), mode="dann", seed=0,
                          device="cpu", show_progress=False)
    assert mixed.history["label_loss"] != runs["dann"].history["label_loss"]


def test_forward_domains_splits_one_pass_or_runs_two():
    bn = torch.nn.BatchNorm1d(3).train()
    source, target = torch.randn(8, 3), torch.randn(5, 3) * 4 + 10
    own_s, own_t = dm.forward_domains(bn, source, target, per_domain=True)
    assert own_s.shape == (8, 3) and own_t.shape == (5, 3)
    assert own_t.mean(0).abs().max() < 1e-5          # each half standardized by its own statistics
    mixed_s, mixed_t = dm.forward_domains(bn, source, target, per_domain=False)
    assert mixed_t.mean(0).min() > 0.5                # one set of statistics: the target stays apart
    pair = lambda x: (x * 2, x.sum(1))                 # noqa: E731  (tuple output, e.g. logits and features)
    (a_s, b_s), (a_t, b_t) = dm.forward_domains(pair, source, target, per_domain=False)
    assert torch.equal(a_s, source * 2) and torch.equal(b_t, target.sum(1))


# --- the training step of the lesson ---------------------------------------------------------

@pytest.mark.parametrize("lam", [0.0, 0.7])
def test_dann_step_with_plain_sgd_is_updates_4_to_6(lam):
    torch.manual_seed(3)
    net = dm.DANNNet(image_size=16).double()
    xs, xt = torch.randn(5, 3, 16, 16, dtype=torch.float64), torch.randn(4, 3, 16, 16, dtype=torch.float64)
    ys = torch.randint(0, 10, (5,))
    by_hand = hand_written_dann_step(net, xs, ys, xt, lam, lr=0.1)
    stepped = copy.deepcopy(net)
    logged = dm.dann_step(stepped, torch.optim.SGD(stepped.parameters(), lr=0.1), xs, ys, xt, lam)
    assert stepped.grl.coeff == lam
    for name, p in stepped.named_parameters():
        assert torch.allclose(p, by_hand[name], rtol=1e-10, atol=1e-12), name
    assert set(logged) == {"label_loss", "domain_loss", "domain_acc"}
    assert all(isinstance(v, torch.Tensor) and v.ndim == 0 for v in logged.values())
    assert 0.0 <= float(logged["domain_acc"]) <= 1.0


def test_dann_step_weights_the_domain_loss_and_composes_per_domain():
    torch.manual_seed(4)
    net = dm.DANNNet(image_size=16, batch_norm=True)
    xs, xt = torch.randn(8, 3, 16, 16), torch.randn(8, 3, 16, 16) * 3 + 2
    ys = torch.randint(0, 10, (8,))
    steps = {}
    for weight, per_domain in [(1.0, False), (1.0, True), (0.0, True)]:
        model = copy.deepcopy(net)
        steps[weight, per_domain] = (model, dm.dann_step(
            model, torch.optim.SGD(model.parameters(), lr=0.1), xs, ys, xt, 1.0,
            per_domain=per_domain, domain_loss_weight=weight))
    # one pass over the mixed batch and two per-domain passes normalize differently
    assert not torch.isclose(steps[1.0, False][1]["label_loss"], steps[1.0, True][1]["label_loss"])
    # weight 0: the domain classifier gets no gradient and does not move
    frozen = steps[0.0, True][0]
    for name, p in frozen.domain_classifier.named_parameters():
        assert torch.equal(p, dict(net.domain_classifier.named_parameters())[name]), name
    assert not torch.equal(steps[1.0, True][0].domain_classifier.layers[2].weight,
                           net.domain_classifier.layers[2].weight)


def test_supervised_step_is_one_sgd_step_on_the_label_loss():
    torch.manual_seed(5)
    net = dm.DANNNet(image_size=16)
    x, y = torch.randn(6, 3, 16, 16), torch.randint(0, 10, (6,))
    want = copy.deepcopy(net)
    loss = torch.nn.functional.cross_entropy(want.label_predictor(want.features(x)), y)
    grads = torch.autograd.grad(loss, list(want.features.parameters()) + list(want.label_predictor.parameters()))
    model = copy.deepcopy(net)
    logged = dm.supervised_step(model, torch.optim.SGD(model.parameters(), lr=0.1), x, y)
    assert set(logged) == {"label_loss"} and torch.isclose(logged["label_loss"], loss)
    moved = list(model.features.parameters()) + list(model.label_predictor.parameters())
    start = list(net.features.parameters()) + list(net.label_predictor.parameters())
    for p, p0, g in zip(moved, start, grads):
        assert torch.allclose(p, p0 - 0.1 * g, atol=1e-7)
    assert all(torch.equal(p, p0) for p, p0 in zip(model.domain_classifier.parameters(),
                                                   net.domain_classifier.parameters()))


def test_train_dann_logs_what_its_steps_return():
    task = _toy_task(n=64)
    cfg = _paper(steps=3, batch_size=16)
    dann = dm.train_dann(task, cfg, mode="dann", seed=0, device="cpu", show_progress=False).history
    assert list(dann.frame().columns) == ["step", "label_loss", "lambda_p", "lr", "domain_loss",
                                          "domain_acc"]
    assert dann["lambda_p"][0] == 0.0 and dann["lambda_p"][2] == pytest.approx(
        dm.grl_lambda_schedule(2 / 3))
    assert all(0.0 <= a <= 1.0 for a in dann["domain_acc"])


# --- the ablation runner and its table -------------------------------------------------------

def _ablation_script():
    spec = importlib.util.spec_from_file_location("dann_ablation", ROOT / "scripts" / "dann_ablation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ablation_variants_are_settings_of_the_quick_profile():
    ablation = _ablation_script()
    assert len(ablation.VARIANTS) == 37
    for name in ablation.VARIANTS:
        cfg = ablation.variant_settings(name)
        assert isinstance(cfg, DANNSettings), name
    assert ablation.variant_settings("Adam b1=0.5, BatchNorm per domain (quick profile)") == QUICK
    with pytest.raises(KeyError, match="unknown variant"):
        ablation.variant_settings("Adam b1=0.7")


def test_ablation_table_matches_its_variants():
    ablation = _ablation_script()
    table = ablation.read_rows(ablation.CSV)
    assert list(table.columns) == list(ablation.COLUMNS)
    assert not table.duplicated(list(ablation.KEY)).any()
    for row in table.itertuples():
        cfg = ablation.row_settings(row)
        for column in ablation.SETTINGS_COLUMNS:
            assert getattr(row, column) == getattr(cfg, column), (row.variant, column)
        for column in ("source_only_acc", "dann_acc", "source_val_acc", "reverse_val_acc"):
            value = getattr(row, column)
            assert pd.isna(value) or 0 < value < 1, (row.variant, column)
        assert pd.notna(row.dann_acc) or pd.notna(row.reverse_val_acc), row.variant
    # the earlier protocol (source: the MNIST test digits), tuned on MNIST-M test accuracy
    earlier = table[table.source_split == "test"]
    assert len(earlier) == 49 and earlier.reverse_val_acc.isna().all()
    quick = earlier[earlier.variant == "Adam b1=0.5, BatchNorm per domain (quick profile)"]
    assert list(quick.seed) == [0, 1, 2] and set(quick.threads) == {2}
    assert earlier.target_only_acc.notna().sum() == 4
    # the quick profile's protocol: candidates scored without target labels, the profile among them
    scored = table[(table.source_split == QUICK.source_split) & (table.n_source == QUICK.n_source)
                   & table.reverse_val_acc.notna()]
    assert "Adam b1=0.5, BatchNorm per domain (quick profile)" in set(scored.variant)
    means = scored.groupby("variant").reverse_val_acc.mean()
    best = ablation.variant_settings(dm.dann.choose_by_score(
        means, incumbent="Adam b1=0.5, BatchNorm per domain (quick profile)"))
    assert (best.lr0, best.batch_norm, best.optimizer) == (QUICK.lr0, QUICK.batch_norm, QUICK.optimizer)


def test_ablation_runner_measures_and_updates_rows():
    ablation = _ablation_script()
    task = _toy_task(n=32)
    cfg = dataclasses.replace(ablation.variant_settings("Adam b1=0.5, gamma = 5"), steps=2,
                              batch_size=8)
    rows = ablation.measure(task, cfg, variant="Adam b1=0.5, gamma = 5", seeds=[0, 1], device="cpu")
    assert [r["seed"] for r in rows] == [0, 1] and all(math.isnan(r["target_only_acc"]) for r in rows)
    assert rows[0]["dann_acc"] == dm.train_dann(task, cfg, mode="dann", seed=0, device="cpu",
                                                show_progress=False).target_acc
    old = pd.DataFrame([{**rows[0], "dann_acc": 0.1, "target_only_acc": 0.9},
                        {**rows[0], "variant": "other"}], columns=list(ablation.COLUMNS))
    table = ablation.update_rows(old, rows)
    assert list(table.variant) == ["Adam b1=0.5, gamma = 5", "other", "Adam b1=0.5, gamma = 5"]
    assert table.dann_acc[0] == rows[0]["dann_acc"] and table.target_only_acc[0] == 0.9  # kept
    assert table.seed[2] == 1
    scored = ablation.measure(task, cfg, variant="Adam b1=0.5, gamma = 5", seeds=[0], device="cpu",
                              modes=(), reverse=True)
    assert math.isnan(scored[0]["dann_acc"]) and 0 <= scored[0]["reverse_val_acc"] <= 1
    merged = ablation.update_rows(table, scored)  # the scores join the row, the accuracies stay
    assert len(merged) == 3 and merged.dann_acc[0] == rows[0]["dann_acc"]
    assert merged.reverse_val_acc[0] == scored[0]["reverse_val_acc"]


def test_no_measurements_in_the_library():
    assert not (ROOT / "dalib_mini" / "dann" / "ablation.py").exists()
    for path in (ROOT / "dalib_mini").rglob("*.py"):
        assert "MEASURED" not in path.read_text(), path


# --- the two-moons toy (JMLR 2016, Sec. 5.1.1) -------------------------------------------------

def test_two_moons_target_is_the_source_shape_rotated():
    task = dm.dann.two_moons_domains(n=200, rotation_deg=35.0, noise=0.0, seed=0)
    assert task.source_x.shape == task.target_x.shape == (200, 2) and task.source_y.dtype == torch.int64
    assert set(task.source_y.tolist()) == {0, 1} and int(task.source_y.sum()) == 100
    centre = task.source_x.mean(0)
    # a rotation about the source's centre keeps every distance to it (noise-free moons)
    src = sorted((task.source_x - centre).norm(dim=1).tolist())
    tgt = sorted((task.target_x - centre).norm(dim=1).tolist())
    assert np.allclose(src, tgt, atol=1e-5)
    flat = dm.dann.two_moons_domains(n=200, rotation_deg=0.0, noise=0.0, seed=0)
    assert not torch.allclose(task.target_x, flat.target_x)
    with pytest.raises(ValueError, match="n must"):
        dm.dann.two_moons_domains(n=2)
    with pytest.raises(ValueError, match="noise"):
        dm.dann.two_moons_domains(noise=-0.1)


def test_the_reversal_layer_aligns_the_toys_hidden_layer_and_helps_the_target():
    """Behaviour: lambda = 0 keeps the domains apart in the hidden layer, lambda = 1 mixes them."""
    task = dm.dann.two_moons_domains(seed=0)
    plain = dm.dann.train_two_moons(task, adapt=False, seed=0, device="cpu")
    adapted = dm.dann.train_two_moons(task, adapt=True, seed=0, device="cpu")
    assert plain.source_acc > 0.95 and adapted.source_acc > 0.95
    assert adapted.domain_acc < plain.domain_acc - 0.1
    assert adapted.target_acc > plain.target_acc + 0.1
    again = dm.dann.train_two_moons(task, adapt=True, seed=0, device="cpu")
    assert again.target_acc == adapted.target_acc  # seeded
    assert dm.dann.two_moons_hidden_pca(adapted, task).shape == (2 * len(task.source_x), 2)


def test_train_two_moons_rejects_bad_arguments():
    task = dm.dann.two_moons_domains(n=20)
    with pytest.raises(TypeError, match="TwoMoonsTask"):
        dm.dann.train_two_moons(_toy_task(n=8), adapt=True, device="cpu")
    with pytest.raises(ValueError, match="steps"):
        dm.dann.train_two_moons(task, adapt=True, steps=0, device="cpu")
    with pytest.raises(ValueError, match="lr"):
        dm.dann.train_two_moons(task, adapt=True, lr=-1.0, device="cpu")
    with pytest.raises(ValueError, match="points"):
        dm.dann.ShallowDANN()(torch.zeros(4, 3))


# --- proxy A-distance and neighbourhoods ------------------------------------------------------

def test_proxy_a_distance_is_two_for_separable_domains_and_near_zero_for_one_distribution():
    g = np.random.default_rng(0)
    a, b = g.normal(size=(400, 10)), g.normal(size=(400, 10))
    assert dm.dann.proxy_a_distance(a, b + 6.0) == 2.0
    assert dm.dann.domain_classifier_error(a, b + 6.0) == 0.0
    same = dm.dann.proxy_a_distance(a, b)
    assert abs(same) < 0.35
    eps = dm.dann.domain_classifier_error(a, b)
    assert math.isclose(same, 2 * (1 - 2 * eps))  # d_A = 2 (1 - 2 eps)
    # a shift along one axis: between chance and separable, and growing with the shift
    small, large = (dm.dann.proxy_a_distance(a, b + np.eye(10)[0] * s) for s in (0.5, 2.0))
    assert same < small < large < 2.0
    assert dm.dann.proxy_a_distance(torch.tensor(a), torch.tensor(b + 6.0)) == 2.0


def test_proxy_a_distance_rejects_bad_features():
    good = np.zeros((10, 3))
    with pytest.raises(ValueError, match="width"):
        dm.dann.proxy_a_distance(good, np.zeros((10, 4)))
    with pytest.raises(ValueError, match=r"\(N, D\)"):
        dm.dann.proxy_a_distance(np.zeros(10), good)
    with pytest.raises(ValueError, match="at least 4"):
        dm.dann.proxy_a_distance(good, np.zeros((3, 3)))
    with pytest.raises(ValueError, match="NaN"):
        dm.dann.proxy_a_distance(good, np.full((10, 3), np.nan))
    with pytest.raises(ValueError, match="C must"):
        dm.dann.proxy_a_distance(good, good, C=0.0)


def test_neighbourhood_scores_on_known_layouts():
    g = torch.Generator().manual_seed(0)
    labels = torch.arange(40) % 4
    centres = 10.0 * torch.eye(8)[:4]
    source = centres[labels] + 0.1 * torch.randn(40, 8, generator=g)
    target = centres[labels] + 0.1 * torch.randn(40, 8, generator=g)
    mixed = dm.dann.neighbourhood_scores(source, labels, target, labels, k=5)
    assert mixed["transfer_1nn_acc"] == 1.0 and 0.3 < mixed["domain_mixing"] <= 0.7
    apart = dm.dann.neighbourhood_scores(source, labels, target + 100.0, labels, k=5)
    assert apart["domain_mixing"] == 0.0
    with pytest.raises(ValueError, match="k must"):
        dm.dann.neighbourhood_scores(source, labels, target, labels, k=0)
    with pytest.raises(ValueError, match="one label per"):
        dm.dann.neighbourhood_scores(source, labels[:3], target, labels)


def test_evaluate_dann_model_scores_the_source_with_its_own_statistics():
    task = _toy_task(n=64)
    cfg = _paper(steps=3, batch_size=16, batch_norm="per_domain", eval_batch_size=32)
    result = dm.train_dann(task, cfg, mode="dann", seed=0, device="cpu", show_progress=False)
    source_test = (task.source_images[:32], task.source_labels[:32])
    scores = dm.dann.evaluate_dann_model(result.model, task, source_test, cfg, n_statistics=64,
                                         n_distance=32)
    assert set(scores) == {"mnist_test_acc", "proxy_a_distance"} and -2 <= scores["proxy_a_distance"] <= 2
    by_hand = dm.dann.source_accuracy(result.model, *source_test, statistics_from=task.source_images)
    assert scores["mnist_test_acc"] == by_hand
    before = {k: v.clone() for k, v in result.model.state_dict().items()}
    dm.dann.evaluate_dann_model(result.model, task, source_test, cfg, n_statistics=64, n_distance=32)
    assert all(torch.equal(before[k], v) for k, v in result.model.state_dict().items())  # a copy


def test_mnist_test_split_is_standardised_like_the_source(mirror_root):
    cfg = dm.chapter_settings("dann", "quick", n_source=500, n_target=20, n_test=10)
    images, labels = dm.dann.mnist_test_split(cfg, n=50, root=mirror_root)
    assert images.shape == (50, 3, 32, 32) and labels.shape == (50,)
    raw_src, _ = dm.load_mnist("train", root=mirror_root)
    raw_test, raw_labels = dm.load_mnist("test", root=mirror_root)
    src = dm.to_float_images(dm.digits_to_rgb32(raw_src[:500]))
    test = dm.to_float_images(dm.digits_to_rgb32(raw_test[:50]))
    mean, std = src.mean(dim=(0, 2, 3), keepdim=True), src.std(dim=(0, 2, 3), keepdim=True)
    assert torch.allclose(images, (test - mean) / std, atol=1e-5) and torch.equal(labels, raw_labels[:50])
    with pytest.raises(ValueError, match="source's training images"):
        dm.dann.mnist_test_split(dataclasses.replace(cfg, source_split="test"), root=mirror_root)


# --- choosing settings without target labels ---------------------------------------------------

def test_reverse_validation_reads_no_target_label():
    task = _toy_task(n=96)
    cfg = _paper(steps=4, batch_size=16, eval_batch_size=64)
    scores = dm.dann.reverse_validation(task, cfg, seed=0, device="cpu")
    assert 0 <= scores.reverse_acc <= 1 and 0 <= scores.source_val_acc <= 1
    assert 0 <= scores.pseudo_label_agreement <= 1
    assert (scores.n_source_train, scores.n_source_val) == (86, 10)
    # scrambling every target label and the target test split changes nothing
    scrambled = dm.DigitAdaptationTask(task.source_images, task.source_labels, task.target_images,
                                       torch.zeros_like(task.target_labels), task.test_images[:3],
                                       torch.zeros(3, dtype=torch.int64), task.normalization)
    assert dm.dann.reverse_validation(scrambled, cfg, seed=0, device="cpu") == scores


def test_reverse_validation_rejects_bad_arguments():
    task = _toy_task(n=32)
    cfg = _paper(steps=2, batch_size=16)
    with pytest.raises(ValueError, match="val_fraction"):
        dm.dann.reverse_validation(task, cfg, seed=0, val_fraction=1.0, device="cpu")
    with pytest.raises(ValueError, match="too few"):
        dm.dann.reverse_validation(task, cfg, seed=0, val_fraction=0.9, device="cpu")
    with pytest.raises(TypeError, match="DigitAdaptationTask"):
        dm.dann.reverse_validation("task", cfg, seed=0, device="cpu")


def test_choose_by_score_takes_the_best_and_keeps_the_incumbent_on_a_tie():
    assert dm.dann.choose_by_score({"a": 0.90, "b": 0.95}, incumbent="a") == "b"
    assert dm.dann.choose_by_score({"a": 0.94, "b": 0.94000000001}, incumbent="a") == "a"
    assert dm.dann.choose_by_score({"b": 0.94, "c": 0.94, "a": 0.9}, incumbent="a") == "b"
    assert dm.dann.choose_by_score(pd.Series({"a": 0.5}), incumbent="z") == "a"
    with pytest.raises(ValueError, match="at least one"):
        dm.dann.choose_by_score({}, incumbent="a")
