  (EXAMPLE)A city tested a solar-powered bus on one of its routes this week.  

The bus ran for five days without charging from the grid, the operator said

@highlight

A solar-powered bus was tested on a city route

@highlight

The operator says it ran five days without grid charging
