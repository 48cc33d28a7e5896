"""AMN chapter: settings, vocabulary, masked attention, model, GRL direction, training step,
training, exercises."""
import dataclasses
import os

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
    assert not hasattr(dm, "check_memory_hops") and not hasattr(dm, "grl_lambda")
    assert callable(dm.amn.exercises.check_memory_hops)


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
    assert out["sentiment_logits"].shape == (3, 2) and out["domain_logits"].shape == (3,)
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
        dm.domain_classification_loss(model(ids, mask)["domain_logits"], d).backward()
        return model.attention.query.grad.clone(), model.domain_head[0].weight.grad.clone()

    g1, head1 = encoder_grad(1.0)
    g0, head0 = encoder_grad(0.0)
    assert g1.abs().sum() > 0 and torch.all(g0 == 0), "lambda = 0 must stop the domain gradient at the GRL"
    assert torch.allclose(head1, head0), "the domain classifier itself descends its loss either way"
    model.grl = torch.nn.Identity()
    model.zero_grad()
    dm.domain_classification_loss(model(ids, mask)["domain_logits"], d).backward()
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
    want_domain = dm.domain_classification_loss(out["domain_logits"], torch.tensor([0] * 4 + [1] * 4))
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



def test_embedding_learning_rate_scale_and_annealed_schedule(mirror_root, monkeypatch):
    task = dm.review_transfer_task(SMALL, "electronics", "kitchen", root=mirror_root)
    cfg = dataclasses.replace(SMALL, epochs=2, select="last", embedding_lr_scale=0.0,
                              lr_schedule="annealed")
    dm.seed_everything(0)
    start = dm.AdversarialMemoryNetwork(len(task.vocab), cfg.embed_dim, cfg.hops,
                                        domain_hidden=cfg.domain_hidden).state_dict()
    seen = []
    step_fn = dm.amn.training.amn_step

    def recording_step(model, optimizer, *args):
        seen.append([(g["lr"], len(g["params"])) for g in optimizer.param_groups])
        return step_fn(model, optimizer, *args)

    monkeypatch.setattr(dm.amn.training, "amn_step", recording_step)
    model = dm.train_amn(task, cfg, seed=0, device="cpu").model
    # frozen word vectors (scale 0): the embedding matrix is the initial one, the rest trained
    assert torch.equal(model.embedding.weight, start["embedding.weight"])
    assert not torch.equal(model.attention.query, start["attention.query"])
    # annealed: lr_p = lr / (1 + 10 p)^0.75 for every group but the embeddings' (lr * 0)
    steps = cfg.epochs * (cfg.n_source // cfg.batch_size)
    assert len(seen) == steps
    for step, groups in enumerate(seen):
        expected = cfg.lr / (1 + 10 * step / (steps - 1)) ** 0.75
        assert groups[0][0] == pytest.approx(expected) and groups[1] == (0.0, 1)
    assert seen[-1][0][0] == pytest.approx(cfg.lr / 11 ** 0.75)
    for bad, match in (({"lr_schedule": "cosine"}, "lr_schedule"),
                       ({"embedding_lr_scale": -1.0}, "embedding_lr_scale")):
        with pytest.raises(ValueError, match=match):
            dm.train_amn(task, dataclasses.replace(cfg, **bad), seed=0, device="cpu")


# --- exercises ------------------------------------------------------------------------------
def test_checks_accept_the_solutions(capsys):
    exercises.check_masked_softmax(solutions.masked_softmax)
    exercises.check_attention_hop(solutions.attention_hop)
    exercises.check_memory_hops(solutions.memory_hops)
    assert capsys.readouterr().out.count("correct") == 3


def test_checks_reject_wrong_answers():
    with pytest.raises(AssertionError, match="exactly 0"):
        exercises.check_masked_softmax(lambda s, m: torch.softmax(s, dim=-1))
    with pytest.raises(AssertionError):
        exercises.check_attention_hop(lambda mem, mask, W, b, q: (mem.mean(1),
                                                                  mask.double() / mask.sum(1, keepdim=True)))
    def same_query_every_hop(memory, mask, W, b, q, hops):   # forgets q^(k+1) = q^(k) + v^(k)
        v, a = solutions.attention_hop(memory, mask, W, b, q)
        return v, a[:, None].expand(-1, hops, -1)
    with pytest.raises(AssertionError, match="next query"):
        exercises.check_memory_hops(same_query_every_hop)
    with pytest.raises(AssertionError, match="expected"):
        exercises.check_memory_hops(lambda memory, mask, W, b, q, hops:
                                    solutions.attention_hop(memory, mask, W, b, q))


# --- word2vec initialisation ------------------------------------------------------------------
def _tiny_vectors():
    from dalib_mini.amn.word_vectors import ReviewWordVectors
    return ReviewWordVectors(["great", "awful", "cable"],
                             np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 3.0]], dtype=np.float32), {})


