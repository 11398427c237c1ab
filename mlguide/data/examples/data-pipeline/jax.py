import grain  # Google's data loader for JAX; it does not depend on a framework
import jax
import numpy as np

features = np.arange(100, dtype="float32").reshape(100, 1)  # 100 examples
labels = np.arange(100) % 2


def load(i):  # plain Python and NumPy, run on worker threads
    return {"x": features[i] / 100.0, "y": labels[i]}


dataset = (
    grain.MapDataset.range(100)  # random access by index, like a map-style Dataset
    .shuffle(seed=0)  # deterministic, and reshuffled in every epoch
    .map(load)
    .batch(32)  # the last batch is smaller; drop_remainder=True drops it
    .repeat(2)  # two epochs
    .to_iter_dataset(grain.ReadOptions(num_threads=4, prefetch_buffer_size=8))
)

seen, sizes = [], []
for batch in dataset:  # a pytree of NumPy arrays
    x, y = jax.device_put((batch["x"], batch["y"]))  # copied to the device
    assert x.shape[1:] == (1,) and x.shape[0] == y.shape[0]
    seen.extend((np.asarray(x)[:, 0] * 100).round().astype(int).tolist())
    sizes.append(len(y))

assert sizes == [32, 32, 32, 4] * 2
first, second = seen[:100], seen[100:]
assert sorted(first) == sorted(second) == list(range(100))  # all once per epoch
assert first != second and first != list(range(100))  # shuffled, differently
