/**
 * Assembles the WebAssembly kernels into src/nn/wasm/kernels.generated.ts (the module's
 * bytes as base64), which tsc then compiles like any other source. The module is
 * src/nn/wasm/kernels.wat (the conventions and the memory) followed by every other .wat
 * file of that folder, in name order, each a family of kernels. Runs on every
 * `npm install` / `npm ci` (prepare), `npm run build` and `npm test`; the output is not
 * committed. Plain JS, so it needs nothing but the wabt devDependency.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import initWabt from 'wabt';

const folder = fileURLToPath(new URL('../src/nn/wasm/', import.meta.url));
const target = `${folder}kernels.generated.ts`;
const parts = ['kernels.wat', ...readdirSync(folder).filter((f) => f.endsWith('.wat') && f !== 'kernels.wat').sort()];
const source = `(module\n${parts.map((f) => `;; ==== ${f} ====\n${readFileSync(folder + f, 'utf8')}`).join('\n')}\n)\n`;

const wabt = await initWabt();
const features = { simd: true, bulk_memory: true, threads: true };
const module = wabt.parseWat('kernels.wat', source, features);
module.validate(features);
const { buffer } = module.toBinary({});
module.destroy();
const text = `/* Assembled from src/nn/wasm/*.wat by scripts/build-wasm.mjs. Do not edit; not committed. */
export const KERNELS_WASM_BASE64 =
  '${Buffer.from(buffer).toString('base64')}';
`;
let old = '';
try {
  old = readFileSync(target, 'utf8');
} catch {}
// Rewrite only on change, so tsc's and editors' caches stay warm.
if (old !== text) writeFileSync(target, text);