def test_embedding_matrix_copies_known_words_rescaled_and_zeroes_padding():
    vocab = dm.Vocabulary(["<pad>", "<unk>", "great", "pan", "awful"])
    vectors = _tiny_vectors()
    matrix, coverage = dm.amn_embedding_matrix(vocab, vectors, 2, seed=0, std=0.1)
    assert matrix.shape == (5, 2) and torch.all(matrix[0] == 0)
    assert coverage == pytest.approx(2 / 3)                     # great, awful of great, pan, awful
    scale = 0.1 / float(vectors.vectors.std())
    assert torch.allclose(matrix[2], torch.tensor([1.0, 0.0]) * scale)
    assert torch.allclose(matrix[4], torch.tensor([-1.0, 0.0]) * scale)
    cos = F.cosine_similarity(matrix[2], matrix[4], dim=0)      # directions survive the rescaling
    assert cos == pytest.approx(-1.0)
    again, _ = dm.amn_embedding_matrix(vocab, vectors, 2, seed=0, std=0.1)
    other, _ = dm.amn_embedding_matrix(vocab, vectors, 2, seed=1, std=0.1)
    assert torch.equal(again, matrix) and not torch.equal(other[3], matrix[3])
    with pytest.raises(ValueError, match="dim"):
        dm.amn_embedding_matrix(vocab, vectors, 3)
    with pytest.raises(ValueError, match="std"):
        dm.amn_embedding_matrix(vocab, None, 2, std=0.0)


def test_word_vectors_reject_mismatched_rows_and_unknown_words():
    from dalib_mini.amn.word_vectors import ReviewWordVectors
    with pytest.raises(ValueError, match="one vector row per word"):
        ReviewWordVectors(["a", "b"], np.zeros((3, 2), dtype=np.float32), {})
    vectors = _tiny_vectors()
    assert vectors.most_similar("great", k=1)[0][0] in ("awful", "cable")
    with pytest.raises(KeyError, match="zebra"):
        vectors.most_similar("zebra")


def test_word2vec_is_deterministic_across_processes():
    import subprocess
    import sys

    from dalib_mini.amn.word_vectors import _fit_word2vec
    code = ("from dalib_mini.amn.word_vectors import _fit_word2vec\n"
            "s = [['great', 'pan', 'works'], ['awful', 'pan', 'broke'], ['great', 'cable']] * 30\n"
            "w, v = _fit_word2vec(s, dim=8, window=2, min_count=1, epochs=2, seed=3, skipgram=False)\n"
            "print(w, v.round(6).tolist())")
    # another process with another string-hash salt must train the very same vectors
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout
    s = [["great", "pan", "works"], ["awful", "pan", "broke"], ["great", "cable"]] * 30
    w, v = _fit_word2vec(s, dim=8, window=2, min_count=1, epochs=2, seed=3, skipgram=False)
    assert other == f"{w} {v.round(6).tolist()}\n", \
        "word2vec must not depend on Python's per-process string hashing"


def test_word2vec_cache_key_changes_with_every_defining_setting():
    from dalib_mini.amn.word_vectors import word2vec_cache_key
    base = dict(dim=64, window=5, min_count=3, epochs=5, seed=0)
    key = word2vec_cache_key("quick", **base)
    assert key.startswith("amn_word2vec_quick_") and key == word2vec_cache_key("quick", **base)
    changed = {word2vec_cache_key("full", **base)} | {
        word2vec_cache_key("quick", **{**base, name: value + 1}) for name, value in base.items()}
    changed.add(word2vec_cache_key("quick", **base, skipgram=True))
    assert key not in changed and len(changed) == 7


