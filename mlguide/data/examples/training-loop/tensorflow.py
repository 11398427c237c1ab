import numpy as np
import tensorflow as tf
from tensorflow import keras

rng = np.random.default_rng(0)
x = rng.normal(size=(256, 4)).astype("float32")
y = x @ np.array([[1.0], [-2.0], [0.5], [3.0]], "float32") + 1.0  # y = x w + 1

model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
optimizer = keras.optimizers.SGD(learning_rate=0.1)
loss_fn = keras.losses.MeanSquaredError()


@tf.function  # one graph for the whole step (leave it out to debug eagerly)
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply(grads, model.trainable_variables)
    return loss


losses = [float(train_step(x, y)) for _ in range(100)]

# Or let Keras run the loop: model.compile(optimizer, loss_fn); model.fit(x, y)
assert losses[-1] < losses[0] / 1000
w, b = model.layers[0].get_weights()  # learned the true weights and bias
np.testing.assert_allclose(w.ravel(), [1.0, -2.0, 0.5, 3.0], atol=1e-2)
np.testing.assert_allclose(b, [1.0], atol=1e-2)
