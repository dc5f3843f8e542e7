"""Reproducible analysis of China's national SME characteristic industrial clusters."""
__version__ = "0.1.0"
