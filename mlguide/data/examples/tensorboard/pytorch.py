import tempfile

import torch
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from torch import nn
from torch.utils.tensorboard import SummaryWriter  # needs the tensorboard package

torch.manual_seed(0)
x = torch.randn(64, 4)
y = x @ torch.tensor([[1.0], [-2.0], [0.5], [3.0]])
model = nn.Linear(4, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
losses = []

with tempfile.TemporaryDirectory() as logdir:  # tensorboard --logdir <dir> shows it
    with SummaryWriter(logdir) as writer:  # closing flushes the event file
        writer.add_graph(model, x)  # the traced model, for the Graphs tab
        for step in range(20):
            optimizer.zero_grad()
            loss = ((model(x) - y) ** 2).mean()
            loss.backward()
            optimizer.step()
            writer.add_scalar("loss", loss.item(), step)
            writer.add_histogram("weight", model.weight, step)
            losses.append(loss.item())

    events = EventAccumulator(logdir).Reload()  # read the event file back
    logged = [e.value for e in events.Scalars("loss")]
    assert events.Tags()["histograms"] == ["weight"]
    assert events.Graph() is not None

assert logged == torch.tensor(losses).tolist()  # every step, in order (float32)
assert logged[-1] < logged[0] / 10  # and the loss went down
