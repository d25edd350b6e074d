@highlight

A summary with no article
