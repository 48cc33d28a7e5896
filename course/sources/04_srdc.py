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
# # 04 · SRDC: domain adaptation by structurally regularised deep clustering
#
# *Hui Tang, Ke Chen, Kui Jia. Unsupervised Domain Adaptation via Structurally Regularized Deep
# Clustering. CVPR 2020.*
#
# DANN (chapter 02) makes source and target features indistinguishable. SRDC argues that such
# alignment can destroy the *intrinsic discrimination* of the target data, and instead **clusters
# the target directly**, with the labelled source acting as a structural regulariser. This chapter
# teaches:
#
# * clustering with **auxiliary targets**: minimise $\mathrm{KL}(Q\|P)+\sum_k f_k\log f_k$ over an
#   auxiliary distribution $Q$, its closed-form solution, and why training then reduces to a
#   cross-entropy;
# * **feature-level** clustering with a Student-t kernel and learnable centers, re-initialised by
#   k-means every epoch;
# * **structural source regularisation** and **soft source selection** by cosine weights.
#
# **Data.** MNIST → MNIST-M with the DANN chapter's task builder, backbone, data sizes and step
# budget (`cfg` copies these fields of `dm.chapter_settings("dann", PROFILE)`), so the two methods are compared on equal terms. All images are **real data** read from
# the offline mirror (`DALIB_MINI_DATA`). The paper itself has **no digits experiment**: its
# headline is Office-31 (average 90.8 % for SRDC vs 82.6 % for DANN), which needs an ImageNet
# ResNet-50 and the Office-31 images (not in the mirror); the `full` profile section documents
# that recipe. The `quick` profile (default) runs on 2 CPU cores in a few minutes.

# %% tags=["parameters"] slideshow={"slide_type": "skip"}
import os

PROFILE = os.environ.get("DALIB_MINI_PROFILE", "quick")  # "quick" (2 CPU cores) or "full" (GPU)
SEEDS = [0, 1, 2]

# %% slideshow={"slide_type": "skip"}
import inspect

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import torch
from IPython.display import display

import dalib_mini as dm

dm.set_style()
run = dm.start_chapter("srdc", seeds=SEEDS, profile=PROFILE)
cfg = dm.chapter_settings("srdc", PROFILE)
print(cfg)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1 · The problem
#
# A classifier trained on labelled MNIST digits (source) is applied to MNIST-M (target): the same
# digit shapes blended over colour photographs, whose labels we **do not** use for training.
# Source-only training transfers poorly. SRDC's bet: the target images of one digit already form
# a cluster in a good feature space, so discover these clusters directly, and use the source only
# to keep the clusters aligned with the classes.

# %% slideshow={"slide_type": "subslide"}
task = dm.mnist_to_mnistm(n_source=cfg.n_source, n_target=cfg.n_target, n_test=cfg.n_test,
                          source_split=cfg.source_split, normalization=cfg.normalization,
                          device=run.device)