def test_models_start_from_the_given_embeddings_and_reject_a_wrong_shape():
    emb = torch.randn(12, 4)
    for model in (dm.AdversarialMemoryNetwork(12, embed_dim=4, embeddings=emb),
                  dm.DANNTextNetwork(12, embed_dim=4, hidden=3, embeddings=emb)):
        assert torch.equal(model.embedding.weight[1:], emb[1:])
        assert torch.all(model.embedding.weight[0] == 0)
    with pytest.raises(ValueError, match="embeddings must have shape"):
        dm.AdversarialMemoryNetwork(12, embed_dim=4, embeddings=torch.randn(12, 5))


# --- DANN on text ---------------------------------------------------------------------------
def test_dann_text_averages_the_embeddings_with_uniform_weights():
    torch.manual_seed(0)
    model = dm.DANNTextNetwork(20, embed_dim=6, hidden=5, dropout=0.0).eval()
    ids = torch.tensor([[3, 4, 5, 0, 0], [7, 0, 0, 0, 0]])
    mask = ids != 0
    out = model(ids, mask)
    assert out["sentiment_logits"].shape == (2, 2) and out["domain_logits"].shape == (2,)
    assert out["representation"].shape == (2, 5) and out["attention"].shape == (2, 1, 5)
    assert torch.allclose(out["attention"][0, 0], torch.tensor([1 / 3] * 3 + [0.0] * 2))
    mean = model.embedding.weight[[3, 4, 5]].mean(0)
    assert torch.allclose(out["representation"][0], model.features(mean))
    # padding does not change the representation
    short = model(ids[:, :3], mask[:, :3])["representation"]
    assert torch.allclose(short, out["representation"])
    with pytest.raises(ValueError, match="hidden"):
        dm.DANNTextNetwork(20, embed_dim=6, hidden=0)
    with pytest.raises(ValueError, match="mask must be bool"):
        model(ids, mask.long())


def test_dann_text_reversal_flips_the_gradient_reaching_the_features():
    torch.manual_seed(0)
    model = dm.DANNTextNetwork(20, embed_dim=6, hidden=5, dropout=0.0)
    ids = torch.randint(2, 20, (4, 6))
    mask, d = ids != 0, torch.tensor([0, 0, 1, 1])

    def feature_grad():
        model.zero_grad()
        dm.domain_classification_loss(model(ids, mask)["domain_logits"], d).backward()
        return model.features[0].weight.grad.clone()

    model.grl.coeff = 0.5
    reversed_grad = feature_grad()
    model.grl = torch.nn.Identity()
    assert torch.allclose(reversed_grad, -0.5 * feature_grad(), atol=1e-7)


def test_train_dann_text_is_reproducible_and_uses_the_amn_schedule(mirror_root):
    task = dm.review_transfer_task(SMALL, "electronics", "kitchen", root=mirror_root)
    cfg = dataclasses.replace(SMALL, select="last")
    first = dm.train_dann_text(task, cfg, seed=0, device="cpu")
    assert isinstance(first.model, dm.DANNTextNetwork)
    frame = first.history.frame()
    amn = dm.train_amn(task, cfg, seed=0, device="cpu").history.frame()
    assert frame["lambda"].dropna().tolist() == amn["lambda"].dropna().tolist()
    assert dm.train_dann_text(task, cfg, seed=0, device="cpu").history.frame().equals(frame)
    with pytest.raises(TypeError, match="word_vectors"):
        dm.train_dann_text(task, cfg, seed=0, device="cpu", word_vectors=np.zeros((3, 2)))


