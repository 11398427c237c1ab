import jax
import numpy as np

traced_shapes = []


def layer(x, w):
    traced_shapes.append(x.shape)  # Python code runs only while tracing
    return jax.nn.gelu(x @ w)


kx, kw = jax.random.split(jax.random.key(0))
x = jax.random.normal(kx, (64, 32))
w = jax.random.normal(kw, (32, 32))

compiled = jax.jit(layer)  # traced to a jaxpr, lowered to StableHLO, XLA-compiled
out = compiled(x, w)  # first call traces and compiles
compiled(x + 1.0, w)  # same shapes and dtypes: cached
compiled(x[:8], w)  # a new input shape: traces again
assert traced_shapes == [(64, 32), (8, 32)]

print(jax.make_jaxpr(layer)(x, w))  # the traced program, readable
assert "stablehlo.dot_general" in compiled.lower(x, w).as_text()  # what XLA gets

eager = layer(x, w)  # without jit, each operation is dispatched on its own
np.testing.assert_allclose(out, eager, rtol=1e-4, atol=1e-4)
