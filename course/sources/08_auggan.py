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
# # 08 · AugGAN: structure-aware translation for data augmentation
#
# *Sheng-Wei Huang, Che-Tsung Lin, Shu-Ping Chen, Yen-Yi Wu, Po-Hao Hsu, Shang-Hong Lai. AugGAN:
# Cross Domain Adaptation with GAN-based Data Augmentation. ECCV 2018.*
#
# CycleGAN (chapter 07) translates images between two unpaired domains, but nothing in its
# objective says *where* the objects must stay: a translation that moves a car, paints a building
# over the sky or erases a pedestrian is fine for it as long as the result looks like the target
# domain and can be mapped back. AugGAN adds that constraint: each generator shares its encoder
# with a **segmentation (parsing) decoder**, so the code it translates from must also tell where
# the road, the buildings and the vehicles are. The translated images keep the layout, which is
# what you need to **augment a labelled data set**: translate labelled day images into night
# ones, keep their labels, and train a night model without night labels.
#
# This chapter derives AugGAN's objective, checks its pieces with code (the soft weight-sharing
# loss, the hard-shared blocks, the gradient path of the segmentation loss), then translates day
# street scenes into night ones with AugGAN and with the CycleGAN chapter's model on the same data
# and budget, and measures (1) how well the layout survives and (2) how a night segmenter trained
# only on translated images does on real night scenes.
#
# **Data:** no public day/night data set *with segmentation masks* is available offline to this
# course, so the package **generates** the data: procedural street scenes (sky, buildings with
# windows, road with a lane line, vehicles) with per-pixel class masks, rendered in a *day* style
# and, from *different* random scenes, in a *night* style (dark, lit windows, headlights, sensor
# noise). It is synthetic data, not the paper's driving data set (`dm.make_street_scenes`).
# **Profile:** `quick` (32x32 scenes, small networks, 250 steps per translator, three seeds) runs
# on 2 CPU cores in under 4 minutes; `full` has larger images, the paper's network depth and more
# steps, for a GPU. Three seeds in both: at this scale a single GAN run is not evidence. In our
# runs CycleGAN's structure preservation changed a lot from seed to seed, and even with the number
# of CPU threads (which changes the order of float sums), so every number below is a mean over
# seeds, with the spread and the per-seed verdicts next to it.

# %% tags=["parameters"] slideshow={"slide_type": "skip"}
import os

PROFILE = os.environ.get("DALIB_MINI_PROFILE", "quick")  # "quick" (2 CPU cores) or "full" (GPU)
SEEDS = [0, 1, 2]  # GAN runs vary a lot from seed to seed: always average several

# %% slideshow={"slide_type": "skip"}
import inspect
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

import dalib_mini as dm

dm.set_style()
run = dm.start_chapter("auggan", seeds=SEEDS, profile=PROFILE)
cfg = dm.chapter_settings("auggan", PROFILE)
device = run.device
print(cfg)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1 · The problem
#
# Two unpaired domains: **day** scenes $x \sim X$, for which we have segmentation masks $m_x$
# (sky, building, road, vehicle), and **night** scenes $y \sim Y$ without labels. We want a
# night segmenter. Training it on day images fails (night pixels look nothing like day pixels);
# translating the day images to night and reusing their masks works *only if the translation
# keeps every object where it was*.
#
# The night streets are also denser than the day ones (fewer gaps between buildings, taller
# facades): as between real data sets, the two domains differ in content, not only in style.
# A translator that only matches the night *distribution* is therefore tempted to grow buildings
# into the day sky: the image looks more "night-like", and the day mask is now wrong.
#
# **Protocol.** Day masks are used for training (AugGAN's parsers, the downstream segmenters).
# Night masks are used **only on the evaluation side**: to train a *judge* segmenter on real
# night scenes (it scores how well translated images keep the day layout) and to test the
# downstream segmenters on *other* night scenes. Neither translator ever sees a night mask.

