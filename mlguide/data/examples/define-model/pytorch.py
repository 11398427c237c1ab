import torch
from torch import nn


class Mlp(nn.Module):
    def __init__(self, n_in: int = 4, n_hidden: int = 16, n_out: int = 3) -> None:
        super().__init__()
        self.hidden = nn.Linear(n_in, n_hidden)  # assigned modules are registered
        self.out = nn.Linear(n_hidden, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(torch.relu(self.hidden(x)))


model = Mlp()
x = torch.randn(8, 4)
y = model(x)

assert y.shape == (8, 3)
assert sum(p.numel() for p in model.parameters()) == (4 * 16 + 16) + (16 * 3 + 3)
assert [name for name, _ in model.named_parameters()] == [
    "hidden.weight",
    "hidden.bias",
    "out.weight",
    "out.bias",
]
