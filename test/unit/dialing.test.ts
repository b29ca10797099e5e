import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src-main/contract';
import type { OutboundPreset } from '../../src-main/core/calls/call-context-service';
import { Dialing } from '../../src-main/core/calls/dialing';
import { silentLogger } from '../../src-main/core/log';

function dialing(options: { waiting?: boolean; failDial?: boolean } = {}) {
  const settings = settingsSchema.parse({ sip: { defaultCountry: 'DE', blockedPrefixes: ['0900'] } });
  const dialled: string[] = [];
  const presets: (OutboundPreset | null)[] = [];
  const service = new Dialing({
    settings: () => settings,
    logger: silentLogger,
    phone: {
      dial: async (target) => {
        if (options.failDial) throw new Error('line down');
        dialled.push(target);
        return 'call-1';
      },
    },
    contexts: { expectOutbound: (preset) => presets.push(preset) },
    wrapUp: { waiting: options.waiting ?? false },
  });
  return { service, dialled, presets };
}

const preset: OutboundPreset = { clientId: 'acme', campaignId: 'winback', customer: null };

describe('Dialing', () => {
  it('dials the normalised number', async () => {
    const { service, dialled } = dialing();
    await expect(service.dial('040 30124477')).resolves.toBe('call-1');
    expect(dialled).toEqual(['+494030124477']);
  });

  it("refuses a number on IT's block list, also as a transfer target", async () => {
    const { service, dialled } = dialing();
    expect(() => service.dialTarget('0900 123456')).toThrow(/blocked on this workstation/);
    await expect(service.dial('0900 123456')).rejects.toThrow(/blocked/);
    expect(dialled).toEqual([]);
  });

  it('dials nothing while an ended call waits for its disposition', async () => {
    const { service, dialled } = dialing({ waiting: true });
    await expect(service.dial('040 30124477')).rejects.toThrow(/disposition first/);
    await expect(service.dialFor('040 30124477', preset)).rejects.toThrow(/disposition first/);
    expect(dialled).toEqual([]);
  });

  it("presets the call's purpose for the dial only, even when the dial fails", async () => {
    const { service, presets } = dialing({ failDial: true });
    await expect(service.dialFor('040 30124477', preset)).rejects.toThrow('line down');
    expect(presets).toEqual([preset, null]);
  });
});