# %% slideshow={"slide_type": "subslide"}
tasks = {seed: dm.make_day_night_task(cfg, seed=seed, device=run.device) for seed in SEEDS}
task = tasks[SEEDS[0]]
palette = torch.tensor([[0.55, 0.75, 1.0], [0.8, 0.45, 0.3], [0.4, 0.4, 0.4], [1.0, 0.85, 0.1]])
show = lambda masks: palette[masks.cpu()].permute(0, 3, 1, 2)  # noqa: E731  (class colours)
n = 8
dm.show_images(torch.cat([task.day.images[:n].cpu(), show(task.day.masks[:n]),
                          task.night.images[:n].cpu(), show(task.night.masks[:n])]), nrow=n,
               title="day scenes, their masks | night scenes (other layouts), their masks")
plt.show()
share = lambda s: np.bincount(s.masks.flatten().cpu(), minlength=4) / s.masks.numel()  # noqa: E731
print(pd.DataFrame({"day": share(task.day), "night": share(task.night)},
                   index=dm.auggan.STREET_CLASSES).round(3).T.to_string())
print(f"{len(task.day)} day, {len(task.night)} night training scenes; "
      f"{len(task.night_test)} night test scenes; side {cfg.size} px")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2 · Derivation
#
# **Networks (Sec. 3, Fig. 2).** For each domain an encoder maps an image to a code,
# $z = E_x(x)$. Two decoders read the same code: the translation decoder $G_x$ produces the image
# in the other domain, $G_x(E_x(x)) \in Y$, and the parsing decoder $P_x$ produces the
# segmentation of the input, $P_x(E_x(x))$. Symmetrically $E_y, G_y, P_y$ for night images.
# Discriminators $D_x, D_y$ judge realism as in CycleGAN. Here $E$ is CycleGAN's stem,
# down-sampling and residual blocks (chapter 07), and the residual blocks are **hard-shared**: one
# set of weights serves both decoders.
#
# **Adversarial and cycle terms (as in CycleGAN).** Least-squares GAN losses
# $L_{GAN}(E_x, G_x, D_y) = \mathbb E_y[(D_y(y) - 1)^2] + \mathbb E_x[D_y(G_x(E_x(x)))^2]$ (and the
# mirror one), and the cycle loss
# $L_{cyc} = \mathbb E_x \| G_y(E_y(G_x(E_x(x)))) - x \|_1 + \mathbb E_y \| G_x(E_x(G_y(E_y(y)))) - y \|_1$.
#
# **Segmentation terms.** Pixel-wise cross-entropy of the parsers. With day masks only,
# $L_{seg,x} = CE(P_x(E_x(x)), m_x)$, and the night parser is taught on the *translated* day
# images, $L_{seg,y} = CE(P_y(E_y(G_x(E_x(x)))), m_x)$. Since $E_x$ also feeds $G_x$, the code
# must carry the layout; and the second term back-propagates through $G_x$: a translation that
# moves an object costs segmentation loss.
#
# **Soft weight sharing (Eq. 4).** The up-sampling layers of $G_x$ and $P_x$ keep their own
# weights $\omega_G, \omega_P$ but are pulled towards the same direction by
#
# $$ L_\omega = -\log\left(\frac{\langle \omega_G, \omega_P\rangle}{\|\omega_G\|_2\,\|\omega_P\|_2}\right)^2 , $$
#
# which is $\ge 0$, is $0$ iff the weights are parallel (any positive rescaling is free), and grows
# as they turn apart. The paper's formula is blind to the sign ($\cos = -1$ also gives 0) and
# infinite at $\cos = 0$; `dm.weight_sharing_loss` follows it for $\cos \ge \varepsilon$ and continues
# it by its tangent line below, so it stays finite and keeps pushing towards $\cos = +1$.
#
# **Full objective (Eq. 6).**
# $$ L = L_{GAN}(E_x, G_x, D_y) + L_{GAN}(E_y, G_y, D_x) + \lambda_{cyc} L_{cyc}
#       + \lambda_{seg}(L_{seg,x} + L_{seg,y}) + \lambda_\omega (L_{\omega,x} + L_{\omega,y}) .$$
# With $\lambda_{seg} = \lambda_\omega = 0$ and no parsers this is exactly CycleGAN's objective: the
# baseline below.

