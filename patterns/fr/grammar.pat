# French: "vingt et un", "6 millions de dollars", "entre 1 et 2", "10 à 15"
numjoin = \s+et\s+|-et-|\s+|-
scale_of = de|d'
cents_join = et
range_open = entre
range_and = et
range_sep = -|–|—|à
