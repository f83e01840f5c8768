import { describe, expect, it } from 'vitest';
import { takeStartupAnswer } from '../../src/renderer/src/startup-reads';

describe('start-up reads', () => {
  it('never looks at the input of a channel it holds no answer for (a value being written)', () => {
    const input = {
      toJSON() {
        throw new Error('the input of writeSecret was serialized');
      },
    };
    expect(takeStartupAnswer('writeSecret', input)).toBeUndefined();
    expect(takeStartupAnswer('startBulk', input)).toBeUndefined();
  });

  it('answers nothing without a bridge (no window), and nothing twice', () => {
    expect(takeStartupAnswer('listOrgs', {})).toBeUndefined();
    expect(takeStartupAnswer('listOrgs', {})).toBeUndefined();
  });
});
