"""PyTorch's conv2d and its gradients for ConvTorchTest.

For each archive DIR/case_*.npz holding x, w, proj and opts (int64: mode, pad_h, pad_w,
stride_h, stride_w, dil_h, dil_w, groups, flip; mode 0 valid, 1 full, 2 half, 3 explicit),
writes DIR/torch_<case>.npz with out = conv2d(x, w) and the gradients gx, gw of
sum(out * proj), in float64. Theano's padding rules are written here from its documentation,
independently of the Java code; a flipped (true) convolution is torch's cross-correlation
with the filters reversed on both spatial axes.
"""
import glob
import os
import sys

import numpy as np
import torch


def padding(mode, explicit, k, d):
    span = (k - 1) * d + 1
    if mode == 0:
        return 0
    if mode == 1:
        return span - 1
    if mode == 2:
        return span // 2
    return explicit


def main(directory):
    torch.set_num_threads(1)
    for path in sorted(glob.glob(os.path.join(directory, "case_*.npz"))):
        a = np.load(path)
        mode, ph, pw, sh, sw, dh, dw, groups, flip = [int(v) for v in a["opts"]]
        x = torch.tensor(a["x"], dtype=torch.float64, requires_grad=True)
        w = torch.tensor(a["w"], dtype=torch.float64, requires_grad=True)
        kh, kw = w.shape[2], w.shape[3]
        wf = torch.flip(w, [2, 3]) if flip else w
        out = torch.nn.functional.conv2d(
            x, wf, stride=(sh, sw), dilation=(dh, dw), groups=groups,
            padding=(padding(mode, ph, kh, dh), padding(mode, pw, kw, dw)))
        (out * torch.tensor(a["proj"], dtype=torch.float64)).sum().backward()
        name = os.path.basename(path)[len("case_"):]
        np.savez(os.path.join(directory, "torch_" + name), out=out.detach().numpy(),
                 gx=x.grad.numpy(), gw=w.grad.numpy())
    print("torch", torch.__version__)


if __name__ == "__main__":
    main(sys.argv[1])
