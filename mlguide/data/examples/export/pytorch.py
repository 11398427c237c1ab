import tempfile
from pathlib import Path

import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3)).eval()
example = (torch.randn(8, 4),)

# torch.export traces the model ahead of time into a whole-graph ExportedProgram
# (ATen operators, no Python): the input for AOTInductor, ExecuTorch and others.
batch = torch.export.Dim("batch")
program = torch.export.export(model, example, dynamic_shapes=({0: batch},))

with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "model.pt2"
    torch.export.save(program, path)
    loaded = torch.export.load(path)

x = torch.randn(5, 4)  # another batch size than the example's
torch.testing.assert_close(loaded.module()(x), model(x))
ops = {node.target for node in loaded.graph.nodes if node.op == "call_function"}
assert torch.ops.aten.linear.default in ops
assert torch.ops.aten.relu.default in ops
