import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "@em/testkit";

const run = promisify(execFile);

/** One chunk of Vite's build manifest: the source module it came from and the file it became. */
export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/**
 * Bundles a page (a folder with `index.html`) with Vite's production build into `outDir`, the
 * way an application using the SDK would ship it, and returns the build manifest: which source
 * module ended up in which chunk.
 */
export async function bundlePage(
  pageDir: string,
  outDir: string,
): Promise<Record<string, ManifestChunk>> {
  await run(
    process.execPath,
    [
      join(repoRoot, "node_modules", "vite", "bin", "vite.js"),
      "build",
      pageDir,
      "--outDir",
      outDir,
      "--emptyOutDir",
      "--manifest",
      "--logLevel",
      "error",
    ],
    { cwd: pageDir, maxBuffer: 16 * 1024 * 1024 },
  );
  const manifest = await readFile(join(outDir, ".vite", "manifest.json"), "utf8");
  return JSON.parse(manifest) as Record<string, ManifestChunk>;
}
