"""Satellite dosing points that keep dosing offline: the replica and the replay (issue 20)."""
