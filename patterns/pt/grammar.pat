# Portuguese: "duzentos e cinquenta mil", "6 milhões de dólares", "entre 1 e 2", "de 10 a 15"
numjoin = \s+e\s+|\s+|-
scale_of = de|dos|das
cents_join = e|com
range_open = entre
range_and = e|a
range_sep = -|–|—|a
