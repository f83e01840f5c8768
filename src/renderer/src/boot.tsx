/**
 * The app itself, loaded by main.tsx once the start-up reads are on their way. Everything the
 * window runs at start (React, the store, the screens) is evaluated from here; zod is not among it
 * (zod-jitless.ts).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { whenFirstScreenReady } from './first-screen';
import { prefetchLaterParts } from './later-parts';
import { exposeStateForTests, useAppStore } from './store';

exposeStateForTests();
// Before the first render, not in an effect after it: the first calls to main then travel while
// React renders the shell, instead of waiting for it.
void useAppStore.getState().init();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// Once, with the start-up data (or after a bounded wait): see first-screen.ts.
void whenFirstScreenReady(useAppStore).then(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  // The write form and the dialogs, once the first screen is up (later-parts.ts).
  prefetchLaterParts();
});
