"""Pure transforms: text in, records out. No I/O, no Prefect, no warehouse imports."""
