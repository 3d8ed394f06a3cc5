# The shared number grammar. Languages override the small fragments at the
# bottom (patterns/<lang>/grammar.pat) and supply the word lists.

# Digits: 1-3 digits then groups of three after a space, dot, comma or
# apostrophe (50 000, 50.000, 50,000), or a plain run (2048), with an optional
# decimal part (1,6  1.6  24,50). ASCII digits only ([0-9], not \d, which is
# any script's digit with UCP): lib/numbers.c reads ASCII digits, and PCRE2 can
# then tell which bytes a match starts with. Which mark is the decimal one is decided by
# lib/numbers.c with the language's decimal mark (language.txt).
_digit_run = (?>[0-9]{1,3}(?:[ .,'][0-9]{3})+(?:[.,][0-9]+)?(?!\p{N}|[.,][0-9])|[0-9]+(?:[.,][0-9]+)?(?!\p{N}|[.,][0-9]))
digits = (?<![\p{N}.,]){_digit_run}

# Spelled-out numbers: words of numbers.txt joined by the language's {numjoin}
# (deux cent mille, vingt et un, tweeduizend, duzentos e cinquenta mil).
spelled = (?<!\p{L}){numbers}(?:{numjoin}{numbers})*(?!\p{L})

number = {digits}|{spelled}
# a number that starts a match must not be glued to a word before it (R1, V3):
# (?<!\p{L}){number}, written with one look-behind a branch. {number} is
# {digits}|{spelled}; (?<!\p{L}) then (?<![\p{N}.,]) at the same place is
# (?<![\p{L}\p{N}.,]), and {spelled} opens with (?<!\p{L}) itself. So the
# same strings match, with one look-behind (a character decoded backwards
# and its properties looked up) instead of two before every number.
lead_number = (?<![\p{L}\p{N}.,]){_digit_run}|{spelled}

# Defaults that languages may override.
scale_of = (?!)
cents_join = (?!)
range_open = (?!)
range_and = (?!)
range_sep = -|–|—
period_stop = (?!)
