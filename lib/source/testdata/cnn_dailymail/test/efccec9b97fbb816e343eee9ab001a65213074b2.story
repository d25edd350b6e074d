(EXAMPLE)A night train between two invented cities returns after ten years.

@highlight

Night train service returns after a decade
