"""Language below every room: folding (ё to е, every dash to "-"), words with their offsets,
Russian lemmas and name parts (pymorphy3), and whether a word is a common word in Russian or
English. Pure functions with bounded caches; no models, no Django."""