# %% slideshow={"slide_type": "skip"}
# Check 1: L_w is 0 for identical and positively scaled weights, and grows as they diverge.
g = torch.Generator().manual_seed(0)
w = torch.randn(32, 16, 3, 3, generator=g, dtype=torch.float64)
u = torch.randn(w.shape, generator=g, dtype=torch.float64)
u = u - (u * w).sum() / (w * w).sum() * w  # a direction orthogonal to w, same norm
u = u * w.norm() / u.norm()
for scale in (1.0, 0.01, 42.0):
    assert dm.weight_sharing_loss(w, scale * w).abs() < 1e-9
angles = torch.linspace(0, math.pi, 13, dtype=torch.float64)
losses = torch.stack([dm.weight_sharing_loss(w, torch.cos(a) * w + torch.sin(a) * u) for a in angles])
assert (losses.diff() > 0).all()
paper = -torch.log(torch.cos(angles[:5]) ** 2)  # where cos >= eps the formula is the paper's
assert torch.allclose(losses[:5], paper, atol=1e-9)
print("L_w: 0 for w_P = c w_G (c > 0); strictly increasing with the angle 0..180 deg:")
print(pd.Series(losses.numpy().round(2), index=(angles * 180 / math.pi).numpy().round()).to_string())

# %% slideshow={"slide_type": "skip"}
# Check 2: the hard-shared blocks are ONE set of parameter tensors used by both decoders.
torch.manual_seed(0)
gen = dm.AugGANGenerator(width=4, num_res_blocks=2, num_sampling=1)
x = torch.rand(2, 3, 16, 16) * 2 - 1
params = dict(gen.named_parameters())
def used_by(output):  # names of the parameters that an output depends on
    grads = torch.autograd.grad(output.sum(), list(params.values()), allow_unused=True,
                                retain_graph=True)
    return {name for name, grad in zip(params, grads) if grad is not None}
image, logits = gen(x)
both = used_by(image) & used_by(logits)
shared = {f"shared_blocks.{n}" for n, _ in gen.shared_blocks.named_parameters()}
assert shared <= both and not {n for n in both if "decoder" in n}
block_weight = gen.shared_blocks[0].body[1].weight
assert block_weight is params["shared_blocks.0.body.1.weight"]  # one tensor object ...
assert len({p.data_ptr() for p in gen.parameters()}) == len(params)  # ... stored once
w_g, w_p = gen.soft_shared_weights()[0]
assert w_g is not w_p and w_g.data_ptr() != w_p.data_ptr()  # soft-shared: two tensors
print(f"{len(both)} parameter tensors feed both the translation and the parsing output "
      f"(encoder + {len(shared)} in the hard-shared residual blocks); the soft-shared "
      f"up-sampling weights are two tensors, L_w = {dm.weight_sharing_loss(w_g, w_p):.1e} at init")

# %% slideshow={"slide_type": "skip"}
# Check 3: gradients of the segmentation loss reach the shared encoder (not the translator's head).
gen.zero_grad()
masks = torch.randint(0, 4, (2, 16, 16))
F.cross_entropy(gen.parse(x), masks).backward()
encoder_grads = [p.grad.abs().sum().item() for p in gen.encoder.parameters()]
block_grads = [p.grad.abs().sum().item() for p in gen.shared_blocks.parameters()]
assert all(v > 0 for v in encoder_grads + block_grads)
assert all(p.grad is None for p in gen.translation_decoder.parameters())
print(f"segmentation loss -> encoder: {len(encoder_grads)} tensors, all with non-zero gradient "
      f"(total |grad| {sum(encoder_grads):.3g}); translation decoder untouched")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3 · Implementation
#
# The generator reuses the CycleGAN chapter's stages (`resnet_downsampling`,
# `ResnetResidualBlock`, `resnet_upsampling`); the parser is the up-sampling stack with $K$ output
# channels and no `tanh`. Its soft-shared twins start equal, so $L_\omega = 0$ at step 0.

# %% slideshow={"slide_type": "skip"}
print(inspect.getsource(dm.AugGANGenerator.forward))
print(inspect.getsource(dm.AugGANGenerator.soft_shared_weights))
print(inspect.getsource(dm.structure_terms))  # added to CycleGAN's generator loss in train_auggan

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4 · Training
#
# For every seed: a judge segmenter on real night scenes (evaluation side), then AugGAN and the
# CycleGAN chapter's own `train_cyclegan` with **the same** networks' sizes,
# data, batch sampling, steps, optimiser and learning-rate schedule. The baseline simply has no
# parsers and no masks.

