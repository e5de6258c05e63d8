"""The clinic's figures: dashboards, reports and de-identified statistics, as plain values."""
