from .registry import EntityKind, RegistryEntity

__all__ = ["EntityKind", "RegistryEntity"]
