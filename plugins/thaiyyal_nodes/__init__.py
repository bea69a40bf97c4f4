"""Built-in node types, one plugin module per type.

Each module is registered under its own entry point (``node-<type>``), so any of them can
be switched off with ``THAIYYAL_DISABLE_PLUGINS`` exactly like a third-party plugin.
"""
