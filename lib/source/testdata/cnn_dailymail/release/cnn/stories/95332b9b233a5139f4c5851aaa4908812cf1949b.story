(EXAMPLE)A rowing crew set a new record on an invented river course on Thursday.

The crew finished the 10-kilometer course in 31 minutes!

@highlight

Rowing crew sets a course record on an invented river.
