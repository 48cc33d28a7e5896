import pytest
import torch

import dalib_mini as dm


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("coeff", [0.0, 0.3, 1.0, 2.5])
def test_forward_is_identity_and_backward_is_minus_lambda(dtype, coeff):
    x = torch.randn(4, 3, dtype=dtype, requires_grad=True)
    weights = torch.randn(4, 3, dtype=dtype)
    y = dm.GradientReversal(coeff)(x)
    assert torch.equal(y, x)
    (y * weights).sum().backward()
    assert torch.allclose(x.grad, -coeff * weights)


def test_gradcheck_in_float64_against_the_negated_identity():
    # gradcheck compares autograd with finite differences of the *forward* (the identity),
    # so we check the reversed layer by undoing the reversal with a second one at coeff = 1.
    x = torch.randn(3, 2, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda t: dm.gradient_reversal(dm.gradient_reversal(t, 1.0), 1.0), (x,))
    x.grad = None
    dm.gradient_reversal(x, 0.7).sum().backward()
    assert torch.allclose(x.grad, torch.full_like(x, -0.7))


def test_the_coefficient_can_be_changed_during_training():
    layer = dm.GradientReversal(0.0)
    layer.coeff = 0.5
    x = torch.ones(2, requires_grad=True)
    layer(x).sum().backward()
    assert torch.equal(x.grad, torch.full((2,), -0.5))
    assert "coeff=0.5" in repr(layer)


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="coeff"):
        dm.gradient_reversal(torch.ones(2), -1.0)
    with pytest.raises(TypeError, match="floating-point"):
        dm.gradient_reversal(torch.ones(2, dtype=torch.long))
    with pytest.raises(TypeError, match="torch.Tensor"):
        dm.gradient_reversal([1.0, 2.0])
