"""benchkit: the code behind tools/bench (Tessera side by side with Redis 7.0)."""
