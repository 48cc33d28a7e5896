"""AMN chapter: settings, vocabulary, masked attention, model, GRL direction, training step,
training, exercises."""
import dataclasses

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import dalib_mini as dm
from dalib_mini.amn import exercises
from dalib_mini.amn.settings import FULL, QUICK
from dalib_mini.amn.training import amn_step
from dalib_mini.solutions import amn as solutions

# data sizes of the small tasks below (tests override the ones they vary)
SMALL = dataclasses.replace(QUICK, n_source=256, n_source_val=0, n_target_unlabelled=128,
                            n_target_test=100, vocab_size=500, min_count=2, max_len=40,
                            epochs=1, batch_size=32, embed_dim=8, log_every=2)


# --- settings -------------------------------------------------------------------------------
def test_settings_are_frozen_dataclasses_registered_for_both_profiles():
    assert dm.chapter_settings("amn", "quick") == QUICK and dm.chapter_settings("amn", "full") == FULL
    assert isinstance(QUICK, dm.AMNSettings) and len(FULL.pairs) == 12 and len(QUICK.pairs) == 4
    assert all(isinstance(pair, tuple) for pair in QUICK.pairs)
    with pytest.raises(dataclasses.FrozenInstanceError):
        QUICK.epochs = 1
    assert dm.chapter_settings("amn", "quick", hops=3).hops == 3
    with pytest.raises(KeyError):
        dm.chapter_settings("amn", "quick", epoch=3)


def test_chapter_checks_stay_in_the_chapter_namespace():
    assert not hasattr(dm, "check_grl_schedule") and not hasattr(dm, "grl_lambda")
    assert callable(dm.amn.exercises.check_grl_schedule)


# --- vocabulary -----------------------------------------------------------------------------
def test_tokenize_lowercases_and_splits_on_punctuation():
    assert dm.tokenize("Great pot.Works WELL!") == ["great", "pot", "works", "well", "!"]
    assert dm.tokenize("I didn't like it") == ["i", "didn't", "like", "it"]


def test_vocabulary_keeps_frequent_words_and_specials_first():
    vocab = dm.Vocabulary.build(["a a a b b c", "a b"], max_size=2, min_count=2)
    assert vocab.itos == ["<pad>", "<unk>", "a", "b"]


def test_encode_empty_review_gives_all_false_mask():
    vocab = dm.Vocabulary.build(["good movie"], min_count=1)
    ids, mask = vocab.encode(["", "good"], max_len=4)
    assert ids.shape == mask.shape == (2, 4)
    assert not mask[0].any() and ids[0].eq(0).all()
    assert mask[1].tolist() == [True, False, False, False]


def test_encode_maps_unknown_words_to_unk():
    vocab = dm.Vocabulary.build(["good movie"], min_count=1)
    ids, mask = vocab.encode(["terrible movie"], max_len=3)
    assert ids[0, :2].tolist() == [vocab.unk_index, vocab.stoi["movie"]]
    assert mask[0].tolist() == [True, True, False]


def test_encode_truncates_very_long_review():
    vocab = dm.Vocabulary.build(["x"], min_count=1)
    ids, mask = vocab.encode(["x " * 10_000], max_len=7)
    assert ids.shape == (1, 7) and mask.all()


def test_encode_rejects_bad_arguments():
    vocab = dm.Vocabulary.build(["x"], min_count=1)
    with pytest.raises(ValueError, match="max_len"):
        vocab.encode(["x"], max_len=0)
    with pytest.raises(TypeError):
        vocab.encode("x")


# --- attention ------------------------------------------------------------------------------
def test_masked_softmax_sums_to_one_and_is_exactly_zero_on_padding():
    scores = torch.randn(5, 8)
    mask = torch.arange(8)[None] < torch.tensor([1, 3, 8, 5, 2])[:, None]
    a = dm.masked_softmax(scores, mask)
    assert torch.all(a[~mask] == 0)
    assert torch.allclose(a.sum(1), torch.ones(5))


