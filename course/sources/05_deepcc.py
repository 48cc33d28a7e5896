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
# # Chapter 5 — DeepCC: deep co-clustering
#
# **Paper.** Dongkuan Xu, Wei Cheng, Bo Zong, Jingchao Ni, Dongjin Song, Wenchao Yu, Yuncong Chen,
# Haifeng Chen, Xiang Zhang. *Deep Co-Clustering.* SIAM International Conference on Data Mining
# (SDM), 2019.
#
# **What you learn.** Co-clustering groups the rows (instances) *and* the columns (features) of a
# data matrix at once. DeepCC reduces both views with an autoencoder each, maps every code to a
# cluster-assignment distribution with an inference network, fits a Gaussian mixture to the codes
# through a **variational (Jensen) lower bound**, and ties rows and columns together with a
# **mutual-information loss**: the co-clusters should keep as much of the information between rows
# and columns as possible. We derive both pieces, check every identity numerically, and compare
# DeepCC with k-means, spectral co-clustering and NMF from scikit-learn.
#
# **Data.** Real benchmark matrices used by the paper, read from the offline mirror
# (`$DALIB_MINI_DATA/deepcc/`, the `.mat` files of the authors' repository): WebKB4 (4,199 web
# pages x 1,000 words, 4 classes), Yale faces (165 images x 1,024 pixels, 15 people) and the
# authors' synthetic matrix (200 x 400, with row *and* column ground truth).
#
# **Profile.** `quick` (default) runs the whole notebook on 2 CPU cores within a few minutes with
# small networks and short schedules on the full matrices; `full` (`DALIB_MINI_PROFILE=full`) trains
# larger networks much longer (for a GPU). Same code path.

# %% tags=["parameters"] slideshow={"slide_type": "skip"}
import os

PROFILE = os.environ.get("DALIB_MINI_PROFILE", "quick")
SEEDS = [0, 1, 2]

# %% slideshow={"slide_type": "skip"}
import inspect

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import torch

import dalib_mini as dm

dm.set_style()
run = dm.start_chapter("deepcc", seeds=SEEDS, profile=PROFILE)
cfg = dm.chapter_settings("deepcc", profile=PROFILE)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The problem
#
# A document-word matrix has structure in both directions: groups of pages (course pages, faculty
# pages, ...) use groups of words. A co-clustering finds both partitions at once; sorted by them,
# the matrix shows dense blocks. Below: the three matrices in their stored order, and some Yale faces
# (the mirror stores each face column-major, hence the transpose to show them upright).
#
# **Preprocessing** (applied identically to DeepCC and to every baseline): WebKB word counts become
# tf-idf with L2-normalised rows; Yale pixels are scaled from 0..255 to [0, 1]; the synthetic matrix is
# shifted to be non-negative and divided by its standard deviation.

# %% slideshow={"slide_type": "subslide"}
datasets = {name: dm.load_deepcc_benchmark(name) for name in cfg.datasets}
prepared = {name: dm.preprocess_benchmark(data) for name, data in datasets.items()}
for name, data in datasets.items():
    cols = "none" if data.col_labels is None else data.n_col_clusters
    print(f"{name:15s} X {data.X.shape}, {data.n_row_clusters} row classes, column classes: {cols}")

yale = torch.from_numpy(prepared["Yale_32x32"].X).reshape(-1, 1, 32, 32).transpose(2, 3)
order = np.argsort(datasets["Yale_32x32"].row_labels, kind="stable")
dm.show_images(yale[order[::11][:15]], nrow=15, title="Yale: one face of each of the 15 people")
plt.show()
fig, axes = plt.subplots(1, 3, figsize=(13, 3.8), dpi=60)
for ax, name in zip(axes, cfg.datasets):
    dm.plot_reordered_matrix(prepared[name].X, ax=ax, title=f"{name}: stored order")
