import torch
from torch.utils.data import DataLoader, Dataset


class Numbers(Dataset):  # map-style: a length and an item per index
    def __len__(self):
        return 100

    def __getitem__(self, i):  # runs in a worker process
        return torch.tensor([i / 100.0]), i % 2


if __name__ == "__main__":  # needed where workers start by re-importing this file
    loader = DataLoader(
        Numbers(),
        batch_size=32,  # the last batch is smaller; drop_last=True drops it
        shuffle=True,  # reshuffled in every epoch
        num_workers=2,  # worker processes load batches in parallel
        generator=torch.Generator().manual_seed(0),
    )

    epochs = []
    for _ in range(2):
        seen = []
        for x, y in loader:  # the default collate_fn stacks items into tensors
            assert x.shape[1:] == (1,) and x.shape[0] == y.shape[0]
            seen.extend((x[:, 0] * 100).round().int().tolist())
        epochs.append(seen)

    assert [len(x) for x, _ in loader] == [32, 32, 32, 4]
    first, second = epochs
    assert sorted(first) == sorted(second) == list(range(100))  # all once per epoch
    assert first != second and first != list(range(100))  # shuffled, differently
