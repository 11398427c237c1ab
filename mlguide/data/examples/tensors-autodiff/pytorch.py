import torch

x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
w = torch.tensor([[0.5], [-1.0]], requires_grad=True)  # track operations on w

y = ((x @ w) ** 2).sum()
y.backward()  # fills w.grad with dy/dw = 2 * x^T (x w)

assert y.item() == 8.5  # x w = [[-1.5], [-2.5]]
assert w.grad is not None and w.grad.shape == w.shape
torch.testing.assert_close(w.grad, torch.tensor([[-18.0], [-26.0]]))
