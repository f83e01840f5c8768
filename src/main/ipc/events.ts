/**
 * Main → window events (progress of long work). Every payload is parsed with its event's schema
 * from the contract before it is sent, strictly: a payload that does not fit (a field that should
 * not be there) is withheld and the class of the problem logged — never the payload.
 */
import { eventChannel, events, type EventName, type EventPayload } from '../../shared/contract';

/** Delivers one event to the app's window (Electron: webContents.send; browser host: its event stream). */
export type EventSink = (channel: string, payload: unknown) => void;

export type SendEvent = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export function createEventSender(sink: EventSink, log: (message: string) => void): SendEvent {
  return (name, payload) => {
    const checked = events[name].payload.safeParse(payload);
    if (!checked.success) {
      const where = checked.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'} (${issue.code})`).join(', ');
      log(`[events] ${name}: the payload does not match the contract and was withheld: ${where}`);
      return;
    }
    sink(eventChannel(name), checked.data);
  };
}
