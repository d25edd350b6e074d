An article with no summary.

A second paragraph.
