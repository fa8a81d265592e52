"""The modules that become ONNX graphs, one per segtui family role."""

import contextlib

import torch
from torch import nn


class Encoder(nn.Module):
    """sam/medsam encoder: the normalised, padded [B,3,S,S] input segtui
    prepares -> image_embeddings [B,256,S/16,S/16]."""

    def __init__(self, image_encoder):
        super().__init__()
        self.image_encoder = image_encoder

    def forward(self, image):
        return self.image_encoder(image)


def single_mask_model(base_cls):
    """SamOnnxModel returning token 0 only, the mask MedSAM is trained and run
    with (medsam_inference: multimask_output=False). The official
    return_single_mask picks by point count instead, which for a box is the
    best of tokens 1-3."""

    class SingleMaskOnnxModel(base_cls):
        @torch.no_grad()
        def forward(self, image_embeddings, point_coords, point_labels, mask_input, has_mask_input, orig_im_size):
            sparse = self._embed_points(point_coords, point_labels)
            dense = self._embed_masks(mask_input, has_mask_input)
            masks, scores = self.model.mask_decoder.predict_masks(
                image_embeddings=image_embeddings,
                image_pe=self.model.prompt_encoder.get_dense_pe(),
                sparse_prompt_embeddings=sparse,
                dense_prompt_embeddings=dense,
            )
            masks, scores = masks[:, :1], scores[:, :1]
            return self.mask_postprocessing(masks, orig_im_size), scores, masks

    return SingleMaskOnnxModel


class Promptless(nn.Module):
    """semantic: a 0..255 RGB image [1,3,S,S] -> [1,C,S/4,S/4] logits of every
    mask token, with the prompt encoder's no-prompt embedding (SAMed's
    forward). scale, mean and std are the model's own input normalisation:
    x * scale then (x - mean) / std."""

    def __init__(self, sam, scale, mean, std):
        super().__init__()
        self.sam = sam
        self.register_buffer("scale", torch.tensor(float(scale)))
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(1, -1, 1, 1))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).view(1, -1, 1, 1))

    def forward(self, image):
        x = (image * self.scale - self.mean) / self.std
        emb = self.sam.image_encoder(x)
        sparse, dense = self.sam.prompt_encoder(points=None, boxes=None, masks=None)
        with _single_repeat():
            logits, _ = self.sam.mask_decoder.predict_masks(
                image_embeddings=emb,
                image_pe=self.sam.prompt_encoder.get_dense_pe(),
                sparse_prompt_embeddings=sparse,
                dense_prompt_embeddings=dense,
            )
        return logits


@contextlib.contextmanager
def _single_repeat():
    """predict_masks repeats the image embedding once per prompt batch
    (torch.repeat_interleave by a traced count). PyTorch 1.13 exports that
    as a Loop whose Reshape fails in ONNX Runtime when the embedding comes
    from the encoder in the same graph; with one prompt batch the repeat is
    the identity, so it is left out while tracing."""
    orig = torch.repeat_interleave

    def repeat(x, repeats=None, dim=None, **kw):
        if dim == 0 and x.shape[0] == 1 and int(repeats) == 1:
            return x
        return orig(x, repeats, dim=dim, **kw)

    torch.repeat_interleave = repeat
    try:
        yield
    finally:
        torch.repeat_interleave = orig


def decoder_dummy(sam):
    """The official export script's example inputs."""
    dim = sam.prompt_encoder.embed_dim
    size = sam.prompt_encoder.image_embedding_size
    return {
        "image_embeddings": torch.randn(1, dim, *size, dtype=torch.float),
        "point_coords": torch.randint(low=0, high=1024, size=(1, 5, 2), dtype=torch.float),
        "point_labels": torch.randint(low=0, high=4, size=(1, 5), dtype=torch.float),
        "mask_input": torch.randn(1, 1, *[4 * x for x in size], dtype=torch.float),
        "has_mask_input": torch.tensor([1], dtype=torch.float),
        "orig_im_size": torch.tensor([1500, 2250], dtype=torch.float),
    }
