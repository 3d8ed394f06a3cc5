# English: "twenty-one", "a hundred and five", "$1-2 billion", "between $1 and $2 billion"
numjoin = \s+and\s+|\s+|-
scale_of = of
cents_join = and
range_open = between
range_and = and
range_sep = -|–|—|to
period_stop = \s+(?:ago|earlier|before|later|from\s+now)
