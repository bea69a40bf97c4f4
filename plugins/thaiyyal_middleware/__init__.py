"""Built-in middleware: per-node execution policies (``data.policy``), one plugin each."""
