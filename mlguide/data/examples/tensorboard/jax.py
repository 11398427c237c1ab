import tempfile
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboardX import SummaryWriter  # JAX has no writer of its own

# Scalars: tensorboardX (no TensorFlow needed; Flax and CLU wrap similar writers).
# Traces: jax.profiler writes XLA profiles for TensorBoard's profile plugin.
x = jax.random.normal(jax.random.key(0), (64, 4))
y = x @ jnp.array([[1.0], [-2.0], [0.5], [3.0]])
w = jnp.zeros((4, 1))
loss_and_grad = jax.jit(jax.value_and_grad(lambda w: jnp.mean((x @ w - y) ** 2)))
losses = []

with tempfile.TemporaryDirectory() as logdir:  # tensorboard --logdir <dir> shows it
    with SummaryWriter(logdir) as writer, jax.profiler.trace(logdir):
        for step in range(20):
            loss, grad = loss_and_grad(w)
            w = w - 0.1 * grad
            writer.add_scalar("loss", float(loss), step)
            writer.add_histogram("w", np.asarray(w), step)
            losses.append(float(loss))

    events = EventAccumulator(logdir).Reload()  # read the event file back
    logged = [e.value for e in events.Scalars("loss")]
    profiles = Path(logdir).glob("plugins/profile/*/*.xplane.pb")
    traces = [path.stat().st_size for path in profiles]

np.testing.assert_allclose(logged, losses, rtol=1e-6)  # every step, in order
assert logged[-1] < logged[0] / 10  # and the loss went down
assert len(traces) == 1 and traces[0] > 0  # one profile, not empty
