"""Built-in storage backends, one plugin per URL scheme."""