plt.tight_layout()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Derivation
#
# ### 2.1 A Gaussian mixture on the codes and its Jensen lower bound
#
# Let $h_i\in\mathbb R^E$ be the code of instance $i$ (output of the autoencoder's encoder) and
# $Q(k\mid h_i)$ the inference network's assignment distribution over $K$ clusters. DeepCC estimates
# the mixture from those assignments (like DAGMM):
# $$N_k=\sum_i Q(k\mid h_i),\quad \pi_k=\frac{N_k}{N},\quad
# \mu_k=\frac{\sum_i Q(k\mid h_i)\,h_i}{N_k},\quad
# \Sigma_k=\operatorname{diag}\Big(\frac{\sum_i Q(k\mid h_i)(h_i-\mu_k)^2}{N_k}\Big)+\sigma^2_{\min} I ,$$
# with a diagonal covariance and a variance floor $\sigma^2_{\min}$ so that an empty or collapsed
# cluster stays finite in float32. With $P(k,h_i)=\pi_k\,\mathcal N(h_i\mid\mu_k,\Sigma_k)$, Jensen's
# inequality on the concave $\log$ gives
# $$\log P(h_i)=\log\sum_k Q(k\mid h_i)\frac{P(k,h_i)}{Q(k\mid h_i)}
# \;\ge\;\sum_k Q(k\mid h_i)\log P(k,h_i)+H\big(Q(\cdot\mid h_i)\big).$$
# Writing $P(k,h_i)=P(k\mid h_i)P(h_i)$ turns the right side into
# $\log P(h_i)-\mathrm{KL}\big(Q(\cdot\mid h_i)\,\|\,P(\cdot\mid h_i)\big)$, so
# $$\mathcal L=\sum_i\Big\{-\mathrm{KL}\big(Q(k\mid h_i)\,\|\,P(k\mid h_i)\big)+\log P(h_i)\Big\}.$$
# Maximising $\mathcal L$ fits the mixture *and* pulls $Q$ toward the mixture's posterior $\gamma_{ik}=P(k\mid h_i)$.
# (The paper states this bound for rows and for columns in its Section 3; we do not quote its
# equation numbers because we could not verify them against the published PDF.)
#
# **Checked by code** on random codes and assignments (float64): the bound never exceeds
# $\log P(h_i)$, the gap equals the KL term, and the bound is tight when $Q$ is the posterior.

# %% slideshow={"slide_type": "skip"}
g = torch.Generator().manual_seed(0)
codes = torch.randn(200, 5, generator=g, dtype=torch.float64) * 2
q = torch.softmax(3 * torch.randn(200, 4, generator=g, dtype=torch.float64), dim=1)
stats = dm.gmm_statistics(codes, q, var_floor=1e-2)
log_p = dm.gmm_log_likelihood(codes, stats)            # log P(h_i)
bound = dm.jensen_lower_bound(codes, q, stats)          # E_Q[log P(k,h_i)] + H(Q)
posterior = dm.gmm_posterior(codes, stats)              # P(k | h_i)
kl = (q * (q.log() - posterior.log())).sum(1)

