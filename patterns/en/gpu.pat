# English connectors of the GPU rules: "GPUs from Nvidia", "H100s and B200s".
_gpu_of = from|by|made\s+by
_gpu_and = and|or
