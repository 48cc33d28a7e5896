import dataclasses

import pytest
import torch

import dalib_mini as dm


def test_get_device_honours_environment_override(monkeypatch):
    monkeypatch.setenv("DALIB_MINI_DEVICE", "cpu")
    assert dm.get_device() == torch.device("cpu")


def test_get_device_argument_beats_environment(monkeypatch):
    monkeypatch.setenv("DALIB_MINI_DEVICE", "not-a-device")
    assert dm.get_device("cpu") == torch.device("cpu")


def test_get_device_rejects_unavailable_cuda(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match="CUDA is not available"):
        dm.get_device("cuda")


def test_get_device_falls_back_to_cpu_without_accelerators(monkeypatch):
    monkeypatch.delenv("DALIB_MINI_DEVICE", raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert dm.get_device() == torch.device("cpu")


def test_seed_everything_makes_torch_draws_repeatable():
    dm.seed_everything(123)
    first = torch.randn(5)
    generator = dm.seed_everything(123)
    assert torch.equal(first, torch.randn(5))
    assert torch.equal(torch.randn(3, generator=generator),
                       torch.randn(3, generator=torch.Generator().manual_seed(123)))


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_seed_everything_rejects_bad_seeds(seed):
    with pytest.raises(ValueError, match="seed must be a non-negative integer"):
        dm.seed_everything(seed)


def test_profile_defaults_to_quick(monkeypatch):
    monkeypatch.delenv("DALIB_MINI_PROFILE", raising=False)
    assert dm.active_profile() == "quick"


def test_profile_reads_environment(monkeypatch):
    monkeypatch.setenv("DALIB_MINI_PROFILE", "FULL")
    assert dm.active_profile() == "full"


def test_unknown_profile_names_the_variable(monkeypatch):
    monkeypatch.setenv("DALIB_MINI_PROFILE", "huge")
    with pytest.raises(ValueError, match="DALIB_MINI_PROFILE"):
        dm.active_profile()


@dataclasses.dataclass(frozen=True)
class _ToySettings:
    epochs: int
    n: int


def test_chapter_settings_follow_the_profile_and_overrides():
    dm.register_settings("_test_chapter", quick=_ToySettings(1, 10), full=_ToySettings(50, 60000))
    quick = dm.chapter_settings("_test_chapter", "quick")
    full = dm.chapter_settings("_test_chapter", "full", epochs=7)
    assert (quick.epochs, quick.n) == (1, 10)
    assert (full.epochs, full.n) == (7, 60000)
    assert dm.chapter_settings("_test_chapter", "full").epochs == 50  # overrides copy
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.epochs = 3


def test_chapter_settings_reject_unknown_keys_and_chapters():
    dm.register_settings("_test_chapter2", quick=_ToySettings(1, 2), full=_ToySettings(3, 4))
    with pytest.raises(KeyError, match=r"unknown setting\(s\) \['b'\].*known: \['epochs', 'n'\]"):
        dm.chapter_settings("_test_chapter2", "quick", b=3)
    with pytest.raises(KeyError, match="no settings registered"):
        dm.chapter_settings("_no_such_chapter", "quick")


@dataclasses.dataclass
class _MutableSettings:
    a: int


@dataclasses.dataclass(frozen=True)
class _OtherSettings:
    a: int


def test_register_settings_requires_two_instances_of_one_frozen_dataclass():
    with pytest.raises(TypeError, match="frozen dataclass"):
        dm.register_settings("_bad", quick=_MutableSettings(1), full=_MutableSettings(2))
    with pytest.raises(TypeError, match="one class"):
        dm.register_settings("_bad", quick=_ToySettings(1, 2), full=_OtherSettings(1))


def test_settings_dict_gives_json_friendly_values():
    assert dm.settings_dict(_ToySettings(1, 2)) == {"epochs": 1, "n": 2}
    with pytest.raises(TypeError, match="settings dataclass"):
        dm.settings_dict({"epochs": 1})


CHAPTERS = ("gan", "dann", "amn", "srdc", "deepcc", "autorec", "cyclegan", "auggan")


def _leaves(settings, prefix=""):
    """(dotted name, value) of every field, descending into nested settings and dicts."""
    if isinstance(settings, dict):
        for k, v in settings.items():
            yield from _leaves(v, f"{prefix}{k}.")
    elif dataclasses.is_dataclass(settings):
        for f in dataclasses.fields(settings):
            yield from _leaves(getattr(settings, f.name), f"{prefix}{f.name}.")
    else:
        yield prefix[:-1], settings


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_smoke_settings_cut_the_budget_and_keep_everything_else(chapter, monkeypatch):
    monkeypatch.delenv("DALIB_MINI_SMOKE", raising=False)
    full = dm.chapter_settings(chapter, "full")
    monkeypatch.setenv("DALIB_MINI_SMOKE", "1")
    smoke = dm.chapter_settings(chapter, "full")
    assert type(smoke) is type(full)
    changed = 0
    for (name, a), (name_b, b) in zip(_leaves(full), _leaves(smoke), strict=True):
        assert name == name_b
        last = name.rsplit(".", 1)[-1]
        if isinstance(a, float) or last.startswith(("lr", "lambda", "beta", "gamma")):
            assert a == b, f"{chapter}.{name}: smoke mode must keep {a!r}, got {b!r}"
        if (last == "steps" or last.endswith("_steps")) and isinstance(a, int):
            assert b <= dm.profiles.SMOKE_STEPS
        if last == "epochs" or last.endswith("_epochs"):
            assert b <= 1
        if last.startswith(("n_", "num_")) and last not in dm.profiles._ARCHITECTURE_COUNTS \
                and (a is None or isinstance(a, int)):
            assert b is not None and b <= dm.profiles.SMOKE_DATA
        if last in ("width", "hidden", "embed_dim", "num_res_blocks", "optimizer", "batch_size"):
            assert a == b
        changed += a != b
    assert changed > 0, f"smoke mode changed nothing in the full settings of {chapter}"
    monkeypatch.delenv("DALIB_MINI_SMOKE")
    assert dm.chapter_settings(chapter, "full") == full


def test_smoke_settings_clip_snapshots_to_the_steps():
    @dataclasses.dataclass(frozen=True)
    class Toy:
        steps: int
        snapshot_steps: tuple
        n_train: int | None
        num_res_blocks: int
        runs: dict

    @dataclasses.dataclass(frozen=True)
    class Run:
        epochs: int
        n_test: int

    toy = Toy(1000, (0, 10, 1000), None, 9, {"a": Run(50, 10_000)})
    small = dm.smoke_settings(toy)
    assert small.steps == dm.profiles.SMOKE_STEPS
    assert small.snapshot_steps == (0, dm.profiles.SMOKE_STEPS)
    assert small.n_train == dm.profiles.SMOKE_DATA and small.num_res_blocks == 9
    assert small.runs["a"] == Run(1, dm.profiles.SMOKE_DATA)


def test_smoke_mode_reads_the_variable(monkeypatch):
    monkeypatch.setenv("DALIB_MINI_SMOKE", "yes")
    assert dm.smoke_mode()
    monkeypatch.setenv("DALIB_MINI_SMOKE", "0")
    assert not dm.smoke_mode()
    monkeypatch.setenv("DALIB_MINI_SMOKE", "maybe")
    with pytest.raises(ValueError, match="DALIB_MINI_SMOKE"):
        dm.smoke_mode()
