"""Synthetic CRM, CS-platform and helpdesk exports for the ai_support_metrics
dbt project. See ``python -m generator --help`` and generator/__main__.py."""

from .config import Config
from .core import Summary, generate

__all__ = ["Config", "Summary", "generate"]