# %% slideshow={"slide_type": "skip"}
judges = {s: dm.train_segmenter(tasks[s].night.images, tasks[s].night.masks, cfg, seed=s,
                                device=run.device, desc="judge")
          for s in SEEDS}
for s in SEEDS:
    judge_miou = dm.segmentation_miou(judges[s], tasks[s].night_test.images, tasks[s].night_test.masks)
    print(f"seed {s}: the judge segments real night test scenes with mIoU {judge_miou:.3f}")

# %% slideshow={"slide_type": "skip"}
runs = {(m, s): dm.train_translator(tasks[s], cfg, seed=s, device=run.device, method=m)
        for s in SEEDS for m in dm.auggan.METHODS}

# %% slideshow={"slide_type": "skip"}
# Downstream: a night segmenter trained on day images directly / CycleGAN- / AugGAN-translated
# day images, always with the day masks; tested on real night test scenes.
rows = []
for s in SEEDS:
    t = tasks[s]
    sources = {"day only": t.day.images, "cyclegan": runs["cyclegan", s].translated_day,
               "auggan": runs["auggan", s].translated_day}
    row = {"seed": s}
    for name, images in sources.items():
        model = dm.train_segmenter(images, t.day.masks, cfg, seed=s, device=run.device,
                                   desc=f"segmenter ({name})")
        row[f"downstream {name}"] = dm.segmentation_miou(model, t.night_test.images, t.night_test.masks)
        if name != "day only":  # structure: the judge segments the translation vs the DAY mask
            row[f"structure {name}"] = dm.segmentation_miou(judges[s], images, t.day.masks)
    rows.append(row)
scores = pd.DataFrame(rows).set_index("seed")
print(scores.round(3).to_string())

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5 · Results

# %% slideshow={"slide_type": "-"}
s = SEEDS[0]
n = 8
grid = torch.cat([tasks[s].day.images[:n].cpu(), runs["cyclegan", s].translated_day[:n].cpu(),
                  runs["auggan", s].translated_day[:n].cpu(), tasks[s].night.images[:n].cpu()])
dm.show_images(grid, nrow=n, title="rows: day input | CycleGAN day->night | AugGAN day->night | "
               "real night (other scenes)")
plt.show()
judge_view = lambda images: show(dm.predict_scene_masks(judges[s], images))  # noqa: E731
dm.show_images(torch.cat([show(tasks[s].day.masks[:n]), judge_view(grid[n:2 * n].to(device)),
                          judge_view(grid[2 * n:3 * n].to(device))]), nrow=n,
               title="day masks | judge's reading of CycleGAN's | of AugGAN's translations")
plt.show()

# %% slideshow={"slide_type": "subslide"}
fig, axes = plt.subplots(1, 3, figsize=(13, 3.4))
for method, style in (("auggan", "-"), ("cyclegan", "--")):
    frame = runs[method, SEEDS[0]].history.frame()
    axes[0].plot(frame["step"], frame["cycle"], style, label=method)
    axes[1].plot(frame["step"], frame["generator_adversarial"], style, label=method)
frame = runs["auggan", SEEDS[0]].history.frame()
axes[2].plot(frame["step"], frame["segmentation"], label="L_seg,x + L_seg,y")
axes[2].plot(frame["step"], frame["weight_sharing"], label="L_w (both generators)")
titles = ["cycle loss", "generator LSGAN loss", "AugGAN's structure terms"]
for ax, title in zip(axes, titles):
    ax.set(title=title, xlabel="step", ylabel="loss")
    ax.legend()
plt.tight_layout()
plt.show()

# %% slideshow={"slide_type": "subslide"}
mean, std = scores.mean(), scores.std(ddof=0)
cols = ["structure cyclegan", "structure auggan", "downstream day only", "downstream cyclegan",
        "downstream auggan"]
ax = mean[cols].plot.bar(yerr=std[cols], figsize=(8, 3.5), rot=15, color=["C1", "C0", "C7", "C1", "C0"])
ax.set(title=f"mIoU ({PROFILE} profile, mean over seeds {SEEDS})", ylabel="mIoU", xlabel="")
plt.show()
table = pd.DataFrame({
    "ours (mean)": mean[cols].round(3), "ours (std)": std[cols].round(3),
    "paper's claim": ["lower than AugGAN", "keeps structure best", "lowest", "below AugGAN",
                      "best (night detection/segmentation)"]})
