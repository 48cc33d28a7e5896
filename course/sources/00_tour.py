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

# %% [markdown]
# # 00 · A tour of the course
#
# This course teaches adversarial and clustering-based learning across domains, one paper per
# chapter. Every chapter follows the same five steps:
#
# 1. **The problem** the paper solves, with a look at the data;
# 2. **Derivation** of the paper's objective, with every identity checked by code on concrete numbers;
# 3. **Implementation** with the `dalib_mini` package (the notebook shows the short core);
# 4. **Training** the method and the baselines the paper compares against;
# 5. **Results** (plots, our numbers beside the paper's, a results record) and **exercises** with self-checks.
#
# | # | chapter | paper |
# |---|---|---|
# | 01 | GAN | Goodfellow et al., NeurIPS 2014 |
# | 02 | DANN | Ganin & Lempitsky, ICML 2015 |
# | 03 | AMN | Li et al., IJCAI 2017 |
# | 04 | SRDC | Tang, Chen & Jia, CVPR 2020 |
# | 05 | DeepCC | Xu et al., SDM 2019 |
# | 06 | AutoRec | Sedhain et al., WWW 2015 |
# | 07 | CycleGAN | Zhu et al., ICCV 2017 |
# | 08 | AugGAN | Huang et al., ECCV 2018 |
#
# This tour shows how to choose a profile and a device, and loads **every dataset of the course
# through the package**, so that the data plumbing is proven end to end before any chapter trains.

# %% [markdown]
# ## Profiles and devices
#
# The next cell is tagged `parameters`. `quick` (the default) sizes every chapter for 2 CPU cores and
# a few minutes; `full` uses the papers' data sizes and schedules and wants a GPU. Set the environment
# variable before starting Jupyter (`DALIB_MINI_PROFILE=full make lab`) or override the cell with
# papermill. The device is chosen automatically (CUDA, then Apple MPS, then CPU) unless
# `DALIB_MINI_DEVICE` names one.

# %% tags=["parameters"]
import os

PROFILE = os.environ.get("DALIB_MINI_PROFILE", "quick")  # "quick" (2 CPU cores) or "full" (GPU, paper scale)

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
import torch

import dalib_mini as dm

dm.set_style()
print("profile:", dm.active_profile(PROFILE))
print("device: ", dm.get_device())
print("data root:", dm.data_root())

# %% [markdown]
# ## The data root
#
# Loaders look for files under the data root (`DALIB_MINI_DATA`, default `~/.cache/dalib_mini`),
# laid out as each upstream archive unpacks, and download missing files when online. The machines
# that build this course have no internet, so `make` points the data root at an offline mirror of
# the real files. Everything below is **real data** read from that root.

# %% [markdown]
# ## Digits: MNIST and MNIST-M
#
# MNIST (28x28 grey digits) is the source domain of the DANN and SRDC chapters and the training
# data of the GAN chapter; MNIST-M (the same digits blended over colour photo patches, 32x32 RGB) is
# their target domain. The mirror holds the 10,000 MNIST test images and MNIST-M's 9,001 test plus
# the first 10,000 training images.

# %%
mnist_x, mnist_y = dm.load_mnist("test")
mnistm_x, mnistm_y = dm.load_mnist_m("train")
print(f"MNIST test: {tuple(mnist_x.shape)} {mnist_x.dtype};  MNIST-M train: {tuple(mnistm_x.shape)}")
fig, axes = plt.subplots(1, 2, figsize=(11, 3.2))
dm.show_images(mnist_x[:32], nrow=8, title="MNIST (source domain)", ax=axes[0])
dm.show_images(mnistm_x[:32], nrow=8, title="MNIST-M (target domain)", ax=axes[1])
plt.show()

# %%
counts = pd.DataFrame({"MNIST test": mnist_y.bincount().numpy(),
                       "MNIST-M train": mnistm_y.bincount().numpy()}).rename_axis("digit")
ax = counts.plot.bar(figsize=(7, 3), title="Digits per class in both domains", rot=0)
ax.set_xlabel("digit"); ax.set_ylabel("images")
plt.show()

