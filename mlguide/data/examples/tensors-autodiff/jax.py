import jax
import jax.numpy as jnp
import numpy as np

x = jnp.array([[1.0, 2.0], [3.0, 4.0]])  # immutable array
w = jnp.array([[0.5], [-1.0]])


def f(w):  # a pure function of its inputs
    return jnp.sum((x @ w) ** 2)


y, grad = jax.value_and_grad(f)(w)  # grad is a new function: dy/dw = 2 * x^T (x w)
hessian = jax.hessian(f)(w)  # transformations compose

assert float(y) == 8.5  # x w = [[-1.5], [-2.5]]
assert grad.shape == w.shape
np.testing.assert_allclose(grad, [[-18.0], [-26.0]])
assert hessian.shape == (2, 1, 2, 1)  # 2 x^T x, one entry per pair of weights
np.testing.assert_allclose(hessian.reshape(2, 2), 2 * x.T @ x)
