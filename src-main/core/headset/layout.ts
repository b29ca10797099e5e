/**
 * A headset's telephony layout: which call controls it has and how each is encoded in its
 * reports. Built from a parsed report descriptor (descriptor.ts), from WebHID `collections`, or
 * from the built-in vendor table; the device model (device-model.ts) works only with this.
 * `anlauf headset describe FILE` prints it as JSON in exactly this shape.
 */

/** Inputs the workstation understands (HID usages: Telephony page 0x0B, Button 7 for reject). */
export const INPUT_NAMES = ['hookSwitch', 'phoneMute', 'flash', 'reject', 'redial', 'drop', 'lineBusy', 'speakerPhone'] as const;
/** Outputs (LEDs page 0x08, Telephony Ringer 0x0B:0x9E). */
export const OUTPUT_NAMES = ['offHook', 'ring', 'mute', 'microphone', 'hold', 'ringer', 'onLine', 'speaker'] as const;

export type InputName = (typeof INPUT_NAMES)[number];
export type OutputName = (typeof OUTPUT_NAMES)[number];

/**
 * How an input reports (google/libhidtelephony's getOnOffControlType):
 * - `state`: absolute, no preferred state, 0..1 — the value is the state (hook switch up/down);
 * - `toggle`: relative, preferred state, 0..1 — 1 means "toggle", 0 on release;
 * - `onoff`: relative, no preferred state, −1..1 — +1 "on", −1 "off";
 * - `momentary`: anything else — act on the 0→1 edge.
 */
export type InputEncoding = 'state' | 'toggle' | 'onoff' | 'momentary';

export interface InputField {
  /** 0 for a device without report ids. */
  reportId: number;
  /** Bit offset counted from the first bit after the report id byte. */
  bit: number;
  /** Size in bits. */
  size: number;
  encoding: InputEncoding;
  /** Signed logical range (a −1..1 on/off button needs it). */
  logicalMin?: number;
  logicalMax?: number;
}

export interface OutputField {
  reportId: number;
  bit: number;
  size: number;
}

export interface TelephonyLayout {
  /** Whether the device has any telephony call control at all. */
  telephony: boolean;
  inputs: Partial<Record<InputName, InputField>>;
  outputs: Partial<Record<OutputName, OutputField>>;
  /** Payload length in bytes (without the report id byte) per report id, by report type. */
  reportLengths: { input: Record<string, number>; output: Record<string, number> };
}
