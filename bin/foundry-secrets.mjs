#!/usr/bin/env node
// The `foundry-secrets` command (package.json "bin", `npm run cli -- <command>`): runs the
// TypeScript sources of src/cli through tsx's loader, in this same process (stdin, the terminal
// and signals stay the command's own). A development checkout has tsx (a devDependency).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