def test_masked_softmax_of_empty_row_is_zero_not_nan():
    a = dm.masked_softmax(torch.randn(2, 3), torch.tensor([[False] * 3, [True, False, True]]))
    assert torch.isfinite(a).all() and a[0].eq(0).all()


@pytest.mark.parametrize("hops", [1, 3])
def test_memory_attention_shapes_and_hop_count(hops):
    layer = dm.MemoryAttention(6, hops=hops)
    v, a = layer(torch.randn(4, 9, 6), torch.ones(4, 9, dtype=torch.bool))
    assert v.shape == (4, 6) and a.shape == (4, hops, 9)


def test_memory_attention_is_invariant_to_padding():
    torch.manual_seed(0)
    layer = dm.MemoryAttention(6, hops=2).double()
    memory = torch.randn(3, 5, 6, dtype=torch.float64)
    mask = torch.ones(3, 5, dtype=torch.bool)
    v, a = layer(memory, mask)
    padded = torch.cat([memory, 100 * torch.randn(3, 4, 6, dtype=torch.float64)], dim=1)
    v2, a2 = layer(padded, torch.cat([mask, torch.zeros(3, 4, dtype=torch.bool)], dim=1))
    assert torch.allclose(v, v2) and torch.allclose(a, a2[..., :5])
    assert torch.all(a2[..., 5:] == 0)


def test_second_hop_uses_updated_query():
    torch.manual_seed(0)
    layer = dm.MemoryAttention(4, hops=2)
    _, a = layer(torch.randn(2, 6, 4), torch.ones(2, 6, dtype=torch.bool))
    assert not torch.allclose(a[:, 0], a[:, 1])


# --- model and gradient reversal ------------------------------------------------------------
def test_model_outputs_have_the_documented_shapes():
    model = dm.AdversarialMemoryNetwork(50, embed_dim=8, hops=2)
    ids = torch.randint(0, 50, (3, 7))
    out = model(ids, ids != 0)
    assert out["sentiment_logits"].shape == (3, 2) and out["domain_logits"].shape == (3, 2)
    assert out["attention"].shape == (3, 2, 7) and out["representation"].shape == (3, 8)


def test_grl_flips_the_domain_gradient_reaching_the_encoder():
    torch.manual_seed(0)
    model = dm.AdversarialMemoryNetwork(30, embed_dim=8, dropout=0.0).eval()
    ids = torch.randint(2, 30, (4, 5))
    mask = torch.ones_like(ids, dtype=torch.bool)
    d = torch.tensor([0, 0, 1, 1])

    def encoder_grad(coeff):
        model.zero_grad()
        model.grl.coeff = coeff
        F.cross_entropy(model(ids, mask)["domain_logits"], d).backward()
        return model.attention.query.grad.clone(), model.domain_head[0].weight.grad.clone()

    g1, head1 = encoder_grad(1.0)
    g0, head0 = encoder_grad(0.0)
    assert g1.abs().sum() > 0 and torch.all(g0 == 0), "lambda = 0 must stop the domain gradient at the GRL"
    assert torch.allclose(head1, head0), "the domain classifier itself descends its loss either way"
    model.grl = torch.nn.Identity()
    model.zero_grad()
    F.cross_entropy(model(ids, mask)["domain_logits"], d).backward()
    assert torch.allclose(g1, -model.attention.query.grad, atol=1e-7)


def test_tiny_overfit_learns_a_sentiment_word():
    torch.manual_seed(0)
    texts = ["great stuff here", "awful stuff here", "really great", "really awful"] * 4
    labels = torch.tensor([1, 0, 1, 0] * 4)
    vocab = dm.Vocabulary.build(texts, min_count=1)
    ids, mask = vocab.encode(texts, max_len=4)
    model = dm.AdversarialMemoryNetwork(len(vocab), embed_dim=8, dropout=0.0)
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(60):
        opt.zero_grad()
        F.cross_entropy(model(ids, mask)["sentiment_logits"], labels).backward()
        opt.step()
    pred = model(ids, mask)["sentiment_logits"].argmax(1)
    assert torch.equal(pred, labels)


