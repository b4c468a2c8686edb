"""Type stubs for rasfast._records (csrc/records.c)."""
from typing import List, Type, TypeVar

T = TypeVar("T", bound=tuple)

def convert(event_type: Type[T], address: int, count: int) -> List[T]: ...
