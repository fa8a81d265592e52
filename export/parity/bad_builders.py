"""Builders that go wrong in each way the kit must report (kit_errors_test.go)."""

import torch


def raises():
    raise RuntimeError("weights file is corrupt")


def not_a_module():
    return {"image_encoder": None}


def wrong_structure():
    return torch.nn.Linear(3, 3)


def broken_decoder(checkpoint):
    """A SAM whose mask decoder fails when traced: the encoder exports, then
    the decoder export fails, and nothing may be left behind."""
    import adapter_model

    sam = adapter_model.build(checkpoint)

    def predict_masks(*args, **kwargs):
        raise ValueError("decoder cannot be traced")

    sam.mask_decoder.predict_masks = predict_masks
    return sam