def test_amn_step_takes_one_optimizer_step_on_sentiment_plus_domain_loss():
    torch.manual_seed(0)
    model = dm.AdversarialMemoryNetwork(30, embed_dim=8, dropout=0.0)
    lengths = torch.tensor([6, 2, 5, 1, 3, 3, 3, 3])                 # 4 source, 4 target reviews
    mask = torch.arange(8)[None] < lengths[:, None]                  # 2 columns of padding only
    ids = torch.randint(2, 30, (8, 8)) * mask
    source, target = (ids[:4], mask[:4]), (ids[4:], mask[4:])
    labels = torch.tensor([0, 1, 0, 1])
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    # the objective by hand, on the untrimmed batch (the padding columns weigh exactly 0)
    model.grl.coeff = 0.5
    out = model(ids, mask)
    want_sentiment = F.cross_entropy(out["sentiment_logits"][:4], labels)
    want_domain = F.cross_entropy(out["domain_logits"], torch.tensor([0] * 4 + [1] * 4))
    before = model.sentiment_head.weight.detach().clone()
    logs = amn_step(model, optimizer, source, labels, target, 0.5, step=0)
    assert model.grl.coeff == 0.5
    assert torch.allclose(logs["sentiment_loss"], want_sentiment)
    assert torch.allclose(logs["domain_loss"], want_domain)
    assert 0 <= float(logs["domain_acc"]) <= 1 and not logs["sentiment_loss"].requires_grad
    assert not torch.equal(before, model.sentiment_head.weight), "the optimizer must step"
    with torch.no_grad():
        model.sentiment_head.bias.fill_(float("nan"))
    with pytest.raises(dm.TrainingDiverged):
        amn_step(model, optimizer, source, labels, target, 0.5, step=1)


# --- real data and training -----------------------------------------------------------------
def test_transfer_task_on_the_mirror_is_balanced_and_disjoint(mirror_root):
    task = dm.amazon_transfer_task("electronics", "kitchen", n_source=400, n_source_val=0,
                                   n_target_unlabelled=300, n_target_test=200, vocab_size=500,
                                   min_count=2, max_len=50, split_seed=0, root=mirror_root)
    assert task.source_ids.shape == (400, 50) and task.test_ids.shape == (200, 50)
    assert task.source_labels.float().mean() == 0.5 and task.test_labels.float().mean() == 0.5
    assert len(task.vocab) <= 502
    with pytest.raises(ValueError, match="target"):
        dm.review_transfer_task(SMALL, "electronics", "toys", root=mirror_root)
    again = dm.review_transfer_task(dataclasses.replace(SMALL, n_source=400, n_target_unlabelled=300,
                                                        n_target_test=200, max_len=50),
                                    "electronics", "kitchen", root=mirror_root)
    assert torch.equal(again.source_ids, task.source_ids) and again.vocab.itos == task.vocab.itos


