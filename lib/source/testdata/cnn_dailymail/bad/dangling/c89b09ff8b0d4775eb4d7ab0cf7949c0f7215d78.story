Text.

@highlight

One.

@highlight
