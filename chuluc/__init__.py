"""Chủ Lực: the key industrial products (SPCNCL) program as software."""