# --- pivots ---------------------------------------------------------------------------------
def test_word_domain_kinds_split_shared_and_specific_words():
    vocab = dm.Vocabulary(["<pad>", "<unk>", "great", "battery", "pan", "the"])
    src_ids = torch.tensor([[2, 3, 5], [2, 3, 0], [2, 5, 0], [3, 0, 0]])
    tgt_ids = torch.tensor([[2, 4, 5], [2, 4, 0], [2, 5, 0], [4, 0, 0]])
    kinds = dm.word_domain_kinds(vocab, (src_ids, src_ids != 0), (tgt_ids, tgt_ids != 0),
                                 exclude={"the"}, min_reviews=2, shared_below=0.5,
                                 specific_above=1.0)
    assert kinds["shared"].tolist() == [False, False, True, False, False, False]
    assert kinds["specific"].tolist() == [False, False, False, True, True, False]
    with pytest.raises(ValueError, match="shared_below"):
        dm.word_domain_kinds(vocab, (src_ids, src_ids != 0), (tgt_ids, tgt_ids != 0),
                             shared_below=2.0, specific_above=1.0)


def test_attention_share_of_uniform_attention_is_the_fraction_of_words():
    model = dm.DANNTextNetwork(10, embed_dim=4, hidden=3).eval()
    ids = torch.tensor([[2, 3, 4, 5], [2, 2, 0, 0]])
    words = torch.zeros(10, dtype=torch.bool)
    words[2] = True
    share = dm.attention_share(model, ids, ids != 0, words)
    assert share == pytest.approx((1 / 4 + 1.0) / 2)
    amn = dm.AdversarialMemoryNetwork(10, embed_dim=4).eval()
    assert 0.0 <= dm.attention_share(amn, ids, ids != 0, words) <= 1.0
    assert dm.attention_share(amn, ids, ids != 0, torch.ones(10, dtype=torch.bool)) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="bool mask"):
        dm.attention_share(amn, ids, ids != 0, words.long())


def test_attention_per_distinct_word_equals_the_memory_form_with_gradients():
    torch.manual_seed(0)
    layer = dm.MemoryAttention(5, hops=3).double()
    table = torch.randn(7, 5, dtype=torch.float64, requires_grad=True)
    inverse = torch.randint(0, 7, (4, 9))
    mask = torch.arange(9)[None] < torch.tensor([9, 5, 1, 3])[:, None]
    v1, a1 = layer(table[inverse], mask)
    (v1.square().sum() + a1.sum()).backward()
    g1 = table.grad.clone(), layer.query.grad.clone(), layer.project.weight.grad.clone()
    table.grad = None
    layer.zero_grad()
    v2, a2 = layer.forward_distinct(table, inverse, mask)
    (v2.square().sum() + a2.sum()).backward()
    g2 = table.grad, layer.query.grad, layer.project.weight.grad
    assert torch.allclose(v1, v2) and torch.allclose(a1, a2)
    assert all(torch.allclose(x, y) for x, y in zip(g1, g2))
    with pytest.raises(ValueError, match="table"):
        layer.forward_distinct(table[:, :4], inverse, mask)


def test_model_encode_equals_attention_over_the_embedded_memory():
    torch.manual_seed(0)
    model = dm.AdversarialMemoryNetwork(30, embed_dim=6, hops=2).eval()
    ids = torch.randint(0, 30, (5, 8))
    mask = ids != 0
    v, a = model.encode(ids, mask)
    v_ref, a_ref = model.attention(model.embedding(ids), mask)
    assert torch.allclose(v, v_ref, atol=1e-6) and torch.allclose(a, a_ref, atol=1e-6)


def test_attention_figure_has_one_panel_per_review_and_model_and_checks_lengths():
    import matplotlib
    matplotlib.use("Agg")
    words = [["great", "pan"], ["awful", "cable", "broke"]]
    weights = {"AMN": [torch.tensor([0.7, 0.3]), torch.tensor([0.2, 0.2, 0.6])],
               "MN": [torch.tensor([0.5, 0.5]), torch.tensor([0.1, 0.8, 0.1])]}
    fig = dm.plot_attention_reviews(words, weights, ["r1", "r2"], suptitle="t")
    assert len(fig.axes) == 4 and fig.axes[0].get_title(loc="left") == "AMN: r1"
    with pytest.raises(ValueError, match="one row per review"):
        dm.plot_attention_reviews(words, {"AMN": weights["AMN"][:1]}, ["r1", "r2"])
    with pytest.raises(ValueError, match="3 words but 2 weights"):
        dm.plot_attention_reviews(words, {"AMN": [weights["AMN"][0], torch.ones(2)]}, ["r1", "r2"])
    matplotlib.pyplot.close("all")