# %% [markdown]
# ## Amazon reviews (AMN chapter)
#
# Four product domains, 3,000 positive and 3,000 negative reviews each. The sentiment words carry
# across domains ("great", "disappointed"), the product words do not ("novel" vs. "blender").

# %%
reviews = {domain: dm.load_amazon_reviews(domain) for domain in dm.AMAZON_DOMAINS}
for domain, (texts, _labels) in reviews.items():
    print(f"[{domain:11s}] +  {texts[0][:90]}")
    print(f"[{domain:11s}] -  {texts[-1][:90]}")

# %%
lengths = pd.DataFrame([{"domain": d, "words": len(t.split()), "label": "positive" if y else "negative"}
                        for d, (texts, ys) in reviews.items() for t, y in zip(texts, ys)])
ax = sns.boxplot(data=lengths, x="domain", y="words", hue="label", showfliers=False)
ax.set_title("Review length per domain"); ax.set_ylabel("words per review"); ax.set_xlabel("domain")
plt.show()
lengths.groupby("domain")["words"].describe()[["count", "mean", "50%", "max"]]

# %% [markdown]
# ## Co-clustering benchmarks (DeepCC chapter)
#
# Each benchmark is a data matrix with ground-truth row classes. Sorting the rows by class shows the
# block structure a co-clustering method should find: WebKB4 documents (rows) over words (columns),
# and Yale faces (rows are images, columns are pixels).

# %%
webkb = dm.load_deepcc_benchmark("WebKB4")
yale = dm.load_deepcc_benchmark("Yale_32x32")
print(f"WebKB4 {webkb.X.shape}, {webkb.n_row_clusters} classes; Yale {yale.X.shape}, {yale.n_row_clusters} people")
order = np.argsort(webkb.row_labels, kind="stable")
fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
axes[0].imshow(np.log1p(webkb.X[order][:, :300]), aspect="auto", cmap="magma")
axes[0].set_title("WebKB4, rows sorted by class (300 words)")
axes[0].set_xlabel("word"); axes[0].set_ylabel("document"); axes[0].grid(False)
faces = dm.to_float_images(torch.from_numpy(yale.X[:16].astype(np.uint8)).reshape(16, 1, 32, 32))
dm.show_images(faces.transpose(2, 3), nrow=8, title="Yale faces (first 16 images)", ax=axes[1])
plt.show()

# %% [markdown]
# ## MovieLens 100K (AutoRec chapter)
#
# MovieLens ratings are validated line by line before use: four integer fields, ratings 1-5, ids
# within the counts of `u.info`, no repeated user-item pair, and the genuine file's MD5.

# %%
movielens = dm.load_movielens_100k()
r = movielens.ratings
print(f"{len(r):,} ratings, {movielens.n_users} users x {movielens.n_items} items, "
      f"density {len(r) / (movielens.n_users * movielens.n_items):.2%}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.5))
observed = np.zeros((movielens.n_users, movielens.n_items))
observed[r.user - 1, r.item - 1] = 1
axes[0].imshow(observed[:, np.argsort(-observed.sum(0))], aspect="auto", cmap="Greys", interpolation="nearest")
axes[0].set(title="Observed ratings (items sorted by popularity)", xlabel="item", ylabel="user")
axes[0].grid(False)
sns.countplot(x=r.rating, ax=axes[1], color="tab:blue", label="ratings")
axes[1].set(title="Rating histogram", xlabel="rating (stars)", ylabel="count"); axes[1].legend()
plt.show()

# %%
genre_counts = movielens.items[list(dm.MOVIELENS_GENRES)].sum().sort_values()
ax = genre_counts.plot.barh(figsize=(6, 4.5), title="MovieLens 100K: movies per genre (u.item)")
ax.set_xlabel("movies"); ax.set_ylabel("genre")
plt.show()

# %% [markdown]
# ## Where next
#
# Start with **01 · GAN**: it introduces the adversarial game that DANN, AMN, CycleGAN and AugGAN
# build on. Each chapter ends by writing `results/<chapter>.json`; `make results` collects them into
# `results/RESULTS.md`.
