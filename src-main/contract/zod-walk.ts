import type { z } from 'zod';

/** The parts of a zod schema's definition that walking a settings schema reads. */
export interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  values?: readonly unknown[];
}

export const zodDef = (schema: z.ZodType): ZodDef => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

/** Wrappers that change whether a value may be missing, never what it is. */
export const ZOD_WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The schema under its optional/nullable/default wrappers and the input side of a pipe. */
export function unwrapZod(schema: z.ZodType): z.ZodType {
  let core = schema;
  for (;;) {
    const def = zodDef(core);
    const inner = ZOD_WRAPPERS.has(def.type) ? def.innerType : def.type === 'pipe' ? def.in : undefined;
    if (!inner) return core;
    core = inner;
  }
}

/** The object shapes a schema accepts (each variant of a union of a code and an object, say). */
export function objectShapesOf(schema: z.ZodType): Record<string, z.ZodType>[] {
  const def = zodDef(unwrapZod(schema));
  if (def.type === 'object' && def.shape) return [def.shape];
  if (def.type === 'union' && def.options) return def.options.flatMap(objectShapesOf);
  return [];
}

/**
 * The keys an object at `path` may hold, for a suggestion beside "unknown setting": list indexes
 * step into the list's element. Empty when the path leads nowhere known.
 */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType[] = [schema];
  for (const step of path) {
    current = current.flatMap((s) => {
      const def = zodDef(unwrapZod(s));
      if (typeof step === 'number') return def.type === 'array' && def.element ? [def.element] : [];
      return objectShapesOf(s).flatMap((shape) => (Object.hasOwn(shape, String(step)) ? [shape[String(step)] as z.ZodType] : []));
    });
  }
  return [...new Set(current.flatMap((s) => objectShapesOf(s).flatMap((shape) => Object.keys(shape))))];
}
