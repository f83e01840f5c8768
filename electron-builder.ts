/**
 * Packaging: `npm run dist` (scripts/dist.ts) builds with electron-vite, then electron-builder
 * reads this file. Only the built app goes in — out/ and package.json, inside an asar archive —
 * plus the production dependencies electron-builder adds itself. Never src/, tests/, bench/, the
 * browser host (test/dev only) or the CLI (`bin/foundry-secrets.mjs` runs from a checkout through
 * tsx). Fuses are flipped in afterPack: scripts/packaging/fuses.ts.
 * This file is found by name (electron-builder.ts); tests/build/packaging-config.test.ts holds it to all of that.
 */
import type { Configuration } from 'electron-builder';
import { afterPack } from './scripts/packaging/fuses';

const config: Configuration = {
  appId: 'dev.agentfoundry.foundry-secrets',
  productName: 'Foundry Secrets',
  copyright: 'Copyright © Agent Foundry',
  directories: { output: 'dist', buildResources: 'resources' },
  files: ['out/**/*', 'package.json', '!**/*.map'],
  asar: true,
  // No native module: nothing to rebuild against Electron's headers.
  npmRebuild: false,
  // Releases are published by people, not by a build that happens to find a token or a git remote.
  publish: null,
  afterPack,
  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    icon: 'resources/icon.icns',
    category: 'public.app-category.developer-tools',
    hardenedRuntime: true,
  },
  dmg: { title: '${productName} ${version}' },
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'resources/icon.ico',
  },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  linux: {
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    icon: 'resources/icons',
    executableName: 'foundry-secrets',
    category: 'Development',
    synopsis: 'Org-scoped API keys in Secrets Manager — values go in, never come out.',
    // deb needs a maintainer; package.json has no author. Replace with a real address before publishing.
    maintainer: 'Agent Foundry <maintainers@agentfoundry.invalid>',
  },
};

export default config;
