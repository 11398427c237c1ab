import torch
import torch.nn.functional as F
from torch import nn


def layer(x, w):
    return F.gelu(x @ w)


x = torch.randn(64, 32)
w = torch.randn(32, 32)

# TorchDynamo captures the Python bytecode into a graph, Inductor compiles it
# (C++/OpenMP on CPU, Triton on GPU); fullgraph=True turns graph breaks into errors.
compiled = torch.compile(layer, fullgraph=True)
out = compiled(x, w)  # the first call compiles: slow once, fast after
compiled(x + 1.0, w)  # same shapes: reuses the compiled code

eager = layer(x, w)  # without torch.compile, PyTorch runs eagerly, op by op
torch.testing.assert_close(out, eager, rtol=1e-4, atol=1e-4)

explanation = torch._dynamo.explain(layer)(x, w)  # what Dynamo captured
assert explanation.graph_count == 1
assert explanation.graph_break_count == 0

model = nn.Sequential(nn.Linear(32, 32), nn.GELU())
expected = model(x)
model.compile()  # compiles in place: same module, same parameters
torch.testing.assert_close(model(x), expected, rtol=1e-4, atol=1e-4)
