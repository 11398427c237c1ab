import numpy as np
import tensorflow as tf

features = np.arange(100, dtype="float32").reshape(100, 1)  # 100 examples
labels = np.arange(100) % 2


def load(x, y):  # traced into a graph: runs in TF's C++ runtime, not in Python
    return x / 100.0, y


dataset = (
    tf.data.Dataset.from_tensor_slices((features, labels))
    .shuffle(buffer_size=100, seed=0)  # reshuffled in every epoch
    .map(load, num_parallel_calls=tf.data.AUTOTUNE)
    .batch(32)  # the last batch is smaller; drop_remainder=True drops it
    .prefetch(tf.data.AUTOTUNE)  # prepares the next batches during the step
)

epochs = []
for _ in range(2):
    seen = []
    for x, y in dataset:  # batches of tf.Tensor
        assert x.shape[1:] == (1,) and x.shape[0] == y.shape[0]
        seen.extend((x.numpy()[:, 0] * 100).round().astype(int).tolist())
    epochs.append(seen)

assert [len(x) for x, _ in dataset] == [32, 32, 32, 4]
first, second = epochs
assert sorted(first) == sorted(second) == list(range(100))  # all once per epoch
assert first != second and first != list(range(100))  # shuffled, differently
