import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, channelNames, contract, describeSurface } from '../../src/shared/contract';

describe('the IPC surface', () => {
  it('is plain JSON covering every channel', () => {
    const surface = describeSurface();
    expect(JSON.parse(JSON.stringify(surface))).toEqual(surface);
    expect(surface.channels.map((c) => c.name)).toEqual(channelNames);
    for (const channel of surface.channels) {
      expect(channel.class).toBe(contract[channel.name].class);
      // A strict object, or a choice of strict objects (openImportSource: a file or the environment).
      const input = channel.input as { oneOf?: unknown[] };
      for (const shape of input.oneOf ?? [input]) expect(shape).toMatchObject({ type: 'object', additionalProperties: false });
      // A strict object, or a choice of strict objects (pickValueFile: picked or not).
      const output = channel.output as { oneOf?: unknown[] };
      for (const shape of output.oneOf ?? [output]) expect(shape).toMatchObject({ type: 'object', additionalProperties: false });
    }
    // Events are part of the surface too: named, classed, with a strict payload.
    expect(surface.events.map((e) => e.name)).toEqual([...EVENT_NAMES]);
    for (const event of surface.events) {
      expect(event.ipcChannel).toBe(`foundry-event:${event.name}`);
      expect(event.payload).toMatchObject({ type: 'object', additionalProperties: false });
    }
  });

  it('matches the committed snapshot (a change here is a change of the IPC surface: review it)', async () => {
    await expect(JSON.stringify(describeSurface(), null, 2)).toMatchFileSnapshot('./__snapshots__/ipc-surface.json');
  });
});
