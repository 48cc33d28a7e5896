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
# This tour shows how to read the course, how to choose a profile and a device, where the exercises
# are, and loads **every dataset of the course through the package**, so that the data plumbing is
# proven end to end before any chapter trains.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Course map
#
# Read the chapters in order; a chapter that builds on another reuses its code, not only its ideas.
#
# | # | chapter | paper | builds on | what it shows |
# |---|---|---|---|---|
# | 00 | [Tour](00_tour.ipynb) | - | - | profiles, devices, exercises, and every dataset of the course loaded through the package |
# | 01 | [GAN](01_gan.ipynb) | Goodfellow et al., NeurIPS 2014 | - | the optimal discriminator and the Jensen-Shannon view checked numerically; a convolutional GAN on MNIST whose samples a judge classifier recognises; minimax vs non-saturating loss |
# | 02 | [DANN](02_dann.ipynb) | Ganin & Lempitsky, ICML 2015 | 01: the adversarial game | the gradient reversal layer on the two-moons toy and on MNIST → MNIST-M, source-only vs DANN vs target-only; t-SNE by class and domain, proxy A-distance |
# | 03 | [AMN](03_amn.ipynb) | Li et al., IJCAI 2017 | 02: gradient reversal | an attention memory network with a domain classifier on Amazon reviews (4 domain pairs); the pivot words the attention picks |
# | 04 | [SRDC](04_srdc.ipynb) | Tang, Chen & Jia, CVPR 2020 | 02: DANN's network and training step | deep clustering of the target domain with structural source regularisation, from scratch and started from a DANN network, compared with DANN trained on |
# | 05 | [DeepCC](05_deepcc.ipynb) | Xu et al., SDM 2019 | - | co-clustering rows and columns through mutual information; NMI on WebKB4 and Yale against baselines; the reordered matrices |
# | 06 | [AutoRec](06_autorec.ipynb) | Sedhain et al., WWW 2015 | - | item- and user-based autoencoders for rating prediction on MovieLens 100K; RMSE against biased matrix factorisation |
# | 07 | [CycleGAN](07_cyclegan.ipynb) | Zhu et al., ICCV 2017 | 01: adversarial losses | unpaired MNIST ↔ MNIST-M translation; the cycle loss is what keeps the digit |
# | 08 | [AugGAN](08_auggan.ipynb) | Huang et al., ECCV 2018 | 07: CycleGAN's networks and training step | structure-aware day → night translation of **generated street scenes**, used to train a night segmenter |
#
# The GAN, DANN, SRDC and CycleGAN chapters share the MNIST / MNIST-M loaders and the small judge
# classifier. The measured run time of each chapter (quick profile, 2 CPU cores) is printed below,
# from the results records the chapters write.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Three ways to read the course
#
# - **Lab** (`make lab`): the notebooks in JupyterLab; run them top to bottom, change a number, rerun.
# - **Book** (`make book`, then open `build/book/index.html`): every executed chapter as a web page
#   with navigation, search and typeset maths; it works offline, from disk.
# - **Slides** (`make slides`, then open `build/slides/<NN_chapter>.slides.html`): one reveal.js deck
#   per chapter for a lecture (problem, derivation, key figures, results); arrow keys move, `s`
#   opens the speaker view.
#
# The notebook sources are `course/sources/NN_<chapter>.py` (jupytext scripts); the slide
# boundaries are cell tags in those sources.

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
# **Switching inside a notebook.** Edit `PROFILE` in the `parameters` cell and rerun the notebook,
# or ask for one chapter's settings under either profile, and choose a device explicitly. Every
# trainer takes `device=`; `None` means the automatic choice.

# %%
quick, full = dm.chapter_settings("dann", "quick"), dm.chapter_settings("dann", "full")
print(f"DANN steps: quick {quick.steps}, full {full.steps}")
short = dm.chapter_settings("dann", PROFILE, steps=100)  # one field overridden
device = dm.get_device("cpu")  # or "cuda", "cuda:1", "mps"; os.environ["DALIB_MINI_DEVICE"] before the run works too
print("overridden steps:", short.steps, "| device:", device)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Exercises and their solutions
#
# Each chapter ends with exercises: you write a small function in the notebook and a check from
# the package, `dm.<chapter>.exercises.check_*`, tests it on concrete numbers. The reference
# answers are kept out of the notebooks, in `dalib_mini/solutions/<chapter>.py`. Here a check is
# run on the GAN chapter's reference answer:

# %%
from dalib_mini.solutions import gan as gan_solutions

dm.gan.exercises.check_optimal_discriminator(gan_solutions.optimal_discriminator)

# %% [markdown]
# ## Run time per chapter
#
# Every chapter's last cell writes its headline numbers, seeds, device and wall time to
# `results/<chapter>.json`; `dm.load_results()` reads them all (`make results` renders
# `results/RESULTS.md`).

# %%
records = dm.load_results()
quick_runs = records[records.profile == "quick"].groupby("chapter").first()
(quick_runs[["wall_time_s", "device", "seeds"]].sort_values("wall_time_s")
 .rename(columns={"wall_time_s": "wall time (s)"}))

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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Generated street scenes (AugGAN chapter)
#
# The AugGAN chapter needs day and night street photos **with segmentation masks**; no such data set
# is small enough to ship, so the package **generates** the scenes: random layouts of sky, a row of
# buildings, a road with a lane line and vehicles, rendered in a day or a night style (lit windows
# at night). Day and night scenes come from different random layouts (unpaired domains), and each
# image comes with its mask. The night street is built **denser** (more buildings) than the day
# street, on purpose: a translator that only matches the night style is then tempted to move
# structure, which is the failure AugGAN's structure terms are meant to prevent. These scenes are
# the course's own stand-in, not the paper's data (the paper translates real driving photos and
# scores vehicle detection on them).

# %%
day = dm.make_street_scenes(8, "day", 48, seed=0)
night = dm.make_street_scenes(8, "night", 48, seed=0)
fig, axes = plt.subplots(1, 3, figsize=(13, 3.4), width_ratios=[2, 2, 1])
dm.show_images(day.images, nrow=4, title="generated day scenes", ax=axes[0])
dm.show_images(night.images, nrow=4, title="generated night scenes", ax=axes[1])
axes[2].imshow(day.masks[0], cmap="viridis", interpolation="nearest")
axes[2].set_title("mask of the first day scene\n(" + ", ".join(dm.auggan.scenes.STREET_CLASSES) + ")")
axes[2].axis("off")
plt.show()

# %% [markdown]
# ## Where next
#
# Start with **01 · GAN**: it introduces the adversarial game that DANN, AMN, CycleGAN and AugGAN
# build on. Each chapter ends by writing `results/<chapter>.json`; `make results` collects them into
# `results/RESULTS.md`.
