"""Arrow helpers of the OTLP fast path: struct fields, flattened lists, attributes pivoted by key.

Each helper raises `Fallback` where its answer could differ from the line-by-line parser's; the
caller then parses the block line by line (see otlp_columns).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from netra_core.workloads.ingest.otlp_attributes import VALUE_KINDS

_NESTED_KINDS = ("arrayValue", "kvlistValue")


class Fallback(Exception):
    """This block needs the line-by-line parser."""


def field_of(struct: pa.Array, name: str) -> pa.Array | None:
    """A child of a struct column (null where the struct is null), or None if no row has it."""
    if not pa.types.is_struct(struct.type) or struct.type.get_field_index(name) < 0:
        return None
    return pc.struct_field(struct, name)


def items_of(lists: pa.Array | None, *, may_be_null: bool = False) -> tuple[pa.Array, np.ndarray]:
    """The objects of a list-of-objects column and the row each came from."""
    if lists is None:
        return pa.array([], pa.struct([])), np.empty(0, np.int64)
    if not pa.types.is_list(lists.type) or not pa.types.is_struct(lists.type.value_type):
        raise Fallback("not a list of objects")
    if lists.null_count and not may_be_null:
        raise Fallback("a list is null or missing")
    items = pc.list_flatten(lists)
    if items.null_count:
        raise Fallback("a list holds a null")
    return items, pc.list_parent_indices(lists).to_numpy(zero_copy_only=False)


def truthy(values: pa.Array | None, n: int) -> np.ndarray:
    """Python truthiness of text values (a non-text value falls back)."""
    if values is None:
        return np.zeros(n, dtype=bool)
    if pa.types.is_null(values.type):
        return np.zeros(n, dtype=bool)
    if not pa.types.is_string(values.type):
        raise Fallback("expected text")
    return np.asarray(pc.fill_null(pc.not_equal(values, ""), False).to_numpy(zero_copy_only=False), dtype=bool)


def as_text(values: pa.Array | None) -> pa.Array | None:
    """Values as str() would print them: text as is, integers cast; anything else falls back."""
    if values is None or pa.types.is_string(values.type):
        return values
    if pa.types.is_integer(values.type):
        return values.cast(pa.string())
    raise Fallback("expected text or an integer")


class AttributePivot:
    """Attribute values by key: one slot per owner (span or resource), null where absent or valueless."""

    def __init__(self, lists: pa.Array | None, owners: int) -> None:
        self.owners = owners
        items, self.owner = items_of(lists, may_be_null=True)
        self.codes = np.empty(0, np.int32)
        self.names: dict[str, int] = {}
        self.kinds: list[pa.Array] = []  # one per AnyValue key present, in VALUE_KINDS order
        self.nested: list[pa.Array] = []
        self.value: pa.Array | None = None
        if not len(items):
            return
        keys, value = field_of(items, "key"), field_of(items, "value")
        if keys is None or value is None or not pa.types.is_string(keys.type) or keys.null_count:
            raise Fallback("an attribute without a key")
        if not pa.types.is_struct(value.type) or value.null_count:
            raise Fallback("an attribute value that is not an object")
        self.value = value
        encoded = keys.dictionary_encode()
        self.codes = encoded.indices.to_numpy(zero_copy_only=False)
        self.names = {k: i for i, k in enumerate(encoded.dictionary.to_pylist())}
        # Every intValue is checked, wanted or not: the line parser converts them all, and refuses a line
        # with one that is not an integer.
        self.kinds = [
            as_int(pc.struct_field(value, k)) if k == "intValue" else pc.struct_field(value, k)
            for k in VALUE_KINDS
            if value.type.get_field_index(k) >= 0
        ]
        self.nested = [pc.struct_field(value, k) for k in _NESTED_KINDS if value.type.get_field_index(k) >= 0]

    def _rows(self, key: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The items holding `key` and their owners (a key twice on one owner falls back)."""
        code = self.names.get(key)
        if code is None:
            return None
        rows = np.flatnonzero(self.codes == code)
        owners = self.owner[rows]
        if (np.diff(owners) == 0).any():
            raise Fallback("a key twice on one span")
        return rows, owners

    def _scatter(self, values: pa.Array, owners: np.ndarray) -> pa.Array:
        slot = np.full(self.owners, -1, dtype=np.int64)
        slot[owners] = np.arange(len(owners))
        return values.take(pa.array(slot, mask=slot < 0))

    def first_text(self, key: str) -> pa.Array | None:
        """Each owner's text value of `key`, or the first element of an array of text (as otlp._first_text)."""
        found = self._rows(key)
        if found is None or self.value is None:
            return None
        rows, owners = found
        picked = self.value.take(pa.array(rows))
        parts = []
        text = field_of(picked, "stringValue")
        if text is not None and not pa.types.is_null(text.type):
            if not pa.types.is_string(text.type):
                raise Fallback("a stringValue that is not text")
            parts.append(text)
        array = field_of(picked, "arrayValue")
        values = field_of(array, "values") if array is not None else None
        if values is not None and not pa.types.is_null(values.type):
            if not pa.types.is_list(values.type):
                raise Fallback("an arrayValue without a list of values")
            first = np.full(len(rows), -1, dtype=np.int64)
            lengths = np.asarray(pc.fill_null(pc.list_value_length(values), 0).to_numpy(zero_copy_only=False))
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
            first[lengths > 0] = starts[lengths > 0]
            elements = field_of(pc.list_flatten(values), "stringValue")
            if elements is not None and not pa.types.is_null(elements.type):
                if not pa.types.is_string(elements.type):
                    raise Fallback("an array element that is not text")
                parts.append(elements.take(pa.array(first, mask=first < 0)))
        if not parts:
            return None
        return self._scatter(parts[0] if len(parts) == 1 else pc.coalesce(*parts), owners)

    def get(self, key: str) -> pa.Array | None:
        """Each owner's value of `key`, typed as the line parser types it; None if no owner has a value."""
        code = self.names.get(key)
        if code is None:
            return None
        rows = np.flatnonzero(self.codes == code)
        owners = self.owner[rows]
        if (np.diff(owners) == 0).any():  # owners ascend with the rows: a repeat is adjacent
            raise Fallback("a key twice on one span")
        picked = pa.array(rows)
        if any(child.take(picked).null_count < len(rows) for child in self.nested):
            raise Fallback("an array or key-value list value")  # the line parser writes these as JSON
        left = np.ones(len(rows), dtype=bool)
        parts: list[tuple[np.ndarray, pa.Array]] = []
        for child in self.kinds:  # the first kind present wins, as in otlp._attr_value
            values = child.take(picked)
            has = np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool) & left
            if not has.any():
                continue
            parts.append((has, values))
            left &= ~has
        if not parts:
            return None
        if len({v.type for _, v in parts}) > 1:
            raise Fallback("values of mixed types under one key")
        out = pa.nulls(len(rows), parts[0][1].type)
        for has, values in parts:
            out = pc.if_else(pa.array(has), values, out)
        slot = np.full(self.owners, -1, dtype=np.int64)
        slot[owners] = np.arange(len(rows))
        return out.take(pa.array(slot, mask=slot < 0))


def as_int(values: pa.Array) -> pa.Array:
    if pa.types.is_null(values.type):
        return values
    if pa.types.is_integer(values.type):
        return values.cast(pa.int64())
    if pa.types.is_string(values.type):
        return values.cast(pa.int64())  # raises ArrowInvalid on text int() would refuse: falls back
    raise Fallback("intValue that is not an integer")
