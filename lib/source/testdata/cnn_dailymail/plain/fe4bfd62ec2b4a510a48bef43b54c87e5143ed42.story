(EXAMPLE)An invented study followed 200 people who walked every day for a year.

Participants slept better, the authors wrote.

@highlight

An invented study followed daily walkers for a year

@highlight

Participants slept better, authors say
