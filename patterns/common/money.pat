# Money rules, run for every language (a language may replace one by defining
# a rule of the same name in its own money.pat). Group names are read by
# lib/money.c: see patterns/README.md.

# bound and rate words before the amount: "environ", "plus de", "jaarlijks meer dan"
_pre = (?:(?<period0>{periods})\s+)?(?:{bounds}\s*)??(?:(?<bound>{bounds})\s*)?
# rate words after it: "par an", "per jaar", "anualmente", "a year" (not "a year ago").
# The white space is possessive (\s?+): no word list variant starts with white
# space (the loader trims it, Unicode's too), so {periods} cannot match where a
# shorter \s? would leave it, and the paths \s? would add either fail there or
# repeat one tried before: the same matches, with fewer attempts of the list.
_post = (?:\s?+,?\s?+(?<period>{periods})(?!{period_stop}))?
# "de"/"d'"/"of" between a scale word and the currency. Here and before
# (?<scale>{scales}) the white space before a word list is possessive, as in
# _post: a list never matches at white space, so the space \s? would give back
# could only leave the list there, to fail. {_of} is always followed by a list.
_of = (?:\s?(?:{scale_of})\s?+|\s?+)

# $ 75 millions, US$ 1,6 bilhão, € 2m, USD 200, R$ 50 mil, dólares 22,5 milhões
cur_num = {_pre}(?<cur>{currencies})\s?(?<sign>-\s?)?(?<num>{number})(?:\s?+(?<scale>{scales}))?{_post}

# 6 millions de dollars, 48,2 millions $, 94.000 $, 2 Md€, 5 000 €, 34 cents, 15 dollars 50, one-yen
num_cur = {_pre}(?<num>{lead_number})(?:\s?+(?<scale>{scales}){_of}|\s?|-)(?<cur1>{currencies}|{subunits})(?:\s(?:(?:{cents_join})\s)?(?<cents>[0-9]{1,2}|{spelled})(?<tail>\s?{subunits})?(?=\s?(?:[.,;:!?)"]|$)|\s?{subunits}))?{_post}

# 75 USD milhões, 10 euro miljoen
num_cur_scale = {_pre}(?<num>{lead_number})\s?(?<cur1>{currencies})\s?(?<scale>{scales}){_post}

# entre 1 et 2 milliards de dollars, between $1 and $2 billion, tussen 5 en 10 miljoen euro
range_between = (?<range>{range_open})\s+(?:(?<cur>{currencies})\s?)?(?<num>{number})(?:\s?+(?<scale>{scales}))?(?:{_of}(?<cur1>{currencies}))?\s+(?:{range_and})\s+(?:(?<cur2>{currencies})\s?)?(?<num2>{number})(?:\s?+(?<scale2>{scales}))?(?:{_of}(?<cur3>{currencies}))?{_post}

# $1-2 billion, 10 à 15 millions d'euros, 5 tot 10 miljoen euro, R$ 10 a R$ 15 milhões
range_to = (?:(?<cur>{currencies})\s?)?(?<num>{lead_number})(?:\s?+(?<scale>{scales}))?(?:{_of}(?<cur1>{currencies}))?\s?(?:{range_sep})\s?(?:(?<cur2>{currencies})\s?)?(?<num2>{number})(?:\s?+(?<scale2>{scales}))?(?:{_of}(?<cur3>{currencies}))?{_post}

# 30 MUSD, 120 MEUR, MAUD 60: a scale letter glued to an ISO code (case matters)
num_mcode = {_pre}(?<num>{lead_number})\s?(?-i:(?<scale>[MkK]|Md|Mrd|Bn)(?<cur1>[A-Z]{3}))(?!\p{L}){_post}
mcode_num = {_pre}(?-i:(?<scale>[MkK]|Md|Mrd|Bn)(?<cur>[A-Z]{3}))\s?(?<num>{number}){_post}
