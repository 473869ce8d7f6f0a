"""xxgk — 政府信息公开工作平台 (government information disclosure platform)."""

__version__ = "0.1.0"
