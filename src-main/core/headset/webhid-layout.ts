/**
 * The telephony layout from WebHID's `HIDDevice.collections`, for Windows and macOS where node-hid
 * cannot read the raw descriptor but Electron's `navigator.hid` hands out the parsed one.
 *
 * Chromium (services/device/public/cpp/hid/hid_collection.cc) appends every report item to its own
 * collection *and to all ancestors*, in descriptor order, so a top-level collection's reports list
 * all of its items in wire order: bit offsets are the running sum of reportSize × reportCount.
 * Children repeat items already counted and are not read.
 */
import type { ReportType, UsageRange } from './descriptor';
import type { TelephonyLayout } from './layout';
import { layoutFromCollections, type LayoutCollection, type LayoutField } from './telephony-layout';

/** The parts of WebHID's HIDReportItem we read (no DOM types in the core). */
export interface WebHidReportItem {
  isAbsolute?: boolean;
  isArray?: boolean;
  isConstant?: boolean;
  isRange?: boolean;
  hasPreferredState?: boolean;
  /** 32-bit extended usages (page << 16 | id). */
  usages?: readonly number[];
  usageMinimum?: number;
  usageMaximum?: number;
  reportSize?: number;
  reportCount?: number;
  logicalMinimum?: number;
  logicalMaximum?: number;
}

export interface WebHidReportInfo {
  reportId?: number;
  items?: readonly WebHidReportItem[];
}

export interface WebHidCollectionInfo {
  usagePage?: number;
  usage?: number;
  type?: number;
  children?: readonly WebHidCollectionInfo[];
  inputReports?: readonly WebHidReportInfo[];
  outputReports?: readonly WebHidReportInfo[];
  featureReports?: readonly WebHidReportInfo[];
}

const num = (v: number | undefined, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

function itemUsages(item: WebHidReportItem): UsageRange[] {
  if (item.isRange) {
    const min = num(item.usageMinimum) >>> 0;
    const max = num(item.usageMaximum) >>> 0;
    return max >= min ? [{ min, max }] : [];
  }
  return (item.usages ?? []).map((u) => ({ min: u >>> 0, max: u >>> 0 }));
}

export function webHidLayout(collections: readonly WebHidCollectionInfo[]): TelephonyLayout {
  const reportBits: Record<ReportType, Map<number, number>> = { input: new Map(), output: new Map(), feature: new Map() };
  const converted: LayoutCollection[] = collections.map((c) => {
    const fields: LayoutField[] = [];
    const lists: [ReportType, readonly WebHidReportInfo[] | undefined][] = [
      ['input', c.inputReports],
      ['output', c.outputReports],
      ['feature', c.featureReports],
    ];
    for (const [type, reports] of lists) {
      for (const report of reports ?? []) {
        const reportId = num(report.reportId);
        let bit = 0;
        for (const item of report.items ?? []) {
          const size = num(item.reportSize);
          const count = num(item.reportCount);
          if (size > 0 && count > 0) {
            fields.push({
              type,
              reportId,
              bitOffset: bit,
              size,
              count,
              variable: !item.isArray,
              relative: item.isAbsolute === false,
              preferredState: item.hasPreferredState !== false,
              logicalMin: num(item.logicalMinimum),
              logicalMax: num(item.logicalMaximum),
              usages: itemUsages(item),
            });
          }
          bit += size * count;
        }
        // A report id should live in one collection; if a device repeats it, keep the longest.
        reportBits[type].set(reportId, Math.max(bit, reportBits[type].get(reportId) ?? 0));
      }
    }
    return { usagePage: num(c.usagePage), usage: num(c.usage), fields };
  });
  return layoutFromCollections(converted, reportBits);
}