print(task)
fig, axes = plt.subplots(1, 2, figsize=(11, 3.2))
dm.show_images(dm.load_mnist("test")[0][:32], nrow=8, title="MNIST (labelled source)", ax=axes[0])
dm.show_images(dm.load_mnist_m("train", limit=32)[0], nrow=8, title="MNIST-M (unlabelled target)", ax=axes[1])
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2 · Derivation
#
# ### 2.1 Clustering with auxiliary targets (paper Sec. 3.1, Eq. 1-4)
#
# Let $p_{ik}$ be the network's predicted probability that target sample $i$ ($n$ of them) is in
# cluster $k$ ($K$ clusters = classes). SRDC introduces an auxiliary distribution $Q$ and solves
#
# $$\min_{\theta,\,Q}\ \mathrm{KL}(Q\,\|\,P) + \sum_{k=1}^K f_k\log f_k,
# \qquad \mathrm{KL}(Q\|P)=\frac1n\sum_{i,k} q_{ik}\log\frac{q_{ik}}{p_{ik}},\quad f_k=\frac1n\sum_i q_{ik}. \tag{1-2}$$
#
# The second term is the negative entropy of the cluster sizes: without it $Q=P$ is optimal and
# nothing stops all samples from piling into a few clusters.
#
# **Solving for $Q$ with the network fixed.** With a multiplier per row ($\sum_k q_{ik}=1$),
# setting the derivative w.r.t. $q_{ik}$ to zero gives
# $\frac1n(\log q_{ik}+1-\log p_{ik}) + \frac1n(\log f_k + 1) + \lambda_i = 0$, i.e.
# $q_{ik}\propto p_{ik}/f_k$. If the row normalisers are (approximately) equal, summing over $i$
# gives $f_k^2 \propto \sum_i p_{ik}$, hence the paper's closed form
#
# $$q_{ik} = \frac{p_{ik}/(\sum_{i'}p_{i'k})^{1/2}}{\sum_{k'}p_{ik'}/(\sum_{i'}p_{i'k'})^{1/2}}. \tag{3}$$
#
# Unlike DEC's $p_{ik}^2/f_k$, it does not sharpen $P$; it **rebalances** it, moving mass toward
# small clusters.
#
# **Updating the network with $Q$ fixed.** $\mathrm{KL}(Q\|P)=H(Q,P)-H(Q)$ and $H(Q)$ does not
# depend on $\theta$, so the network minimises the cross-entropy $H(Q,P)=-\frac1n\sum_{i,k}q_{ik}\log p_{ik}$
# (Eq. 4). The paper alternates: $Q$ is solved once per epoch on the target data, then held fixed
# while the network trains on it.
#
# The next cells check these claims on random $P$: the closed form rows sum to 1; it beats random
# and perturbed $Q$; it sits close to the exact minimiser (found numerically by L-BFGS and by the
# fixed point $q\propto p/f$); and with $Q$ fixed, KL and cross-entropy have the same gradient.

# %% slideshow={"slide_type": "skip"}
torch.manual_seed(0)
P = torch.softmax(2.0 * torch.randn(200, 10, dtype=torch.float64), dim=1)
Q = dm.target_distribution(P)
assert torch.allclose(Q.sum(1), torch.ones(200, dtype=Q.dtype)), "rows of Q sum to 1"
best = dm.auxiliary_objective(Q, P).item()
others = {"Q = P": dm.auxiliary_objective(P, P).item(),
          "random Q (best of 100)": min(dm.auxiliary_objective(torch.softmax(torch.randn_like(P), 1), P).item() for _ in range(100)),
          "perturbed Eq. 3 (best of 100)": min(dm.auxiliary_objective(torch.softmax(Q.log() + 0.05 * torch.randn_like(P), 1), P).item() for _ in range(100))}
assert all(best < v for v in others.values())
logits = P.log().clone().requires_grad_()                    # numerical minimiser: L-BFGS over logits
opt = torch.optim.LBFGS([logits], max_iter=500, tolerance_grad=1e-12, tolerance_change=1e-15)
def closure():
    opt.zero_grad(); value = dm.auxiliary_objective(torch.softmax(logits, 1), P); value.backward(); return value
opt.step(closure)
Q_numeric = torch.softmax(logits, 1).detach()
Q_fixed_point = P.clone()
for _ in range(2000):                                        # stationarity: q ∝ p / f
    Q_fixed_point = P / Q_fixed_point.mean(0); Q_fixed_point /= Q_fixed_point.sum(1, keepdim=True)
gap = best - dm.auxiliary_objective(Q_numeric, P).item()
assert 0 <= gap < 1e-3 and (Q - Q_numeric).abs().max() < 0.05 and (Q_numeric - Q_fixed_point).abs().max() < 1e-4
print(pd.Series({"Eq. 3 closed form": best, **others, "numerical minimiser (L-BFGS)": best - gap}).round(6).to_string())
print(f"Checked: Eq. 3 beats Q = P, random and perturbed Q; it is {gap:.1e} above the exact minimum "
      f"(max |q - q*| = {(Q - Q_numeric).abs().max():.3f}): exact up to the equal-normaliser step.")

