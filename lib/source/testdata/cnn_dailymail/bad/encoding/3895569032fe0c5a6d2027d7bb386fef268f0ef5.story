First line.

A broken é byte.

@highlight

Summary
