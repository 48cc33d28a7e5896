# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # 02 · DANN: unsupervised domain adaptation by backpropagation
#
# **Paper.** Y. Ganin and V. Lempitsky, *Unsupervised Domain Adaptation by Backpropagation*, ICML 2015
# (extended as Ganin et al., *Domain-Adversarial Training of Neural Networks*, JMLR 17, 2016).
# Equation numbers are the **ICML 2015** paper's; the toy problem, the reverse validation and the
# proxy A-distance come from the **JMLR 2016** version (its section numbers are given where used).
#
# **What you learn.** Why a classifier trained on one domain fails on another; how a *domain
# classifier* measures the gap between feature distributions; the saddle-point objective (1) and why
# plain SGD cannot optimise it; the **gradient reversal layer** that turns it into one ordinary backward
# pass (pseudo-objective (9)); what the reversal does to a representation (a two-moons toy); how to
# measure alignment (t-SNE, proxy A-distance); and how to choose settings without target labels.
#
# **Data.** The paper's headline task MNIST → MNIST-M, **real data** read from the offline mirror
# (`DALIB_MINI_DATA`), on the paper's protocol: labelled MNIST *training* digits are the source, the
# unlabelled MNIST-M training images the target, and the MNIST-M test split the evaluation set. Each
# model is also scored on the MNIST test split. The sizes of this run are printed below the settings.

# %% [markdown] slideshow={"slide_type": "subslide"}
# > **Where this chapter departs from the paper** (the `quick` profile; `full` keeps the paper's data,
# > optimiser and network; the values of this run are printed under the settings below)
# >
# > * **Data size.** Source: a prefix of the MNIST training digits, not all of them (the steps see
# >   about one pass over it); target: the mirror's MNIST-M training images, a prefix of the paper's.
# >   Test: the whole MNIST-M test split the mirror holds. Reason: 2 CPU cores, a few minutes.
# > * **Optimiser.** Adam (small $eta_1$, learning rate annealed with the paper's $\mu_p$ formula)
# >   instead of SGD with momentum 0.9, and a few hundred steps instead of the paper's long schedule.
# >   Reason: that many SGD steps leave even the train-on-target network undertrained (appendix).
# > * **Input standardisation per domain.** Each domain is shifted and scaled by its own per-channel
# >   mean and std (`dm.normalize_domains`; the target's statistics come from its unlabelled images).
# >   Reason: it removes the first-order colour gap cheaply; it is itself a mild adaptation, and every
# >   baseline gets it too.
# > * **Architecture: per-domain BatchNorm + AdaBN.** BatchNorm after each convolution, with each
# >   domain normalised by its own batch statistics during training, and every network (baselines
# >   included) tested with statistics re-estimated on the unlabelled target images (AdaBN, Li et al.
# >   2016). Not in the paper. Reason: without it the gain at this budget is a few points (appendix).
# > * **Weight of the domain term.** Eq. (9) sums $L_y$ over the $n$ source images and $L_d$ over all
# >   $2n$ images of a batch; we average each, so relative to (9) the domain term has half its weight
# >   (`domain_loss_weight = 1`; 2 restores the sums' ratio).
# > * **Model selection.** The recipe (Adam, per-domain BatchNorm) was found earlier by comparing
# >   MNIST-M *test* accuracies, which is tuning on the test set; here the candidate recipes are
# >   re-scored with the journal's **reverse validation**, which uses no target label (Section 5).
# > * **Proxy A-distance.** Logistic regression on standardised features (the journal: a linear
# >   SVM), fitted on one half of the images of each domain, scored on the other half.
# > * **Two-moons toy.** The journal's setting (15 sigmoid hidden units, target rotated by 35°) trained
# >   full-batch with Adam and a constant $\lambda$ (the journal: its SGD Algorithm 1). Reason: it runs
# >   in a second; its settings were the first ones tried (printed in the appendix).
# > * **Notation.** $L_d$ here is the *mean* logistic loss of a batch; the course names the domain
# >   classifier's output a logit ("is this image from the target?", target = 1).

# %% tags=["parameters"] slideshow={"slide_type": "skip"}
import os

PROFILE = os.environ.get("DALIB_MINI_PROFILE", "quick")  # "quick" (2 CPU cores) or "full" (GPU)
SEEDS = [0, 1, 2]

# %% slideshow={"slide_type": "skip"}
import inspect
import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import torch
from IPython.display import display

import dalib_mini as dm
from dalib_mini.dann.updates import hand_written_dann_step, pseudo_objective_sgd_step

dm.set_style()
run = dm.start_chapter("dann", seeds=SEEDS, profile=PROFILE)
cfg = dm.chapter_settings("dann", PROFILE)
print(cfg)
print(f"this run: source = first {cfg.n_source} MNIST {cfg.source_split} digits, target = "
      f"{cfg.n_target or 'all'} MNIST-M training images; {cfg.optimizer} (beta1/momentum {cfg.momentum}, "
      f"lr0 {cfg.lr0}), {cfg.steps} steps of {cfg.batch_size} source + {cfg.batch_size} target images "
      f"({cfg.steps * cfg.batch_size:,} source images seen); batch_norm={cfg.batch_norm!r}")
