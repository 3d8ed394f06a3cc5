# French connectors of the GPU rules: "GPU de Nvidia", "H100 et B200".
_gpu_of = de|d'|du type|de type
_gpu_and = et|ou
