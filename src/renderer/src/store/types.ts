/**
 * Shapes shared by the store's slices. Everything here is plain data (the snapshot the tests read
 * is JSON), and nothing here has a field for a secret value: the value lives only in the write
 * form's local state.
 */
import type { UiErrorData } from '../api';
import type { AuditFilters, CatalogList, ConnectionReport, KeyCheckSettings, ListAuditResult, OrgList, ProfileList, SecretStatus, SecretStatusList } from '../../../shared/contract';

export interface Resource<T> {
  readonly data: T | null;
  readonly loading: boolean;
  readonly error: UiErrorData | null;
}

export const emptyResource = <T>(): Resource<T> => ({ data: null, loading: false, error: null });

export interface ProfilesSlice {
  catalog: Resource<CatalogList>;
  profiles: Resource<ProfileList>;
  /** The last "Test connection" of the active profile. */
  connection: Resource<ConnectionReport>;
  /** A failed profile switch (the previous profile stays active). */
  switchError: UiErrorData | null;
  switching: boolean;
  init(): Promise<void>;
  loadProfiles(): Promise<void>;
  selectProfile(id: string): Promise<void>;
  testConnection(): Promise<void>;
  /**
   * Takes a profile list answered by saveProfile / removeProfile. When the active profile now
   * points somewhere else (kind, env, endpoint, region, AWS profile), what is on screen belongs to
   * the old backend: the context is reset and the orgs reloaded, as on a switch.
   */
  profilesChanged(list: ProfileList): Promise<void>;
}

export interface OrgsSlice {
  orgs: Resource<OrgList>;
  orgSearch: string;
  selectedOrgId: string | null;
  addOrgState: { pending: boolean; error: UiErrorData | null };
  loadOrgs(): Promise<void>;
  setOrgSearch(query: string): void;
  selectOrg(orgId: string | null): void;
  /** true when added (and selected). */
  addOrg(orgId: string): Promise<boolean>;
  clearAddOrgError(): void;
}

export interface SecretsSlice {
  selectedDomainId: string;
  /** Domains added by hand this session, per org (a domain exists once it holds a secret). */
  addedDomains: Record<string, string[]>;
  /** The status list of the selected profile/org/domain; `key` names which one. */
  secrets: Resource<SecretStatusList> & { key: string | null };
  /** Custom names typed in "Add custom secret" that have no secret yet. */
  pendingCustom: string[];
  loadSecrets(): Promise<void>;
  selectDomain(domainId: string): void;
  addDomain(domainId: string): void;
  /** Puts a status answered by a write/remove/restore in place, if it is still the shown context. */
  applyStatus(status: SecretStatus, contextKey: string): void;
  addCustomName(secretName: string): void;
}

/** The main panel's screen. */
export type View = 'secrets' | 'profiles' | 'audit' | 'settings';
/** The profile editor: a new profile, or an existing one by id. */
export type ProfileEditorTarget = { mode: 'create' } | { mode: 'edit'; id: string };

export type DialogState = { kind: 'delete' | 'restore'; secretName: string } | null;
export interface Notice {
  readonly id: number;
  readonly tone: 'success' | 'info';
  readonly text: string;
}

export interface UiSlice {
  filter: string;
  /** The secret whose write form is open (one at a time). */
  openForm: string | null;
  dialog: DialogState;
  notice: Notice | null;
  view: View;
  profileEditor: ProfileEditorTarget | null;
  setFilter(filter: string): void;
  openWriteForm(secretName: string): void;
  /** Closes the open write form; given a name, only if that is the one open. */
  closeWriteForm(secretName?: string): void;
  openDialog(kind: 'delete' | 'restore', secretName: string): void;
  closeDialog(): void;
  notify(text: string, tone?: Notice['tone']): void;
  clearNotice(): void;
  /** Changes screen; an open write form or dialog is closed (and the value typed in it dropped). */
  showView(view: View): void;
  openProfileEditor(target: ProfileEditorTarget): void;
  closeProfileEditor(): void;
  /** Closes forms and dialogs and forgets per-context drafts: on profile, org or domain switch. */
  resetContext(): void;
}

/** What the audit screen asks for: filters as applied (already valid), and the page. */
export interface AuditQuery {
  readonly filters: AuditFilters;
  readonly offset: number;
  readonly limit: number;
}

export const DEFAULT_AUDIT_PAGE_SIZE = 100;

export interface AuditSlice {
  /** The page on screen, and the query that produced it (filters as applied, offset, limit). */
  audit: Resource<ListAuditResult>;
  auditQuery: AuditQuery;
  /** Loads the page for `query` (default: the current one); a slower, older answer is dropped. */
  loadAudit(query?: AuditQuery): Promise<void>;
}

export interface SettingsSlice {
  /** Live key checks: on/off and provider base URLs (no value, ever). */
  keyChecks: Resource<KeyCheckSettings>;
  loadKeyChecks(): Promise<void>;
  /** Saves and answers the stored settings; throws a UiError (the form keeps its draft). */
  saveKeyChecks(next: KeyCheckSettings): Promise<KeyCheckSettings>;
}

export type AppState = ProfilesSlice & OrgsSlice & SecretsSlice & UiSlice & AuditSlice & SettingsSlice;
