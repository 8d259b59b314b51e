"""I/O at the edges: where reports come from (local files, portals) and where raw bytes are kept."""
