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
