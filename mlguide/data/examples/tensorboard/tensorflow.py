import tempfile

import numpy as np
import tensorflow as tf
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

x = tf.random.stateless_normal((64, 4), seed=(0, 0))
y = x @ tf.constant([[1.0], [-2.0], [0.5], [3.0]])
w = tf.Variable(tf.zeros((4, 1)))
losses = []

with tempfile.TemporaryDirectory() as logdir:  # tensorboard --logdir <dir> shows it
    writer = tf.summary.create_file_writer(logdir)
    with writer.as_default():
        for step in range(20):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean((x @ w - y) ** 2)
            w.assign_sub(0.1 * tape.gradient(loss, w))
            tf.summary.scalar("loss", loss, step=step)
            tf.summary.histogram("w", w, step=step)
            losses.append(float(loss))
    writer.close()  # flushes the event file
    # Keras: model.fit(..., callbacks=[keras.callbacks.TensorBoard(logdir)])

    events = EventAccumulator(logdir, {"tensors": 0}).Reload()  # 0: keep every step
    logged = [tf.make_ndarray(e.tensor_proto) for e in events.Tensors("loss")]
    tags = set(events.Tags()["tensors"])

assert tags == {"loss", "w"}
np.testing.assert_allclose(logged, losses, rtol=1e-6)  # every step, in order
assert logged[-1] < logged[0] / 10  # and the loss went down
