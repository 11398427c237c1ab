import tensorflow as tf
from tensorflow import keras  # tf.keras is Keras 3 since TensorFlow 2.16

model = keras.Sequential(
    [
        keras.Input(shape=(4,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(3),
    ]
)

x = tf.random.normal((8, 4))
y = model(x)  # layers create their weights from the input shape

assert y.shape == (8, 3)
assert model.count_params() == (4 * 16 + 16) + (16 * 3 + 3)  # 131
assert [v.shape for v in model.trainable_variables] == [(4, 16), (16,), (16, 3), (3,)]
