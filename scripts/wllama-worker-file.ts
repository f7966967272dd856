// Writes wllama's worker as a file of the Firefox build (why: lib/browser/wllama-worker-file.ts).
// The strings are read from the installed @wllama/wllama (pinned in package.json), evaluated as
// string literals only, and put together as wllama's ProxyToWorker.moduleInit does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { RUN_OPTIONS_VERB } from '../lib/browser/wllama-worker-file';

function literal(source: string, name: string): string {
  const start = source.indexOf(`var ${name} = `);
  if (start < 0) throw new Error(`@wllama/wllama no longer has ${name}: update scripts/wllama-worker-file.mjs`);
  const from = start + `var ${name} = `.length;
  const quote = source[from];
  // The literal ends at the first unescaped closing quote of its own kind.
  let end = from + 1;
  while (source[end] !== quote) end += source[end] === '\\' ? 2 : 1;
  return runInNewContext(source.slice(from, end + 1));
}

export function wllamaWorkerSource(): string {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@wllama/wllama/package.json'));
  const source = readFileSync(join(root, 'esm/index.js'), 'utf8');
  const moduleCode = literal(source, 'JSPI_STUB') + literal(source, 'WLLAMA_EMSCRIPTEN_CODE');
  // As wllama does with n_gpu_layers 0: Firefox gives llama.cpp no WebGPU without JSPI anyway.
  const noWebGpu =
    'try{Object.defineProperty(WorkerNavigator.prototype,"gpu",{get:()=>({requestAdapter:async()=>null})});}catch(e){}';
  return [
    'let RUN_OPTIONS',
    `function wModuleInit() { ${noWebGpu}${moduleCode.replace('var Module', 'var ___Module')}; return Module; }`,
    literal(source, 'LLAMA_CPP_WORKER_CODE'),
    `const wllamaOnMessage = onmessage;
onmessage = (event) => {
  if (event.data?.verb === '${RUN_OPTIONS_VERB}') RUN_OPTIONS = event.data.args[0];
  else wllamaOnMessage(event);
};`,
  ].join(';\n\n');
}
