"""The e5-small backbone as a trainable PyTorch model, cut in two: the frozen lower layers and the trained
upper ones with a head. The NER tagger (``nlp.e5_ner``) and the e5 sentiment classifier
(``sentiment.e5_model``) are both this shape, and their model folders store only ``task_state`` (the trained
layers and the head; the rest is the base converted by ``embed.e5_convert``)."""

from __future__ import annotations

from functools import lru_cache


def extended_mask(mask):
    """[batch, len] 0/1 -> the additive [batch, 1, 1, len] mask BertLayer expects."""
    import torch

    return (1.0 - mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min


@lru_cache(maxsize=1)
def split_bert_class():
    """A BertModel cut in two, the shape every task model here has: ``lower`` (embeddings and frozen
    first layers, computed once per sentence while training) and ``upper_layers`` (the trained ones),
    plus a dropout and a linear ``head``; ``task_state`` is what a model folder stores (trained layers
    and head; the rest is the converted base). The NER tagger and the e5 sentiment classifier share it."""
    import torch

    class SplitBert(torch.nn.Module):
        def __init__(self, bert, trained_layers: int, head_in: int, n_out: int, dropout: float) -> None:
            super().__init__()
            self.bert = bert
            self.first_trained = bert.config.num_hidden_layers - trained_layers
            self.dropout = torch.nn.Dropout(dropout)
            self.head = torch.nn.Linear(head_in, n_out)

        def lower(self, ids, mask):
            h = self.bert.embeddings(input_ids=ids)
            ext = extended_mask(mask)
            for layer in self.bert.encoder.layer[: self.first_trained]:
                h = layer(h, attention_mask=ext)
            return h

        def upper_layers(self, h, mask):
            ext = extended_mask(mask)
            for layer in self.bert.encoder.layer[self.first_trained :]:
                h = layer(h, attention_mask=ext)
            return h

        def task_state(self) -> dict:
            n = self.bert.config.num_hidden_layers
            keep = tuple(f"bert.encoder.layer.{i}." for i in range(self.first_trained, n))
            return {k: v for k, v in self.state_dict().items() if k.startswith(keep) or k.startswith("head.")}

    return SplitBert
