/**
 * Assembles src/nn/wasm/kernels.wat into src/nn/wasm/kernels.generated.ts (the module's
 * bytes as base64), which tsc then compiles like any other source. Runs on every
 * `npm install` / `npm ci` (prepare), `npm run build` and `npm test`; the output is not
 * committed. Plain JS, so it needs nothing but the wabt devDependency.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import initWabt from 'wabt';

const source = fileURLToPath(new URL('../src/nn/wasm/kernels.wat', import.meta.url));
const target = fileURLToPath(new URL('../src/nn/wasm/kernels.generated.ts', import.meta.url));

const wabt = await initWabt();
const features = { simd: true, bulk_memory: true, threads: true };
const module = wabt.parseWat('kernels.wat', readFileSync(source, 'utf8'), features);
module.validate(features);
const { buffer } = module.toBinary({});
module.destroy();
const text = `/* Assembled from kernels.wat by scripts/build-wasm.mjs. Do not edit; not committed. */
export const KERNELS_WASM_BASE64 =
  '${Buffer.from(buffer).toString('base64')}';
`;
let old = '';
try {
  old = readFileSync(target, 'utf8');
} catch {}
// Rewrite only on change, so tsc's and editors' caches stay warm.
if (old !== text) writeFileSync(target, text);