def test_train_amn_runs_and_logs_domain_accuracy(mirror_root):
    task = dm.review_transfer_task(SMALL, "electronics", "kitchen", root=mirror_root)
    cfg = dataclasses.replace(SMALL, select="last", lambda_max=0.5)
    result = dm.train_amn(task, cfg, seed=0, device="cpu")
    assert isinstance(result, dm.AMNResult)
    model, history = result.model, result.history
    frame = history.frame()
    assert {"sentiment_loss", "domain_loss", "domain_acc", "lambda", "target_acc"} <= set(frame)
    assert frame["domain_acc"].dropna().between(0, 1).all()
    # lambda = lambda_max * the core schedule of the progress step / (steps - 1)
    lam = frame[["step", "lambda"]].dropna()
    steps = cfg.epochs * (cfg.n_source // cfg.batch_size)
    assert lam["step"].tolist() == list(range(0, steps, cfg.log_every))
    assert lam["lambda"].tolist() == [0.5 * dm.grl_lambda_schedule(s / (steps - 1), cfg.gamma)
                                      for s in lam["step"]]
    again = dm.train_amn(task, cfg, seed=0, device="cpu")
    assert again.history.frame().equals(frame), "one seed, one run"
    source_only = dm.train_amn(task, cfg, seed=0, device="cpu", adversarial=False).history
    assert set(source_only.frame()["lambda"].dropna()) == {0.0}
    html = dm.attention_html(["great", "<pot>"], [0.7, 0.3])
    assert "&lt;pot&gt;" in html and "great" in html
    top = dm.top_attended_words(model, task.test_ids, task.test_mask, task.vocab, k=5, min_occurrences=1)
    assert len(top) == 5 and top["relative_attention"].is_monotonic_decreasing



def test_source_validation_part_is_labelled_balanced_and_disjoint(mirror_root):
    from dalib_mini.amn.data import _stratified_split
    task = dm.review_transfer_task(dataclasses.replace(SMALL, n_source=400, n_source_val=100,
                                                       n_target_unlabelled=300, n_target_test=200,
                                                       max_len=50), "electronics", "kitchen",
                                   root=mirror_root)
    assert task.val_ids.shape == (100, 50) and task.val_labels.float().mean() == 0.5
    assert "+100 source validation" in repr(task)
    first, second = _stratified_split(np.array([0, 1] * 50), 60, 30, np.random.default_rng(0))
    assert len(first) == 60 and len(second) == 30 and not set(first) & set(second)
    with pytest.raises(ValueError, match="asked for"):
        dm.review_transfer_task(dataclasses.replace(SMALL, n_source=5000, n_source_val=2000),
                                "electronics", "kitchen", root=mirror_root)
    with pytest.raises(ValueError, match="n_source_val"):
        dm.review_transfer_task(dataclasses.replace(SMALL, n_source_val=-1), "electronics",
                                "kitchen", root=mirror_root)


def test_train_amn_returns_the_best_source_validation_epoch(mirror_root):
    task = dm.review_transfer_task(dataclasses.replace(SMALL, n_source_val=128), "electronics",
                                   "kitchen", root=mirror_root)
    # a large learning rate, so that source validation accuracy peaks before the last epoch
    cfg = dataclasses.replace(SMALL, epochs=6, lr=5e-2, select="source_val")
    result = dm.train_amn(task, cfg, seed=0, device="cpu")
    model, history = result.model, result.history
    val_acc = history["source_val_acc"]
    assert len(val_acc) == 6 and len(history["target_acc"]) == 6
    best = int(np.argmax(val_acc))
    assert best < 5 and history.last("selected_epoch") == best + 1
    returned = dm.accuracy(dm.predict_sentiment(model, task.val_ids, task.val_mask), task.val_labels)
    assert float(returned) == pytest.approx(val_acc[best])
    with pytest.raises(ValueError, match="select"):
        dm.train_amn(task, dataclasses.replace(cfg, select="target"), seed=0, device="cpu")
    no_val = dm.review_transfer_task(dataclasses.replace(SMALL, n_source=64, n_target_unlabelled=64,
                                                         n_target_test=20, vocab_size=100,
                                                         max_len=20), "electronics", "kitchen",
                                     root=mirror_root)
    with pytest.raises(ValueError, match="n_source_val"):
        dm.train_amn(no_val, cfg, seed=0, device="cpu")


# --- exercises ------------------------------------------------------------------------------
def test_checks_accept_the_solutions(capsys):
    exercises.check_masked_softmax(solutions.masked_softmax)
    exercises.check_attention_hop(solutions.attention_hop)
    exercises.check_grl_schedule(solutions.grl_schedule)
    assert capsys.readouterr().out.count("correct") == 3


def test_checks_reject_wrong_answers():
    with pytest.raises(AssertionError, match="exactly 0"):
        exercises.check_masked_softmax(lambda s, m: torch.softmax(s, dim=-1))
    with pytest.raises(AssertionError):
        exercises.check_attention_hop(lambda mem, mask, W, b, q: (mem.mean(1),
                                                                  mask.double() / mask.sum(1, keepdim=True)))
    with pytest.raises(AssertionError, match="expected"):
        exercises.check_grl_schedule(lambda p, gamma: p)