# --- fresh domain probe (invariance.py) -----------------------------------------------------
def test_domain_probe_is_near_one_on_separable_and_near_half_on_identical_features():
    rng = np.random.default_rng(0)
    source = rng.normal(size=(300, 4))
    shifted = rng.normal(size=(300, 4)) + np.array([4.0, 0, 0, 0])   # one feature reveals the domain
    same = rng.normal(size=(300, 4))                                 # same distribution as source
    assert dm.amn_domain_probe_accuracy(source, shifted) > 0.95
    assert abs(dm.amn_domain_probe_accuracy(source, same) - 0.5) < 0.08


def test_domain_probe_rejects_bad_input():
    good = np.zeros((10, 3))
    with pytest.raises(ValueError, match="target_features"):
        dm.amn_domain_probe_accuracy(good, np.zeros((10, 2)))
    with pytest.raises(ValueError, match="source_features"):
        dm.amn_domain_probe_accuracy(np.zeros(10), good)
    with pytest.raises(ValueError, match="finite"):
        dm.amn_domain_probe_accuracy(good, np.full((10, 3), np.nan))
    with pytest.raises(ValueError, match="folds"):
        dm.amn_domain_probe_accuracy(good, good, folds=1)


def test_representations_match_the_models_forward_in_eval_mode():
    torch.manual_seed(0)
    model = dm.AdversarialMemoryNetwork(30, embed_dim=8, hops=2)
    ids = torch.randint(2, 30, (7, 5))
    mask = torch.ones(7, 5, dtype=torch.bool)
    reps = dm.amn_representations(model, ids, mask, batch_size=3)    # three batches
    model.eval()
    assert reps.shape == (7, 8)
    assert np.allclose(reps, model(ids, mask)["representation"].detach().numpy(), atol=1e-6)
    with pytest.raises(ValueError, match="ids and mask"):
        dm.amn_representations(model, ids[:0], mask[:0])


# --- reverse validation (model_selection.py) ------------------------------------------------
def test_reverse_validation_never_reads_target_labels(mirror_root):
    cfg = dataclasses.replace(SMALL, n_source_val=64, epochs=1, domain_hidden=8)
    task = dm.review_transfer_task(cfg, "electronics", "kitchen", root=mirror_root)
    result = dm.amn_reverse_validation(task, cfg, seed=0, device="cpu")
    assert 0 <= result.reverse_acc <= 1 and 0 <= result.source_val_acc <= 1
    # the same score when the true target labels are replaced by anything else
    scrambled = dataclasses.replace(task, test_labels=1 - task.test_labels)
    again = dm.amn_reverse_validation(scrambled, cfg, seed=0, device="cpu")
    assert again.reverse_acc == result.reverse_acc and again.source_val_acc == result.source_val_acc
    assert set(result.forward.history["target_acc"]) == {0.0}, "the forward run sees blanked labels"


def test_reverse_validation_rejects_bad_input(mirror_root):
    task = dm.review_transfer_task(SMALL, "electronics", "kitchen", root=mirror_root)   # no source val
    with pytest.raises(ValueError, match="source validation"):
        dm.amn_reverse_validation(task, SMALL, seed=0, device="cpu")
    with pytest.raises(ValueError, match="method"):
        dm.amn_reverse_validation(task, SMALL, seed=0, method="mmd", device="cpu")


def test_variant_script_changes_only_real_settings_and_lists_them(monkeypatch):
    import importlib.util
    from pathlib import Path
    path = Path(__file__).resolve().parents[1] / "scripts" / "amn_variants.py"
    monkeypatch.syspath_prepend(str(path.parent))  # it imports amn_tuning from its folder
    spec = importlib.util.spec_from_file_location("amn_variants", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.VARIANTS["quick profile"] == {}
    for name, fields in script.VARIANTS.items():
        changed = dataclasses.replace(QUICK, **fields)  # an unknown field raises TypeError
        assert {k for k, v in dataclasses.asdict(changed).items() if v != getattr(QUICK, k)} == set(fields), name
    import subprocess
    import sys
    out = subprocess.run([sys.executable, str(path), "--list"], capture_output=True, text=True, check=True)
    assert all(name in out.stdout for name in script.VARIANTS)
