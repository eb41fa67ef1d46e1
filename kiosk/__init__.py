"""Front-desk service-recovery kiosk."""

__version__ = "0.1.0"
