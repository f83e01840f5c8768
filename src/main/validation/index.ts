/** Live provider key checks (main process and CLI only; plain Node, no Electron). */
export { checkKey, isCheckable, type CheckKeyOptions } from './check-key';
