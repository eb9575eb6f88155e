// Regenerates src/model (from schema.graphql) and src/abi (from the Hardhat artifacts), then rewrites the output
// for this ESM package: relative imports get ".js", and primary columns get an explicit type (the package is built
// without emitDecoratorMetadata, which breaks circular entity imports under ESM).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(here, "..");
const bin = (name) => join(root, "node_modules", ".bin", name);

function fixImports(dir) {
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    if (f.isDirectory()) {
      fixImports(p);
      continue;
    }
    if (!f.name.endsWith(".ts")) continue;
    let src = readFileSync(p, "utf8");
    src = src.replace(/from "(\.\.?\/[^"]+?)"/g, (_m, spec) => {
      if (spec.endsWith(".js")) return `from "${spec}"`;
      const isDir = spec === "./generated";
      return `from "${spec}${isDir ? "/index.js" : ".js"}"`;
    });
    src = src.replace(/from '(\.\.?\/[^']+?)'/g, (_m, spec) => (spec.endsWith(".js") ? `from '${spec}'` : `from '${spec}.js'`));
    if (src.includes("PrimaryColumn as PrimaryColumn_")) {
      src = src.replace("PrimaryColumn as PrimaryColumn_, ", "");
      src = `import {PrimaryColumn as PrimaryColumn_} from "typeorm"\n` + src;
      src = src.replaceAll("@PrimaryColumn_()", '@PrimaryColumn_("varchar")');
    }
    writeFileSync(p, src);
  }
}

rmSync(join(here, "src/model"), { recursive: true, force: true });
execFileSync(bin("squid-typeorm-codegen"), [], { cwd: here, stdio: "inherit" });
fixImports(join(here, "src/model"));

// ABIs: only the event fragments the indexer needs, copied from the Hardhat artifacts.
const contracts = {
  ComputeMarketplace: "marketplace/ComputeMarketplace.sol",
  ProviderRegistry: "registry/ProviderRegistry.sol",
  ReputationRegistry: "registry/ReputationRegistry.sol",
  ModelRegistry: "registry/ModelRegistry.sol",
  StunGovernor: "governance/StunGovernor.sol",
};
mkdirSync(join(here, "abi"), { recursive: true });
for (const [name, path] of Object.entries(contracts)) {
  const art = JSON.parse(readFileSync(join(root, "artifacts/evm/contracts", path, `${name}.json`), "utf8"));
  const abi = art.abi.filter((x) => x.type === "event" || (name === "ComputeMarketplace" && x.type === "function" && (x.name === "getTask" || x.name === "expireTask")));
  writeFileSync(join(here, "abi", `${name}.json`), JSON.stringify(abi, null, 2) + "\n");
}
rmSync(join(here, "src/abi"), { recursive: true, force: true });
execFileSync(bin("squid-evm-typegen"), ["src/abi", ...Object.keys(contracts).map((n) => `abi/${n}.json`)], {
  cwd: here,
  stdio: "inherit",
});
fixImports(join(here, "src/abi"));
