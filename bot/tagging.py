"""natasha's NER and morphology models, run over a whole article in one pass.

The weights are slovnet's own (the CNN taggers natasha ships); only the execution differs.
slovnet's numpy runtime pads each batch of sentences to its longest one, copies every
convolution window (im2col), looks every word up twice (once per model) and wraps each step in
Python objects: most of an article's tagging time. Here every sentence of an article is laid end
to end in one matrix, separated by zero rows (what slovnet's padding amounts to, since the pad
embeddings are zero), each convolution is a sum of one matrix product per kernel offset, and the
first layer is computed once per distinct word. Outputs match slovnet's (tests/test_tagging.py
compares tags, spans and normal forms).
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

__all__ = ["Embedding", "MorphModel", "NERModel", "best_path"]


class Token(Protocol):
    """A token with its offsets in the text (natasha's DocToken is one)."""

    start: int
    stop: int
    text: str


@dataclass(frozen=True, slots=True)
class Encoded:
    """A text's words as both taggers read them, each distinct word once.

    Articles repeat most of their words ("в", ",", "Казахстан"), and the first convolution
    layer, two thirds of the arithmetic, depends on nothing but the word: it is computed per
    distinct word and gathered per position.
    """

    vectors: np.ndarray  # distinct words x 300 (navec)
    shape_ids: np.ndarray  # distinct words
    positions: np.ndarray  # for each word of the text, its row in the two above


class Embedding:
    """navec lookup shared by the two taggers, which use the same word and shape vocabularies."""

    def __init__(self, api: object) -> None:
        infer = api.infer  # type: ignore[attr-defined]
        self._words = infer.encoder.words_vocab
        self._shapes = infer.encoder.shapes_vocab
        navec = infer.model.emb.word
        self._word_indexes = navec.indexes.array
        self._codes = navec.codes.array
        self._subspaces = np.arange(self._codes.shape[0])[None, :]
        self._dim = self._codes.shape[0] * self._codes.shape[2]
        self._ids = lru_cache(maxsize=100_000)(self._encode_word)

    def _encode_word(self, word: str) -> int:
        word_id = self._words.encode(word.lower())
        return word_id * len(self._shapes) + self._shapes.encode(word_shape(word))

    def __call__(self, words: Sequence[str]) -> Encoded:
        keys = np.array([self._ids(word) for word in words], dtype=np.intp)
        distinct, positions = np.unique(keys, return_inverse=True)
        word_ids, shape_ids = np.divmod(distinct, len(self._shapes))
        codes = self._codes[self._subspaces, self._word_indexes[word_ids]]
        return Encoded(codes.reshape(len(distinct), self._dim), shape_ids, positions)


@dataclass(frozen=True, slots=True)
class _Layer:
    kernels: tuple[np.ndarray, ...]  # one (in, out) matrix per kernel offset
    bias: np.ndarray
    scale: np.ndarray  # batch norm folded into scale and shift
    shift: np.ndarray
    padding: int


class _Network:
    """Shape embedding, CNN encoder and linear head of one tagger."""

    def __init__(self, api: object) -> None:
        model = api.infer.model  # type: ignore[attr-defined]
        self._shape_table = model.emb.shape.weight.array
        self._layers = [self._fold(layer) for layer in model.encoder.layers]
        first = self._layers[0]
        self._first_stacked = np.concatenate(first.kernels, axis=1)  # in x (kernel * out)
        self._gap = max(layer.padding for layer in self._layers)
        self._head = model.head.proj.weight.array, model.head.proj.bias.array

    @staticmethod
    def _fold(layer: object) -> _Layer:
        conv, norm = layer.conv, layer.norm  # type: ignore[attr-defined]
        weight = conv.weight.array  # filters x in x kernel
        kernels = tuple(np.ascontiguousarray(weight[:, :, k].T) for k in range(weight.shape[2]))
        scale = norm.weight.array / norm.std.array
        shift = norm.bias.array - norm.mean.array * scale
        return _Layer(kernels, conv.bias.array, scale, shift, conv.padding)

    def __call__(self, words: Encoded, sequences: Sequence[Sequence[int]]) -> list[np.ndarray]:
        """Head outputs for each sequence of word positions, each convolved on its own."""
        distinct = len(words.shape_ids)  # the row past the last distinct word stays zero
        layout = [distinct] * self._gap
        for sequence in sequences:
            layout.extend(words.positions[sequence].tolist())
            layout.extend([distinct] * self._gap)
        rows = np.array(layout, dtype=np.intp)
        empty = rows == distinct

        first = self._layers[0]
        features = np.concatenate((words.vectors, self._shape_table[words.shape_ids]), axis=1)
        per_word = np.zeros((distinct + 1, self._first_stacked.shape[1]), dtype=features.dtype)
        per_word[:distinct] = features @ self._first_stacked
        x = self._activate(self._gathered(per_word, rows, first), first)
        x[empty] = 0
        for layer in self._layers[1:]:
            x = self._activate(self._convolved(x, layer), layer)
            x[empty] = 0

        weight, bias = self._head
        out = x @ weight + bias
        outputs, start = [], self._gap
        for sequence in sequences:
            outputs.append(out[start : start + len(sequence)])
            start += len(sequence) + self._gap
        return outputs

    # Every sequence starts and ends with zero rows at least `padding` deep, so the rows a
    # kernel would read beyond either end are exactly those the caller zeroes afterwards.

    @staticmethod
    def _gathered(per_word: np.ndarray, rows: np.ndarray, layer: _Layer) -> np.ndarray:
        pad, width = layer.padding, layer.bias.shape[0]
        inner = len(rows) - 2 * pad
        out = np.zeros((len(rows), width), dtype=per_word.dtype)
        body = out[pad : pad + inner]
        for offset in range(len(layer.kernels)):
            body += per_word[rows[offset : offset + inner], offset * width : (offset + 1) * width]
        return out

    @staticmethod
    def _convolved(x: np.ndarray, layer: _Layer) -> np.ndarray:
        pad, size = layer.padding, len(x)
        inner = size - 2 * pad
        out = np.zeros((size, layer.bias.shape[0]), dtype=x.dtype)
        body = out[pad : pad + inner]
        for offset, kernel in enumerate(layer.kernels):
            body += x[offset : offset + inner] @ kernel
        return out

    @staticmethod
    def _activate(out: np.ndarray, layer: _Layer) -> np.ndarray:
        out += layer.bias
        np.maximum(out, 0, out=out)
        out *= layer.scale
        out += layer.shift
        return out


class MorphModel:
    """Part of speech and grammatical features of every word, sentence by sentence."""

    def __init__(self, api: object) -> None:
        self._network = _Network(api)
        items = api.infer.decoder.tags_vocab.items  # type: ignore[attr-defined]
        self._tags = [parse_conll_tag(tag) for tag in items]

    def __call__(
        self, words: Encoded, sentences: Sequence[Sequence[int]]
    ) -> list[list[tuple[str, dict[str, str]]]]:
        """(pos, feats) per word of each sentence (given as word positions in `words`).

        The feats dicts are shared between words, so callers must not mutate them.
        """
        if not any(sentences):
            return [[] for _ in sentences]
        tags = self._tags
        return [
            [tags[i] for i in logits.argmax(-1).tolist()]
            for logits in self._network(words, sentences)
        ]


class NERModel:
    """Spans of people, places and organisations in a tokenised text, read as one sequence."""

    def __init__(self, api: object) -> None:
        self._network = _Network(api)
        infer = api.infer  # type: ignore[attr-defined]
        self._tags = list(infer.decoder.tags_vocab.items)
        self._transitions = infer.model.head.crf.transitions.array.astype(np.float64)

    def __call__(self, words: Encoded, tokens: Sequence[Token]) -> list[Span]:
        """`words` encodes exactly `tokens`, whose offsets place the spans."""
        if not tokens:
            return []
        (emissions,) = self._network(words, [range(len(tokens))])
        tags = best_path(emissions.astype(np.float64), self._transitions)
        return list(bio_spans(tokens, [self._tags[i] for i in tags]))


def best_path(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """The CRF's Viterbi path (what slovnet's CRF.decode gives for one unpadded sequence)."""
    count, tags = emissions.shape
    columns = np.arange(tags)
    back = np.empty((count, tags), dtype=np.intp)
    score = emissions[0]
    for t in range(1, count):
        candidates = score[:, None] + transitions
        best = candidates.argmax(axis=0)
        back[t] = best
        score = candidates[best, columns] + emissions[t]
    pointers = back.tolist()
    tag = int(score.argmax())
    path = [tag]
    for t in range(count - 1, 0, -1):
        tag = pointers[t][tag]
        path.append(tag)
    path.reverse()
    return path
