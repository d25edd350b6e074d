(EXAMPLE)The harbor of a small invented town lit up on Wednesday for its yearly lights festival.

Boats decorated with lanterns sailed past the old lighthouse, organizers said

"We have never had so many visitors," said a festival volunteer.

@highlight

An invented harbor town held its yearly lights festival

@highlight

Organizers said lantern boats sailed past the lighthouse
