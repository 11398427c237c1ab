import os

os.environ["KERAS_BACKEND"] = "torch"  # fit() runs the loop on any backend

import keras
import numpy as np

rng = np.random.default_rng(0)
x = rng.normal(size=(256, 4)).astype("float32")
y = x @ np.array([[1.0], [-2.0], [0.5], [3.0]], "float32") + 1.0  # y = x w + 1

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
history = model.fit(x, y, batch_size=32, epochs=20, shuffle=True, verbose=0)

losses = history.history["loss"]  # one mean loss per epoch
assert len(losses) == 20
assert losses[-1] < losses[0] / 1000
w, b = model.layers[0].get_weights()  # learned the true weights and bias
np.testing.assert_allclose(w.ravel(), [1.0, -2.0, 0.5, 3.0], atol=1e-2)
np.testing.assert_allclose(b, [1.0], atol=1e-2)
