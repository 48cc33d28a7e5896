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
# # AutoRec: autoencoders meet collaborative filtering
#
# *S. Sedhain, A. K. Menon, S. Sanner, L. Xie. "AutoRec: Autoencoders Meet Collaborative
# Filtering." WWW 2015 (companion), pp. 111–112.*
#
# **What this chapter teaches.** Rating prediction as *reconstruction*: an autoencoder reads the
# partially observed rating vector of one item (I-AutoRec) or one user (U-AutoRec) and is trained
# to reproduce the **observed** entries only; its outputs at the unobserved entries are the
# predictions. We derive the masked objective, check it with code, see why I-AutoRec fits better
# than U-AutoRec, why identity activations turn AutoRec into a rank-$k$ factorisation, and compare
# with the item mean and biased matrix factorisation (BiasedMF).
#
# **Data.** Real MovieLens 100K (GroupLens): 100,000 ratings, 943 users × 1,682 movies, read from
# the data root by `dm.load_movielens_100k`, which checks `u.data` against the genuine file's MD5
# and validates it line by line; the movie genres come from `u.item`.
#
# **Profile.** `quick` (default, ≤ 240 s on 2 CPU cores): hidden size 500 as in the paper,
# 60 full-batch Rprop epochs, 3 random 90/10 splits. `full`: longer training and the paper's
# λ grid. The paper reports ML-1M / ML-10M / Netflix; this course has no offline loader for
# those, so both profiles run on ML-100K.

# %% tags=["parameters"] slideshow={"slide_type": "skip"}
import os

PROFILE = os.environ.get("DALIB_MINI_PROFILE", "quick")
SEEDS = [0, 1, 2]

# %% slideshow={"slide_type": "skip"}
import dataclasses
import inspect

import matplotlib.pyplot as plt
import pandas as pd
import torch

import dalib_mini as dm

dm.set_style()
run = dm.start_chapter("autorec", seeds=SEEDS, profile=PROFILE)
cfg = dm.chapter_settings("autorec", PROFILE)
cfg

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The problem
#
# A rating matrix $R \in \{1,\dots,5\}^{m \times n}$ ($m$ users, $n$ items) is mostly empty: we see
# a few ratings per user and must predict the rest. First, the data:

# %% slideshow={"slide_type": "skip"}
ml = dm.load_movielens_100k()  # u.data checked against the genuine MD5, line by line
print(f"{len(ml.ratings):,} ratings, {ml.n_users} users x {ml.n_items} items, "
      f"density {len(ml.ratings) / (ml.n_users * ml.n_items):.1%}, MD5 {dm.U_DATA_MD5}")

