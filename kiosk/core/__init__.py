"""The domain core: plain data and pure functions, no UI, storage or template library."""
