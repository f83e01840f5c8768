import { describe, expect, it } from 'vitest';
import { channelNames, contract, describeSurface } from '../../src/shared/contract';

describe('the IPC surface', () => {
  it('is plain JSON covering every channel', () => {
    const surface = describeSurface();
    expect(JSON.parse(JSON.stringify(surface))).toEqual(surface);
    expect(surface.channels.map((c) => c.name)).toEqual(channelNames);
    for (const channel of surface.channels) {
      expect(channel.class).toBe(contract[channel.name].class);
      expect(channel.input).toMatchObject({ type: 'object', additionalProperties: false });
      expect(channel.output).toMatchObject({ type: 'object', additionalProperties: false });
    }
  });

  it('matches the committed snapshot (a change here is a change of the IPC surface: review it)', async () => {
    await expect(JSON.stringify(describeSurface(), null, 2)).toMatchFileSnapshot('./__snapshots__/ipc-surface.json');
  });
});
