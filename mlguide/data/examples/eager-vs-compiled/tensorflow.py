import numpy as np
import tensorflow as tf

traced_shapes = []


def layer(x, w):
    traced_shapes.append(tuple(x.shape))  # Python code runs only while tracing
    return tf.nn.gelu(x @ w)


x = tf.random.normal((64, 32))
w = tf.random.normal((32, 32))

compiled = tf.function(layer, jit_compile=True)  # traced to a graph, XLA-compiled
out = compiled(x, w)  # first call traces
compiled(x + 1.0, w)  # same shapes and dtypes: reuses the graph
compiled(x[:8], w)  # a new input shape: traces again
assert traced_shapes == [(64, 32), (8, 32)]
assert compiled.experimental_get_tracing_count() == 2

graph = compiled.get_concrete_function(x, w).graph  # the captured graph
assert "MatMul" in {op.type for op in graph.get_operations()}

eager = layer(x, w)  # without tf.function, TF 2 runs eagerly, op by op
np.testing.assert_allclose(out.numpy(), eager.numpy(), rtol=1e-4, atol=1e-4)