assert (bound <= log_p + 1e-10).all(), "Jensen: the bound never exceeds log P(h)"
assert torch.allclose(log_p - bound, kl, atol=1e-9), "the gap is KL(Q || P(k|h))"
assert torch.allclose(dm.jensen_lower_bound(codes, posterior, stats), log_p, atol=1e-10)
print(f"bound <= log P(h) on all {len(codes)} codes; largest gap {float((log_p - bound).max()):.3f} "
      f"nats = KL to within {float((log_p - bound - kl).abs().max()):.1e}; tight at the posterior.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 2.2 The instance-feature cross loss
#
# From the row assignments $Q_r\in\mathbb R^{N\times K}$ and column assignments $Q_c\in\mathbb R^{D\times K}$,
# DeepCC builds a joint distribution over (instance, feature) pairs by normalised dot products,
# $p(x_i,y_j)\propto Q_r[i]\cdot Q_c[j]$. Hard co-clusters $\hat x_s$, $\hat y_t$ (the argmax of each row of
# $Q_r$, $Q_c$) sum it over blocks: $p(\hat x_s,\hat y_t)=\sum_{i\in s}\sum_{j\in t}p(x_i,y_j)$.
# Information-theoretic co-clustering (Dhillon, Mallela, Modha, KDD 2003, Lemma 2.1) shows that the
# information lost by the co-clustering is a KL divergence,
# $$I(X;Y)-I(\hat X;\hat Y)=\mathrm{KL}\big(p(X,Y)\,\|\,q(X,Y)\big)\ge 0,\qquad
# q(x,y)=p(\hat x,\hat y)\,p(x\mid\hat x)\,p(y\mid\hat y),$$
# so $0\le I(\hat X;\hat Y)\le I(X;Y)$ and the loss
# $$J_{\text{MI}} = 1-\frac{I(\hat X;\hat Y)}{I(X;Y)}\in[0,1]$$
# is 0 exactly when the co-clusters lose no information.
#
# **Checked by code**: on random tables and random co-clusterings, $I(X;Y)-I(\hat X;\hat Y)$ equals
# the KL computed directly from $q$ and is $\ge 0$; the loss stays in $[0,1]$ on random assignment
# matrices and is 0 when the rows and columns fall into aligned one-hot clusters.

# %% slideshow={"slide_type": "skip"}
losses, gaps = [], []
for trial in range(20):
    g = torch.Generator().manual_seed(trial)
    joint = torch.rand(30, 20, generator=g, dtype=torch.float64) ** 3
    joint /= joint.sum()
    rows, cols = torch.randint(0, 4, (30,), generator=g), torch.randint(0, 3, (20,), generator=g)
    lost = dm.mutual_information(joint) - dm.mutual_information(dm.block_joint(joint, rows, cols, 4, 3))
    kl = dm.coclustering_kl(joint, rows, cols, 4, 3)
    assert abs(float(lost - kl)) < 1e-10 and float(kl) >= 0, "I(X;Y) - I(X^;Y^) = KL >= 0"
    gaps.append(float(kl))
    q_r = torch.softmax(3 * torch.randn(30, 4, generator=g), 1)
    q_c = torch.softmax(3 * torch.randn(20, 4, generator=g), 1)
    losses.append(float(dm.coclustering_mi_loss(q_r, q_c)))
assert all(0.0 <= value <= 1.0 for value in losses), "the MI loss lies in [0, 1]"
one_hot = torch.nn.functional.one_hot(torch.arange(12) % 3, 3).float()
assert float(dm.coclustering_mi_loss(one_hot, one_hot[:9])) < 1e-6, "no information lost -> loss 0"
print(f"20 random tables: information lost = KL (min {min(gaps):.4f} nats >= 0); "
      f"MI loss on random assignments in [{min(losses):.3f}, {max(losses):.3f}] within [0, 1]; "
      "0 for aligned one-hot co-clusters.")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Implementation
#
# The cross loss and the bound are short; here is the code that training calls
# (`dalib_mini/deepcc/mutual_information.py` and `gmm.py`).

# %% slideshow={"slide_type": "skip"}
print(inspect.getsource(dm.coclustering_mi_loss))
print(inspect.getsource(dm.jensen_lower_bound))

# %% [markdown] slideshow={"slide_type": "subslide"}
# `dm.train_deepcc(data, cfg, seed=..., device=...)` (`dalib_mini/deepcc/training.py`) takes the
# preprocessed matrix and the run settings of that matrix (`cfg.runs[name]`, a
# `dm.DeepCCRunSettings`), and runs three phases:
#
# 1. **Pretraining**: one autoencoder for the rows (inputs: the rows of $X$) and one for the
#    columns (inputs: the columns of $X$), each input unit z-scored, trained on reconstruction.
# 2. **Initialisation**: k-means on the pretrained codes; each inference network is fitted to the
#    k-means partition, so the mixture starts where k-means on the codes ends.
# 3. **Joint training** of autoencoders and inference networks on
#    $J=\text{recon}_r+\text{recon}_c-\lambda_{\text{bound}}(\mathcal L_r+\mathcal L_c)/E+\lambda_{\text{MI}}J_{\text{MI}}$,
#    with the mixture statistics of every minibatch. The bound is computed on *detached* codes: when we
#    let its gradient reach the encoders, it rewarded shrinking all codes onto one point and every row
#    collapsed into a single cluster (row NMI 0 on Yale) — the variance floor alone does not stop that.
#    The row clusters are the argmax of the row inference network.
#
# The objective of one joint minibatch is its own function; the training loop only draws the
# minibatches, calls it and steps the optimizer:

# %% slideshow={"slide_type": "skip"}
print(inspect.getsource(dm.deepcc_joint_loss))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Training
#
# One call per experiment: DeepCC and the three scikit-learn baselines on the same preprocessed
# matrix, for every dataset and every seed. Each run is seeded by its `seed=` alone: `train_deepcc`
# seeds itself, the baselines pass it to scikit-learn as `random_state`.

# %% slideshow={"slide_type": "skip"}
rows, results = [], {}
for name, seed in dm.progress([(n, s) for n in cfg.datasets for s in SEEDS], desc="datasets x seeds"):
    data = prepared[name]
    result = dm.train_deepcc(data, cfg.runs[name], seed=seed, device=run.device)
    results[name, seed] = result
    rows.append(dm.score_coclustering(data, "deepcc", seed, result.row_labels, result.col_labels))
    rows.append(dm.score_coclustering(data, "deepcc_init_kmeans_on_codes", seed, result.init_row_labels))
    for method in dm.deepcc.BASELINES:
        row_labels, col_labels = dm.cluster_baseline(method, data.X, data.n_row_clusters, seed=seed)
        rows.append(dm.score_coclustering(data, method, seed, row_labels, col_labels))
scores = pd.DataFrame(rows)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Results
#
# Every seed's row NMI first, then mean ± std over the seeds. `deepcc_init_kmeans_on_codes` is the
# starting point of joint training (k-means on the pretrained row codes).

# %% slideshow={"slide_type": "-"}
per_seed = scores.pivot_table(index=["dataset", "method"], columns="seed", values="nmi")
print("row NMI per seed")
print(per_seed.round(3).to_string())
summary = scores.groupby(["dataset", "method"])[["nmi", "purity", "acc", "col_nmi"]].agg(["mean", "std"])
summary.round(3)

# %% slideshow={"slide_type": "skip"}
bar = {}
for name in ("WebKB4", "Yale_32x32"):
    mean = scores[scores.dataset == name].groupby("method")["nmi"].mean()
    best = max(mean["kmeans"], mean["spectral_cocluster"])
    bar[name] = mean["deepcc"] >= best
    print(f"{name}: DeepCC row NMI {mean['deepcc']:.3f} (mean of {len(SEEDS)} seeds) vs the better "
          f"of k-means / spectral co-clustering {best:.3f} -> {'bar met' if bar[name] else 'bar NOT met'}; "
          f"k-means on the pretrained codes alone: {mean['deepcc_init_kmeans_on_codes']:.3f}")
change = (scores[scores.method == "deepcc"].set_index(["dataset", "seed"])["nmi"]
          - scores[scores.method == "deepcc_init_kmeans_on_codes"].set_index(["dataset", "seed"])["nmi"])
print(f"Joint training changed the row NMI by {change.min():+.3f} to {change.max():+.3f} over all runs.")
if change.abs().max() < 0.02:
    print("So in this profile DeepCC's gain over the baselines comes from the pretrained codes "
          "(z-scored inputs, k-means start); the short joint phase keeps that partition.")

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The reordered matrices.** Left: rows and columns shuffled (no order to exploit); right: rows and columns sorted by DeepCC's
# co-clusters (seed 0). Blocks of different density appear where rows and column groups go together.

# %% slideshow={"slide_type": "-"}
fig, axes = plt.subplots(len(cfg.datasets), 2, figsize=(10, 3.6 * len(cfg.datasets)), dpi=60)
for (left, right), name in zip(axes, cfg.datasets):
    result = results[name, SEEDS[0]]
    dm.plot_reordered_matrix(prepared[name].X, ax=left, shuffle=True, title=f"{name}: shuffled")
    dm.plot_reordered_matrix(prepared[name].X, result.row_labels, result.col_labels, ax=right,
                             title=f"{name}: sorted by DeepCC co-clusters")
plt.tight_layout()

# %% slideshow={"slide_type": "subslide"}
fig, axes = plt.subplots(1, 5, figsize=(19, 3.6))
for name in cfg.datasets:
    frame = results[name, SEEDS[0]].history.frame()
    pre = frame.dropna(subset=["pretrain_rows"])
    axes[0].plot(pre["step"], pre["pretrain_rows"], label=name)
    joint = frame.dropna(subset=["loss"])
    for ax, key, sign in zip(axes[1:], ("recon", "bound", "mi", "row_nmi"), (1, -1, 1, 1)):
        ax.plot(np.arange(len(joint)), sign * joint[key], label=name)
titles = ["pretraining: row reconstruction (MSE)", "joint: reconstruction (rows + cols)",
          "joint: -bound per code dimension", "joint: MI loss", "joint: row NMI (monitor only)"]
for ax, title in zip(axes, titles):
    ax.set(title=title, xlabel="epoch", ylabel=title.split(": ")[1])
    ax.legend()
plt.tight_layout()

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Ours next to the paper.** We could not read the paper's result tables from here, so the
# paper column is left empty (None) rather than filled from memory; the paper also reports purity
# under the name "ACC".

# %% slideshow={"slide_type": "-"}
mean = scores.groupby(["dataset", "method"])[["nmi", "purity", "acc"]].mean()
short = {"WebKB4": "webkb4", "Yale_32x32": "yale", "synthetic_data": "synthetic"}
by_run = scores.set_index(["dataset", "method", "seed"])
metrics, per_seed_metrics = {}, {}
for (name, method), values in mean.iterrows():
    if method in ("deepcc", *dm.deepcc.BASELINES):
        for metric in ("nmi", "purity", "acc"):
            key = f"{short[name]}_{method}_{metric}"
            metrics[key] = float(values[metric])
            per_seed_metrics[key] = [float(by_run.loc[(name, method, s), metric]) for s in SEEDS]
col = scores[(scores.dataset == "synthetic_data")].groupby("method")["col_nmi"].mean().dropna()
for method, value in col.items():
    metrics[f"synthetic_{method}_col_nmi"] = float(value)
    per_seed_metrics[f"synthetic_{method}_col_nmi"] = [
        float(by_run.loc[("synthetic_data", method, s), "col_nmi"]) for s in SEEDS]
paper = {key: None for key in metrics}
table = pd.DataFrame({"ours": metrics, "paper": paper})
webkb = cfg.runs["WebKB4"]
print(f"{PROFILE} profile: networks {webkb.hidden}, code {webkb.n_code}, "
      f"{webkb.pretrain_epochs}+{webkb.epochs} epochs on WebKB4. "
      f"Bar (DeepCC >= best of k-means/SCC, row NMI): WebKB4 {'met' if bar['WebKB4'] else 'NOT met'}, "
      f"Yale {'met' if bar['Yale_32x32'] else 'NOT met'}.")
table.round(3)


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Exercises
#
# Each exercise has a placeholder that raises `NotImplementedError` and a self-check cell (it fails
# until your answer is right). Reference answers: `dalib_mini/solutions/deepcc.py` — try first.
#
# **Exercise 1.** Implement $I(X;Y)=\sum_{ij}p_{ij}\log\frac{p_{ij}}{p_i\,p_j}$ in nats for a joint
# table `(N, D)`. Zero cells contribute 0.

# %% slideshow={"slide_type": "skip"}
def my_mutual_information(joint):
    raise NotImplementedError("sum p_ij log(p_ij / (p_i p_j)) over the non-zero cells")


# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.deepcc.exercises.check_mutual_information(my_mutual_information)
print("exercise 1 passed")


# %% [markdown] slideshow={"slide_type": "skip"}
# **Exercise 2.** Implement the Jensen bound $\sum_k Q(k\mid h_i)\log P(k,h_i)+H(Q(\cdot\mid h_i))$,
# one value per instance. `dm.gmm_log_joint(codes, stats)` gives $\log P(k,h_i)$ as `(N, K)`.
# Why must the entropy term be there for the bound to be tight at the posterior?

# %% slideshow={"slide_type": "skip"}
def my_jensen_lower_bound(codes, q, stats):
    raise NotImplementedError("E_Q[log P(k, h)] + H(Q), shape (N,)")


# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.deepcc.exercises.check_jensen_lower_bound(my_jensen_lower_bound)
print("exercise 2 passed")


# %% [markdown] slideshow={"slide_type": "skip"}
# **Exercise 3.** Implement the block sums $p(\hat x_s,\hat y_t)=\sum_{i\in s}\sum_{j\in t}p(x_i,y_j)$:
# `fn(joint, row_labels, col_labels, S, T) -> (S, T)`. An empty cluster gives a zero row/column.

# %% slideshow={"slide_type": "skip"}
def my_block_joint(joint, row_labels, col_labels, n_row_clusters, n_col_clusters):
    raise NotImplementedError("sum the joint over each (row cluster, column cluster) block")


# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.deepcc.exercises.check_block_joint(my_block_joint)
print("exercise 3 passed")

# %% [markdown] slideshow={"slide_type": "skip"}
# **Exercise 4 (open).** Let the bound's gradient reach the encoders
# (`dm.train_deepcc(prepared["Yale_32x32"], cfg.runs["Yale_32x32"], seed=0, device=run.device,
# detach_codes=False)`) on Yale and watch the row NMI and the bound over the epochs. What happens
# to the codes, and why does the variance floor not prevent it?
#
# ## Results record

# %% slideshow={"slide_type": "subslide"}
table = run.record(metrics=metrics, paper=paper, settings=cfg, per_seed=per_seed_metrics,
                   notes=f"row NMI bar (DeepCC >= best of k-means/SpectralCoclustering, mean over seeds): "
                         f"WebKB4 {'met' if bar['WebKB4'] else 'not met'}, Yale {'met' if bar['Yale_32x32'] else 'not met'}; "
                         "paper values not filled (tables not verified)")
table.round(4)
