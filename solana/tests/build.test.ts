/** The build pipeline's outputs: IDL/constants in sync, the ELF's shape, and the linker refusing what it cannot do. */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";

import { ROOT, SO_PATH } from "./harness.js";

const LINK = path.join(ROOT, "tools/sbf-link.mjs");
const objDir = path.join(ROOT, "target/obj/stun");
const obj = fs.existsSync(objDir) ? fs.readdirSync(objDir).find((f) => f.endsWith(".o")) : undefined;

function link(input: Buffer) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sbf-link-"));
  fs.writeFileSync(path.join(dir, "in.o"), input);
  const r = spawnSync(process.execPath, [LINK, path.join(dir, "in.o"), path.join(dir, "out.so")], { encoding: "utf8" });
  fs.rmSync(dir, { recursive: true, force: true });
  return r;
}

describe("build outputs", () => {
  test("idl/stun.json and generated.rs match the spec; vk.rs matches the circuits' key", () => {
    execFileSync(process.execPath, [path.join(ROOT, "scripts/gen-idl.mjs"), "--check"]);
    execFileSync(process.execPath, [path.join(ROOT, "scripts/gen-vk.mjs"), "--check"]);
  });

  test("stun.so is an SBPF v0 shared object with only loader-accepted sections and no JMP32", () => {
    const b = fs.readFileSync(SO_PATH);
    assert.equal(b.readUInt32BE(0), 0x7f454c46);
    assert.equal(b.readUInt16LE(16), 3); // ET_DYN
    assert.equal(b.readUInt16LE(18), 247); // EM_BPF
    assert.equal(b.readUInt32LE(48), 0); // e_flags: SBPF v0
    const shoff = Number(b.readBigUInt64LE(40));
    const shnum = b.readUInt16LE(60);
    const strOff = Number(b.readBigUInt64LE(shoff + b.readUInt16LE(62) * 64 + 24));
    const names: string[] = [];
    for (let i = 1; i < shnum; i++) {
      const o = shoff + i * 64;
      let e = strOff + b.readUInt32LE(o);
      const s = e;
      while (b[e] !== 0) e++;
      names.push(b.toString("latin1", s, e));
      assert.ok(e - s <= 15, "section names must fit the loader's 16-byte limit");
      if (names.at(-1) === ".text") {
        const off = Number(b.readBigUInt64LE(o + 24));
        const size = Number(b.readBigUInt64LE(o + 32));
        for (let p = off; p < off + size; p += 8) assert.notEqual(b[p] & 7, 6, "JMP32 instruction");
      }
    }
    assert.deepEqual(names, [".text", ".rodata", ".dynamic", ".dynsym", ".dynstr", ".rel.dyn", ".shstrtab"]);
  });

  test("sbf-link refuses non-ELF input, the wrong machine and relocations it does not handle", { skip: !obj }, () => {
    const o = fs.readFileSync(path.join(objDir, obj!));
    assert.match(link(Buffer.from("not an elf")).stderr, /not an ELF file/);
    const m = Buffer.from(o);
    m.writeUInt16LE(62, 18); // EM_X86_64
    assert.match(link(m).stderr, /not EM_BPF/);
    const d = Buffer.from(o);
    d.writeUInt16LE(3, 16); // ET_DYN
    assert.match(link(d).stderr, /must be ET_REL/);
    // patch the first relocation of the first SHT_REL section to R_BPF_64_ABS32 (3)
    const r = Buffer.from(o);
    const shoff = Number(r.readBigUInt64LE(40));
    for (let i = 0; i < r.readUInt16LE(60); i++) {
      const sh = shoff + i * 64;
      if (r.readUInt32LE(sh + 4) === 9) {
        const first = Number(r.readBigUInt64LE(sh + 24));
        r.writeUInt32LE(3, first + 8);
        break;
      }
    }
    const res = link(r);
    assert.notEqual(res.status, 0);
    assert.match(res.stderr, /unsupported 32-bit data relocation type 3|R_BPF/);
  });
});
