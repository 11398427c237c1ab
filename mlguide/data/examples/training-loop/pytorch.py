import torch
from torch import nn

torch.manual_seed(0)
x = torch.randn(256, 4)
y = x @ torch.tensor([[1.0], [-2.0], [0.5], [3.0]]) + 1.0  # y = x w + 1

model = nn.Linear(4, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()


def train_step(x, y):
    model.train()
    optimizer.zero_grad()  # gradients accumulate unless reset
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


losses = [train_step(x, y) for _ in range(100)]

assert losses[-1] < losses[0] / 1000
true_w = torch.tensor([[1.0, -2.0, 0.5, 3.0]])  # learned the true weights and bias
torch.testing.assert_close(model.weight.detach(), true_w, atol=1e-2, rtol=0)
torch.testing.assert_close(model.bias.detach(), torch.tensor([1.0]), atol=1e-2, rtol=0)