# %% slideshow={"slide_type": "subslide"}
full = dm.rating_matrix(ml.ratings.user, ml.ratings.item, ml.ratings.rating,
                        ml.n_users, ml.n_items)            # sparse (items, users)
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
rows, cols = full.indices()
axes[0].scatter(cols, rows, s=0.05, c="k")
axes[0].set(title="Observed ratings (item-based matrix)", xlabel="user", ylabel="item")
axes[0].invert_yaxis()
ml.ratings.rating.value_counts().sort_index().plot.bar(ax=axes[1], color="C0")
axes[1].set(title="Rating distribution", xlabel="rating", ylabel="count")
plt.tight_layout()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Derivation
#
# **Model (Eq. (1)).** For one partially observed vector $\mathbf r \in \mathbb R^d$ (unobserved
# entries set to 0),
# $$h(\mathbf r;\theta) = f\big(W\, g(V\mathbf r + \boldsymbol\mu) + \mathbf b\big),\qquad
# V \in \mathbb R^{k\times d},\ W \in \mathbb R^{d\times k},\ \boldsymbol\mu\in\mathbb R^k,\ \mathbf b\in\mathbb R^d .$$
# **I-AutoRec** feeds one vector per item, $\mathbf r^{(i)} = (R_{1i},\dots,R_{mi}) \in \mathbb R^m$
# ($d=m$ users); **U-AutoRec** one vector per user ($d = n$ items).
#
# **Objective (Eq. (2)).** Only observed ratings count; with the observation mask $O$,
# $$\min_\theta \sum_{i=1}^{n} \big\| (\mathbf r^{(i)} - h(\mathbf r^{(i)};\theta)) \odot O^{(i)} \big\|_2^2
#  + \frac{\lambda}{2}\big(\|W\|_F^2 + \|V\|_F^2\big).$$
# Because the mask multiplies the residual, the derivative of the data term with respect to an
# unobserved output is $2(h-r)\cdot 0 = 0$: unobserved entries neither pull the outputs nor
# (through them) the weights. **Prediction (Eq. (3)):** $\hat R_{ui} = h(\mathbf r^{(i)};\hat\theta)_u$.
#
# **Why I-AutoRec fits better.** Both have $2dk + d + k$ parameters, but I-AutoRec has $d = m = 943$
# inputs and $n = 1682$ training vectors, U-AutoRec $d = 1682$ inputs and only $943$ vectors;
# the same 90,000 ratings are shared by fewer parameters in I-AutoRec (the paper: "I-AutoRec
# has fewer parameters to estimate", because items have more ratings each than users do on
# ML-1M; per training vector there are more observed entries).
#
# **Identity activations = rank-$k$ factorisation.** With $f = g = \mathrm{id}$, stacking all
# inputs as rows of $R_{\text{in}}$ ($N\times d$):
# $\hat R = (R_{\text{in}}V^\top + \mathbf 1\boldsymbol\mu^\top)W^\top + \mathbf 1\mathbf b^\top$.
# The first term is an $(N\times k)(k\times d)$ product, so $\operatorname{rank}(\hat R - \mathbf 1\mathbf b^\top)\le k$
# (and $\le k+1$ with the output bias): a linear AutoRec is matrix factorisation with the item
# factors computed from the ratings, $P = R_{\text{in}}V^\top + \mathbf 1 \boldsymbol\mu^\top$.

# %% slideshow={"slide_type": "skip"}
gen = torch.Generator().manual_seed(0)
pred = (torch.rand(5, 6, generator=gen, dtype=torch.float64) * 4 + 1).requires_grad_()
mask = torch.rand(5, 6, generator=gen) < 0.4
target = torch.randint(1, 6, (5, 6), generator=gen).double() * mask
loss = dm.masked_mse(pred, target, mask)
by_hand = sum((pred[i, j].item() - target[i, j].item()) ** 2
              for i in range(5) for j in range(6) if mask[i, j])
assert abs(loss.item() - by_hand) < 1e-12
loss.backward()
assert torch.all(pred.grad[~mask] == 0)            # exactly zero, not just small
assert torch.allclose(pred.grad[mask], 2 * (pred - target).detach()[mask])
print(f"masked loss {loss.item():.6f} = hand sum {by_hand:.6f}; gradient on the "
      f"{int((~mask).sum())} unobserved outputs is exactly 0, on observed ones 2(h - r).")

# %% slideshow={"slide_type": "skip"}
k = 10
linear = dm.AutoRec(ml.n_users, hidden=k, hidden_activation="identity").double()
with torch.no_grad():
    R_hat = linear(full.double())                   # (1682 items, 943 users)
rank_no_bias = torch.linalg.matrix_rank(R_hat - linear.decoder.bias).item()
rank = torch.linalg.matrix_rank(R_hat).item()
assert rank_no_bias <= k and rank <= k + 1
print(f"identity AutoRec, k={k}: rank of W(Vr+mu) = {rank_no_bias} <= k, "
      f"with the output bias {rank} <= k+1 (matrix is {tuple(R_hat.shape)})")

# %% slideshow={"slide_type": "skip"}
params = {name: sum(p.numel() for p in dm.AutoRec(d, cfg.hidden).parameters())
          for name, d in [("I-AutoRec", ml.n_users), ("U-AutoRec", ml.n_items)]}
for name, d, vectors in [("I-AutoRec", ml.n_users, ml.n_items), ("U-AutoRec", ml.n_items, ml.n_users)]:
    print(f"{name}: d={d} inputs, {vectors} training vectors, {params[name]:,} parameters, "
          f"{0.9 * len(ml.ratings) / params[name]:.3f} training ratings per parameter")
