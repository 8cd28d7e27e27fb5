// Writes the demo plant's 3D scene, packages/web/public/scenes/demo-site.glb (binary glTF 2.0),
// from the same geometry as its floor plans (@doppel/sim demoGeometry). Vite copies public/ into
// the UI's dist, so the platform serves it at /scenes/demo-site.glb. Deterministic: run it again
// after changing the demo's geometry and commit the result.
//   node --conditions=source --import tsx scripts/gen-demo-scene.ts [--check]
// --check writes nothing and fails when the committed file differs from what would be written.
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoGeometry } from '@doppel/sim';
import { buildSceneGlb } from '../packages/web/src/features/three-d/scene-builder.js';

export const DEMO_SCENE_PATH = fileURLToPath(new URL('../packages/web/public/scenes/demo-site.glb', import.meta.url));

export function demoSceneGlb(): Uint8Array {
  return buildSceneGlb(demoGeometry(), 'demo-site');
}

async function main(): Promise<void> {
  const glb = demoSceneGlb();
  if (process.argv.includes('--check')) {
    const current = await readFile(DEMO_SCENE_PATH).catch(() => undefined);
    if (current === undefined || !Buffer.from(glb).equals(current)) {
      console.error(
        `${DEMO_SCENE_PATH} is out of date: run node --conditions=source --import tsx scripts/gen-demo-scene.ts`,
      );
      process.exitCode = 1;
      return;
    }
    console.log(`${DEMO_SCENE_PATH} is up to date (${glb.length} bytes)`);
    return;
  }
  await mkdir(dirname(DEMO_SCENE_PATH), { recursive: true });
  await writeFile(DEMO_SCENE_PATH, glb);
  console.log(`wrote ${DEMO_SCENE_PATH}: ${glb.length} bytes (${(glb.length / 1024).toFixed(1)} KiB)`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
