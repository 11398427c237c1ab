import tempfile
from pathlib import Path

import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
optimizer = torch.optim.Adam(model.parameters())
x = torch.randn(8, 4)

with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "checkpoint.pt"
    # A state_dict maps parameter names to tensors; save the optimizer's too.
    torch.save({"model": model.state_dict(), "optim": optimizer.state_dict()}, path)

    restored = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
    assert not torch.equal(restored(x), model(x))  # fresh random weights
    checkpoint = torch.load(path, weights_only=True)  # no pickled code is run
    restored.load_state_dict(checkpoint["model"])

    torch.testing.assert_close(restored(x), model(x), rtol=0, atol=0)
    assert list(checkpoint["model"]) == ["0.weight", "0.bias", "2.weight", "2.bias"]
