import tempfile
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
from jax import export


def mlp(params, x):
    h = jax.nn.relu(x @ params["hidden"]["w"] + params["hidden"]["b"])
    return h @ params["out"]["w"] + params["out"]["b"]


k1, k2 = jax.random.split(jax.random.key(0))
params = {
    "hidden": {"w": jax.random.normal(k1, (4, 16)), "b": jnp.zeros(16)},
    "out": {"w": jax.random.normal(k2, (16, 3)), "b": jnp.zeros(3)},
}

# jax.export serializes the StableHLO of a jitted function (not the Python code);
# the batch dimension is symbolic, so any batch size is accepted later.
(b,) = export.symbolic_shape("b")
x_spec = jax.ShapeDtypeStruct((b, 4), jnp.float32)
exported = export.export(jax.jit(mlp))(params, x_spec)

with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "mlp.jax-exported"
    path.write_bytes(exported.serialize())
    restored = export.deserialize(bytearray(path.read_bytes()))

x = jax.random.normal(jax.random.key(1), (5, 4))
np.testing.assert_allclose(restored.call(params, x), mlp(params, x), rtol=1e-6)
assert "stablehlo" in restored.mlir_module()
assert restored.platforms == ("cpu",)  # pass platforms=(...) to export for others
