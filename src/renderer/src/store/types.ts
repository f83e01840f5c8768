/**
 * Shapes shared by the store's slices. Everything here is plain data (the snapshot the tests read
 * is JSON), and nothing here has a field for a secret value: the value lives only in the write
 * form's local state.
 */
import type { UiErrorData } from '../api';
import type {
  AuditFilters,
  CatalogList,
  ConnectionReport,
  FleetProgress,
  FleetSettings,
  KeyCheckSettings,
  ListAuditResult,
  OrgList,
  ProfileList,
  SecretStatus,
  SecretStatusList,
} from '../../../shared/contract';
import type { FleetEntry, FleetHeader } from '../features/fleet/fleet-model';
import type { MatrixFilters } from '../features/fleet/matrix-model';

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
  /** Removes an org added by hand (answered with the new list); throws a UiError. */
  removeOrg(orgId: string): Promise<void>;
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
export type View = 'fleet' | 'drift' | 'secrets' | 'profiles' | 'audit' | 'access' | 'settings';
/** The profile editor: a new profile, or an existing one by id. */
export type ProfileEditorTarget = { mode: 'create' } | { mode: 'edit'; id: string };

export type DialogState = { kind: 'delete' | 'restore'; secretName: string } | null;
export interface Notice {
  readonly id: number;
  /** `error`: something the person did not see fail where it happened (a save whose form was closed). */
  readonly tone: 'success' | 'info' | 'error';
  readonly text: string;
}

export interface UiSlice {
  filter: string;
  /** The secret whose write form is open (one at a time). */
  openForm: string | null;
  dialog: DialogState;
  /** The outcome of the last action: replaced by the next one, gone after a few seconds. */
  notice: Notice | null;
  /**
   * Something that failed out of sight (a save whose form was closed, a job start whose dialog
   * was): kept until dismissed, through later notices and switches of profile, org or domain.
   */
  alert: Notice | null;
  view: View;
  profileEditor: ProfileEditorTarget | null;
  setFilter(filter: string): void;
  openWriteForm(secretName: string): void;
  /** Closes the open write form; given a name, only if that is the one open. */
  closeWriteForm(secretName?: string): void;
  openDialog(kind: 'delete' | 'restore', secretName: string): void;
  closeDialog(): void;
  /** Tone `error` goes to `alert`, anything else to `notice`. */
  notify(text: string, tone?: Notice['tone']): void;
  clearNotice(): void;
  clearAlert(): void;
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
  /** Changes when another screen sets the audit's filters: the filter form starts again from them. */
  auditFormKey: number;
  /** Opens the audit screen on one secret's history (a card's History action). */
  showAuditFor(secretId: string): void;
}

export interface SettingsSlice {
  /** Live key checks: on/off and provider base URLs (no value, ever). */
  keyChecks: Resource<KeyCheckSettings>;
  loadKeyChecks(): Promise<void>;
  /** Saves and answers the stored settings; throws a UiError (the form keeps its draft). */
  saveKeyChecks(next: KeyCheckSettings): Promise<KeyCheckSettings>;
}

/** The fleet snapshot of the active profile, as far as it has been listed. */
export interface FleetData {
  /** null until main answered loadFleet for this profile. */
  readonly header: FleetHeader | null;
  /** By org id. (A Map: the tests' JSON snapshot of the store shows it as {}.) */
  readonly orgs: ReadonlyMap<string, FleetEntry>;
  readonly addedOrgs: readonly string[];
  /** The loadFleet call is in flight. */
  readonly loading: boolean;
  /** The loadFleet call failed (a build that failed says so in header.error). */
  readonly error: UiErrorData | null;
}

/** The matrix cell that holds the grid's one tab stop. */
export interface MatrixCellRef {
  readonly rowKey: string;
  readonly col: number;
}

/** A cell of the matrix, opened in the secrets view. */
export interface FleetTarget {
  readonly orgId: string;
  readonly domainId: string;
  /** The column's secret; none for the org, coverage and custom columns (the view opens at the top). */
  readonly secretName?: string;
  /** Open its write form (else its card is brought into view and focused: a scheduled secret offers Restore). */
  readonly write?: boolean;
}

export interface FleetSlice {
  fleet: FleetData;
  /** The stale policy. */
  fleetSettings: Resource<FleetSettings>;
  /** The last org list main answered (listOrgs, addOrg, removeOrg): merged with the fleet into `orgs`. */
  listedOrgs: OrgList | null;
  matrixFilters: MatrixFilters;
  /** Orgs whose domain rows are shown. */
  matrixExpanded: Record<string, boolean>;
  matrixActive: MatrixCellRef | null;
  /** Orgs chosen for a change across orgs (org ids only: a record, so the store's JSON snapshot shows them). */
  matrixSelected: Readonly<Record<string, true>>;
  /** A secret card to bring into view and focus once the secrets view shows it. */
  revealSecret: string | null;
  /** Asks main for the snapshot (a new build when `refresh`); batches follow as events. */
  loadFleet(refresh?: boolean): Promise<void>;
  cancelFleet(): Promise<void>;
  /** A `fleetProgress` event: applied (in coalesced batches) when it belongs to the snapshot shown. */
  receiveFleetProgress(progress: FleetProgress): void;
  /** Forgets the snapshot (a profile switch or change): answers and batches for it are dropped. */
  resetFleet(): void;
  /** An org list main answered: the added orgs it names, and the list itself until the fleet can say more. */
  takeOrgList(list: OrgList): void;
  loadFleetSettings(): Promise<void>;
  /** Saves and answers the stored policy; throws a UiError (the form keeps its draft). */
  saveFleetSettings(next: FleetSettings): Promise<FleetSettings>;
  setMatrixFilters(patch: Partial<MatrixFilters>): void;
  toggleMatrixOrg(orgId: string): void;
  setMatrixActive(ref: MatrixCellRef): void;
  toggleMatrixSelected(orgId: string): void;
  /** Adds the orgs to the selection, or takes them out of it. */
  selectMatrixOrgs(orgIds: readonly string[], selected: boolean): void;
  clearMatrixSelection(): void;
  /** Shows an org/domain in the secrets view, with the secret's write form open or its card focused. */
  openFleetTarget(target: FleetTarget): void;
  clearRevealSecret(): void;
}

export type AppState = ProfilesSlice & OrgsSlice & SecretsSlice & UiSlice & AuditSlice & SettingsSlice & FleetSlice;
