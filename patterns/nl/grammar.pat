# Dutch: compounds are written as one word (vijfentwintig, tweeduizend)
numjoin = en|\s+en\s+|\s+|-|
scale_of = aan
cents_join = en
range_open = tussen
range_and = en
range_sep = -|–|—|tot
