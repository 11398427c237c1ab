import jax
import jax.numpy as jnp
import numpy as np
import optax  # the usual optimizer library for JAX

kx, kw = jax.random.split(jax.random.key(0))
x = jax.random.normal(kx, (256, 4))
y = x @ jnp.array([[1.0], [-2.0], [0.5], [3.0]]) + 1.0  # y = x w + 1

params = {"w": 0.1 * jax.random.normal(kw, (4, 1)), "b": jnp.zeros(1)}
optimizer = optax.sgd(learning_rate=0.1)
opt_state = optimizer.init(params)  # optimizer state is explicit too


def loss_fn(params, x, y):
    return jnp.mean((x @ params["w"] + params["b"] - y) ** 2)


@jax.jit  # state goes in, new state comes out: nothing is mutated
def train_step(params, opt_state, x, y):
    loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
    updates, opt_state = optimizer.update(grads, opt_state)
    return optax.apply_updates(params, updates), opt_state, loss


losses = []
for _ in range(100):
    params, opt_state, loss = train_step(params, opt_state, x, y)
    losses.append(float(loss))

assert losses[-1] < losses[0] / 1000
np.testing.assert_allclose(params["w"].ravel(), [1.0, -2.0, 0.5, 3.0], atol=1e-2)
np.testing.assert_allclose(params["b"], [1.0], atol=1e-2)  # learned w and b