assert params["I-AutoRec"] < params["U-AutoRec"]

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Implementation
#
# The model (Eq. (1)) takes dense or **sparse** rating rows: with a sparse input, $V\mathbf r$
# only touches the observed entries. The loss (Eq. (2)) selects the observed entries with
# `torch.where`, which is what makes the gradient on the others exactly zero.

# %% slideshow={"slide_type": "skip"}
print(inspect.getsource(dm.AutoRec.encode))
print(inspect.getsource(dm.AutoRec.forward))
print(inspect.getsource(dm.masked_mse))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Training (`dm.train_autorec`) is full batch, as in the paper (which used L-BFGS / Rprop): every
# epoch is one step of Rprop on Eq. (2) over the whole training matrix, the objective below
# (the masked sum of squares plus $\frac\lambda2(\|W\|_F^2 + \|V\|_F^2)$). BiasedMF
# ($\hat r_{ui} = \bar r + b_i + b_u + \mathbf p_i^\top\mathbf q_u$, the same squared loss and
# $\frac\lambda2$ penalty) is trained by the very same loop. The protocol (`dm.predict_split`):
# the training matrix is the input, predictions are clipped to $[1, 5]$, and a user or item
# without training ratings gets the paper's default rating 3.

# %% slideshow={"slide_type": "skip"}
print(inspect.getsource(dm.autorec_objective))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Training
#
# **Choosing λ.** On the first split, 10% of the *training* ratings are held out as a validation
# set; each model is trained for every λ of its grid and the best validation RMSE picks λ. The
# test ratings are not looked at.

# %% slideshow={"slide_type": "subslide"}
first_split = dm.split_ratings(ml.ratings, ml.n_users, ml.n_items, cfg.test_fraction, seed=SEEDS[0])
lambdas, validation_table = dm.choose_lambda(first_split, cfg, seed=SEEDS[0], device=run.device)
print("chosen lambda:", lambdas)
validation_table.pivot(index="lambda", columns="model", values="validation_rmse").round(4)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Three random 90/10 splits.** For every seed: a new split, then I-AutoRec, U-AutoRec and
# BiasedMF with the chosen λ, and the global-mean and item-mean baselines.

# %% slideshow={"slide_type": "-"}
runs = {}
for seed in SEEDS:
    split = dm.split_ratings(ml.ratings, ml.n_users, ml.n_items, cfg.test_fraction, seed=seed)
    runs[seed] = dm.run_autorec_split(split, cfg, seed=seed, device=run.device, lambdas=lambdas)
    print(f"seed {seed}: " + ", ".join(f"{k} {v:.4f}" for k, v in runs[seed].rmse.items()))
per_seed = pd.DataFrame({seed: r.rmse for seed, r in runs.items()}).T.rename_axis("seed")
per_seed.round(4)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Results
#
# Test RMSE over epochs on the first split (train RMSE of the unclipped reconstruction dashed).

# %% slideshow={"slide_type": "-"}
fig, ax = plt.subplots(figsize=(7, 4.2))
for color, (name, history) in zip(["C0", "C1", "C2"], runs[SEEDS[0]].histories.items()):
    frame = history.frame()
    test = frame.dropna(subset=["test_rmse"])
    ax.plot(test.step, test.test_rmse, color=color, label=f"{name} test")
    ax.plot(frame.step, frame.train_rmse, color=color, ls="--", lw=1, label=f"{name} train")
ax.axhline(runs[SEEDS[0]].rmse["item mean"], color="grey", ls=":", label="item mean (test)")
ax.set(title=f"RMSE over full-batch Rprop epochs (split {SEEDS[0]})", xlabel="epoch",
       ylabel="RMSE", ylim=(0.6, 1.3))
ax.legend(ncol=2, fontsize=8)

