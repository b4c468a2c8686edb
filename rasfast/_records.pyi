"""Type stubs for rasfast._records (csrc/records.c)."""
from typing import Any, List, Tuple, Type, TypeVar

T = TypeVar("T", bound=Tuple[Any, ...])

def convert(event_type: Type[T], address: int, count: int) -> List[T]: ...
