import { lazy } from 'react';
import { cn } from '../../lib/cn';
import { activeProfileOf, useAppStore } from '../../store';
import { MainPanel } from './MainPanel';
import { ProdBanner } from './ProdBanner';
import { Sidebar } from './Sidebar';
import { LazyPart } from '../../components/lazy-part';

/**
 * The profile editor is opened now and then, never at start: its code (the editor, its fields and
 * draft checks) is a chunk of its own, fetched from the bundle the first time it opens, so the
 * window has less to parse before the first screen.
 */
const ProfileEditorHost = lazy(() => import('../profiles/ProfileEditor').then((module) => ({ default: module.ProfileEditorHost })));

export function Shell() {
  const prod = useAppStore((s) => activeProfileOf(s)?.env === 'prod');
  const editing = useAppStore((s) => s.profileEditor !== null);
  return (
    <div className="flex h-full flex-col bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      {/* Keyboard users skip the sidebar (screens, profile, org search, a long org list) in one step. */}
      <a
        href="#main"
        className="sr-only rounded-md bg-sky-700 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to main content
      </a>
      <ProdBanner />
      {/* On prod the window is framed in red under the banner, so no part of it looks ordinary. */}
      <div className={cn('flex min-h-0 flex-1', prod && 'border-x-4 border-b-4 border-red-700')}>
        <Sidebar />
        <MainPanel />
      </div>
      {editing && (
        <LazyPart what="the profile editor" fallback={null}>
          <ProfileEditorHost />
        </LazyPart>
      )}
    </div>
  );
}