# %% slideshow={"slide_type": "skip"}
theta = torch.randn(50, 10, dtype=torch.float64, requires_grad=True)   # network logits
Q_fixed = dm.target_distribution(torch.softmax(theta, 1).detach())
kl = (Q_fixed * (Q_fixed.log() - torch.log_softmax(theta, 1))).sum(1).mean()
grad_kl, = torch.autograd.grad(kl, theta)
grad_ce, = torch.autograd.grad(dm.auxiliary_cross_entropy(Q_fixed, torch.log_softmax(theta, 1)), theta)
assert torch.allclose(grad_kl, grad_ce, atol=1e-12)
print(f"Checked: with Q fixed, grad KL(Q||P) = grad H(Q,P) (max difference {(grad_kl - grad_ce).abs().max():.1e}).")
print("cluster sizes f_k of P:", P.mean(0).numpy().round(3))
print("cluster sizes f_k of Q:", Q.mean(0).numpy().round(3), "(more even: std",
      f"{Q.mean(0).std():.4f} < {P.mean(0).std():.4f})")
assert Q.mean(0).std() < P.mean(0).std()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 2.2 Feature-level clustering (Sec. 3.2, Eq. 5-6)
#
# The same objective is applied to the features $z_i$ themselves, with learnable centers $\mu_k$
# and a Student's t kernel (as in DEC):
# $\tilde p_{ik} = (1+\|z_i-\mu_k\|^2)^{-1} / \sum_{k'}(1+\|z_i-\mu_{k'}\|^2)^{-1}$ (Eq. 5), and
# $\mathrm{KL}(\tilde Q\|\tilde P)+\sum_k \tilde f_k\log\tilde f_k$ with $\tilde Q$ from Eq. 3 (Eq. 6).
# At every epoch the centers are re-initialised by **k-means** on the current target features,
# started from the **source class centroids** in the first epoch (so that cluster $k$ begins as
# class $k$) and from the previous epoch's centers after that.

