/**
 * Electron fuses for the packaged app, as data, and the electron-builder `afterPack` hook that
 * flips them into the packaged Electron binary (before signing, so the signature covers them).
 *
 * Why: a packaged Electron keeps, by default, ways for another process of the same user to run
 * code *as the app* — ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect — and so to borrow the app's
 * identity to unwrap the vault key through the OS keychain. Fuses turn those off in the binary
 * itself, where no environment variable or argument can turn them back on.
 */
import path from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire, type FuseV1Config } from '@electron/fuses';
import { Arch, type AfterPackContext, type LinuxPackager } from 'electron-builder';

/**
 * Every fuse @electron/fuses knows, each with the value wanted. `strictlyRequireAllFuses` makes
 * packaging fail when the Electron binary has a fuse not decided here (a newer Electron): a new
 * fuse gets a decision, never a silent default.
 */
export const FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  /** ELECTRON_RUN_AS_NODE would make the binary a plain Node.js that runs any script as the app. */
  [FuseV1Options.RunAsNode]: false,
  /** Cookies encrypted at rest with the OS key (the app sets none today; any later one is covered). */
  [FuseV1Options.EnableCookieEncryption]: true,
  /** NODE_OPTIONS (`--require evil.js`) would inject code into main. */
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  /** --inspect / --inspect-brk would open a debugger on main, where the vault key lives. */
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  /** app.asar checked against the hash electron-builder embeds (macOS and Windows). */
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  /** No app/ folder or loose files beside the archive take the place of the checked app.asar. */
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  /** The app ships no browser-process-specific V8 snapshot; Electron's default. */
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  /** The renderer is served from app://, never file://: file:// needs no extra privilege. */
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  /** Electron's default (on): WebAssembly bounds checks through trap handlers; the app ships no wasm. */
  [FuseV1Options.WasmTrapHandlers]: true,
} as const satisfies FuseV1Config;

/** What the hook needs to know about one packaged app (taken from electron-builder's context). */
export interface FuseTarget {
  /** The folder electron-builder packaged the app into (before the installer is made). */
  readonly appOutDir: string;
  /** 'linux', 'darwin', 'mas' or 'win32'. */
  readonly electronPlatformName: string;
  /** The architecture's name: 'x64', 'arm64', 'ia32', 'armv7l', 'universal'. */
  readonly arch: string;
  /** "Foundry Secrets": the .app / .exe name. */
  readonly productFilename: string;
  /** The Linux executable's name ("foundry-secrets"). */
  readonly executableName: string;
}

/** The fuse configuration for one target: FUSES plus, on Apple silicon, a fresh ad-hoc signature. */
export function fuseConfigFor(target: Pick<FuseTarget, 'electronPlatformName' | 'arch'>): FuseV1Config {
  // Flipping a fuse invalidates the ad-hoc signature an arm64 macOS binary must carry to launch
  // at all; @electron/fuses re-signs it (a real signing identity later replaces it).
  const isMac = target.electronPlatformName === 'darwin' || target.electronPlatformName === 'mas';
  return { ...FUSES, resetAdHocDarwinSignature: isMac && target.arch === 'arm64' };
}

/** The path @electron/fuses takes: the .app bundle, the .exe, or the Linux executable (as electron-builder names them). */
export function electronBinaryPath(target: FuseTarget): string {
  switch (target.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(target.appOutDir, `${target.productFilename}.app`);
    case 'win32':
      return path.join(target.appOutDir, `${target.productFilename}.exe`);
    case 'linux':
      return path.join(target.appOutDir, target.executableName);
    default:
      throw new Error(`Fuses: unknown platform "${target.electronPlatformName}"; add it to electronBinaryPath in scripts/packaging/fuses.ts.`);
  }
}

type Flip = typeof flipFuses;
type ReadWire = typeof getCurrentFuseWire;

/** The fuse indices whose state in `wire` is not what `config` asked for. */
function mismatches(config: FuseV1Config, wire: Awaited<ReturnType<ReadWire>>): string[] {
  const wrong: string[] = [];
  for (const [name, index] of Object.entries(FuseV1Options)) {
    if (typeof index !== 'number') continue;
    const wanted = (config as Partial<Record<FuseV1Options, boolean>>)[index];
    if (wanted === undefined) continue;
    // The wire holds ASCII '1' (49) for on and '0' (48) for off.
    const actual = (wire as Partial<Record<number, number>>)[index];
    if (actual !== (wanted ? 49 : 48)) wrong.push(name);
  }
  return wrong;
}

/**
 * Flips the fuses of one packaged app, then reads the wire back: packaging stops if the binary
 * does not say exactly what FUSES says.
 */
export async function applyFuses(target: FuseTarget, flip: Flip = flipFuses, readWire: ReadWire = getCurrentFuseWire): Promise<void> {
  const binary = electronBinaryPath(target);
  const config = fuseConfigFor(target);
  await flip(binary, config);
  const wrong = mismatches(config, await readWire(binary));
  if (wrong.length > 0) throw new Error(`Fuses: ${binary} still has ${wrong.join(', ')} in the wrong state after flipping; do not ship this build.`);
}

/** electron-builder's context, narrowed to what the fuses need. */
export function fuseTargetOf(context: AfterPackContext): FuseTarget {
  return {
    appOutDir: context.appOutDir,
    electronPlatformName: context.electronPlatformName,
    arch: Arch[context.arch],
    productFilename: context.packager.appInfo.productFilename,
    // Only the Linux packager has an executable name of its own; elsewhere the product name is used.
    executableName: context.electronPlatformName === 'linux' ? (context.packager as LinuxPackager).executableName : context.packager.appInfo.productFilename,
  };
}

/** The `afterPack` hook electron-builder.config.ts installs. */
export async function afterPack(context: AfterPackContext): Promise<void> {
  await applyFuses(fuseTargetOf(context));
}
