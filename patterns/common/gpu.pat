# GPU and accelerator count rules, run for every language (a language may
# replace a rule or a helper by defining the same name in its own gpu.pat).
# Group names are read by lib/gpu.c: see patterns/README.md.

# a bound word before the count: "environ", "plus de", "ongeveer", "about"
_gpu_pre = (?:(?<bound>{bounds})\s*)?
# the count: digits or spelled out, with an optional scale word ("8 mil",
# "1,3 million de", "10k"); never right after a currency symbol ($2048 is money).
# The white space before a word list is possessive (\s?+), as in money.pat:
# no list variant starts with white space (the loader trims it), and what
# follows each of these \s?+ in every GPU rule opens with a list (scales,
# gpu_adjectives, gpu_vendors, gpu_models, gpu_items, gpu_units, gpu_ai_before,
# gpu_chips), so the space a \s? would give back could only leave a list to
# fail there: the same matches, with fewer attempts of the lists.
_gpu_count = (?<!\p{Sc})(?<!\p{Sc}\s)(?<num>{lead_number})(?:\s?+(?<scale>{scales})(?![\p{L}\p{N}])(?:\s?(?:{scale_of})\s?+|\s?+))?(?:\s?-\s?+|\s?+)(?:{gpu_adjectives}\s+)?
# a model name, with an optional plural: H100, H100s, H800's, Gaudi 3
_gpu_model = (?<model>{gpu_models})(?:'?s)?(?![\p{L}\p{N}])
_gpu_model2 = (?<model2>{gpu_models})(?:'?s)?(?![\p{L}\p{N}])
# "H100s and B200s": a second model written in the same mention
_gpu_more = (?:\s+(?:{_gpu_and})\s+{gpu_models}(?:'?s)?(?![\p{L}\p{N}]))?
# what may follow a unit word: an AI qualifier ("puces d'IA"); "de/van/da/from" and a vendor
# and/or a model ("GPU Nvidia Hopper", "GPUs da Nvidia", "chips A100")
_gpu_ai_after = (?:\s+(?<ai>{gpu_ai_after}))?
# It ends the rules that name it, so a match takes the first way through it
# that succeeds. Once written (?=V|M)(?:(?<vendor2>V)(?:\s+(?=M))?)?(?:M2)?
# (V vendors, M models, M2 {_gpu_model2}), which tests V twice where a vendor
# follows; now (?:(?<vendor2>V)(?:\s+(?=M))?|(?=M))(?:M2)?: where V matches,
# both take V's first match and go on alike; where it does not, both need M
# there ((?=V|M), (?=M)) and then try M2 alone; where neither matches, both
# fail there and back up into \s+ and {_gpu_of} the same way. Nothing after
# the group can fail, so no other way is ever tried: the same matches, the
# same groups.
_gpu_after = (?:\s+(?:(?:{_gpu_of})\s+)?(?:(?<vendor2>{gpu_vendors})(?:\s+(?={gpu_models}))?|(?={gpu_models}))(?:{_gpu_model2})?)?
# connector words; languages override them
_gpu_of = (?!)
_gpu_and = (?!)

# 50 000 GPU Nvidia Hopper, 4,096 AMD MI300X accelerators, 4.096 Nvidia H100-GPU's,
# 32,768 GB200 superchips, 100,000-GPU, cerca de 100 mil chips de IA
unit = {_gpu_pre}{_gpu_count}(?:(?<vendor>{gpu_vendors})\s+)?(?:{_gpu_model}\s?-?\s?)?(?:(?<unit>{gpu_units})|(?<chip>{gpu_chips})){_gpu_ai_after}{_gpu_after}
# 10,000 AI chips, 2.000 AI-chips van Nvidia
ai_chip = {_gpu_pre}{_gpu_count}(?:(?<vendor>{gpu_vendors})\s+)?(?<ai>{gpu_ai_before})\s?-?\s?(?<chip>{gpu_chips}){_gpu_after}

# the model stands for the units: 10 000 H800, 10,000 H100s, 100,000 Nvidia H100s and
# B200s, 10.000 unidades H800
model = {_gpu_pre}{_gpu_count}(?:(?<vendor>{gpu_vendors})\s+)?(?:{gpu_items}\s+(?:(?:{_gpu_of})\s+)?(?:(?<vendor2>{gpu_vendors})\s+)?)?{_gpu_model}{_gpu_more}
