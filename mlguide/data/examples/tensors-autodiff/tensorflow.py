import numpy as np
import tensorflow as tf

x = tf.constant([[1.0, 2.0], [3.0, 4.0]])  # immutable tensor
w = tf.Variable([[0.5], [-1.0]])  # mutable state that gradients flow to

with tf.GradientTape() as tape:  # records the operations run inside it
    y = tf.reduce_sum(tf.matmul(x, w) ** 2)

grad = tape.gradient(y, w)  # dy/dw = 2 * x^T (x w)

assert float(y) == 8.5  # x w = [[-1.5], [-2.5]]
assert grad.shape == w.shape
np.testing.assert_allclose(grad.numpy(), [[-18.0], [-26.0]])
