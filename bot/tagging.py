"""natasha's NER and morphology models, run over a whole article in one pass.

The weights are slovnet's own (the CNN taggers natasha ships); only the execution differs.
slovnet's numpy runtime pads each batch of sentences to its longest one, copies every
convolution window (im2col), and decodes the NER CRF token by token in Python: most of an
article's tagging time. Here every sentence of an article is laid end to end in one matrix,
separated by zero rows (what slovnet's padding amounts to, since the pad embeddings are zero),
each convolution is a sum of one matrix product per kernel offset, and the CRF is decoded only
where the tag is in doubt. Outputs match slovnet's (tests/test_tagging.py compares them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
from slovnet.bio import bio_spans
from slovnet.markup import parse_conll_tag
from slovnet.shape import word_shape
from slovnet.span import Span

__all__ = ["Encoder", "MorphModel", "NERModel"]


class Token(Protocol):
    """A token with its offsets in the text (natasha's DocToken is one)."""

    start: int
    stop: int
    text: str


@dataclass(frozen=True, slots=True)
class _Layer:
    kernels: tuple[np.ndarray, ...]  # one (in, out) matrix per kernel offset
    bias: np.ndarray
    scale: np.ndarray  # batch norm folded into scale and shift
    shift: np.ndarray
    padding: int


class Encoder:
    """Embedding plus CNN encoder of one slovnet tagger, over sequences joined end to end."""

    def __init__(self, api: object) -> None:
        infer = api.infer  # type: ignore[attr-defined]
        model = infer.model
        self._words = infer.encoder.words_vocab
        self._shapes = infer.encoder.shapes_vocab
        self._word_indexes = model.emb.word.indexes.array
        self._codes = model.emb.word.codes.array
        self._qdims = np.arange(self._codes.shape[0])[None, :]
        self._shape_table = model.emb.shape.weight.array
        self._layers = [self._fold(layer) for layer in model.encoder.layers]
        self._gap = max(layer.padding for layer in self._layers)
        self._head = model.head.proj.weight.array, model.head.proj.bias.array
        self._word_id = lru_cache(maxsize=100_000)(self._encode_word)

    @staticmethod
    def _fold(layer: object) -> _Layer:
        conv, norm = layer.conv, layer.norm  # type: ignore[attr-defined]
        weight = conv.weight.array  # filters x in x kernel
        kernels = tuple(np.ascontiguousarray(weight[:, :, k].T) for k in range(weight.shape[2]))
        scale = norm.weight.array / norm.std.array
        shift = norm.bias.array - norm.mean.array * scale
        return _Layer(kernels, conv.bias.array, scale, shift, conv.padding)

    def _encode_word(self, word: str) -> tuple[int, int]:
        return self._words.encode(word.lower()), self._shapes.encode(word_shape(word))

    def logits(self, sequences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Head outputs for each sequence of words (each sequence is convolved on its own)."""
        gap = self._gap
        ids: list[tuple[int, int]] = [(-1, -1)] * gap
        starts = []
        for words in sequences:
            starts.append(len(ids))
            ids.extend(self._word_id(word) for word in words)
            ids.extend([(-1, -1)] * gap)
        table = np.array(ids, dtype=np.int64).reshape(-1, 2)
        empty = table[:, 0] < 0
        word_ids = np.where(empty, self._words.pad_id, table[:, 0])
        shape_ids = np.where(empty, self._shapes.pad_id, table[:, 1])
        codes = self._codes[self._qdims, self._word_indexes[word_ids]]
        x = np.concatenate((codes.reshape(len(word_ids), -1), self._shape_table[shape_ids]), axis=1)
        x[empty] = 0
        for layer in self._layers:
            x = self._convolve(x, layer)
            x[empty] = 0
        weight, bias = self._head
        out = x @ weight + bias
        return [
            out[start : start + len(words)] for start, words in zip(starts, sequences, strict=True)
        ]

    @staticmethod
    def _convolve(x: np.ndarray, layer: _Layer) -> np.ndarray:
        # x starts and ends with zero rows at least `padding` deep, so the rows the kernel
        # would read beyond either end are exactly those the caller zeroes afterwards.
        pad, size = layer.padding, len(x)
        inner = size - 2 * pad
        out = np.zeros((size, layer.bias.shape[0]), dtype=x.dtype)
        body = out[pad : pad + inner]
        for offset, kernel in enumerate(layer.kernels):
            body += x[offset : offset + inner] @ kernel
        body += layer.bias
        np.maximum(out, 0, out=out)
        out *= layer.scale
        out += layer.shift
        return out


class MorphModel:
    """Part of speech and grammatical features of every word, sentence by sentence."""

    def __init__(self, api: object) -> None:
        self._encoder = Encoder(api)
        items = api.infer.decoder.tags_vocab.items  # type: ignore[attr-defined]
        self._tags = [parse_conll_tag(tag) for tag in items]

    def __call__(
        self, sentences: Sequence[Sequence[str]]
    ) -> list[list[tuple[str, dict[str, str]]]]:
        """(pos, feats) per word; the feats dicts are shared, so callers must not mutate them."""
        if not any(sentences):
            return [[] for _ in sentences]
        tags = self._tags
        return [
            [tags[i] for i in logits.argmax(-1).tolist()]
            for logits in self._encoder.logits(sentences)
        ]


class NERModel:
    """Spans of people, places and organisations in a tokenised text, read as one sequence."""

    def __init__(self, api: object) -> None:
        self._encoder = Encoder(api)
        infer = api.infer  # type: ignore[attr-defined]
        self._tags = list(infer.decoder.tags_vocab.items)
        self._outside = self._tags.index("O")
        transitions = infer.model.head.crf.transitions.array.astype(np.float64)
        self._transitions = transitions
        # A token whose "O" score beats every other tag by more than what that tag could
        # gain from its neighbours' transitions is "O" on every best path: the CRF splits
        # there, and only the stretches between such tokens need Viterbi decoding.
        o = self._outside
        gain_in = (transitions - transitions[:, [o]]).max(axis=0)
        gain_out = (transitions - transitions[[o], :]).max(axis=1)
        self._slack = gain_in + gain_out

    def __call__(self, tokens: Sequence[Token]) -> list[Span]:
        if not tokens:
            return []
        (emissions,) = self._encoder.logits([[token.text for token in tokens]])
        tags = self._decode(emissions.astype(np.float64))
        return list(bio_spans(tokens, [self._tags[i] for i in tags]))

    def _decode(self, emissions: np.ndarray) -> list[int]:
        o = self._outside
        margin = emissions[:, [o]] - emissions
        margin[:, o] = np.inf
        anchored = (margin > self._slack).all(axis=1)
        tags = [o] * len(emissions)
        doubtful = np.flatnonzero(~anchored)
        if not len(doubtful):
            return tags
        # consecutive doubtful tokens form independent stretches between "O" anchors
        breaks = np.flatnonzero(np.diff(doubtful) > 1) + 1
        for stretch in np.split(doubtful, breaks):
            first, last = int(stretch[0]), int(stretch[-1])
            path = self._viterbi(
                emissions[first : last + 1],
                after_outside=first > 0,
                before_outside=last + 1 < len(emissions),
            )
            tags[first : last + 1] = path
        return tags

    def _viterbi(
        self, emissions: np.ndarray, after_outside: bool, before_outside: bool
    ) -> list[int]:
        transitions = self._transitions
        score = emissions[0] + (transitions[self._outside] if after_outside else 0)
        history = []
        for row in emissions[1:]:
            candidates = score[:, None] + transitions
            best = candidates.argmax(axis=0)
            history.append(best)
            score = candidates[best, np.arange(len(best))] + row
        if before_outside:
            score = score + transitions[:, self._outside]
        tag = int(score.argmax())
        path = [tag]
        for best in reversed(history):
            tag = int(best[tag])
            path.append(tag)
        path.reverse()
        return path
