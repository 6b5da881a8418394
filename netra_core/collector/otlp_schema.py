"""The OTLP trace export schema as `.proto` text for the engine's Protobuf input format.

Written at runtime from the descriptors of the installed opentelemetry-proto package (no copy of the
upstream files is kept here), so the engine reads exactly the messages the receiver accepts.

The engine cannot map a recursive message (AnyValue -> ArrayValue -> AnyValue) onto columns, so the
recursion is cut: where a message would contain itself, a "leaf" copy is written whose message-typed
fields are `bytes`. That is the same wire encoding (length-delimited), so such a value is still read,
just not looked into; the decoder only needs its presence (which the oneof presence column gives).
Enums are written as int32, the same varint on the wire.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2

ROOT_MESSAGE = "ExportTraceServiceRequest"
LEAF_SUFFIX = "Leaf"

_SCALARS = {
    FieldDescriptor.TYPE_DOUBLE: "double",
    FieldDescriptor.TYPE_FLOAT: "float",
    FieldDescriptor.TYPE_INT64: "int64",
    FieldDescriptor.TYPE_UINT64: "uint64",
    FieldDescriptor.TYPE_INT32: "int32",
    FieldDescriptor.TYPE_FIXED64: "fixed64",
    FieldDescriptor.TYPE_FIXED32: "fixed32",
    FieldDescriptor.TYPE_BOOL: "bool",
    FieldDescriptor.TYPE_STRING: "string",
    FieldDescriptor.TYPE_BYTES: "bytes",
    FieldDescriptor.TYPE_UINT32: "uint32",
    FieldDescriptor.TYPE_ENUM: "int32",
    FieldDescriptor.TYPE_SFIXED32: "sfixed32",
    FieldDescriptor.TYPE_SFIXED64: "sfixed64",
    FieldDescriptor.TYPE_SINT32: "sint32",
    FieldDescriptor.TYPE_SINT64: "sint64",
}


def _name(desc: Descriptor) -> str:
    """A flat, unique message name: `Span.Event` -> `Span_Event`."""
    return (
        desc.full_name.rsplit(".", 1)[-1]
        if desc.containing_type is None
        else f"{_name(desc.containing_type)}_{desc.name}"
    )


class _Writer:
    def __init__(self) -> None:
        self.done: dict[str, str] = {}
        self.order: list[str] = []

    def message(self, desc: Descriptor, stack: tuple[str, ...], *, leaf: bool = False) -> str:
        name = _name(desc) + (LEAF_SUFFIX if leaf else "")
        if name in self.done or name in stack:
            return name
        self.done[name] = ""  # reserve: a reference back to it below becomes a leaf
        lines = [f"message {name} {{"]
        oneofs: dict[str, list[str]] = {}
        for field in desc.fields:
            line = self._field(field, (*stack, name), leaf=leaf)
            if field.containing_oneof is not None:
                oneofs.setdefault(field.containing_oneof.name, []).append(line)
            else:
                lines.append(f"  {line}")
        for oneof, members in oneofs.items():
            lines.append(f"  oneof {oneof} {{")
            lines.extend(f"    {m}" for m in members)
            lines.append("  }")
        lines.append("}")
        self.done[name] = "\n".join(lines)
        self.order.append(name)
        return name

    def _field(self, field: FieldDescriptor, stack: tuple[str, ...], *, leaf: bool) -> str:
        label = "repeated " if field.is_repeated else ""
        if field.type == FieldDescriptor.TYPE_MESSAGE:
            if leaf:
                kind = "bytes"
            else:
                target = field.message_type
                kind = self.message(target, stack, leaf=_name(target) in stack)
        else:
            kind = _SCALARS[field.type]
        return f"{label}{kind} {field.name} = {field.number};"


def schema_text() -> str:
    """The `.proto` text for ExportTraceServiceRequest and every message it contains."""
    writer = _Writer()
    root = trace_service_pb2.DESCRIPTOR.message_types_by_name[ROOT_MESSAGE]
    writer.message(root, ())
    body = "\n\n".join(writer.done[n] for n in writer.order)
    return f'// Written by Netra from the installed opentelemetry-proto descriptors.\nsyntax = "proto3";\n\n{body}\n'


def write_schema(directory: Path) -> Path:
    """Write the schema once into `directory` (a private dir) and return its path; the name holds its hash."""
    text = schema_text()
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    path = directory / f"otlp_trace_{digest}.proto"
    if not path.exists():
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path
