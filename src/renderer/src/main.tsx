// First of all: asks main for the start-up data while the rest of the script evaluates (see the file).
import './startup-reads';
// Then: switches zod to jitless before any schema exists (see the file).
import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { exposeStateForTests, useAppStore } from './store';
import './styles.css';

exposeStateForTests();
// Before the first render, not in an effect after it: the first calls to main then travel while
// React renders the shell, instead of waiting for it.
void useAppStore.getState().init();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