# ICML 2015, Table 1, row MNIST -> MNIST-M (the JMLR 2016 version reports the same row)
PAPER = {"source_only_acc": 0.5225, "dann_acc": 0.7666, "target_only_acc": 0.9596}
PAPER_SA = 0.5690  # subspace alignment, same table and row (context only)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The problem
#
# A digit classifier trained on MNIST (white strokes on black) meets MNIST-M: the same kind of digits
# blended over patches of colour photographs. No MNIST-M label may be used for training. The paper's
# source-only network is far worse on MNIST-M than on MNIST (the paper's numbers are printed below).
# Below: source and target images after each domain was standardised by its own per-channel mean and
# std (`normalization="per_domain"`, see `dm.normalize_domains`).

# %% slideshow={"slide_type": "subslide"}
task = dm.mnist_to_mnistm(n_source=cfg.n_source, n_target=cfg.n_target, n_test=cfg.n_test,
                          source_split=cfg.source_split, normalization=cfg.normalization,
                          device=run.device)
mnist_test = dm.dann.mnist_test_split(cfg, device=run.device)
print(task)
print(f"source: the first {len(task.source_images):,} MNIST {cfg.source_split} digits (labelled); "
      f"target: {len(task.target_images):,} MNIST-M training images (unlabelled); "
      f"test: {len(task.test_images):,} MNIST-M test images; also {len(mnist_test[0]):,} MNIST test digits")
print(f"the paper (ICML 2015, Table 1, MNIST -> MNIST-M): source only {PAPER['source_only_acc']}, "
      f"DANN {PAPER['dann_acc']}, train on target {PAPER['target_only_acc']} (MNIST-M test accuracy)")
fig, axes = plt.subplots(1, 2, figsize=(11, 3))
for ax, images, name in [(axes[0], task.source_images[:16], "source: MNIST (labelled)"),
                         (axes[1], task.target_images[:16], "target: MNIST-M (unlabelled)")]:
    dm.show_images((images.cpu() * 0.25 + 0.5).clamp(0, 1), nrow=8, ax=ax, title=name)
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# The same digit shapes, but the target's strokes sit on textured colour: a network that learned
# "bright stroke on a flat background" has no reason to work there.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Derivation
#
# A network has three parts: features $f = G_f(x;\theta_f)$, a label predictor $G_y(f;\theta_y)$ and a
# domain classifier $G_d(f;\theta_d)$ that outputs the probability that $x$ comes from the target. With
# $L_y$ the cross-entropy of the label predictor (source samples only, $d_i = 0$) and $L_d$ the logistic
# loss of the domain classifier (all samples), the paper's objective is
#
# $$E(\theta_f,\theta_y,\theta_d) = \sum_{i:\,d_i=0} L_y^i(\theta_f,\theta_y) - \lambda \sum_{i} L_d^i(\theta_f,\theta_d) \qquad (1)$$
#
# and DANN seeks its **saddle point** $(\hat\theta_f,\hat\theta_y) = \arg\min E$, $\hat\theta_d = \arg\max E$
# (eqs. (2)-(3)): the domain classifier gets as good as possible at telling domains apart, and the
# features get as bad as possible for it while staying good for labels. Plain SGD on $E$ would *also*
# push $\theta_d$ to increase $L_d$ (it minimises $-\lambda L_d$), so the paper writes the updates by hand:
#
# $$\theta_f \leftarrow \theta_f - \mu\Big(\frac{\partial L_y^i}{\partial\theta_f} - \lambda\frac{\partial L_d^i}{\partial\theta_f}\Big)\;(4),\qquad
# \theta_y \leftarrow \theta_y - \mu\frac{\partial L_y^i}{\partial\theta_y}\;(5),\qquad
# \theta_d \leftarrow \theta_d - \mu\frac{\partial L_d^i}{\partial\theta_d}\;(6).$$
#
# Only (4) differs from ordinary SGD on $L_y + L_d$: the sign and scale of the domain gradient that
# reaches the features. The **gradient reversal layer** does exactly that: $R_\lambda(x) = x$ in the forward
# pass and $\partial R_\lambda/\partial x = -\lambda I$ in the backward pass (eqs. (7)-(8)). Putting it
# between $G_f$ and $G_d$ gives the pseudo-objective
#
# $$\tilde E(\theta_f,\theta_y,\theta_d) = \sum_{i:\,d_i=0} L_y\big(G_y(G_f(x_i))\big) + \sum_i L_d\big(G_d(R_\lambda(G_f(x_i))), d_i\big) \qquad (9)$$
#
# whose ordinary SGD step *is* (4)-(6). Three checks follow, each comparing two quantities computed
# independently.

# %% slideshow={"slide_type": "skip"}
# Check 1: autograd through R_lambda gives exactly -lambda times the gradient without it.
torch.manual_seed(0)
tiny = dm.DANNNet(image_size=16).double()
f = tiny.features(torch.randn(6, 3, 16, 16, dtype=torch.float64)).detach().requires_grad_(True)
(plain,) = torch.autograd.grad(tiny.domain_classifier(f).sum(), f)
for lam in (0.0, 0.25, 1.0):
    (reversed_grad,) = torch.autograd.grad(tiny.domain_classifier(dm.gradient_reversal(f, lam)).sum(), f)
    assert torch.equal(reversed_grad, -lam * plain)