print(table.to_string())

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Seed by seed.** The mean can hide a split decision, so `dm.seed_verdicts` checks both claims
# in every run: the structure gap AugGAN − CycleGAN against the bar of 0.05, and whether the
# AugGAN-augmented segmenter beats *both* alternatives on real night scenes (its margin over the
# better of the two).

# %% slideshow={"slide_type": "skip"}
verdicts = dm.seed_verdicts(scores, structure_margin=0.05)
print(verdicts.round(3).to_string())
print(f"structure gap >= 0.05 in {verdicts['structure gap met'].sum()} of {len(SEEDS)} seeds; "
      f"AugGAN best downstream in {verdicts['downstream auggan best'].sum()} of {len(SEEDS)} seeds")


# %% [markdown] slideshow={"slide_type": "subslide"}
# **Where the layout is lost.** The night streets are denser than the day ones (section 1), so a
# translator that only has to match the night distribution is tempted to paint lit facades over
# the day sky. The judge's IoU *per class* (mean over seeds) shows which parts of the layout each
# translator keeps and which it loses.

# %% slideshow={"slide_type": "skip"}
def structure_per_class(method, s):
    pred = dm.predict_scene_masks(judges[s], runs[method, s].translated_day)
    confusion = dm.segmentation_confusion_matrix(pred, tasks[s].day.masks, len(dm.auggan.STREET_CLASSES))
    return dm.per_class_iou(confusion).cpu().numpy()


per_class = pd.DataFrame({m: np.mean([structure_per_class(m, s) for s in SEEDS], axis=0)
                          for m in ("cyclegan", "auggan")}, index=dm.auggan.STREET_CLASSES).T
per_class.loc["auggan - cyclegan"] = per_class.loc["auggan"] - per_class.loc["cyclegan"]
print(per_class.round(3).to_string())
diff = per_class.loc["auggan - cyclegan"]
print(f"AugGAN's largest advantage: {diff.idxmax()} ({diff.max():+.3f}); "
      f"its largest deficit or smallest advantage: {diff.idxmin()} ({diff.min():+.3f})")

# %% slideshow={"slide_type": "skip"}
gap = mean["structure auggan"] - mean["structure cyclegan"]
best_downstream = mean["downstream auggan"] > max(mean["downstream cyclegan"], mean["downstream day only"])
print(f"Structure mIoU: AugGAN {mean['structure auggan']:.3f} vs CycleGAN {mean['structure cyclegan']:.3f} "
      f"(gap {gap:+.3f}; bar: >= +0.05 -> {'met' if gap >= 0.05 else 'NOT met'}).")
print(f"Night segmentation after augmentation: day only {mean['downstream day only']:.3f}, CycleGAN "
      f"{mean['downstream cyclegan']:.3f}, AugGAN {mean['downstream auggan']:.3f} "
      f"(AugGAN best: {'yes' if best_downstream else 'NO'}).")
margin = mean["downstream auggan"] - max(mean["downstream cyclegan"], mean["downstream day only"])
spread = max(std["downstream auggan"], std["downstream cyclegan"])
print(f"Robustness: the structure gap reaches 0.05 in {verdicts['structure gap met'].sum()} of "
      f"{len(SEEDS)} seeds, AugGAN wins downstream in {verdicts['downstream auggan best'].sum()} of "
      f"{len(SEEDS)}; the mean downstream margin {margin:+.3f} is "
      f"{'SMALLER' if abs(margin) < spread else 'larger'} than the seed-to-seed spread (std up to "
      f"{spread:.3f})" + (", so at this budget the downstream win is not robust: a single run can "
                          "reverse it." if abs(margin) < spread else "."))
judge_real = np.mean([dm.segmentation_miou(judges[s], tasks[s].night_test.images,
                                            tasks[s].night_test.masks) for s in SEEDS])
