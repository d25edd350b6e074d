Text.

@highlight

One.
