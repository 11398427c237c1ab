import tempfile
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import orbax.checkpoint as ocp  # JAX's checkpointing library


def init(key):
    k1, k2 = jax.random.split(key)
    return {
        "hidden": {"w": jax.random.normal(k1, (4, 16)), "b": jnp.zeros(16)},
        "out": {"w": jax.random.normal(k2, (16, 3)), "b": jnp.zeros(3)},
    }


def mlp(params, x):
    h = jax.nn.relu(x @ params["hidden"]["w"] + params["hidden"]["b"])
    return h @ params["out"]["w"] + params["out"]["b"]


params = init(jax.random.key(0))
x = jnp.ones((8, 4))

with tempfile.TemporaryDirectory() as tmp:
    checkpointer = ocp.StandardCheckpointer()
    checkpointer.save(Path(tmp) / "step-100", params)  # any pytree of arrays
    checkpointer.wait_until_finished()  # saving runs in the background

    # The target pytree gives the structure, shapes and dtypes to restore into.
    target = jax.tree.map(ocp.utils.to_shape_dtype_struct, params)
    restored = checkpointer.restore(Path(tmp) / "step-100", target)

assert jax.tree.structure(restored) == jax.tree.structure(params)
jax.tree.map(np.testing.assert_array_equal, restored, params)  # leaf by leaf
np.testing.assert_array_equal(mlp(restored, x), mlp(params, x))
