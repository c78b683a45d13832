"""Adapters for the field's pipeline tools (optional extras)."""
