import type { ResultOf } from '../../shared/contract';

/** The note to show about the engine, or null: only an engine that stops with its window gets one. */
export function engineNoteKey(
  engine: ResultOf<'system.engine'> | null,
): 'engine.window' | 'engine.serve' | null {
  if (engine === null || engine.keepsWatch) return null;
  if (engine.kind === 'window') return 'engine.window';
  if (engine.kind === 'serve') return 'engine.serve';
  return null;
}