print(f"Caveats: the judge scores {judge_real:.3f} on real night scenes but at most "
      f"{max(mean['structure auggan'], mean['structure cyclegan']):.3f} on translations, so at this "
      f"budget ({cfg.steps} steps, {cfg.size}x{cfg.size} px) both translators are still far from real "
      f"night images (noise, checkerboard artefacts); the gap between them, not the absolute "
      f"level, is the result. Means over {len(SEEDS)} seeds {SEEDS}; the per-seed verdicts above "
      f"say how often each claim holds in a single run. The paper reports detection mAP on real "
      f"driving data, so only the ordering is comparable with it, not the values.")


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6 · Exercises
#
# 1. **Eq. 4 as printed.** Write `paper_weight_sharing_loss(w_g, w_p)` returning
#    $-\log(\cos^2)$ of the flattened weights. Then try $w_P = -w_G$: what does it return, and why
#    does `dm.weight_sharing_loss` not agree?
# 2. **mIoU.** Write `mean_iou(pred, target, num_classes)` from scratch (classes absent from both
#    maps do not count).
# 3. **The night parsing loss.** Write `night_parsing_loss(g_xy, g_yx, x, day_masks)`, i.e.
#    $L_{seg,y} = CE(P_y(E_y(G_x(E_x(x)))), m_x)$ with `AugGANGenerator.translate` / `.parse`.
#    Why must the translated image *not* be detached?
# 4. *(open)* Rerun with `cfg = dm.chapter_settings("auggan", PROFILE, lambda_weight=0.0)` and
#    then `lambda_seg=0.0`: which term buys the structure here?
#
# Reference answers: `dalib_mini/solutions/auggan.py`.

# %% slideshow={"slide_type": "skip"}
def paper_weight_sharing_loss(w_g, w_p):
    raise NotImplementedError("exercise 1: -log(cos^2) of the flattened weights")


def mean_iou(pred, target, num_classes):
    raise NotImplementedError("exercise 2: IoU per present class, then the mean")


def night_parsing_loss(g_xy, g_yx, x, day_masks):
    raise NotImplementedError("exercise 3: parse the translated day images with the night parser")


# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.auggan.exercises.check_paper_weight_sharing_loss(paper_weight_sharing_loss)

# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.auggan.exercises.check_mean_iou(mean_iou)

# %% tags=["raises-exception"] slideshow={"slide_type": "skip"}
dm.auggan.exercises.check_night_parsing_loss(night_parsing_loss)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Results record

# %% slideshow={"slide_type": "-"}
metrics = {"miou_auggan": mean["structure auggan"], "miou_cyclegan": mean["structure cyclegan"],
           "downstream_miou_day_only": mean["downstream day only"],
           "downstream_miou_cyclegan": mean["downstream cyclegan"],
           "downstream_miou_auggan": mean["downstream auggan"]}
per_seed = "; ".join(f"seed {s}: " + ", ".join(f"{k} {v:.3f}" for k, v in r.items())
                     for s, r in scores.round(3).iterrows())
notes = (f"Synthetic {cfg.size}x{cfg.size} day/night street scenes (package-generated); {cfg.steps} "
         f"steps per translator; {torch.get_num_threads()} torch thread(s); structure = judge "
         f"(trained on real night) mIoU vs day masks; metrics are means over seeds {SEEDS}. "
         f"Structure gap >= 0.05 in {verdicts['structure gap met'].sum()}/{len(SEEDS)} seeds, "
         f"AugGAN best downstream in {verdicts['downstream auggan best'].sum()}/{len(SEEDS)} seeds. "
         f"Std over seeds: " + ", ".join(f"{k} {v:.3f}" for k, v in std[cols].items()) + f". {per_seed}")
run.record(metrics=metrics, paper={k: None for k in metrics}, notes=notes, settings=cfg,
           per_seed={"miou_auggan": scores.loc[SEEDS, "structure auggan"].tolist(),
                     "miou_cyclegan": scores.loc[SEEDS, "structure cyclegan"].tolist(),
                     "downstream_miou_day_only": scores.loc[SEEDS, "downstream day only"].tolist(),
                     "downstream_miou_cyclegan": scores.loc[SEEDS, "downstream cyclegan"].tolist(),
                     "downstream_miou_auggan": scores.loc[SEEDS, "downstream auggan"].tolist()})
