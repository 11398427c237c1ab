import jax
import jax.numpy as jnp

# Plain JAX: parameters are a pytree (nested dicts of arrays), the model a pure
# function of them. Flax NNX or Equinox add module classes on top of this.


def init(key, n_in=4, n_hidden=16, n_out=3):
    k1, k2 = jax.random.split(key)
    return {
        "hidden": {
            "w": jax.random.normal(k1, (n_in, n_hidden)) / jnp.sqrt(n_in),
            "b": jnp.zeros(n_hidden),
        },
        "out": {
            "w": jax.random.normal(k2, (n_hidden, n_out)) / jnp.sqrt(n_hidden),
            "b": jnp.zeros(n_out),
        },
    }


def mlp(params, x):
    h = jax.nn.relu(x @ params["hidden"]["w"] + params["hidden"]["b"])
    return h @ params["out"]["w"] + params["out"]["b"]


params = init(jax.random.key(0))  # explicit random keys, no global seed
y = mlp(params, jnp.ones((8, 4)))

assert y.shape == (8, 3)
assert sum(p.size for p in jax.tree.leaves(params)) == (4 * 16 + 16) + (16 * 3 + 3)