print("R_lambda: forward identity, backward exactly -lambda x gradient for lambda in {0, 0.25, 1}")

# %% slideshow={"slide_type": "skip"}
# Check 2: one SGD step on pseudo-objective (9) equals the hand-written updates (4)-(6).
xs, xt = torch.randn(5, 3, 16, 16, dtype=torch.float64), torch.randn(5, 3, 16, 16, dtype=torch.float64)
ys = torch.randint(0, 10, (5,))
by_hand = hand_written_dann_step(tiny, xs, ys, xt, lam=0.7, lr=0.1)
by_autograd = pseudo_objective_sgd_step(tiny, xs, ys, xt, lam=0.7, lr=0.1)
gap = max((by_hand[k] - by_autograd[k]).abs().max().item() for k in by_hand)
assert gap < 1e-12, gap
print(f"{len(by_hand)} parameter tensors, largest difference {gap:.1e}: SGD on (9) == updates (4)-(6)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **A negated loss is not the same thing.** Replacing the reversal layer by the objective
# $L_y - \lambda L_d$ flips the domain classifier's gradient too: its SGD step *ascends* $L_d$ in
# $\theta_d$, so $G_d$ learns to be wrong, while (6) descends it. The two coincide only when the
# discriminator is updated separately with its own, un-negated loss. The check holds the features
# fixed, takes each step on $\theta_d$ alone and measures $L_d$ before and after.

# %% slideshow={"slide_type": "skip"}
# Check 3: the negated-loss step moves G_d uphill on L_d; the reversal layer's step, downhill.
feats = tiny.features(torch.cat([xs, xt])).detach()  # theta_f held fixed: only G_d moves
d = torch.tensor([0.0] * 5 + [1.0] * 5, dtype=torch.float64)
start = {n: p.detach() for n, p in tiny.domain_classifier.named_parameters()}
loss_d = dm.domain_classification_loss(tiny.domain_classifier(feats), d)
grads = torch.autograd.grad(-0.7 * loss_d, list(tiny.domain_classifier.parameters()))  # E = L_y - lambda L_d
negated = {n: start[n] - 0.1 * g for n, g in zip(start, grads)}
reversal = {n: by_autograd[f"domain_classifier.{n}"] for n in start}  # from check 2: SGD on (9)


def domain_loss_at(params):
    logits = torch.func.functional_call(tiny.domain_classifier, params, (feats,))
    return dm.domain_classification_loss(logits, d).item()


before, after_neg, after_grl = domain_loss_at(start), domain_loss_at(negated), domain_loss_at(reversal)
assert after_neg > before > after_grl, (before, after_neg, after_grl)
print(f"L_d of G_d: before {before:.5f}; after the negated-loss step {after_neg:.5f} (uphill); "
      f"after the reversal-layer step {after_grl:.5f} (downhill)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Schedules
#
# The paper anneals the learning rate, $\mu_p = \mu_0/(1+\alpha p)^\beta$ with $\mu_0=0.01$, $\alpha=10$,
# $\beta=0.75$, and ramps the adaptation factor, $\lambda_p = 2/(1+\exp(-\gamma p)) - 1$ with $\gamma=10$,
# where $p\in[0,1]$ is the training progress. $\lambda_p$ starts at 0, so the domain classifier's noisy
# early signal does not disturb the features, and reaches $\tanh(\gamma/2)$ at the end.

# %% slideshow={"slide_type": "subslide"}
p = np.linspace(0, 1, 201)
lam, mu = dm.grl_lambda_schedule(p), dm.learning_rate_schedule(p, 0.01, 10, 0.75)
assert lam[0] == 0 and np.all(np.diff(lam) > 0) and math.isclose(lam[-1], math.tanh(5))
assert mu[0] == 0.01 and np.all(np.diff(mu) < 0) and math.isclose(mu[-1], 0.01 / 11 ** 0.75)
fig, ax = plt.subplots(1, 2, figsize=(10, 3.2))
ax[0].plot(p, lam, label=r"$\lambda_p$, $\gamma=10$"); ax[0].set(title="Adaptation factor", xlabel="progress p", ylabel=r"$\lambda_p$")
ax[1].plot(p, mu, color="C1", label=r"$\mu_p$"); ax[1].set(title="Learning rate", xlabel="progress p", ylabel=r"$\mu_p$")
for a in ax: a.legend()
plt.tight_layout(); plt.show()
print(f"lambda_p: 0 -> {lam[-1]:.4f}; mu_p: 0.01 -> {mu[-1]:.5f} (checked: endpoints and monotone)")

# %% [markdown] slideshow={"slide_type": "-"}
# The adaptation factor rises quickly and saturates while the learning rate decays: the adversarial
# signal is strongest when the steps are small.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Implementation
#
# The network (`dm.DANNNet`, the paper's MNIST architecture: conv 32@5×5 → pool → conv 48@5×5 → pool;
# label head 100-100-10; domain head 100-1) puts a `dm.GradientReversal` layer (defined in
# `dalib_mini/gradient_reversal.py`) in front of the domain classifier. `dm.forward_domains` sends
# a source and a target batch through a module, and `dm.dann_step` is one training step of DANN:
# it assembles pseudo-objective (9) from a source and a target batch and takes one backward pass.

# %% slideshow={"slide_type": "skip"}
print(inspect.getsource(dm.DANNNet.forward))
print(inspect.getsource(dm.forward_domains))
print(inspect.getsource(dm.dann_step))
print(f"this profile ({run.profile}): optimizer={cfg.optimizer!r}, lr0={cfg.lr0}, momentum/beta1={cfg.momentum}, "
      f"batch_norm={cfg.batch_norm!r}, {cfg.steps} steps of {cfg.batch_size} source + {cfg.batch_size} target images")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Every step, `dm.train_dann` sets $\mu_p$ on the optimizer, draws a batch that is **half source,
# half target**, and calls `dann_step` (above), which sets $\lambda_p$ on the reversal layer and takes
# one backward pass on (9). With `batch_norm="per_domain"` the two halves go through $G_f$ separately,
# so each is normalised by its own batch statistics, and before testing, the stored statistics of every
# network (baselines included) are re-estimated on the unlabelled target images
# (`dm.reestimate_batch_norm`, AdaBN). The optimiser is built by `dm.dann.make_optimizer` (below). The
# baselines run through the same function, optimiser and budget, with a plain supervised step instead
# of `dann_step`: `"source_only"` (labelled MNIST only) and `"target_only"` (labelled MNIST-M training
# images: the upper bound, which uses labels adaptation never sees).

# %% slideshow={"slide_type": "skip"}
print(inspect.getsource(dm.dann.make_optimizer))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Measuring alignment.** Two tools from the journal version. The proxy A-distance
# $\hat d_A = 2(1 - 2\epsilon)$ (JMLR 2016, Sec. 5.1.5), with $\epsilon$ the held-out error of a
# *linear* classifier that tells source features from target features: 2 for separable domains, 0 at
# chance. And, on the toy, the hidden layer's principal components coloured by domain.

# %% slideshow={"slide_type": "skip"}
print(inspect.getsource(dm.dann.domain_classifier_error))
print(inspect.getsource(dm.dann.proxy_a_distance))

# %% slideshow={"slide_type": "skip"}
# Check 4: the proxy A-distance on two cases with a known answer.
g = np.random.default_rng(0)
same = dm.dann.proxy_a_distance(g.normal(size=(1000, 20)), g.normal(size=(1000, 20)))
apart = dm.dann.proxy_a_distance(g.normal(size=(1000, 20)), g.normal(size=(1000, 20)) + 5.0)
assert apart == 2.0 and abs(same) < 0.3, (apart, same)
print(f"proxy A-distance: {apart:.3f} for domains 5 std apart (separable: 2), "
      f"{same:+.3f} for two samples of one distribution (chance: 0)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Training
#
# **A toy first** (JMLR 2016, Sec. 5.1.1): two labelled half-moons as the source, the same shape
# rotated by 35° as the unlabelled target, and the journal's shallow network (15 sigmoid hidden units,
# a logistic domain classifier on them) trained twice: on the labels alone, and with the reversal layer.

# %% slideshow={"slide_type": "skip"}
moons = dm.dann.two_moons_domains(seed=0)
toy = {(adapt, seed): dm.dann.train_two_moons(moons, adapt=adapt, seed=seed, device=run.device)
       for seed in SEEDS for adapt in (False, True)}
for (adapt, seed), r in toy.items():
    print(f"seed {seed} {'DANN' if adapt else 'no adaptation':>13}: source accuracy {r.source_acc:.3f}, "
          f"target accuracy {r.target_acc:.3f}, domain accuracy of G_d on the hidden layer {r.domain_acc:.3f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The digits.** Source-only, DANN and train-on-target, the same budget each, three seeds. After
# each run we also score the network on the MNIST test split (with the source's BatchNorm
# statistics) and measure the proxy A-distance between its features of 1,000 MNIST test digits and
# 1,000 MNIST-M test images.

# %% slideshow={"slide_type": "skip"}
MODES = dm.dann.MODES
runs, scores = {}, {}
for seed in SEEDS:
    for mode in MODES:
        runs[mode, seed] = dm.train_dann(task, cfg, mode=mode, seed=seed, device=run.device)
        scores[mode, seed] = dm.dann.evaluate_dann_model(runs[mode, seed].model, task, mnist_test, cfg,
                                                         seed=seed)
        print(f"seed {seed} {mode:>12}: MNIST-M test {runs[mode, seed].target_acc:.4f}, MNIST test "
              f"{scores[mode, seed]['mnist_test_acc']:.4f}, proxy A-distance "
              f"{scores[mode, seed]['proxy_a_distance']:.3f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Results
#
# ### What the reversal layer does, on the toy

# %% slideshow={"slide_type": "-"}
fig, axes = plt.subplots(2, 2, figsize=(11, 9.5))
for row, adapt in zip(axes, (False, True)):
    dm.dann.plot_two_moons(toy[adapt, SEEDS[0]], moons, row)
plt.tight_layout(); plt.show()
plain, adapted = ([toy[a, s] for s in SEEDS] for a in (False, True))
print(f"target accuracy over seeds {SEEDS}: without adaptation "
      f"{', '.join(f'{r.target_acc:.3f}' for r in plain)}; DANN {', '.join(f'{r.target_acc:.3f}' for r in adapted)}. "
      f"Domain accuracy of G_d on the hidden units: {np.mean([r.domain_acc for r in plain]):.3f} without, "
      f"{np.mean([r.domain_acc for r in adapted]):.3f} with the reversal layer (0.5 = the domains look alike)")

# %% [markdown] slideshow={"slide_type": "-"}
# Left column: the decision boundary (black line) over the labelled source moons (dots) and the
# rotated target (crosses, coloured by the true class that training never sees). A cross on the wrong
# side of the line is a target error. Without adaptation the boundary follows the source and cuts
# through the rotated moons; with the reversal layer it turns with the target. Right
# column: in the standard network the hidden units keep the two domains apart, so any classifier on
# them sees two different distributions; the reversal layer pulls the domains on top of each other,
# which is what makes the source's labels usable on the target.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The digits: our numbers next to the paper's

# %% slideshow={"slide_type": "-"}
acc = pd.DataFrame({m: [runs[m, s].target_acc for s in SEEDS] for m in MODES}, index=pd.Index(SEEDS, name="seed"))
src_acc = pd.DataFrame({m: [scores[m, s]["mnist_test_acc"] for s in SEEDS] for m in MODES}, index=acc.index)
pad = pd.DataFrame({m: [scores[m, s]["proxy_a_distance"] for s in SEEDS] for m in MODES}, index=acc.index)
display(pd.concat({"MNIST-M test accuracy": acc, "MNIST test accuracy": src_acc}, axis=1).round(4))
table = pd.DataFrame({"MNIST-M test, mean": acc.mean(), "std": acc.std(),
                      "paper: ICML 2015 Table 1, MNIST-M": pd.Series(PAPER.values(), index=MODES),
                      "MNIST test, mean": src_acc.mean(), "std ": src_acc.std()})
display(table.round(4))
gain = acc["dann"] - acc["source_only"]
wide = gain.mean() >= 0.10 and gain.min() >= 0.07
print(f"DANN - source-only on MNIST-M test: mean {gain.mean():+.4f} (std {gain.std():.4f}); per seed "
      f"{', '.join(f'{g:+.4f}' for g in gain)}. The paper: {PAPER['dann_acc'] - PAPER['source_only_acc']:+.4f}.")
print(f"The paper's claim, DANN ahead of source-only by a wide margin (here: at least +0.10 on the mean and "
      f"+0.07 on every seed): {'holds' if wide else 'does NOT hold'} in this run.")
print(f"On the source, MNIST test: source-only {src_acc['source_only'].mean():.4f}, DANN {src_acc['dann'].mean():.4f} "
      f"(adaptation costs {src_acc['source_only'].mean() - src_acc['dann'].mean():+.4f} there).")
print(f"Against the paper: our source-only is {acc['source_only'].mean() - PAPER['source_only_acc']:+.4f} and our DANN "
      f"{acc['dann'].mean() - PAPER['dann_acc']:+.4f} from its numbers, after {cfg.steps} steps on "
      f"{len(task.source_images):,} + {len(task.target_images):,} images; train-on-target stays "
      f"{PAPER['target_only_acc'] - acc['target_only'].mean():+.4f} below the paper's, so about "
      f"{(acc['target_only'] - acc['dann']).mean():.2f} of accuracy separates DANN from its upper bound here.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **What the quick recipe changes from the paper** (details in the box at the top): Adam instead of
# SGD with momentum; per-domain input standardisation; BatchNorm with per-domain statistics and AdaBN
# at test time; the domain term at half of its weight in Eq. (9) (means instead of sums); a few
# hundred steps on subsets of the data. The first two rows of the table share all of it, so the *gap* between them
# is DANN's own contribution; the absolute numbers are not the paper's setting.
#
# **How the settings were chosen.** The recipe was first found by comparing MNIST-M test
# accuracies, which tunes on the test set. Here each candidate recipe is scored instead by the
# journal's *reverse validation* (JMLR 2016, Sec. 5.1.2; `dm.dann.reverse_validation`): train DANN on
# most of the labelled source and the unlabelled target, label the target with it, train a reverse
# DANN from the self-labelled target back to the source, and score it on the held-out part of the
# source. No target label enters. The settings with the highest score are the ones used here. The
# scores (from `scripts/dann_ablation.py --reverse-validation`; source validation beside them):

# %% slideshow={"slide_type": "-"}
ablation = pd.read_csv(Path("..") / "results" / "dann_ablation.csv")
selection = ablation[(ablation.source_split == "train") & ablation.reverse_val_acc.notna()]  # the quick profile's data
by_variant = selection.groupby("variant", sort=False).agg(
    reverse_validation=("reverse_val_acc", "mean"), seeds=("reverse_val_acc", "count"),
    source_validation=("source_val_acc", "mean"), mnist_m_test_not_used=("dann_acc", "mean"),
    test_seeds=("dann_acc", "count"))
display(by_variant.round(4))
in_use = "Adam b1=0.5, BatchNorm per domain (quick profile)"
chosen = dm.dann.choose_by_score(by_variant.reverse_validation, incumbent=in_use)
top = by_variant.reverse_validation.round(4)
tied = list(top[top == top.max()].index)
print(f"highest reverse-validation score: {top.max():.4f}, reached by {tied}"
      + (f"; a tie keeps the settings in use, so the rule picks {chosen!r}" if len(tied) > 1 else
         f"; the rule picks {chosen!r}"))
print(f"this notebook runs {in_use!r}: lr0={cfg.lr0}, batch_norm={cfg.batch_norm!r}, optimizer={cfg.optimizer!r} "
      f"({'the rule' + chr(39) + 's choice' if chosen == in_use else 'NOT the rule' + chr(39) + 's choice'}). "
      f"Source validation would rank {by_variant.source_validation.idxmax()!r} first; MNIST-M test accuracy, which "
      f"a label-free rule must not use, {by_variant.mnist_m_test_not_used.idxmax()!r}.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Training curves

# %% slideshow={"slide_type": "-"}
hist = runs["dann", SEEDS[0]].history
fig, ax = plt.subplots(1, 2, figsize=(11, 3.4))
hist.plot(["lambda_p", "domain_acc"], ax=ax[0], smooth=10, title="DANN: lambda_p and domain accuracy")
ax[0].axhline(0.5, ls="--", color="grey", label="chance"); ax[0].legend()
hist.plot(["label_loss", "domain_loss"], ax=ax[1], smooth=10, title="DANN: losses", ylabel="loss")
ax[1].axhline(math.log(2), ls="--", color="grey", label="log 2 (chance)"); ax[1].legend()
plt.tight_layout(); plt.show()
head = [runs["dann", s].history.frame().domain_acc.head(cfg.steps // 10).mean() for s in SEEDS]
tail = [runs["dann", s].history.frame().domain_acc.tail(cfg.steps // 10).mean() for s in SEEDS]
print(f"domain accuracy of G_d on the training batches, first 10% of the steps: "
      f"{', '.join(f'{h:.3f}' for h in head)}; last 10%: "
      f"{', '.join(f'{t:.3f}' for t in tail)} (seeds {SEEDS}); 0.5 would mean aligned features. "
      f"{'The domain classifier still tells the domains apart: the features are NOT aligned, only harder to separate.' if min(tail) > 0.6 else 'The domain classifier is close to chance.'}")

# %% [markdown] slideshow={"slide_type": "-"}
# The left panel shows how well $G_d$ tells the domains apart on each training batch while
# $\lambda_p$ ramps up; the right one, the two losses. If the features won the game, the domain
# accuracy would drop to 0.5 and the domain loss rise to $\log 2$ (the dashed lines); the gap that is
# left at the end is how far this short run stays from the saddle point of (1).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The features, before and after adaptation
#
# t-SNE of $G_f(x)$ for 500 MNIST test digits and 500 MNIST-M test images (each domain through its
# own BatchNorm statistics, as in training), for the source-only network and DANN, same seed; the same
# embedding coloured by class (marker = domain) and by domain.

# %% slideshow={"slide_type": "-"}
n = cfg.n_embed // 2
per_domain_bn = cfg.batch_norm == "per_domain"
domain = np.array(["MNIST (source)"] * n + ["MNIST-M (target)"] * n)
digit = torch.cat([mnist_test[1][:n], task.test_labels[:n]]).cpu().numpy()
fig, ax = plt.subplots(2, 2, figsize=(12, 11))
near = {}
for row, mode, name in [(ax[0], "source_only", "before adaptation (source only)"),
                        (ax[1], "dann", "after adaptation (DANN)")]:
    f_src, f_tgt = dm.dann.domain_features(runs[mode, SEEDS[0]].model, mnist_test[0][:n], task.test_images[:n],
                                           source_statistics=task.source_images[:5000] if per_domain_bn else None)
    points = dm.embed_2d(torch.cat([f_src, f_tgt]), seed=0)
    dm.plot_embedding(points, hue=digit, style=domain, ax=row[0], title=f"{name}: by class")
    dm.plot_embedding(points, hue=domain, ax=row[1], title=f"{name}: by domain", hue_name="domain")
    near[mode] = dm.dann.neighbourhood_scores(f_src, digit[:n], f_tgt, digit[n:])
plt.tight_layout(); plt.show()
for mode in near:
    print(f"{mode:>11}: a target image takes its nearest MNIST neighbour's class correctly "
          f"{near[mode]['transfer_1nn_acc']:.3f} of the time; share of the other domain among the 10 nearest "
          f"neighbours {near[mode]['domain_mixing']:.3f} (0 = apart, 0.5 = mixed)")

# %% [markdown] slideshow={"slide_type": "-"}
# Read the rows against each other. Coloured by domain, a region of one colour is a part of feature
# space that only one domain uses; coloured by class, a class cluster that holds both markers is a
# class the two domains share. Source-only features are computed for MNIST alone, so the MNIST-M
# images are free to land anywhere; the reversal layer pushes them into the same regions as MNIST.
# The two numbers under the figure measure this in the 1,200-dimensional feature space itself (t-SNE
# distorts distances): how often a target image's nearest MNIST neighbour has its class, and how
# mixed the neighbourhoods are.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Proxy A-distance

# %% slideshow={"slide_type": "-"}
fig, ax = plt.subplots(figsize=(7, 3.6))
for k, mode in enumerate(MODES):  # shifted sideways so that equal values stay visible
    ax.plot(np.array(SEEDS) + 0.12 * (k - 1), pad[mode], "o", markersize=8, label=mode)
ax.axhline(2, ls="--", color="grey", label="separable domains (2)")
ax.axhline(0, ls=":", color="grey", label="chance (0)")
ax.set(title="Proxy A-distance between MNIST and MNIST-M features", xlabel="seed", ylabel=r"$\hat d_A$",
       xticks=SEEDS, ylim=(-0.1, 2.2))
ax.legend(fontsize="small", loc="center right"); plt.tight_layout(); plt.show()
drop = pad["source_only"] - pad["dann"]
print(f"proxy A-distance, mean over seeds: source-only {pad['source_only'].mean():.3f}, DANN {pad['dann'].mean():.3f}, "
      f"train-on-target {pad['target_only'].mean():.3f}; source-only minus DANN per seed: "
      f"{', '.join(f'{x:+.3f}' for x in drop)}. A linear classifier fitted after training tells DANN's features "
      f"apart with held-out error {(1 - pad['dann'].mean() / 2) / 2:.3f} (0.5 = chance).")
if drop.mean() < 0.1:
    print("So DANN barely moves the distance: at this budget the reversal layer has NOT made the features "
          "domain-invariant. The adversary it trained against was fooled part of the time (its domain accuracy "
          "above); a fresh linear classifier is not. What did change is where the target images land relative to "
          "the source classes (the nearest-neighbour numbers above), which fits the accuracy gain.")
else:
    print("So DANN lowers the distance: its features are harder to tell apart by domain than source-only's.")

# %% [markdown] slideshow={"slide_type": "-"}
# Each marker is one network: the closer to 2, the easier a linear classifier separates the domains
# in its features. The reversal layer is meant to lower this distance; how far the DANN markers stay
# from 0 says how much of the domain gap is left. Note the difference between fooling *the*
# discriminator a network was trained against and fooling *any* linear one trained afterwards.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Exercises
#
# 1. **The adaptation factor.** Write `lambda_schedule(p, gamma)` returning $\lambda_p$.
# 2. **The domain loss.** Write `domain_loss(domain_logits, is_target)`, the mean logistic loss, stable
#    for logits of ±50 (hint: `torch.nn.functional.logsigmoid`).
# 3. **Reverse a gradient without a custom `Function`.** Write `reversal_function(x, lam)` that returns
#    `x` but sends back $-\lambda$ times the gradient (hint: `x.detach()` has no gradient).
# 4. *(open)* Re-run the toy with `lam=0.3` and `lam=3.0` (`dm.dann.train_two_moons(moons, adapt=True,
#    lam=..., seed=0, device=run.device)`): at which value does the hidden layer's PCA mix the domains,
#    and what happens to the *source* accuracy when $\lambda$ is too large?
#
# Each self-check fails on the placeholder and prints a line when your answer is right. Solutions:
# `dalib_mini/solutions/dann.py`.

# %% slideshow={"slide_type": "skip"}
def lambda_schedule(p, gamma=10.0):
    raise NotImplementedError("exercise 1: return 2 / (1 + exp(-gamma p)) - 1")


# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.dann.exercises.check_lambda_schedule(lambda_schedule)


# %% slideshow={"slide_type": "skip"}
def domain_loss(domain_logits, is_target):
    raise NotImplementedError("exercise 2: mean binary cross-entropy from logits")


# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.dann.exercises.check_domain_loss(domain_loss)


# %% slideshow={"slide_type": "skip"}
def reversal_function(x, lam):
    raise NotImplementedError("exercise 3: identity forward, -lam x gradient backward")


# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.dann.exercises.check_reversal_function(reversal_function)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7. Appendix: from the bench
#
# **An earlier protocol, tuned on the test set.** Before this chapter used the MNIST training digits,
# its quick profile took the 10,000 MNIST *test* digits as the source, and the recipe (Adam,
# per-domain BatchNorm) was found by changing one knob at a time and comparing **MNIST-M test**
# accuracies. That is a form of tuning on the test set; the rows are kept as a record of what was
# tried, not as evidence, and the recipe is re-scored without target labels in Section 5. The runner
# `scripts/dann_ablation.py` defines every variant and writes `results/dann_ablation.csv`, read here.

# %% slideshow={"slide_type": "skip"}
earlier = ablation[ablation.source_split == "test"].copy()
earlier["gain"] = (earlier.dann_acc - earlier.source_only_acc).round(4)
with pd.option_context("display.max_rows", 100):
    display(earlier[["variant", "seed", "steps", "source_only_acc", "dann_acc", "target_only_acc", "gain"]])

# %% slideshow={"slide_type": "skip"}
mean_of = earlier.groupby("variant", sort=False)[["source_only_acc", "dann_acc", "gain"]].mean()


def line(variant):
    r = mean_of.loc[variant]
    seeds = int((earlier.variant == variant).sum())
    return f"{variant} ({seeds} seed(s)): source-only {r.source_only_acc:.3f}, DANN {r.dann_acc:.3f}, gain {r.gain:+.3f}"


bounds = earlier.dropna(subset=["target_only_acc"]).set_index("variant")
print("What the earlier rows say (means over the seeds each variant was run with):")
print("* per-domain BatchNorm made the gain:", line("Adam b1=0.5, BatchNorm per domain (quick profile)"),
      "| without it:", line("Adam b1=0.5, no BatchNorm"))
print("* the paper's SGD at this budget leaves the upper bound undertrained: train-on-target",
      ", ".join(f"{v}: {a:.3f}" for v, a in bounds.target_only_acc.items()))
print("* input normalisation moves the baseline more than DANN:",
      "; ".join(line(v) for v in ["Adam b1=0.5, no BatchNorm", "Adam b1=0.5, normalization 'shared'",
                                  "Adam b1=0.5, normalization 'none'"]))
print("* a stronger or faster adversary hurts:",
      "; ".join(line(v) for v in ["SGD, mu0 = 0.03", "SGD, domain loss weight 2", "Adam b1=0.9, lambda_max = 3",
                                  "Adam b1=0.9, constant lr, gamma = 30"]))
print(f"* variants with a mean gain >= 0.10: {int((mean_of.gain >= 0.10).sum())} of {len(mean_of)}")

# %% [markdown] slideshow={"slide_type": "skip"}
# **The paper's protocol, scored without target labels.** The rows with the quick profile's data
# (MNIST training digits as the source) carry the two label-free scores of Section 5; their MNIST-M
# test accuracies are printed for comparison only (the baselines were trained for seed 0 alone).
# Differences of a few thousandths between reverse-validation scores are within seed noise, which is
# why a tie keeps the settings in use.

# %% slideshow={"slide_type": "skip"}
display(selection[["variant", "seed", "threads", "source_only_acc", "dann_acc", "source_val_acc",
                   "reverse_val_acc"]].round(4))
rank_rv = by_variant.reverse_validation.rank(ascending=False, method="min").astype(int)
rank_test = by_variant.mnist_m_test_not_used.rank(ascending=False, method="min").astype(int)
print("rank by reverse validation / by MNIST-M test:",
      "; ".join(f"{v}: {rank_rv[v]} / {rank_test[v]}" for v in by_variant.index))
toy_settings = {k: v.default for f in (dm.dann.two_moons_domains, dm.dann.train_two_moons)
                for k, v in inspect.signature(f).parameters.items()
                if v.default is not inspect.Parameter.empty and k not in ("seed", "device")}
print(f"the toy's settings, the first ones tried (exercise 4 varies lambda): {toy_settings}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Results record

# %% slideshow={"slide_type": "-"}
metrics = {"source_only_acc": acc["source_only"].mean(), "dann_acc": acc["dann"].mean(),
           "target_only_acc": acc["target_only"].mean(), "dann_gain": gain.mean(),
           "proxy_a_distance_source_only": pad["source_only"].mean(),
           "proxy_a_distance_dann": pad["dann"].mean(),
           "mnist_test_acc_source_only": src_acc["source_only"].mean(),
           "mnist_test_acc_dann": src_acc["dann"].mean(),
           "mnist_test_acc_target_only": src_acc["target_only"].mean()}
per_seed_values = {"source_only_acc": acc["source_only"], "dann_acc": acc["dann"], "target_only_acc": acc["target_only"],
                   "dann_gain": gain, "proxy_a_distance_source_only": pad["source_only"],
                   "proxy_a_distance_dann": pad["dann"], "mnist_test_acc_source_only": src_acc["source_only"],
                   "mnist_test_acc_dann": src_acc["dann"], "mnist_test_acc_target_only": src_acc["target_only"]}
run.record(metrics=metrics,
           paper={**PAPER, "dann_gain": PAPER["dann_acc"] - PAPER["source_only_acc"]},
           notes="paper = ICML 2015 Table 1, MNIST -> MNIST-M (source only / DANN / train on target); "
                 "accuracies on MNIST-M test, mnist_test_acc_* on MNIST test; batch_size is per domain; "
                 "settings scored by reverse validation (no target labels)",
           settings=cfg,
           per_seed={k: [float(x) for x in v] for k, v in per_seed_values.items()},
           extra={"toy_target_acc": {"no_adaptation": [r.target_acc for r in plain],
                                     "dann": [r.target_acc for r in adapted]},
                  "final_domain_acc_dann": tail,
                  "neighbourhood_seed0": near,
                  "reverse_validation_choice": chosen,
                  "paper_subspace_alignment_acc": PAPER_SA})