# %% slideshow={"slide_type": "subslide"}
summary = per_seed.agg(["mean", "std"]).T
paper = pd.Series({"I-AutoRec": 0.831, "U-AutoRec": 0.874, "BiasedMF": 0.845})
table = pd.DataFrame({"ours ML-100K mean": summary["mean"], "ours std": summary["std"],
                      "paper ML-1M": paper}).loc[["I-AutoRec", "U-AutoRec", "BiasedMF",
                                                  "item mean", "global mean"]]
table.round(4)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Activation ablation (the paper's Table 1(b)).** I-AutoRec with every identity/sigmoid
# combination of output $f$ and hidden $g$, on the first split with the chosen λ (a sigmoid
# output is rescaled to $[1, 5]$). The (identity, sigmoid) row is the model trained above
# (`cfg.output_activation`, `cfg.hidden_activation`); the others override them.

# %% slideshow={"slide_type": "-"}
ablation = []
paper_b = {("identity", "identity"): 0.872, ("sigmoid", "identity"): 0.852,
           ("identity", "sigmoid"): 0.831, ("sigmoid", "sigmoid"): 0.836}
for (f, g), paper_rmse in dm.progress(paper_b.items(), desc="ablation"):
    if (f, g) == (cfg.output_activation, cfg.hidden_activation):
        history = runs[SEEDS[0]].histories["I-AutoRec"]
    else:
        variant = dataclasses.replace(cfg, hidden_activation=g, output_activation=f)
        history = dm.train_autorec(first_split, variant, seed=SEEDS[0], device=run.device,
                                   model="I-AutoRec", lam=lambdas["I-AutoRec"]).history
    test = history["test_rmse"]
    ablation.append({"f (output)": f, "g (hidden)": g, "ours ML-100K": test[-1],
                     "change over last 10 epochs": test[-1] - test[-3], "paper ML-1M": paper_rmse})
ablation = pd.DataFrame(ablation)
ablation.round(4)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Learned item embeddings.** The hidden code $g(V\mathbf r^{(i)} + \boldsymbol\mu)$ of every
# movie with at least 20 training ratings, projected to 2-D with t-SNE, coloured by the movie's
# first genre among six common ones (genres from the MovieLens item table).

# %% slideshow={"slide_type": "-"}
model = runs[SEEDS[0]].models["I-AutoRec"]
with torch.no_grad():
    codes = model.encode(first_split.train_matrix(item_based=True, device=run.device))
codes = codes.cpu().numpy()                                      # (1682 items, 500)
counts = first_split.train.item.value_counts().reindex(range(1, ml.n_items + 1), fill_value=0)
main = ["Drama", "Comedy", "Action", "Thriller", "Romance", "Horror"]
items = ml.items.set_index("item").loc[range(1, ml.n_items + 1)]
genre = items[main].idxmax(axis=1).where(items[main].any(axis=1))
keep = (counts.values >= 20) & genre.notna().values
points = dm.embed_2d(codes[keep], method=cfg.embed_method, seed=SEEDS[0])
dm.plot_embedding(points, genre.values[keep], hue_name="genre",
                  title="I-AutoRec item codes (t-SNE), by genre", method=cfg.embed_method)

# %% slideshow={"slide_type": "skip"}
mean = summary["mean"]
bar_rmse = bool(mean["I-AutoRec"] <= 0.90)
bar_order = bool(mean["I-AutoRec"] < mean["U-AutoRec"] < mean["item mean"])
print(f"Mean over splits {SEEDS}: I-AutoRec {mean['I-AutoRec']:.4f}, U-AutoRec "
      f"{mean['U-AutoRec']:.4f}, BiasedMF {mean['BiasedMF']:.4f}, item mean {mean['item mean']:.4f}.")
print(f"Bar 'I-AutoRec <= 0.90': {'met' if bar_rmse else 'NOT met'}; "
      f"'I-AutoRec < U-AutoRec < item mean': {'met' if bar_order else 'NOT met'}.")
print(f"I-AutoRec {'beats' if mean['I-AutoRec'] < mean['BiasedMF'] else 'does not beat'} BiasedMF "
      f"on ML-100K ({mean['I-AutoRec']:.4f} vs {mean['BiasedMF']:.4f}); the paper's numbers are on "
      "ML-1M, a 10x larger data set with more ratings per item, so ours are higher across the board. "
      f"Our training is {cfg.epochs} full-batch Rprop epochs (profile '{run.profile}').")
linear = ablation[ablation["g (hidden)"] == "identity"]
drift = linear["change over last 10 epochs"].abs().max()
print(f"Ablation: best (f, g) = {tuple(ablation.loc[ablation['ours ML-100K'].idxmin()].iloc[:2])} "
      f"(paper: identity, sigmoid). Identity hidden units give "
      f"{', '.join(f'{v:.3f}' for v in linear['ours ML-100K'])} (paper 0.872, 0.852); lambda and "
      f"the {cfg.epochs}-epoch schedule were chosen for the sigmoid model, and the linear models "
      f"still moved by up to {drift:.3f} RMSE over their last 10 epochs "
      f"({'not converged' if drift > 0.005 else 'close to converged'}).")


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Exercises
#
# **Exercise 1 — the masked objective.** Write the data term of Eq. (2): the *sum* of squared
# errors over the observed entries, such that the gradient on unobserved outputs is exactly zero.

# %% slideshow={"slide_type": "skip"}
def my_masked_squared_error(pred, target, mask):
    raise NotImplementedError("sum (pred - target)^2 over the entries where mask is true")


# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.autorec.exercises.check_masked_loss(my_masked_squared_error)


# %% [markdown] slideshow={"slide_type": "skip"}
# **Exercise 2 — counting parameters.** Return the number of trainable parameters of an AutoRec
# with `n_inputs` inputs and `hidden` hidden units. How many does I-AutoRec have on ML-100K, and
# U-AutoRec?

# %% slideshow={"slide_type": "skip"}
def my_parameter_count(n_inputs, hidden):
    raise NotImplementedError("V, W, mu and b")


# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.autorec.exercises.check_parameter_count(my_parameter_count)


# %% [markdown] slideshow={"slide_type": "skip"}
# **Exercise 3 — the evaluation protocol.** Given raw predictions and a boolean array `known`
# (does the user *and* the item have a training rating?), return what the paper scores: clipped
# to $[1, 5]$, and 3 where `known` is false.

# %% slideshow={"slide_type": "skip"}
def my_default_and_clip(raw, known):
    raise NotImplementedError("np.clip and np.where")


# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.autorec.exercises.check_default_and_clip(my_default_and_clip)

# %% [markdown] slideshow={"slide_type": "skip"}
# **Exercise 4 (open).** Re-run `dm.choose_lambda(first_split, small, seed=0, device=run.device)`
# with `small = dataclasses.replace(cfg, lam_grid=(1.0, 10.0, 1000.0))`: how does I-AutoRec's
# validation RMSE behave when λ is far too small? Plot the test RMSE curve of such a run
# (`dm.train_autorec(..., model="I-AutoRec", lam=1.0).history`): when does it start to overfit?
#
# Solutions to exercises 1–3: `dalib_mini/solutions/autorec.py`.
#
# ## Results record

# %% slideshow={"slide_type": "subslide"}
metrics = {"rmse_i_autorec": mean["I-AutoRec"], "rmse_u_autorec": mean["U-AutoRec"],
           "rmse_biased_mf": mean["BiasedMF"], "rmse_item_mean": mean["item mean"]}
notes = (f"MovieLens 100K (genuine u.data, MD5 checked), "
         f"random 90/10 splits seeds {SEEDS}, mean test RMSE; lambda chosen on a validation "
         f"split: {lambdas}; paper values are ML-1M. Bar met: {bar_rmse and bar_order}.")
columns = {"rmse_i_autorec": "I-AutoRec", "rmse_u_autorec": "U-AutoRec",
           "rmse_biased_mf": "BiasedMF", "rmse_item_mean": "item mean"}
run.record(metrics=metrics, paper={"rmse_i_autorec": 0.831, "rmse_u_autorec": 0.874,
                                   "rmse_biased_mf": 0.845}, notes=notes, settings=cfg,
           per_seed={metric: per_seed.loc[SEEDS, name].tolist() for metric, name in columns.items()},
           extra={"lambdas": lambdas})
