# Dutch connectors of the GPU rules: "kaarten van het type Nvidia A100", "H100 en B200".
_gpu_of = van\s+het\s+type|van\s+het\s+merk|van\s+type|van
_gpu_and = en|of