# %% slideshow={"slide_type": "skip"}
z, centers = torch.randn(500, 16), torch.randn(10, 16)
P_feature = dm.student_t_assignment(z, centers, alpha=1.0)
assert torch.allclose(P_feature.sum(1), torch.ones(500)), "rows sum to 1"
assert torch.equal(P_feature.argmax(1), torch.cdist(z, centers).argmin(1)), "peak at the nearest center"
kernel = 1 / (1 + torch.cdist(z, centers) ** 2)
assert torch.allclose(P_feature, kernel / kernel.sum(1, keepdim=True), atol=1e-6)
print("Checked: Student-t rows sum to 1, peak at the nearest center and equal Eq. 5 with alpha = 1.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 2.3 Structural source regularisation and soft source selection (Sec. 3.3, Eq. 7-10)
#
# The labelled source goes through **the same two heads**: the classifier and the Student-t
# assignment, with the labels as targets (Eq. 7). Because cluster $k$ and class $k$ share one
# head, the target clusters stay tied to the source classes. Source samples that resemble the
# target matter more: with $c_k$ the centroid of target cluster $k$ (from k-means),
# $w_j = \tfrac12(1+\cos(z_j, c_{y_j}))\in[0,1]$ (Eq. 8) weights sample $j$'s loss (Eq. 9). The
# full objective (Eq. 10) is target clustering at both levels plus the weighted source losses.

# %% slideshow={"slide_type": "skip"}
centroids = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
z_source = torch.tensor([[3.0, 0.0], [0.0, -2.0], [1.0, 1.0]])
w = dm.source_weights(z_source, torch.tensor([0, 1, 0]), centroids)
assert torch.allclose(w, torch.tensor([1.0, 0.0, 0.5 * (1 + 2 ** -0.5)]))
w_random = dm.source_weights(torch.randn(1000, 5), torch.randint(0, 3, (1000,)), torch.randn(3, 5))
assert (w_random >= 0).all() and (w_random <= 1).all()
print(f"Checked: w = {w.numpy().round(3)} (aligned -> 1, opposite -> 0, 45 degrees -> 0.854); all weights in [0, 1].")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3 · Implementation
#
# The network is **the DANN chapter's** label path: feature extractor $G_f$ (two conv blocks,
# 1200 features) and the 100-100-10 label predictor, without the domain classifier. SRDC clusters
# $z$ = the predictor's first hidden layer (100 ReLU units) and adds the centers $\mu_k$ as
# parameters. The core functions (each checks its inputs before computing):

# %% slideshow={"slide_type": "skip"}
for fn in (dm.target_distribution, dm.student_t_assignment, dm.source_weights, dm.SRDCNet.forward):
    print(inspect.getsource(fn))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Training schedule** (`dm.train_srdc`). Every variant gets the DANN chapter's budget:
# `cfg.steps` steps of the DANN chapter's optimizer (`cfg.optimizer`: Adam in the quick profile,
# the paper's momentum SGD in the full one, with DANN's annealed learning rate) on `cfg.batch_size` source +
# `cfg.batch_size` target images. The paper starts from ImageNet weights; our digits network
# starts from scratch, so the first `cfg.warmup_steps` of the budget train on the source only.
# Then each "epoch" of `cfg.epoch_steps` steps begins, with the network fixed, by (i) k-means on
# the target features of a fresh random pool of `cfg.n_cluster_fit` target images, (ii) copying
# the centers into $\mu$, (iii) solving $Q$ and $\tilde Q$ (Eq. 3) for the pool; the network then
# trains on batches from the pool. Each step minimises the objective of Eq. 10, assembled by
# `dm.srdc_objective` (printed below): both target clustering losses against the epoch's $Q$ and
# $\tilde Q$, plus the source losses on both heads with the soft weights $w_j$; the ablations switch
# single terms off, and without a target batch it is the source-only baseline's loss. Per seed,
# `dm.run_srdc_experiments` forks one warm-up into the source-only baseline (the same remaining
# steps with the source loss only), SRDC and the ablations.
#
# BatchNorm follows the DANN chapter too (`cfg.batch_norm`; `"per_domain"` in the quick profile):
# source and target halves of a batch pass through the network separately, and whenever the network
# is evaluated (source class centroids, target clustering, the test) its BatchNorm statistics are
# first re-estimated on images of the domain it looks at.

# %% slideshow={"slide_type": "skip"}
print(inspect.getsource(dm.srdc_objective))
print(inspect.getsource(dm.run_srdc_experiments))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4 · Training
#
# SRDC and the source-only baseline for every seed; the three ablations of the paper's Table 4
# for the first `cfg.ablation_seeds` seed(s) only (to fit the quick profile's time budget).

# %% slideshow={"slide_type": "skip"}
runs = dm.run_srdc_experiments(task, cfg, seeds=SEEDS, device=run.device)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **DANN at the same budget.** The DANN chapter (02) runs before this one in `make test` and
# records its accuracy and settings in `results/dann.json`; we use it when it was trained under
# this profile with the same settings as ours (data sizes, steps, batch size, optimizer, learning
# rate and BatchNorm: the fields `cfg` copies from the DANN chapter). Otherwise we train DANN here
# with `dm.train_dann` on the same task and seeds.

# %% slideshow={"slide_type": "skip"}
dann = dm.dann_reference(PROFILE, cfg)
if dann is not None:
    dann_acc, dann_source = dann["dann_acc"], "results/dann.json"
    dann_per_seed = dann["per_seed"] if dann["seeds"] == SEEDS else None
    print(f"DANN from {dann_source} ({dann['finished']}, seeds {dann['seeds']}): {dann_acc:.4f}")
else:
    dann_cfg = dm.chapter_settings("dann", PROFILE)
    dann_per_seed = [dm.train_dann(task, dann_cfg, mode="dann", seed=s, device=run.device).target_acc
                     for s in SEEDS]
    dann_acc, dann_source = float(np.mean(dann_per_seed)), "dm.train_dann in this notebook"
    print("DANN per seed:", np.round(dann_per_seed, 4), f"mean {dann_acc:.4f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5 · Results

# %% slideshow={"slide_type": "-"}
per_seed = pd.DataFrame({v: [runs[v, s].target_acc for s in SEEDS] for v in ("source only", "SRDC")}, index=SEEDS)
per_seed.index.name = "seed"
display(per_seed.round(4))
summary = per_seed.agg(["mean", "std"]).T
summary.loc["DANN (chapter 02)", "mean"] = dann_acc
summary["paper, Office-31 average (%)"] = [None, 90.8, 82.6]
display(summary.round(4))
srdc_acc, source_only_acc = summary.loc["SRDC", "mean"], summary.loc["source only", "mean"]
bar_met = bool(np.isfinite(dann_acc) and srdc_acc >= dann_acc)
print(f"SRDC {srdc_acc:.4f} ± {summary.loc['SRDC', 'std']:.4f} vs source only {source_only_acc:.4f} "
      f"vs DANN {dann_acc:.4f} ({dann_source}); bar SRDC >= DANN: {'met' if bar_met else 'NOT met'}.")

# %% slideshow={"slide_type": "subslide"}
ablation_seeds = SEEDS[:cfg.ablation_seeds]
ablation = pd.DataFrame({name: [runs[name, s].target_acc for s in ablation_seeds] for name in dm.srdc.ABLATIONS},
                        index=pd.Index(ablation_seeds, name="seed")).T
ablation["drop vs SRDC"] = ablation.mean(1) - ablation.loc["SRDC"].mean()
display(ablation.round(4))
print(f"Ablations on seed(s) {ablation_seeds} only (quick budget); differences of ~0.01 are within seed noise "
      f"(SRDC's std over {len(SEEDS)} seeds: {summary.loc['SRDC', 'std']:.4f}).")

# %% slideshow={"slide_type": "subslide"}
epochs = runs["SRDC", SEEDS[0]].epochs
fig, axes = plt.subplots(1, 3, figsize=(15, 3.6))
for ax, column, title in [(axes[0], "kmeans_sizes", "k-means clusters (features z)"),
                          (axes[1], "predicted_sizes", "classifier predictions")]:
    sizes = np.stack(epochs[column].to_numpy()) / cfg.n_cluster_fit if cfg.n_cluster_fit else np.stack(epochs[column].to_numpy())
    ax.boxplot(sizes.T, positions=epochs["epoch"].to_numpy(), widths=0.5)
    ax.axhline(1 / sizes.shape[1], ls="--", color="grey", label="balanced (1/K)")
    ax.set(title=f"Cluster sizes per epoch: {title}", xlabel="epoch", ylabel="fraction of target pool"); ax.legend()
axes[2].plot(epochs["epoch"], epochs["subset_acc"], "o-", label="classifier accuracy")
axes[2].plot(epochs["epoch"], epochs["kmeans_cluster_acc"], "s-", label="k-means cluster accuracy")
axes[2].set(title="Target pool at the start of each epoch", xlabel="epoch", ylabel="accuracy (labels: diagnostics only)")
axes[2].legend(); plt.tight_layout(); plt.show()
display(pd.DataFrame(np.stack(epochs["predicted_sizes"].to_numpy()), index=epochs["epoch"].rename("epoch")).rename(columns=lambda k: f"digit {k}"))

# %% slideshow={"slide_type": "subslide"}
hist = runs["SRDC", SEEDS[0]].history
fig, axes = plt.subplots(1, 2, figsize=(11, 3.4))
hist.plot(["loss_source", "loss_source_feature", "loss_target", "loss_target_feature"], ax=axes[0],
          smooth=5, title="SRDC losses (seed 0)", ylabel="loss")
axes[0].axvline(cfg.warmup_steps, ls=":", color="grey", label="end of source warm-up"); axes[0].legend(fontsize="x-small")
hist.plot(["mean_source_weight"], ax=axes[1], smooth=5, title="Mean soft source weight w_j", ylabel="w")
plt.tight_layout(); plt.show()

# %% slideshow={"slide_type": "subslide"}
n = cfg.n_embed
fig, axes = plt.subplots(1, 2, figsize=(11, 5))
for ax, variant in zip(axes, ("source only", "SRDC")):
    _, z_test = dm.predict_logits(runs[variant, SEEDS[0]].model, task.test_images[:n], cfg.eval_batch_size)
    points = dm.embed_2d(z_test, seed=0)
    dm.plot_embedding(points, hue=task.test_labels[:n].cpu().numpy(), ax=ax, hue_name="digit",
                      title=f"t-SNE of target test features z: {variant}")
plt.tight_layout(); plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Paper vs ours.** The paper reports Office-31 (ResNet-50 from ImageNet, 31 classes): average
# accuracy 90.8 % for SRDC vs 82.6 % for DANN. It has **no digits experiment**, so the numbers
# above are not a reproduction of a paper number but a test of the paper's claim (SRDC ≥ DANN) on
# the DANN chapter's task at its budget. The sentence below is printed from the measured numbers.

# %% slideshow={"slide_type": "skip"}
gain = srdc_acc - source_only_acc
print(f"On MNIST -> MNIST-M ({PROFILE} profile, {cfg.steps} steps of {cfg.batch_size}+{cfg.batch_size} images, "
      f"seeds {SEEDS}), SRDC reaches {srdc_acc:.4f} target accuracy, {gain:+.4f} over source-only "
      f"({source_only_acc:.4f}) and {srdc_acc - dann_acc:+.4f} relative to DANN ({dann_acc:.4f}). "
      + ("The paper's ordering SRDC >= DANN holds at this budget." if bar_met else
         "The paper's ordering SRDC >= DANN does NOT hold at this budget: SRDC's auxiliary targets come from "
         "the network's own predictions and clusters, which start about as accurate as source-only (see the "
         "k-means and classifier accuracy above), and a few clustering epochs sharpen and rebalance them "
         "rather than correct them."))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **k-means by cosine, and other schedules at the same budget.** The centers are refreshed by
# *spherical* k-means (`cfg.kmeans_metric = "cosine"`: k-means on L2-normalised features, the
# geometry of the cosine source weights of Eq. 8; the centers $\mu_k$ are then the means of the raw
# features of each cluster). With plain Euclidean k-means the target clusters matched the digit
# classes with accuracy 0.17-0.29 (falling from epoch to epoch) although the classifier's own
# predictions on the same pool were 0.53-0.55 accurate: a few high-variance feature directions
# dominated the distances. Spherical k-means on the same warm-started network (seed 0): 0.524
# against 0.28 for Euclidean k-means, measured on a pool of 3,000 target images after the 200-step warm-up (in the runs listed next, 0.47-0.54).
#
# Seed 0, one torch thread, quick profile with per-domain BatchNorm and cosine k-means, SRDC
# accuracy for other ways to spend the 300 steps (`dm.chapter_settings("srdc", warmup_steps=...,
# epoch_steps=...)`): warm-up 200 + one epoch of 100 (the quick profile): 0.568; warm-up 100 +
# epochs of 50: 0.584; warm-up 150 + epochs of 50: 0.583; warm-up 200 + epochs of 50: 0.572.
# Before BatchNorm and cosine k-means (Euclidean, no BatchNorm) the same schedules gave 0.536-0.551.
# So the clusters are no longer worse than the classifier, and SRDC gains a point or three over
# source-only, but no schedule comes near DANN's 0.66: SRDC's auxiliary targets are built from the
# network's own predictions and clusters, which start only about as accurate as source-only, and a
# hundred or so clustering steps sharpen and rebalance them rather than correct them. The paper starts
# from ImageNet features in which target classes already form clusters.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Full profile and the Office-31 recipe.** `DALIB_MINI_PROFILE=full` runs the same code on the
# DANN chapter's full data (MNIST train 60k → MNIST-M train) and step budget, on a GPU. The
# paper's own setting is below; running it needs an Office-31 loader and ImageNet weights, which
# this offline course does not ship.

# %% slideshow={"slide_type": "-"}
pd.Series(dm.srdc.OFFICE31_RECIPE, name="SRDC on Office-31 (paper Sec. 4)").to_frame()


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6 · Exercises
#
# Each exercise has a placeholder that raises `NotImplementedError` and a self-check cell (tagged
# `raises-exception`): it fails until your function is right. Solutions: `dalib_mini/solutions/srdc.py`.
#
# **Exercise 1.** Implement the auxiliary target of Eq. 3 for `p` of shape `(N, K)`.

# %% slideshow={"slide_type": "skip"}
def my_target_distribution(p):
    raise NotImplementedError("q_ik ∝ p_ik / sqrt(sum_i p_ik), rows normalised")


# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.srdc.exercises.check_target_distribution(my_target_distribution)


# %% [markdown] slideshow={"slide_type": "skip"}
# **Exercise 2.** Implement the Student-t soft assignment (Eq. 5, $\alpha=1$) of `z (N, D)` to
# `centers (K, D)`.

# %% slideshow={"slide_type": "skip"}
def my_student_t_assignment(z, centers):
    raise NotImplementedError("(1 + ||z_i - mu_k||^2)^-1, normalised over k")


# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.srdc.exercises.check_student_t_assignment(my_student_t_assignment)


# %% [markdown] slideshow={"slide_type": "skip"}
# **Exercise 3.** Implement the soft source weights $w_j=\frac12(1+\cos(z_j,c_{y_j}))$ (Eq. 8).

# %% slideshow={"slide_type": "skip"}
def my_source_weights(z, labels, centroids):
    raise NotImplementedError("cosine between z_j and the centroid of its own class")


# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.srdc.exercises.check_source_weights(my_source_weights)

# %% [markdown] slideshow={"slide_type": "skip"}
# **Exercise 4 (open).** Replace Eq. 3 by DEC's sharpening target $q\propto p^2/f$ in
# `dm.target_clustering_loss` (pass your own `q_output`) and compare the cluster-size plots: which
# target keeps clusters balanced, and which one corrects more mistakes within a few epochs?

# %% slideshow={"slide_type": "subslide"}
ablation_metrics = {f"ablation_{key}_acc": ablation.loc[name, ablation_seeds].mean() for key, name in
                    [("no_structural_source", "w/o structural source regularisation"),
                     ("no_feature_clustering", "w/o feature-level clustering"),
                     ("no_soft_source_selection", "w/o soft source selection")]}
metrics = {"srdc_acc": srdc_acc, "source_only_acc": source_only_acc, "dann_acc": dann_acc,
           **ablation_metrics}
per_seed_metrics = {"srdc_acc": per_seed["SRDC"].tolist(), "source_only_acc": per_seed["source only"].tolist()}
if dann_per_seed is not None:
    per_seed_metrics["dann_acc"] = list(dann_per_seed)
notes = ("per seed: " + "; ".join(f"{v} " + ", ".join(f"{s}: {runs[v, s].target_acc:.4f}" for s in SEEDS)
                                  for v in ("SRDC", "source only"))
         + f"; ablations on seeds {ablation_seeds}; dann_acc from {dann_source}; steps={cfg.steps}, "
         f"batch {cfg.batch_size}+{cfg.batch_size}; bar SRDC >= DANN {'met' if bar_met else 'not met'}; "
         "paper values are Office-31 averages (paper has no digits experiment)")
run.record(metrics=metrics, notes=notes, settings=cfg, per_seed=per_seed_metrics,
           extra={"ablation_seeds": ablation_seeds, "dann_acc_from": dann_source})
