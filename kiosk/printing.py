"""Printing through CUPS (``lp``)."""
