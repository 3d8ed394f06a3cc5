# Portuguese connectors of the GPU rules: "GPUs da Nvidia", "H100 e B200".
_gpu_of = da|do|de|da\s+marca
_gpu_and = e|ou
