// First of all: asks main for the start-up data (see the file).
import './startup-reads';
import './styles.css';

/**
 * Then the app, from a chunk of its own (boot.tsx). Its scripts are fetched and compiled while
 * main answers the start-up reads, and evaluating them is a task of its own: an answer that comes
 * in before that task can be taken first, so the first org's secrets are asked for while the app
 * evaluates (startup-reads.ts) instead of after — one round trip to main less before the first card.
 * Statically imported, all of it would be evaluated in the same task as the reads were sent.
 */
void import('./boot');
