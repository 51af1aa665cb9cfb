"""board: from follower to friend, a keyboard-driven relationship board."""

__version__ = "0.1.0"
