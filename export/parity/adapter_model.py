"""An adapter fine-tune of SAM, as Medical-SAM-Adapter builds one: in every
image-encoder block an adapter after multi-head attention (with its own
skip connection) and one on the MLP's residual path; the same two in every
two-way block of the mask decoder. The parity test exports it with
`segtui-export custom --builder adapter_model:build`.
"""

import torch
from torch import nn

import common


class Adapter(nn.Module):
    def __init__(self, dim, ratio=0.25, skip=True):
        super().__init__()
        hidden = int(dim * ratio)
        self.fc1, self.act, self.fc2 = nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim)
        self.skip = skip

    def forward(self, x):
        y = self.fc2(self.act(self.fc1(x)))
        return x + y if self.skip else y


def _adapted_block(Block, window_partition, window_unpartition):
    class AdapterBlock(Block):
        def forward(self, x):
            shortcut = x
            x = self.norm1(x)
            if self.window_size > 0:
                H, W = x.shape[1], x.shape[2]
                x, pad_hw = window_partition(x, self.window_size)
            x = self.attn(x)
            if self.window_size > 0:
                x = window_unpartition(x, self.window_size, pad_hw, (H, W))
            x = self.space_adapter(x)  # after multi-head attention
            x = shortcut + x
            xn = self.norm2(x)
            return x + self.mlp(xn) + 0.5 * self.mlp_adapter(xn)  # on the MLP's residual path

    return AdapterBlock


def _adapted_two_way(TwoWayAttentionBlock):
    class AdapterTwoWayBlock(TwoWayAttentionBlock):
        def forward(self, queries, keys, query_pe, key_pe):
            if self.skip_first_layer_pe:
                queries = self.attn_adapter(self.self_attn(q=queries, k=queries, v=queries))
            else:
                q = queries + query_pe
                queries = queries + self.attn_adapter(self.self_attn(q=q, k=q, v=queries))
            queries = self.norm1(queries)
            q, k = queries + query_pe, keys + key_pe
            queries = self.norm2(queries + self.cross_attn_token_to_image(q=q, k=k, v=keys))
            queries = self.norm3(queries + self.mlp(queries) + 0.5 * self.mlp_adapter(queries))
            q, k = queries + query_pe, keys + key_pe
            keys = self.norm4(keys + self.cross_attn_image_to_token(q=k, k=q, v=queries))
            return queries, keys

    return AdapterTwoWayBlock


def adapter_sam():
    """The reduced SAM with adapters, random weights (seed set by the caller)."""
    from segment_anything import modeling
    from segment_anything.modeling import image_encoder, transformer

    sam = common.build_sam(modeling, torch)
    block = _adapted_block(image_encoder.Block, image_encoder.window_partition, image_encoder.window_unpartition)
    for blk in sam.image_encoder.blocks:
        dim = blk.norm1.normalized_shape[0]
        blk.space_adapter, blk.mlp_adapter = Adapter(dim), Adapter(dim, skip=False)
        blk.__class__ = block
    two_way = _adapted_two_way(transformer.TwoWayAttentionBlock)
    for layer in sam.mask_decoder.transformer.layers:
        layer.attn_adapter, layer.mlp_adapter = Adapter(256), Adapter(256, skip=False)
        layer.__class__ = two_way
    return sam.eval()


def build(checkpoint):
    """The --builder: the adapter architecture with the checkpoint's weights."""
    sam = adapter_sam()
    sam.load_state_dict(torch.load(checkpoint, map_location="cpu"))
    return sam
