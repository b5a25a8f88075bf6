"""Configuration: option catalogue, connection sections and the gim.yml loader."""

from .loader import Config, load_config, render, validate

__all__ = ["Config", "load_config", "render", "validate"]
