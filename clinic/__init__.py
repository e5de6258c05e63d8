"""clinic: records for voluntary drug-treatment clinics."""

__version__ = "0.1.0"
