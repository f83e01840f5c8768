/**
 * What later-parts.ts loads, behind one dynamic import: the bundler makes it one chunk, with the
 * modules only these parts use, and the window fetches it once.
 */
export { WriteForm } from './features/write/WriteForm';
export { DeleteDialog } from './features/delete/DeleteDialog';
export { RestoreDialog } from './features/delete/RestoreDialog';
export { RemoveOrgDialog } from './features/orgs/RemoveOrgDialog';
export { JobReportDialog } from './features/jobs/JobReportDialog';
