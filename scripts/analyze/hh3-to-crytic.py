"""Turns Hardhat 3 build-info (hh3-sol-build-info-1, input and output in two files) into a Hardhat 2 style tree that
crytic-compile (and so slither) reads with --hardhat-ignore-compile: source names `project/...` and
`npm/<pkg>@<version>/...` are made resolvable with symlinks to the repo and node_modules."""
import json, os, re, sys

root, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
bi_dir = os.path.join(root, "artifacts", "build-info")
os.makedirs(os.path.join(out, "artifacts", "build-info"), exist_ok=True)
links = {"project": root, "node_modules": os.path.join(root, "node_modules")}
count = 0
for name in sorted(os.listdir(bi_dir)):
    if not name.endswith(".json") or name.endswith(".output.json"):
        continue
    info = json.load(open(os.path.join(bi_dir, name)))
    output = json.load(open(os.path.join(bi_dir, name[:-5] + ".output.json")))["output"]
    if not any(k.startswith("project/evm/contracts/") for k in info["input"]["sources"]):
        continue
    for src in info["input"]["sources"]:
        m = re.match(r"npm/((?:@[^/]+/)?[^/@]+)@[^/]+", src)
        if m:
            links[m.group(0)] = os.path.join(root, "node_modules", m.group(1))
    hh2 = {"_format": "hh-sol-build-info-1", "id": info["id"], "solcVersion": info["solcVersion"],
           "solcLongVersion": info["solcLongVersion"], "input": info["input"], "output": output}
    json.dump(hh2, open(os.path.join(out, "artifacts", "build-info", name), "w"))
    count += 1
for link, target in links.items():
    path = os.path.join(out, link)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not os.path.lexists(path):
        os.symlink(target, path)
open(os.path.join(out, "hardhat.config.js"), "w").write("module.exports = {};\n")
print(f"converted {count} build-info file(s), {len(links)} source roots")
